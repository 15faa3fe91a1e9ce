"""Demo meldpunt of Provincie Utrecht, handled by handler@dijkwacht.test (and a second handler
for the four-eyes reveal). Every report, person, address and company is invented.

- M-DEMO01 ondermijning, anonymous: a storage hall changing hands for cash; forwarded to the
  RIEC and grown into case C-DEMO01 with a case meeting, two interventions and an evaluation
  (the case is closed).
- M-DEMO02 integrity, confidential: side jobs not reported; in progress, a question to the
  reporter and the reporter's answer; the second handler asked to see the identity (waiting for
  approval).
- M-DEMO03 aggression, open: a threat at the service desk; handled, with the register fields.
- M-DEMO04 undermining, anonymous: received eight days ago and not yet acknowledged (overdue).
- M-DEMO05 something else, anonymous: received yesterday.
- M-DEMO06 integrity, anonymous: closed as not a task of the organisation.

M-DEMO02 answers to the receipt code 1234 5678 9012 3456, so the follow-up page can be tried.
Loading is idempotent: when M-DEMO01 exists nothing is written.

Enschede's meldpunt brings two years of history (M-TW-001 …, one-line invented reports, all but
four closed), so that District Twente's dashboard shows meldpunt figures: reports per quarter
and kind, and the clocks met and missed. It takes no new reports in the demo (no handler).
"""

from __future__ import annotations

import datetime

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from dijkwacht.accounts.models import User
from dijkwacht.meldpunt import services
from dijkwacht.meldpunt.defaults import ensure_defaults
from dijkwacht.meldpunt.models import (
    Case,
    InterventionType,
    MeldpuntSettings,
    Message,
    Report,
    ReportEvent,
)
from dijkwacht.organisations.models import Organisation

DEMO_CODE = "1234567890123456"
SECOND_HANDLER = "handler2@dijkwacht.test"


def _ago(days: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def _stamp(report: Report, received_days: float, number: str) -> Report:
    """Demo reports get fixed numbers and dates in the past (the services stamp now)."""
    Report.objects.filter(pk=report.pk).update(number=number, received_at=_ago(received_days))
    report.refresh_from_db()
    report.events.filter(action="receive").update(at=_ago(received_days))
    return report


@transaction.atomic
def load() -> None:

    ensure_defaults()
    province = Organisation.objects.get(slug="provincie-utrecht")
    MeldpuntSettings.objects.get_or_create(
        organisation=province,
        defaults={
            "accepts_reports": True,
            "banner_colour": "rood",
            "contact_email": "integriteit@provincie-utrecht.dijkwacht.test",
            "introduction": (
                "Het meldpunt van de provincie is voor medewerkers en inwoners. De "
                "integriteitscoördinator en de regisseur ondermijning lezen je melding."
            ),
        },
    )
    _twente_history()
    if Report.objects.filter(number="M-DEMO01").exists():
        return
    handler = User.objects.get(email="handler@dijkwacht.test")
    second = _second_handler(province)

    # M-DEMO01: undermining → forwarded → case with meeting, interventions, evaluation.
    first = services.report_submit(
        organisation=province, kind="ondermijning", identity="anoniem",
        description=(
            "Een loods aan de (verzonnen) Rietkade is in een half jaar drie keer van eigenaar "
            "gewisseld. Bij de laatste verkoop is volgens de buren contant betaald. 's Nachts "
            "rijden er busjes zonder bedrijfsnaam af en aan."
        ),
        answers={"wanneer": "Sinds februari", "waar": "Rietkade 12 (fictief)",
                 "betrokkenen": "Vastgoed BV De Verzonnen Hoek (fictief)",
                 "hoe_opgemerkt": "Buurtbewoners vertelden het bij een inspraakavond"},
    ).report  # fmt: skip
    first = _stamp(first, 40, "M-DEMO01")
    services.report_transition(actor=handler, report=first, action="acknowledge")
    services.report_transition(actor=handler, report=first, action="start")
    services.report_transition(
        actor=handler, report=first, action="forward", target="riec",
        date=timezone.localdate() - datetime.timedelta(days=30), reference="RIEC-MN-0427",
    )  # fmt: skip
    case = services.case_open(actor=handler, report=first, title="Loods Rietkade (fictief)")

    Case.objects.filter(pk=case.pk).update(number="C-DEMO01")
    case.refresh_from_db()
    services.meeting_add(
        actor=handler, case=case, date=timezone.localdate() - datetime.timedelta(days=25),
        partners="Provincie Utrecht, gemeente (fictief), politie, RIEC Midden-Nederland",
        decisions="Bibob-toets bij de lopende vergunningaanvraag; politie kijkt mee bij controles.",
        follow_ups="RIEC levert binnen drie weken een analyse.",
    )  # fmt: skip
    services.intervention_save(
        actor=handler, case=case, partner="Gemeente (fictief)", state="afgerond",
        type=InterventionType.objects.get(
            name="Weigering of intrekking van een vergunning na Bibob-onderzoek"
        ),
        outcome="Vergunning geweigerd wegens ernstig gevaar.",
        date=timezone.localdate() - datetime.timedelta(days=10),
    )  # fmt: skip
    services.intervention_save(
        actor=handler, case=case, partner="Politie", state="afgerond",
        type=InterventionType.objects.get(name="Inbeslagname"),
        outcome="Twee busjes in beslag genomen.",
        date=timezone.localdate() - datetime.timedelta(days=8),
    )  # fmt: skip
    services.evaluation_save(
        actor=handler, case=case,
        worked="Snelle doorzetting naar het RIEC; de Bibob-toets liep al.",
        did_not_work="De melding lag een week voordat iemand haar oppakte.",
        lessons="Meldingen over vastgoed direct naar de regisseur ondermijning sturen.",
    )  # fmt: skip
    services.case_close(actor=handler, case=case)
    Case.objects.filter(pk=case.pk).update(opened_at=_ago(35), closed_at=_ago(3))
    services.report_transition(actor=handler, report=first, action="close", reason="doorgezet")

    # M-DEMO02: integrity, confidential, in progress, with a question and an answer.
    second_report = services.report_submit(
        organisation=province, kind="integriteit", identity="vertrouwelijk",
        description=(
            "Een collega van de afdeling vergunningen heeft een adviesbureau dat aanvragers "
            "helpt. Dat staat niet in het register van nevenwerkzaamheden."
        ),
        answers={"categorie": "belangenverstrengeling", "wanneer": "Dit voorjaar",
                 "hoe_opgemerkt": "Ik zag de naam van het bureau op een aanvraag"},
        reporter={"name": "Sanne Voorbeeld (fictief)", "email": "sanne@voorbeeld.test"},
    ).report  # fmt: skip
    second_report = _stamp(second_report, 20, "M-DEMO02")
    Report.objects.filter(pk=second_report.pk).update(
        receipt_lookup=DEMO_CODE[:6], receipt_hash=make_password(DEMO_CODE[6:])
    )
    services.report_transition(
        actor=handler, report=second_report, action="acknowledge",
        message="Dank voor je melding. We nemen haar in behandeling.",
    )  # fmt: skip
    services.report_transition(actor=handler, report=second_report, action="start")
    services.message_to_reporter(
        actor=handler, report=second_report,
        body="Weet je om welke aanvraag het ging? Een zaaknummer helpt ons.",
    )  # fmt: skip
    services.reporter_reply(report=second_report, body="Het ging om een aanvraag van mei.")
    services.note_add(actor=handler, report=second_report,
                      body="Register nevenwerkzaamheden opgevraagd bij HR.")  # fmt: skip
    services.reveal_request(actor=second, report=second_report,
                            reason="Nodig om het gesprek met de melder te plannen.")  # fmt: skip

    # M-DEMO03: aggression, open, handled, with the register fields.
    third = services.report_submit(
        organisation=province, kind="agressie", identity="open",
        description="Een bezoeker dreigde aan de balie dat hij 'wel zou weten waar ik woon'.",
        answers={"vorm": ["verbaal", "bedreiging"], "waar": "Balie provinciehuis",
                 "wanneer": "Dinsdagmiddag", "slachtoffer": "Baliemedewerker (zelf)",
                 "gevolgen": "Geschrokken, een dag vrij genomen", "aangifte": "ja",
                 "aangifte_werkgever": "ja", "dader": "Bekend bij de afdeling (fictief)",
                 "nazorg": "Gesprek met de vertrouwenspersoon en de leidinggevende",
                 "maatregelen": "Waarschuwingsbrief en een locatieverbod van drie maanden"},
        reporter={"name": "Baliemedewerker (fictief)", "email": "balie@voorbeeld.test"},
    ).report  # fmt: skip
    third = _stamp(third, 60, "M-DEMO03")
    services.report_transition(actor=handler, report=third, action="acknowledge")
    services.report_transition(actor=handler, report=third, action="start")
    services.report_transition(
        actor=handler, report=third, action="close", reason="afgehandeld",
        message="De bezoeker heeft een waarschuwingsbrief en een locatieverbod gekregen.",
    )  # fmt: skip

    # M-DEMO04: undermining, not acknowledged for eight days (overdue).
    fourth = services.report_submit(
        organisation=province, kind="ondermijning", identity="anoniem",
        description="Bij een bedrijfspand langs de (verzonnen) Polderweg staan steeds andere "
        "namen op de brievenbus, maar niemand lijkt er te werken.",
    ).report  # fmt: skip
    _stamp(fourth, 8, "M-DEMO04")

    # M-DEMO05: something else, received yesterday.
    fifth = services.report_submit(
        organisation=province, kind="anders", identity="anoniem",
        description="Ik weet niet of dit hier hoort: een subsidieaanvraag leek erg op die van "
        "vorig jaar, met een andere naam.",
    ).report  # fmt: skip
    _stamp(fifth, 1, "M-DEMO05")

    # M-DEMO06: integrity, closed as not a task of the organisation.
    sixth = services.report_submit(
        organisation=province, kind="integriteit", identity="anoniem",
        description="Een medewerker van een gemeente parkeert steeds op de invalidenplaats.",
        answers={"categorie": "privegedrag"},
    ).report  # fmt: skip
    sixth = _stamp(sixth, 30, "M-DEMO06")
    services.report_transition(actor=handler, report=sixth, action="acknowledge")
    services.report_transition(
        actor=handler, report=sixth, action="close", reason="geen_taak",
        message="Dit gaat over een gemeente; we hebben je melding niet kunnen doorzetten "
        "omdat je anoniem meldde. Je kunt bij de gemeente zelf melden.",
    )  # fmt: skip
    for number in ("M-DEMO01", "M-DEMO02", "M-DEMO03", "M-DEMO06"):
        _backdate(number)


def _backdate(number: str) -> None:
    """Spread a demo report's history after its receipt (the services stamp now): events and
    messages in the order they were made, a day and a half apart, and the report's own dates
    from its events."""

    report = Report.objects.get(number=number)
    items: list[ReportEvent | Message] = sorted(
        [*ReportEvent.objects.filter(report=report), *Message.objects.filter(report=report)],
        key=lambda item: (item.at, isinstance(item, Message), item.pk),
    )
    step = datetime.timedelta(hours=36)
    latest = timezone.now() - datetime.timedelta(hours=1)
    fields: dict[str, datetime.datetime] = {}
    for position, item in enumerate(items):
        at = min(report.received_at + position * step, latest)
        model = Message if isinstance(item, Message) else ReportEvent
        model.objects.filter(pk=item.pk).update(at=at)
        if isinstance(item, ReportEvent) and item.action == "acknowledge":
            fields["acknowledged_at"] = at
        if isinstance(item, ReportEvent) and item.action == "close":
            fields["closed_at"] = at
        if (
            isinstance(item, Message)
            and item.direction == Message.Direction.TO_REPORTER
            and "acknowledged_at" in fields
            and "feedback_given_at" not in fields
        ):
            fields["feedback_given_at"] = at
    Report.objects.filter(pk=report.pk).update(**fields)


def _second_handler(province: Organisation) -> User:
    """The second handler of the province (organisations.demo), for the four-eyes reveal."""
    return User.objects.get(email=SECOND_HANDLER)


# Per kind, how many reports each of the last eight quarters brought (oldest first).
TWENTE_HISTORY = {
    "ondermijning": (6, 8, 5, 9, 7, 11, 9, 6),
    "integriteit": (3, 5, 4, 2, 6, 5, 7, 4),
    "agressie": (2, 1, 3, 4, 2, 3, 1, 2),
    "anders": (1, 0, 2, 1, 1, 2, 0, 1),
}


def _twente_history() -> None:
    """Closed reports to Enschede over the last two years: one in seven was acknowledged late,
    one in nine closed without feedback to the reporter; the newest of each kind in this
    quarter still waits for its acknowledgement."""
    if Report.objects.filter(number="M-TW-001").exists():
        return
    enschede = Organisation.objects.get(cbs_code="GM0153")
    MeldpuntSettings.objects.get_or_create(organisation=enschede)
    number = 0
    for kind, per_quarter in TWENTE_HISTORY.items():
        for quarters_ago, count in enumerate(reversed(per_quarter)):
            for i in range(count):
                number += 1
                report = services.report_submit(
                    organisation=enschede, kind=kind, identity="anoniem",
                    description=f"Voorbeeldmelding {number} (verzonnen).",
                ).report  # fmt: skip
                # Spread over the quarter, never into the one before.
                received = _ago(91 * quarters_ago + 5 + i * (80 // count))
                Report.objects.filter(pk=report.pk).update(
                    number=f"M-TW-{number:03d}", received_at=received
                )
                if quarters_ago == 0 and i == 0:
                    continue  # still waiting for its acknowledgement
                report.refresh_from_db()
                services.report_transition(actor=None, report=report, action="acknowledge")
                services.report_transition(
                    actor=None, report=report, action="close", reason="afgehandeld"
                )
                late = number % 7 == 0
                silent = number % 9 == 0  # closed without a word to the reporter
                now = timezone.now()
                Report.objects.filter(pk=report.pk).update(
                    acknowledged_at=min(now, received + datetime.timedelta(days=12 if late else 2)),
                    feedback_given_at=None
                    if silent
                    else min(now, received + datetime.timedelta(days=30)),
                    closed_at=min(now, received + datetime.timedelta(days=40)),
                )
