"""The Bibob team's register: opening a screening, its steps on the clock, what is refused
and why, passing information on, the warnings, retention and the counts."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from dijkwacht.bibob import services
from dijkwacht.bibob.models import AccessLog, Category, DeletionLog, Screening, Step
from dijkwacht.bibob.selectors import Filters, clock_of, figures, legal_terms, screening_list_for
from dijkwacht.core.models import AuditEvent
from dijkwacht.notifications.models import Notification
from tests.factories import make_screening

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today


def _ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def _step(officer, screening, action, days_ago, **given):
    return services.screening_step(
        actor=officer, screening=screening, action=action, date=_ago(days_ago), **given
    )


def _post_step(client, screening, action, **fields):
    data = {f"{action}-{name}": value for name, value in fields.items()}
    return client.post(reverse("bibob:screening_step", args=[screening.pk, action]), data)


def test_a_screening_runs_from_questionnaire_to_lbb_advice_to_decision(client, officer, enschede):
    client.force_login(officer)
    category = Category.objects.get(code="exploitatie-horeca")
    response = client.post(
        reverse("bibob:screening_create"),
        {
            "category": category.pk,
            "decision_subject": "Exploitatievergunning De Proef",
            "decision_due_on": _ago(-40).isoformat(),
            "subject_kind": "onderneming",
            "subject_name": "De Proef B.V.",
            "subject_kvk": "1234 5678",
            "trigger": "beleid",
            "opened_on": _ago(100).isoformat(),
        },
    )
    screening = Screening.objects.get()
    assert response.status_code == 302
    assert screening.reference == f"BIBOB-{_ago(100).year}-001"
    assert (screening.domain, screening.subject_kvk) == ("vergunning", "12345678")

    for action, fields in [
        ("questionnaire_send", {"date": _ago(95), "due_on": _ago(80)}),
        ("questionnaire_receive", {"date": _ago(82)}),
        ("investigate", {"date": _ago(75), "finding": "lbb_nodig"}),
        ("lbb_request", {"date": _ago(60), "lbb_reference": "LBB-1"}),
        ("lbb_question", {"date": _ago(40)}),
        ("lbb_answer", {"date": _ago(30)}),
    ]:
        assert _post_step(client, screening, action, **fields).status_code == 302, action
    screening.refresh_from_db()
    assert (screening.status, screening.lbb_paused_days) == ("lbb_advies", 10)
    page = client.get(reverse("bibob:screening_detail", args=[screening.pk]))
    # Requested 60 days ago, 8 weeks plus 10 days waiting: due in 6 days, a warning.
    assert "nog 6 dagen" in page.content.decode()

    assert (
        _post_step(
            client, screening, "lbb_advice", date=_ago(10), conclusion="ernstige_mate"
        ).status_code
        == 302
    )
    assert _post_step(client, screening, "view_request", date=_ago(8)).status_code == 302
    assert _post_step(client, screening, "view_receive", date=_ago(2)).status_code == 302
    assert (
        _post_step(client, screening, "decide", date=_ago(1), outcome="geweigerd").status_code
        == 302
    )
    assert _post_step(client, screening, "register", date=_ago(0)).status_code == 302
    screening.refresh_from_db()
    assert (screening.status, screening.outcome, screening.registered_on) == (
        "besloten", "geweigerd", _ago(0)
    )  # fmt: skip
    assert list(screening.steps.values_list("action", flat=True)) == [
        "open", "questionnaire_send", "questionnaire_receive", "investigate", "lbb_request",
        "lbb_question", "lbb_answer", "lbb_advice", "view_request", "view_receive", "decide",
        "register",
    ]  # fmt: skip
    page = client.get(reverse("bibob:screening_detail", args=[screening.pk])).content.decode()
    assert "Ernstige mate van gevaar" in page or "ernstige mate van gevaar" in page
    assert "Geen termijn loopt." in page


def test_a_step_that_is_not_possible_now_is_refused_and_nothing_is_written(officer, enschede):
    screening = make_screening(officer, enschede, days_ago=5)
    with pytest.raises(ValidationError) as refused:
        _step(officer, screening, "lbb_advice", 1, conclusion="geen")
    assert refused.value.messages == ["Deze stap kan nu niet (status: geopend)."]
    screening.refresh_from_db()
    assert (screening.status, screening.lbb_advice_on) == ("open", None)
    assert screening.steps.count() == 1


def test_a_missing_finding_is_named_next_to_its_field(client, officer, enschede):
    screening = make_screening(officer, enschede, days_ago=5)
    client.force_login(officer)
    response = _post_step(client, screening, "investigate", date=_ago(1))
    assert response.status_code == 400
    form = next(f for f in response.context["step_forms"] if f.action == "investigate")
    assert form.errors["finding"] == ["Dit veld is verplicht."]
    assert Screening.objects.get().status == "open"


@pytest.mark.parametrize(
    ("days", "message"),
    [(-1, "nog moet komen"), (6, "voordat de screening")],
)
def test_a_step_date_after_today_or_before_the_opening_is_refused(officer, enschede, days, message):
    screening = make_screening(officer, enschede, days_ago=5)
    with pytest.raises(ValidationError) as refused:
        _step(officer, screening, "questionnaire_send", days)
    assert message in refused.value.message_dict["date"][0]
    assert Step.objects.count() == 1


def test_a_step_dated_before_the_step_it_follows_is_refused(officer, enschede):
    screening = _step(
        officer, make_screening(officer, enschede, days_ago=30), "questionnaire_send", 10
    )
    with pytest.raises(ValidationError) as refused:
        _step(officer, screening, "questionnaire_receive", 20)
    assert refused.value.message_dict["date"] == [
        f"Deze datum ligt voor de laatst vastgelegde stap ({_ago(10):%d-%m-%Y})."
    ]
    # A consultation or a note may be recorded afterwards for an earlier day.
    screening = _step(officer, screening, "riec_consult", 20)
    assert screening.riec_consulted_on == _ago(20)


def test_the_applicants_answers_to_the_lbb_never_overlap_or_shrink(officer, enschede):
    screening = _at_lbb(officer, enschede)
    screening = _step(officer, screening, "lbb_question", 40)
    screening = _step(officer, screening, "lbb_answer", 30)
    with pytest.raises(ValidationError):  # a second question before the first was answered
        _step(officer, screening, "lbb_question", 35)
    screening = _step(officer, screening, "lbb_question", 20)
    with pytest.raises(ValidationError):  # advice dated before the open question
        _step(officer, screening, "lbb_advice", 25, conclusion="geen")
    screening = _step(officer, screening, "lbb_advice", 15, conclusion="geen")
    assert screening.lbb_paused_days == 15


def test_a_legal_term_far_off_is_a_typing_error(officer, enschede):
    with pytest.raises(ValidationError) as refused:
        make_screening(officer, enschede, decision_due_on=datetime.date(9999, 12, 1))
    assert refused.value.message_dict["decision_due_on"] == [
        "De beslistermijn ligt meer dan tien jaar na de opening."
    ]
    screening = make_screening(officer, enschede, days_ago=10)
    with pytest.raises(ValidationError) as refused:
        _step(officer, screening, "questionnaire_send", 1, due_on=datetime.date(9999, 1, 1))
    assert "due_on" in refused.value.message_dict


def test_no_questionnaire_term_once_it_did_not_come_back(officer, enschede):
    screening = make_screening(officer, enschede, days_ago=60)
    screening = _step(officer, screening, "questionnaire_send", 59, due_on=_ago(30))
    assert "vragenformulier" in clock_of(screening, timezone.localdate(), legal_terms())
    screening = _step(officer, screening, "questionnaire_not_returned", 20)
    assert clock_of(screening, timezone.localdate(), legal_terms()) == {}


def _at_lbb(officer, enschede, days_ago=60):
    screening = make_screening(officer, enschede, days_ago=days_ago)
    screening = _step(officer, screening, "investigate", days_ago - 1, finding="lbb_nodig")
    return _step(officer, screening, "lbb_request", days_ago - 2, lbb_reference="LBB-9")


def test_the_lbb_extends_before_its_term_runs_out(officer, enschede):
    screening = _at_lbb(officer, enschede, days_ago=80)  # the 8 weeks ended 22 days ago
    with pytest.raises(ValidationError) as refused:
        _step(officer, screening, "lbb_extend", 5, weeks=4)
    assert "date" in refused.value.message_dict


def test_the_lbb_extends_its_term_once_by_at_most_four_weeks(officer, enschede):
    screening = _at_lbb(officer, enschede)
    with pytest.raises(ValidationError) as refused:
        _step(officer, screening, "lbb_extend", 5, weeks=5)
    assert refused.value.message_dict["weeks"] == ["Tussen 1 en 4 weken."]
    screening = _step(officer, screening, "lbb_extend", 5, weeks=3)
    assert screening.lbb_extension_weeks == 3
    with pytest.raises(ValidationError, match="maar één keer"):
        _step(officer, screening, "lbb_extend", 4, weeks=1)


def test_questions_to_the_applicant_pause_the_lbb_and_count_on_advice(officer, enschede):
    screening = _at_lbb(officer, enschede)
    with pytest.raises(ValidationError, match="geen openstaande vraag"):
        _step(officer, screening, "lbb_answer", 10)
    screening = _step(officer, screening, "lbb_question", 20)
    with pytest.raises(ValidationError, match="wacht al"):
        _step(officer, screening, "lbb_question", 15)
    # The advice arrives while the question is still open: the waiting days count.
    screening = _step(officer, screening, "lbb_advice", 5, conclusion="geen")
    assert (screening.lbb_paused_days, screening.lbb_paused_since) == (15, None)


def test_only_a_danger_conclusion_enters_the_national_register(officer, enschede):
    screening = _step(officer, make_screening(officer, enschede, days_ago=9), "investigate", 8,
                      finding="geen")  # fmt: skip
    screening = _step(officer, screening, "decide", 7, outcome="verleend")
    with pytest.raises(ValidationError, match="mindere of ernstige mate"):
        _step(officer, screening, "register", 6)
    lesser = _step(officer, make_screening(officer, enschede, days_ago=9), "investigate", 8,
                   finding="mindere_mate")  # fmt: skip
    lesser = _step(officer, lesser, "decide", 7, outcome="voorschriften")
    lesser = _step(officer, lesser, "register", 6)
    assert lesser.registered_on == _ago(6)
    with pytest.raises(ValidationError, match="al in het landelijk"):
        _step(officer, lesser, "register", 5)


def test_references_count_per_organisation_and_year(officer, enschede, hengelo_officer, hengelo):
    first = make_screening(officer, enschede)
    second = make_screening(officer, enschede)
    elsewhere = make_screening(hengelo_officer, hengelo)
    year = timezone.localdate().year
    assert [first.reference, second.reference, elsewhere.reference] == [
        f"BIBOB-{year}-001", f"BIBOB-{year}-002", f"BIBOB-{year}-001"
    ]  # fmt: skip


def test_a_kvk_number_has_eight_digits(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("bibob:screening_create"),
        {
            "category": Category.objects.get(code="subsidie").pk,
            "decision_subject": "Subsidie",
            "subject_kind": "onderneming",
            "subject_name": "Stichting",
            "subject_kvk": "1234",
            "trigger": "beleid",
            "opened_on": _ago(1).isoformat(),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["subject_kvk"] == ["Een KvK-nummer heeft 8 cijfers."]
    assert not Screening.objects.exists()


def test_only_the_organisations_officers_write(officer, enschede, hengelo_officer, coordinator):
    screening = make_screening(officer, enschede)
    for outsider in (hengelo_officer, coordinator):
        with pytest.raises(PermissionDenied):
            _step(outsider, screening, "note", 0, note="Nee")
        with pytest.raises(PermissionDenied):
            make_screening(outsider, enschede)


def test_correcting_the_facts_audits_which_fields_not_their_content(client, officer, enschede):
    screening = make_screening(officer, enschede, subject_name="Oud B.V.")
    client.force_login(officer)
    response = client.post(
        reverse("bibob:screening_edit", args=[screening.pk]),
        {
            "category": screening.category_id,
            "decision_subject": screening.decision_subject,
            "subject_kind": "onderneming",
            "subject_name": "Nieuw B.V.",
            "trigger": "beleid",
        },
    )
    assert response.status_code == 302
    screening.refresh_from_db()
    assert screening.subject_name == "Nieuw B.V."
    event = AuditEvent.objects.get(action="bibob.screening_corrected")
    assert event.reason == "subject_name"
    assert "Nieuw" not in str(event.changes) and "Oud" not in str(event.changes)


def test_passing_information_on_records_its_ground_and_is_logged(client, officer, enschede):
    screening = make_screening(officer, enschede, days_ago=3)
    client.force_login(officer)
    response = client.post(
        reverse("bibob:screening_disclose", args=[screening.pk]),
        {"recipient": "riec", "legal_ground": "art. 28 lid 1 sub c Wet Bibob",
         "what": "Het advies", "date": _ago(1).isoformat()},
    )  # fmt: skip
    assert response.status_code == 302
    disclosure = screening.disclosures.get()
    assert (disclosure.recipient, disclosure.legal_ground) == (
        "riec",
        "art. 28 lid 1 sub c Wet Bibob",
    )
    assert AuditEvent.objects.get(action="bibob.disclosed").reason == "riec"
    assert AccessLog.objects.filter(purpose="delen", reference=screening.reference).exists()
    refused = client.post(
        reverse("bibob:screening_disclose", args=[screening.pk]), {"recipient": "riec"}
    )
    assert refused.status_code == 400
    assert "legal_ground" in refused.context["disclosure_form"].errors
    assert screening.disclosures.count() == 1


def test_every_opening_is_logged_with_its_purpose(client, officer, colleague, enschede):
    screening = make_screening(officer, enschede)
    client.force_login(colleague)
    client.get(reverse("bibob:screening_detail", args=[screening.pk]))
    client.get(reverse("bibob:screening_list"))
    log = AccessLog.objects.get()
    assert (log.user, log.reference, log.purpose) == (colleague, screening.reference, "behandeling")


def test_the_team_is_warned_before_a_term_runs_out_and_when_it_has(
    officer, colleague, enschede, hengelo_officer, coordinator
):
    soon = make_screening(officer, enschede, days_ago=50, decision_due_on=_ago(-10),
                          subject_name="Geheim B.V.")  # fmt: skip
    late = _step(officer, make_screening(officer, enschede, days_ago=40), "questionnaire_send",
                 39, due_on=_ago(2))  # fmt: skip
    make_screening(officer, enschede, days_ago=1, decision_due_on=_ago(-60))  # far away
    sent = services.terms_warn(today=timezone.localdate())
    assert sent == 2
    titles = sorted(Notification.objects.filter(user=officer).values_list("title", flat=True))
    assert len(titles) == 2
    assert any(soon.reference in t and "loopt af op" in t for t in titles)
    assert any(late.reference in t and "liep af op" in t for t in titles)
    assert not any("Geheim" in t for t in titles)
    assert Notification.objects.filter(user=colleague).count() == 2
    assert not Notification.objects.filter(user__in=[hengelo_officer, coordinator]).exists()
    # The daily job runs again: nothing new.
    assert services.terms_warn(today=timezone.localdate()) == 0


def test_retention_destroys_decided_screenings_and_keeps_a_log_without_content(
    officer, enschede, settings
):
    old = _step(officer, make_screening(officer, enschede, days_ago=2000, subject_name="Oud"),
                "decide", 1900, outcome="verleend")  # fmt: skip
    withdrawn = _step(officer, make_screening(officer, enschede, days_ago=900),
                      "decide", 800, outcome="ingetrokken")  # fmt: skip
    recent = _step(officer, make_screening(officer, enschede, days_ago=900),
                   "decide", 800, outcome="verleend")  # fmt: skip
    running = make_screening(officer, enschede, days_ago=3000)
    assert services.retention_apply() == 2
    assert set(Screening.objects.values_list("pk", flat=True)) == {recent.pk, running.pk}
    assert not Step.objects.filter(screening_id__in=[old.pk, withdrawn.pk]).exists()
    logged = {(d.reference, d.outcome, d.rule) for d in DeletionLog.objects.all()}
    assert logged == {
        (old.reference, "verleend", "*: 1826"),
        (withdrawn.reference, "ingetrokken", "ingetrokken: 730"),
    }
    assert services.retention_apply() == 0


def test_the_list_filters_and_its_download_names_no_subject(client, officer, enschede):
    running = make_screening(officer, enschede, days_ago=10, subject_name="Onderwerp Eén")
    decided = _step(officer, make_screening(officer, enschede, days_ago=10, category="subsidie"),
                    "decide", 1, outcome="verleend")  # fmt: skip
    client.force_login(officer)
    page = client.get(reverse("bibob:screening_list"), {"status": "lopend"})
    assert [r.screening.pk for r in page.context["rows"]] == [running.pk]
    page = client.get(reverse("bibob:screening_list"), {"domain": "subsidie"})
    assert [r.screening.pk for r in page.context["rows"]] == [decided.pk]
    download = client.get(reverse("bibob:screening_list_csv"))
    text = download.content.decode("utf-8-sig")
    assert running.reference in text and decided.reference in text
    assert "Onderwerp" not in text and "Voorbeeld" not in text
    assert not AccessLog.objects.exists()  # the list reads no content


def test_the_term_filter_shows_what_runs_out(officer, enschede):
    soon = make_screening(officer, enschede, days_ago=10, decision_due_on=_ago(-3))
    late = make_screening(officer, enschede, days_ago=10, decision_due_on=_ago(1))
    make_screening(officer, enschede, days_ago=10, decision_due_on=_ago(-50))
    rows = screening_list_for(officer, Filters(term="binnenkort"))
    assert {r.screening.pk for r in rows} == {soon.pk, late.pk}
    rows = screening_list_for(officer, Filters(term="te_laat"))
    assert [r.screening.pk for r in rows] == [late.pk]


def test_figures_count_in_full_for_the_team_and_suppressed_for_others(
    client, officer, enschede, coordinator, viewer, contributor
):
    for i in range(6):
        screening = make_screening(officer, enschede, category="bouwen")
        if i < 2:
            _step(officer, screening, "decide", 0, outcome="geweigerd")
    year = timezone.localdate().year
    full = figures([enschede.pk], year, suppressed=False)
    assert (full.opened_total["vergunning"], full.decisions["geweigerd"]) == (6, 2)
    hidden = figures([enschede.pk], year, suppressed=True)
    assert (hidden.opened_total["vergunning"], hidden.decisions["geweigerd"]) == (6, None)
    client.force_login(coordinator)
    page = client.get(reverse("bibob:figures")).content.decode()
    assert "&lt;5" in page
    client.force_login(officer)
    assert not client.get(reverse("bibob:figures")).context["figures"].suppressed
    client.force_login(contributor)
    assert client.get(reverse("bibob:figures")).status_code == 404


def test_the_warning_of_a_decision_term_moved_by_a_late_lbb_comes_once(officer, enschede):
    """While the LBB is late the suspended decision term moves on a day each day: the team is
    warned of it once, not every day."""
    screening = make_screening(officer, enschede, days_ago=70, decision_due_on=_ago(60))
    screening = _step(officer, screening, "investigate", 69, finding="lbb_nodig")
    _step(officer, screening, "lbb_request", 68, lbb_reference="LBB-7")
    today = timezone.localdate()
    services.terms_warn(today=today)
    first = Notification.objects.filter(user=officer).count()
    services.terms_warn(today=today + datetime.timedelta(days=1))
    services.terms_warn(today=today + datetime.timedelta(days=2))
    assert first >= 1
    assert Notification.objects.filter(user=officer).count() == first
