"""The cast every test can use: two partnerships that never see each other's data.

- Twente: Enschede, Hengelo (O.) and Provincie Overijssel; `coordinator`, `contributor`
  (Enschede), `viewer` (Hengelo).
- Utrecht: the municipality of Utrecht and Zeist; `other_coordinator`, `other_contributor`
  (Utrecht), `handler` (municipality of Utrecht, all compartments).
- `admin_user`: platform admin. `loner`: an account without any membership.

Reference data (provinces and municipalities) is loaded once per test database.
"""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from dijkwacht.organisations.models import Organisation
from dijkwacht.organisations.roles import Compartment, Role
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0)


@pytest.fixture(autouse=True)
def _reference_data_after_a_flush(request):
    """A transactional test empties every table when it ends (pytest-django runs those tests
    last): the next one loads the reference data again before its fixtures need it."""
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        if not Organisation.objects.exists():
            from dijkwacht.awareness.defaults import ensure_defaults as awareness_defaults
            from dijkwacht.bibob.defaults import ensure_defaults

            call_command("load_reference_data", verbosity=0)
            ensure_defaults()  # the Bibob categories and terms, from a data migration
            awareness_defaults()  # the kinds of activity and the target groups, likewise


@pytest.fixture(autouse=True)
def _platform_language():
    """Each test starts in the platform's language (Dutch), whatever language a request of a
    test before it on this worker left active (the locale middleware does not reset it)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploaded files (scan evidence) go to a directory of the test, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


def _municipality(code: str) -> Organisation:
    return Organisation.objects.get(cbs_code=code)


@pytest.fixture
def enschede(db):
    return _municipality("GM0153")


@pytest.fixture
def hengelo(db):
    return _municipality("GM0164")


@pytest.fixture
def overijssel(db):
    return Organisation.objects.get(cbs_code="PV23")


@pytest.fixture
def utrecht_city(db):
    return _municipality("GM0344")


@pytest.fixture
def zeist(db):
    return _municipality("GM0355")


@pytest.fixture
def twente(enschede, hengelo, overijssel):
    return PartnershipFactory(name="Twente (test)", members=[enschede, hengelo, overijssel])


@pytest.fixture
def utrecht(utrecht_city, zeist):
    return PartnershipFactory(name="Utrecht (test)", members=[utrecht_city, zeist])


@pytest.fixture
def coordinator(twente, enschede):
    user = UserFactory(email="coordinator@example.test", full_name="Coby Coördinator")
    MembershipFactory(user=user, organisation=enschede, role=Role.COORDINATOR, partnership=twente)
    return user


@pytest.fixture
def contributor(enschede, twente):
    user = UserFactory(email="contributor@example.test", full_name="Ciska Contribuant")
    MembershipFactory(user=user, organisation=enschede, role=Role.CONTRIBUTOR)
    return user


@pytest.fixture
def viewer(hengelo, twente):
    user = UserFactory(email="viewer@example.test", full_name="Vera Viewer")
    MembershipFactory(user=user, organisation=hengelo, role=Role.VIEWER, partnership=twente)
    return user


@pytest.fixture
def other_coordinator(utrecht, utrecht_city):
    user = UserFactory(email="other-coordinator@example.test", full_name="Otto Overkant")
    MembershipFactory(
        user=user, organisation=utrecht_city, role=Role.COORDINATOR, partnership=utrecht
    )
    return user


@pytest.fixture
def other_contributor(utrecht, utrecht_city):
    user = UserFactory(email="other-contributor@example.test", full_name="Olga Overkant")
    MembershipFactory(user=user, organisation=utrecht_city, role=Role.CONTRIBUTOR)
    return user


@pytest.fixture
def handler(utrecht, utrecht_city):
    user = UserFactory(email="handler@example.test", full_name="Henk Handler")
    MembershipFactory(
        user=user,
        organisation=utrecht_city,
        role=Role.HANDLER,
        compartments=list(Compartment.values),
    )
    return user


@pytest.fixture
def admin_user(db):
    user = UserFactory(email="admin@example.test", full_name="Ada Admin")
    MembershipFactory(user=user, organisation=None, role=Role.ADMIN)
    return user


@pytest.fixture
def loner(db):
    return UserFactory(email="loner@example.test", full_name="Lotte Los")


@pytest.fixture
def verified(settings):
    """Log in without the second factor, as demo mode does; for tests about something else."""
    settings.SECOND_FACTOR_REQUIRED = False


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A Redis server of the test run's own (Debian's redis-server, which `make test` installs;
    missing, the tests that need it fail), on a free loopback port, without persistence."""
    import shutil
    import socket
    import subprocess
    import time

    binary = shutil.which("redis-server") or "/usr/sbin/redis-server"
    if not shutil.which(binary):
        pytest.fail("redis-server is missing: `make test` installs Debian's redis-server")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    directory = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(directory)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            with socket.socket() as client:
                if client.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)
