import pytest

from dijkwacht.meldpunt.notifications import DEADLINES
from dijkwacht.notifications import services
from dijkwacht.notifications.events import Delivery
from dijkwacht.notifications.models import Notification, Preference
from dijkwacht.programmes.notifications import ROUND_OPENED

pytestmark = pytest.mark.django_db

CONTEXT = {"round": "DVO 2027", "programme": "Samen weerbaar", "deadline": "1 maart 2027"}


def test_the_header_counts_unread_and_the_list_marks_them_read(client, contributor, viewer):
    mine = services.notify([contributor], ROUND_OPENED, CONTEXT, link="/mijn-acties/")[0]
    theirs = services.notify([viewer], ROUND_OPENED, CONTEXT)[0]
    client.force_login(contributor)
    page = client.get("/notificaties/").content.decode()
    assert 'class="dw-count">1<' in page and "DVO 2027" in page
    # Someone else's notification cannot be marked through the form.
    client.post("/notificaties/gelezen/", {"notification": [theirs.pk]})
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    response = client.post(
        "/notificaties/gelezen/", {"notification": [mine.pk], "next": "/mijn-acties/"}
    )
    assert response.status_code == 302 and response["Location"] == "/mijn-acties/"
    assert Notification.objects.get(pk=mine.pk).read_at is not None
    assert 'class="dw-count"' not in client.get("/notificaties/").content.decode()


def test_a_link_elsewhere_is_not_followed(client, contributor):
    client.force_login(contributor)
    response = client.post("/notificaties/gelezen/", {"next": "https://evil.example/"})
    assert response["Location"] == "/notificaties/"


def test_choices_are_saved_but_a_mandatory_one_stays_on(client, hanna_like):
    client.force_login(hanna_like)
    page = client.get("/notificaties/instellingen/").content.decode()
    assert "Verplicht: dit kan niet uit." in page
    response = client.post(
        "/notificaties/instellingen/",
        {ROUND_OPENED.key: Delivery.DIGEST, DEADLINES.key: Delivery.OFF},
    )
    assert response.status_code == 302
    assert Preference.objects.get(user=hanna_like, event=ROUND_OPENED.key).delivery == "dagelijks"
    assert not Preference.objects.filter(event=DEADLINES.key).exists()


@pytest.fixture
def hanna_like(enschede, verified):
    from tests.factories import make_handler

    return make_handler(enschede, "hanna@example.test")
