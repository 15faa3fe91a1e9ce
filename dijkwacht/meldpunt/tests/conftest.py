import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """The receipt-code throttle lives in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def hanna(enschede):
    """A meldpunt handler of Enschede, in every compartment."""
    from tests.factories import make_handler

    return make_handler(enschede, "hanna@example.test")


@pytest.fixture
def karel(enschede):
    """A colleague of Hanna's with the same compartments."""
    from tests.factories import make_handler

    return make_handler(enschede, "karel@example.test")
