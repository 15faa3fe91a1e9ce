import pytest
from django.utils import timezone

from dijkwacht.core.models import AuditEvent
from dijkwacht.core.suppression import WITHHELD
from dijkwacht.meldpunt import demo as meldpunt_demo
from dijkwacht.meldpunt import selectors, services
from dijkwacht.meldpunt.models import Case, IdentityReveal, Kind, Message, Report, Status
from dijkwacht.organisations import demo as organisations_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    organisations_demo.load()
    meldpunt_demo.load()


def test_every_kind_in_different_states_for_the_province(demo):
    reports = Report.objects.filter(organisation__slug="provincie-utrecht")
    assert set(reports.values_list("kind", flat=True)) == set(Kind.values)
    assert {Status.RECEIVED, Status.IN_PROGRESS, Status.CLOSED} <= set(
        reports.values_list("status", flat=True)
    )


def test_one_closed_case_with_a_meeting_two_interventions_and_an_evaluation(demo):
    case = Case.objects.get(number="C-DEMO01")
    assert case.meetings.count() == 1 and case.interventions.count() == 2
    assert case.evaluation.lessons and case.is_closed


def test_the_demo_handler_sees_them_with_an_overdue_acknowledgement(demo):
    from dijkwacht.accounts.models import User

    handler = User.objects.get(email="handler@dijkwacht.test")
    rows = {row.report.number: row for row in selectors.inbox(handler)}
    assert len(rows) == 6
    assert rows["M-DEMO04"].acknowledge.state == "overdue"
    assert IdentityReveal.objects.filter(report__number="M-DEMO02", approved_at=None).exists()
    assert Message.objects.filter(report__number="M-DEMO02", direction="van_melder").exists()


def test_the_published_demo_code_opens_the_confidential_report(demo):
    report = services.follow_up_open(code=meldpunt_demo.DEMO_CODE, address="127.0.0.1")
    assert report.number == "M-DEMO02" and report.status == Status.IN_PROGRESS


def test_loading_twice_writes_nothing(demo):
    counts = (Report.objects.count(), Message.objects.count(), AuditEvent.objects.count())
    meldpunt_demo.load()
    assert (Report.objects.count(), Message.objects.count(), AuditEvent.objects.count()) == counts


def test_dates_lie_in_the_past_and_follow_the_receipt(demo):
    assert not Report.objects.filter(received_at__gt=timezone.now()).exists()
    handled = Report.objects.get(number="M-DEMO03")
    assert handled.received_at < handled.acknowledged_at < handled.closed_at
    assert (timezone.now() - handled.closed_at).days >= 1
    for message in Message.objects.all():
        assert message.at >= message.report.received_at


def test_district_twente_has_two_years_of_meldpunt_figures_for_its_dashboard(demo):
    from dijkwacht.organisations.models import Partnership

    twente = Partnership.objects.get(name="District Twente")
    figures = selectors.partnership_figures(twente)
    shown = [c for c in figures.counts.values() if isinstance(c, int)]
    total = Report.objects.filter(organisation__partnerships=twente).count()
    assert sum(shown) > total // 2  # most reports are in quarters shown, not suppressed
    assert any(c is WITHHELD for c in figures.counts.values())  # and a few are left out
    clocks = {c.kind: c for c in figures.clocks}
    # Enough undermining reports for a share; one in seven was acknowledged late, one in nine
    # closed without feedback.
    assert 70 <= clocks[Kind.UNDERMINING].acknowledged_in_time < 100
    assert 70 <= clocks[Kind.UNDERMINING].feedback_in_time < 100
    # Loading again writes nothing new.
    count = Report.objects.count()
    meldpunt_demo.load()
    assert Report.objects.count() == count
