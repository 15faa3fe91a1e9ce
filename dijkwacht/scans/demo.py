"""Demo data of the scans module: for now the framework that ships with Dijkwacht."""

from dijkwacht.scans.services import framework_load_default


def load() -> None:
    framework_load_default()
