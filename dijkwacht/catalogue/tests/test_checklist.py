"""The practical checklist: the tree engine (pure), walking it in the browser's plain forms,
keeping a completed one, and the coordinator's versions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from dijkwacht.catalogue import checklist, services
from dijkwacht.catalogue.defaults import DEFAULT_CHECKLIST, ensure_default_checklist
from dijkwacht.catalogue.models import Checklist, ChecklistRecord, ChecklistVersion

DEFAULT = checklist.read_tree(DEFAULT_CHECKLIST.read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _dutch():
    """The problems are read in Dutch, as a coordinator reads them, whatever ran before."""
    with translation.override("nl"):
        yield


SMALL = """
titel: Test
start: a
vragen:
  - sleutel: a
    vraag: Eerste?
    antwoorden:
      - {tekst: Ja, naar: b}
      - {tekst: Nee, naar: lokaal}
  - sleutel: b
    vraag: Tweede?
    antwoorden:
      - {tekst: Ja, naar: riec}
      - {tekst: Nee, naar: lokaal}
uitkomsten:
  - {sleutel: riec, partij: riec, titel: Naar het RIEC}
  - {sleutel: lokaal, partij: lokaal, titel: Lokaal}
"""


@given(st.lists(st.integers(min_value=0, max_value=5), max_size=30))
def test_every_walk_through_the_default_ends_at_an_outcome_or_asks_a_question(answers):
    step = checklist.walk(DEFAULT, answers)
    assert (step.question is None) != (step.outcome is None)
    assert len(step.path) <= len(answers)
    if step.outcome is not None:
        assert step.outcome.party in checklist.PARTIES


def test_answers_lead_through_the_tree():
    tree = checklist.read_tree(SMALL)
    assert checklist.walk(tree, []).question.key == "a"
    assert checklist.walk(tree, [1]).outcome.key == "lokaal"
    step = checklist.walk(tree, [0, 0])
    assert step.outcome.title == "Naar het RIEC"
    assert step.path == (("Eerste?", "Ja"), ("Tweede?", "Ja"))
    # An answer that does not exist stops at its question; extra answers after an outcome go.
    assert checklist.walk(tree, [0, 7]).question.key == "b"
    assert checklist.walk(tree, [1, 0, 0]).path == (("Eerste?", "Nee"),)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("naar: b}", "naar: c}"), "“c” is geen vraag of uitkomst"),
        (("start: a", "start: z"), "start noemt geen vraag"),
        (("{tekst: Ja, naar: riec}", "{tekst: Ja, naar: a}"), "kan opnieuw bereikt worden"),
        (("partij: riec", "partij: iedereen"), "partij is een van"),
        (("titel: Test", "titel: ''"), "heeft geen titel"),
        (("vragen:", "vragen: ["), "dit is geen geldige YAML"),
    ],
)
def test_a_tree_that_cannot_be_used_says_why(change, problem):
    with pytest.raises(checklist.TreeProblem) as error:
        checklist.read_tree(SMALL.replace(*change, 1))
    assert any(problem in p for p in error.value.problems), error.value.problems


def test_a_step_no_answer_leads_to_is_named():
    text = SMALL + "  - {sleutel: vergeten, partij: lokaal, titel: Vergeten}\n"
    with pytest.raises(checklist.TreeProblem) as error:
        checklist.read_tree(text)
    assert error.value.problems == ["Geen antwoord leidt naar: vergeten."]


@pytest.mark.django_db
@pytest.mark.usefixtures("verified")
class TestInTheProduct:
    @pytest.fixture(autouse=True)
    def default(self):
        ensure_default_checklist(Checklist, ChecklistVersion)

    def test_walking_the_checklist_and_keeping_it(self, client, twente, contributor):
        client.force_login(contributor)
        url = reverse("catalogue:checklist_run", args=[twente.pk])
        response = client.get(url)
        assert "Waar gaat je vraag over?" in response.content.decode()
        response = client.get(url, {"keuze": "0"})
        assert response["Location"] == f"{url}?antwoorden=0"
        response = client.get(url, {"antwoorden": "0.1.0"})
        assert response.context["step"].outcome.key == "riec"
        assert "Breng het in bij het RIEC" in response.content.decode()
        client.post(reverse("catalogue:checklist_save", args=[twente.pk]), {"antwoorden": "0.1.0"})
        record = ChecklistRecord.objects.get()
        assert (record.user, record.party, record.outcome) == (contributor, "riec", "riec")
        assert record.path[0] == [
            "Waar gaat je vraag over?",
            "Een concreet signaal of een lopende casus",
        ]

    def test_only_a_finished_walk_is_kept_and_only_in_ones_own_partnership(
        self, twente, utrecht, contributor, other_coordinator
    ):
        version = ChecklistVersion.objects.get(checklist__partnership=None)
        with pytest.raises(ValidationError):
            services.checklist_record(actor=contributor, partnership=twente, version=version,
                                      answers=[0])  # fmt: skip
        with pytest.raises(PermissionDenied):
            services.checklist_record(actor=other_coordinator, partnership=twente,
                                      version=version, answers=[3, 1])  # fmt: skip
        assert not ChecklistRecord.objects.exists()

    def test_a_coordinator_makes_the_checklist_their_own_in_versions(
        self, client, twente, coordinator, contributor
    ):
        client.force_login(contributor)
        assert client.get(reverse("catalogue:checklist_edit", args=[twente.pk])).status_code == 404
        client.force_login(coordinator)
        edit = reverse("catalogue:checklist_edit", args=[twente.pk])
        response = client.post(edit, {"text": SMALL.replace("naar: b}", "naar: c}", 1)})
        assert "“c” is geen vraag of uitkomst" in response.content.decode()
        assert not Checklist.objects.filter(partnership=twente).exists()
        client.post(edit, {"text": SMALL})
        client.post(edit, {"text": SMALL.replace("Eerste?", "Eerste vraag?")})
        versions = ChecklistVersion.objects.filter(checklist__partnership=twente)
        assert sorted(v.number for v in versions) == [1, 2]
        run = client.get(reverse("catalogue:checklist_run", args=[twente.pk]))
        assert "Eerste vraag?" in run.content.decode()

    def test_records_are_seen_by_their_maker_and_the_coordinators(
        self, client, twente, coordinator, contributor, viewer
    ):
        version = ChecklistVersion.objects.get(checklist__partnership=None)
        services.checklist_record(actor=contributor, partnership=twente, version=version,
                                  answers=[0, 0])  # fmt: skip
        services.checklist_record(actor=viewer, partnership=twente, version=version,
                                  answers=[3, 1])  # fmt: skip
        url = reverse("catalogue:checklist_records", args=[twente.pk])
        for user, seen in [(contributor, 1), (viewer, 1), (coordinator, 2)]:
            client.force_login(user)
            assert len(client.get(url).context["records"]) == seen
