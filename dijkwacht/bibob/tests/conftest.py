import pytest


@pytest.fixture
def officer(enschede, verified):
    """A Bibob officer of Enschede."""
    from tests.factories import make_bibob_officer

    return make_bibob_officer(enschede, "bart@example.test")


@pytest.fixture
def colleague(enschede):
    """Another Bibob officer of Enschede: the same team."""
    from tests.factories import make_bibob_officer

    return make_bibob_officer(enschede, "betty@example.test")


@pytest.fixture
def hengelo_officer(hengelo, twente):
    """A Bibob officer of Hengelo, in the same partnership as Enschede: another team."""
    from tests.factories import make_bibob_officer

    return make_bibob_officer(hengelo, "hugo@example.test")
