"""How the URL walk (tests/test_url_walk.py) makes an object for each URL that names one.

Every URL pattern with a parameter must have an entry here, keyed by its URL name: a function
that receives the test cast (partnership "Twente" with its people) and returns the URL's kwargs
for an object that belongs to Twente. The walk then checks that the owner can reach it and that
a user of another organisation gets 404. A new URL without an entry fails the walk, by name.

URLs in `PUBLIC` need no login; everything else must redirect anonymous visitors to the login
page (or answer 401 in the API).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dijkwacht.accounts.services import api_token_create


@dataclass
class Cast:
    twente: Any
    enschede: Any
    coordinator: Any
    contributor: Any
    made: dict[str, Any] = field(default_factory=dict)

    @property
    def document_job(self) -> Any:
        """A document the coordinator had made in the background (ready)."""
        if "document_job" not in self.made:
            from dijkwacht.exports.models import DocumentJob

            self.made["document_job"] = DocumentJob.objects.create(
                user=self.coordinator, kind="programmes.progress_report",
                params={"programme": str(self.programme.pk), "format": "pdf"},
                state=DocumentJob.State.DONE, progress=100, content=b"%PDF-1.7",
                filename="voortgang.pdf",
            )  # fmt: skip
        return self.made["document_job"]

    @property
    def programme(self) -> Any:
        """A Twente programme with one theme and two actions, each with a cell for Enschede."""
        if "programme" not in self.made:
            from tests.factories import make_programme

            self.made["programme"] = make_programme(self.twente, [self.enschede], name="Walk")
        return self.made["programme"]

    @property
    def round(self) -> Any:
        """An open progress round of the cast's programme."""
        if "round" not in self.made:
            import datetime

            from django.utils import timezone

            from dijkwacht.programmes.services import round_open

            self.made["round"] = round_open(
                actor=None,
                programme=self.programme,
                title="Ronde",
                deadline=timezone.localdate() + datetime.timedelta(days=14),
            )
        return self.made["round"]

    @property
    def framework(self) -> Any:
        """A small norm framework (shared reference data, not owned by Twente)."""
        if "framework" not in self.made:
            from tests.factories import make_framework

            self.made["framework"] = make_framework(name="Walk")
        return self.made["framework"]

    @property
    def scan(self) -> Any:
        """Enschede's self-scan in a Twente round against the cast's framework."""
        if "scan" not in self.made:
            import datetime

            from dijkwacht.scans.models import RoundKind, ScanKind
            from dijkwacht.scans.services import scan_round_open

            scan_round = scan_round_open(
                actor=None, partnership=self.twente, framework=self.framework, title="Walk",
                kind=RoundKind.BOTH, deadline=datetime.date(2030, 1, 1),
                organisations=[self.enschede],
            )  # fmt: skip
            self.made["scan"] = scan_round.scans.get(kind=ScanKind.SELF)
        return self.made["scan"]

    @property
    def evidence(self) -> Any:
        """A PDF attached to the first norm of the cast's scan."""
        if "evidence" not in self.made:
            from django.core.files.uploadedfile import SimpleUploadedFile

            from dijkwacht.scans.services import evidence_add

            self.made["evidence"] = evidence_add(
                actor=None, scan=self.scan, norm=self.framework.norms.order_by("pk").first(),
                upload=SimpleUploadedFile("bewijs.pdf", b"%PDF-1.7\n%%EOF\n", "application/pdf"),
            )  # fmt: skip
        return self.made["evidence"]

    @property
    def scan_round(self) -> Any:
        """The Twente scan round of the cast's scan (a self-scan and a review for Enschede)."""
        return self.scan.round

    @property
    def answered_norm(self) -> Any:
        """A norm of the cast's framework with an answer in the cast's scan."""
        if "answered_norm" not in self.made:
            from dijkwacht.scans.services import answer_save

            norm = self.framework.norms.order_by("pk").first()
            option = self.framework.scale.get(code="ja")
            answer_save(actor=None, scan=self.scan, norm=norm, option=option)
            self.made["answered_norm"] = norm
        return self.made["answered_norm"]

    @property
    def complete_scan(self) -> Any:
        """The cast's scan with every norm answered, ready to submit."""
        from dijkwacht.scans.services import answer_save

        option = self.framework.scale.get(code="ja")
        for norm in self.framework.norms.all():
            answer_save(actor=None, scan=self.scan, norm=norm, option=option)
        return self.scan

    @property
    def action(self) -> Any:
        return self.programme.actions.order_by("id").first()

    @property
    def meldpunt_organisation(self) -> Any:
        """Enschede, taking reports at the public meldpunt."""
        if "meldpunt_organisation" not in self.made:
            from dijkwacht.meldpunt.models import MeldpuntSettings

            MeldpuntSettings.objects.update_or_create(
                organisation=self.enschede, defaults={"accepts_reports": True}
            )
            self.made["meldpunt_organisation"] = self.enschede
        return self.made["meldpunt_organisation"]

    @property
    def receipt_code(self) -> str:
        """The receipt code of an anonymous report to the cast's meldpunt organisation."""
        if "receipt_code" not in self.made:
            from dijkwacht.meldpunt.services import report_submit

            submitted = report_submit(
                organisation=self.meldpunt_organisation, kind="anders", description="Walk",
                identity="anoniem",
            )  # fmt: skip
            self.made["receipt_code"] = submitted.receipt.code
        return self.made["receipt_code"]

    @property
    def handler(self) -> Any:
        """Enschede's meldpunt handler, for every compartment."""
        if "handler" not in self.made:
            from dijkwacht.organisations.roles import Compartment, Role
            from tests.factories import MembershipFactory, UserFactory

            user = UserFactory(email="walk-handler@example.test", full_name="Hanna Handler")
            MembershipFactory(
                user=user, organisation=self.enschede, role=Role.HANDLER,
                compartments=list(Compartment.values),
            )  # fmt: skip
            self.made["handler"] = user
        return self.made["handler"]

    @property
    def report(self) -> Any:
        """An undermining report to Enschede from the public intake, with a PDF attached."""
        if "report" not in self.made:
            from django.core.files.uploadedfile import SimpleUploadedFile

            from dijkwacht.meldpunt.services import report_submit

            self.made["report"] = report_submit(
                organisation=self.meldpunt_organisation, kind="ondermijning", description="Walk",
                identity="anoniem",
                attachments=[SimpleUploadedFile("bijlage.pdf", b"%PDF-1.7\n%%EOF\n",
                                                "application/pdf")],
            ).report  # fmt: skip
        return self.made["report"]

    @property
    def attachment(self) -> Any:
        """The PDF attached to the cast's report."""
        return self.report.attachments.order_by("pk").first()

    @property
    def bibob_officer(self) -> Any:
        """Enschede's Bibob officer."""
        if "bibob_officer" not in self.made:
            from tests.factories import make_bibob_officer

            self.made["bibob_officer"] = make_bibob_officer(
                self.enschede, "walk-bibob@example.test"
            )
        return self.made["bibob_officer"]

    @property
    def activity(self) -> Any:
        """An awareness activity Enschede organises in Twente, held last month with a count
        and with a session to come."""
        if "activity" not in self.made:
            from tests.factories import make_activity

            self.made["activity"] = make_activity(
                self.twente,
                self.enschede,
                days_ago=(30, -30),
                came={(self.enschede, "nieuwe-medewerkers"): 8},
            )
        return self.made["activity"]

    @property
    def registration(self) -> Any:
        """The contributor's registration for a session of an Enschede workshop with
        registration that started an hour ago, checked in."""
        if "registration" not in self.made:
            import datetime

            from django.utils import timezone

            from dijkwacht.awareness import services
            from dijkwacht.awareness.models import TargetGroup
            from tests.factories import make_activity

            session = make_activity(
                self.twente, self.enschede, title="Met aanmelding", days_ago=(-1,),
                registration=True, capacity=10,
            ).sessions.get()  # fmt: skip
            entry = services.registration_register(
                actor=self.contributor, session=session, organisation=self.enschede,
                target_group=TargetGroup.objects.get(code="nieuwe-medewerkers"),
            )  # fmt: skip
            session.starts_at = timezone.now() - datetime.timedelta(hours=1)
            session.save()
            entry.refresh_from_db()
            entry.session = session
            self.made["registration"] = services.attendance_set(
                actor=None, registration=entry, present=True
            )
        return self.made["registration"]

    @property
    def session(self) -> Any:
        """The activity's held session."""
        return self.activity.sessions.order_by("starts_at").first()

    @property
    def campaign(self) -> Any:
        """A campaign Enschede runs in Twente, begun a week ago."""
        if "campaign" not in self.made:
            import datetime

            from django.utils import timezone

            from dijkwacht.awareness import services
            from dijkwacht.awareness.models import TargetGroup

            today = timezone.localdate()
            self.made["campaign"] = services.campaign_save(
                actor=None, partnership=self.twente, organiser=self.enschede,
                target_groups=TargetGroup.objects.filter(code="burgers"), organisations=[],
                title="Walk", starts_on=today - datetime.timedelta(days=7), ends_on=today,
            )  # fmt: skip
        return self.made["campaign"]

    @property
    def newsletter(self) -> Any:
        """Twente's newsletter for officials, with an invited subscriber."""
        if "newsletter" not in self.made:
            from dijkwacht.newsletters import services
            from dijkwacht.newsletters.models import Subscriber

            self.made["newsletter"] = series = services.series_save(
                actor=self.coordinator, partnership=self.twente, title="Walk",
                audience="ambtenaren", cadence="six-weekly",
            )  # fmt: skip
            self.made["subscriber"] = Subscriber.objects.create(
                series=series, email="lezer@example.test"
            )
        return self.made["newsletter"]

    @property
    def subscriber(self) -> Any:
        self.newsletter  # noqa: B018 - made with the newsletter
        return self.made["subscriber"]

    @property
    def newsletter_draft(self) -> Any:
        if "newsletter_draft" not in self.made:
            from dijkwacht.newsletters import services

            self.made["newsletter_draft"] = services.issue_draft(
                actor=self.coordinator, series=self.newsletter
            )
        return self.made["newsletter_draft"]

    @property
    def newsletter_sent(self) -> Any:
        """A draft as it stands once sent, with its archived PDF."""
        issue = self.newsletter_draft
        issue.state, issue.pdf = "verzonden", b"%PDF-1.7"
        issue.save()
        return issue

    @property
    def course(self) -> Any:
        """The learning module's first course (the same for everyone)."""
        from dijkwacht.awareness.models import Course

        return Course.objects.get(code="ondermijning-herkennen")

    @property
    def completion(self) -> Any:
        """The coordinator completed the first course for Enschede."""
        if "completion" not in self.made:
            from dijkwacht.awareness import services

            _result, self.made["completion"] = services.course_complete(
                actor=self.coordinator, course=self.course, organisation=self.enschede,
                answers=[q.correct for q in self.course.questions.all()],
            )  # fmt: skip
        return self.made["completion"]

    @property
    def calendar_link(self) -> tuple[Any, str]:
        """The coordinator's secret link to Twente's calendar, and its key."""
        if "calendar_link" not in self.made:
            from dijkwacht.awareness import services

            self.made["calendar_link"] = services.calendar_link_create(
                actor=self.coordinator, partnership=self.twente
            )
        return self.made["calendar_link"]

    @property
    def screening(self) -> Any:
        """A screening in Enschede's Bibob register with its questionnaire sent."""
        if "screening" not in self.made:
            import datetime

            from django.utils import timezone

            from dijkwacht.bibob.services import screening_step
            from tests.factories import make_screening

            screening = make_screening(self.bibob_officer, self.enschede, days_ago=3)
            self.made["screening"] = screening_step(
                actor=self.bibob_officer, screening=screening, action="questionnaire_send",
                date=timezone.localdate() - datetime.timedelta(days=2),
            )  # fmt: skip
        return self.made["screening"]

    @property
    def policies(self) -> int:
        """Twente's reference (building permits always, from €500,000) and Enschede's policy
        below it (only if indicated); the category's id."""
        if "policies" not in self.made:
            from dijkwacht.bibob.models import Category
            from dijkwacht.bibob.services import RuleInput, policy_save

            building = Category.objects.get(code="bouwen")
            policy_save(actor=None, partnership=self.twente, title="Referentie Twente",
                        rules=[RuleInput(building, "altijd", 500_000)])  # fmt: skip
            policy_save(actor=None, organisation=self.enschede, title="Beleid Enschede",
                        rules=[RuleInput(building, "indicatie")])  # fmt: skip
            self.made["policies"] = building.pk
        return self.made["policies"]

    @property
    def admin(self) -> Any:
        """A platform admin."""
        if "admin" not in self.made:
            from dijkwacht.organisations.roles import Role
            from tests.factories import MembershipFactory, UserFactory

            user = UserFactory(email="walk-admin@example.test", full_name="Anton Admin")
            MembershipFactory(user=user, organisation=None, role=Role.ADMIN)
            self.made["admin"] = user
        return self.made["admin"]

    @property
    def service_account(self) -> Any:
        """A service account (a koppeling) with one API token."""
        if "service_account" not in self.made:
            from dijkwacht.accounts.services import service_account_create

            account = service_account_create(actor=self.admin, name="Walk BI-tool")
            api_token_create(actor=self.admin, name="walk", owner=account)
            self.made["service_account"] = account
        return self.made["service_account"]

    @property
    def service_token(self) -> Any:
        return self.service_account.api_tokens.get()

    @property
    def grant(self) -> Any:
        """A request, by another platform admin, to make someone a handler of Enschede."""
        if "grant" not in self.made:
            from django.utils import timezone

            from dijkwacht.meldpunt.models import HandlerGrant
            from dijkwacht.organisations.roles import Role
            from tests.factories import MembershipFactory, UserFactory

            asker = UserFactory(email="walk-asker@example.test")
            MembershipFactory(user=asker, organisation=None, role=Role.ADMIN)
            self.made["grant"] = HandlerGrant.objects.create(
                organisation=self.meldpunt_organisation, compartments=["integriteit"],
                user=UserFactory(email="walk-new-handler@example.test"), reason="Walk",
                requested_by=asker, requested_at=timezone.now(),
            )  # fmt: skip
        return self.made["grant"]

    @property
    def handover(self) -> Any:
        """A request, by another platform admin, to hand Enschede's open reports over."""
        if "handover" not in self.made:
            from django.utils import timezone

            from dijkwacht.meldpunt.models import ReportHandover

            grant = self.grant
            self.made["handover"] = ReportHandover.objects.create(
                organisation=grant.organisation, user=grant.user, reason="Walk",
                requested_by=grant.requested_by, requested_at=timezone.now(),
            )  # fmt: skip
        return self.made["handover"]

    @property
    def indicator(self) -> Any:
        """A Twente indicator at the municipality level with a value for Enschede."""
        if "indicator" not in self.made:
            import datetime

            from dijkwacht.insights.models import Indicator, IndicatorValue

            indicator = Indicator.objects.create(
                partnership=self.twente, name="Walk", definition="Walk", unit="count",
                source_name="Walk",
            )  # fmt: skip
            IndicatorValue.objects.create(
                indicator=indicator, area=self.enschede.cbs_code,
                period=datetime.date(2024, 1, 1), value=12,
            )  # fmt: skip
            self.made["indicator"] = indicator
        return self.made["indicator"]

    @property
    def annual_report(self) -> Any:
        """Twente's annual report of 2024, published once (by its coordinator)."""
        if "annual_report" not in self.made:
            import datetime

            from dijkwacht.insights import services

            report = services.annual_report_create(
                actor=self.coordinator, partnership=self.twente, organisation=None, year=2024,
                title="Walk", period_start=datetime.date(2024, 1, 1),
                period_end=datetime.date(2024, 12, 31),
            )  # fmt: skip
            services.annual_report_publish(actor=self.coordinator, report=report)
            self.made["annual_report"] = report
        return self.made["annual_report"]

    @property
    def case(self) -> Any:
        """A case opened (by the system) with the cast's report."""
        if "case" not in self.made:
            from dijkwacht.meldpunt.services import case_open

            self.made["case"] = case_open(actor=None, report=self.report, title="Walk")
        return self.made["case"]

    @property
    def requester(self) -> Any:
        """A contributor at Hengelo (a Twente member): asks Enschede for its sources."""
        if "requester" not in self.made:
            from dijkwacht.organisations.models import Organisation
            from dijkwacht.organisations.roles import Role
            from tests.factories import MembershipFactory, UserFactory

            user = UserFactory(email="walk-requester@example.test", full_name="Rik Aanvrager")
            hengelo = Organisation.objects.get(cbs_code="GM0164")
            MembershipFactory(user=user, organisation=hengelo, role=Role.CONTRIBUTOR)
            self.made["requester"] = user
        return self.made["requester"]

    @property
    def source(self) -> Any:
        """A shielded source of Enschede, owned by the coordinator, shared with Twente."""
        if "source" not in self.made:
            from tests.factories import make_source

            self.made["source"] = make_source(self.enschede, self.coordinator, title="Walk")
        return self.made["source"]

    @property
    def area(self) -> Any:
        """A holiday park of Enschede shared with Twente, with a source linked to it."""
        if "area" not in self.made:
            from tests.factories import make_area

            self.made["area"] = make_area(self.enschede, "Walk", status="in aanpak")
            self.made["area"].sources.set([self.source])
        return self.made["area"]

    @property
    def contact(self) -> Any:
        """Enschede's contact person for a theme in Twente's roster."""
        if "contact" not in self.made:
            from dijkwacht.catalogue.models import Theme
            from dijkwacht.catalogue.services import contact_save

            theme, _ = Theme.objects.get_or_create(code="vastgoed", defaults={"name": "Vastgoed"})
            self.made["contact"] = contact_save(
                actor=None, partnership=self.twente, organisation=self.enschede, theme=theme,
                name="Walk", email="walk-contact@example.test",
            )  # fmt: skip
        return self.made["contact"]

    @property
    def source_request(self) -> Any:
        """Hengelo's waiting request for the cast's source."""
        if "source_request" not in self.made:
            from dijkwacht.catalogue.services import source_request_submit

            self.made["source_request"] = source_request_submit(
                actor=self.requester, source=self.source,
                organisation=self.requester.memberships.get().organisation,
                purpose="Walk", legal_basis="avg_6_1_e",
            )  # fmt: skip
        return self.made["source_request"]


def _cell(cast: Cast) -> dict[str, Any]:
    return {
        "pk": cast.programme.pk,
        "action_id": cast.action.pk,
        "organisation_id": cast.enschede.pk,
    }


def _theme(cast: Cast) -> dict[str, Any]:
    return {"pk": cast.programme.pk, "theme_pk": cast.programme.themes.get().pk}


def _membership(cast: Cast) -> dict[str, Any]:
    return {"membership_id": cast.coordinator.memberships.get().pk}


def _confirm_token(subscriber: Any) -> str:
    from dijkwacht.newsletters.tokens import confirm_token

    return confirm_token(subscriber)


def _unsubscribe_token(subscriber: Any) -> str:
    from dijkwacht.newsletters.tokens import unsubscribe_token

    return unsubscribe_token(subscriber)


OBJECT_URLS: dict[str, Callable[[Cast], dict[str, Any]]] = {
    "insights:partnership_detail": lambda cast: {"pk": cast.twente.pk},
    "insights:partnership_map": lambda cast: {"pk": cast.twente.pk},
    "insights:figure_download": lambda cast: {
        "pk": cast.twente.pk,
        "key": f"programmas-{cast.programme.pk}-themas",
        "fmt": "csv",
    },
    "catalogue:source_detail": lambda cast: {"pk": cast.source.pk},
    "catalogue:area_detail": lambda cast: {"pk": cast.area.pk},
    "catalogue:area_edit": lambda cast: {"pk": cast.area.pk},
    "catalogue:area_delete": lambda cast: {"pk": cast.area.pk},
    "catalogue:source_edit": lambda cast: {"pk": cast.source.pk},
    "catalogue:request_create": lambda cast: {"pk": cast.source.pk},
    "catalogue:request_detail": lambda cast: {"pk": cast.source_request.pk},
    "catalogue:request_withdraw": lambda cast: {"pk": cast.source_request.pk},
    "catalogue:checklist_run": lambda cast: {"pk": cast.twente.pk},
    "catalogue:checklist_save": lambda cast: {"pk": cast.twente.pk},
    "catalogue:checklist_records": lambda cast: {"pk": cast.twente.pk},
    "catalogue:checklist_edit": lambda cast: {"pk": cast.twente.pk},
    "catalogue:contact_list": lambda cast: {"pk": cast.twente.pk},
    "catalogue:contacts_xlsx": lambda cast: {"pk": cast.twente.pk},
    "catalogue:contacts_vcf": lambda cast: {"pk": cast.twente.pk},
    "catalogue:contact_create": lambda cast: {"pk": cast.twente.pk},
    "catalogue:contact_edit": lambda cast: {"pk": cast.twente.pk, "contact_pk": cast.contact.pk},
    "catalogue:contact_confirm": lambda cast: {"pk": cast.twente.pk, "contact_pk": cast.contact.pk},
    "catalogue:contact_remove": lambda cast: {"pk": cast.twente.pk, "contact_pk": cast.contact.pk},
    "catalogue:systems_matrix": lambda cast: {"pk": cast.twente.pk},
    "catalogue:systems_xlsx": lambda cast: {"pk": cast.twente.pk},
    "catalogue:systems_csv": lambda cast: {"pk": cast.twente.pk},
    "catalogue:system_edit": lambda cast: {
        "pk": cast.twente.pk,
        "organisation_id": cast.enschede.pk,
        "kind": "signalen",
    },
    "api-v1:put_registration_system": lambda cast: {
        "organisation_id": cast.enschede.pk,
        "kind": "signalen",
    },
    "api-v1:get_source": lambda cast: {"source_id": cast.source.pk},
    "api-v1:get_area": lambda cast: {"area_id": cast.area.pk},
    "api-v1:get_source_request": lambda cast: {"request_id": cast.source_request.pk},
    "api-v1:decide_source_request": lambda cast: {"request_id": cast.source_request.pk},
    "insights:indicator_detail": lambda cast: {"pk": cast.indicator.pk},
    "insights:indicator_edit": lambda cast: {"pk": cast.indicator.pk},
    "insights:indicator_values": lambda cast: {"pk": cast.indicator.pk},
    "insights:indicator_values_download": lambda cast: {"pk": cast.indicator.pk},
    "api-v1:list_indicator_values": lambda cast: {"indicator_id": cast.indicator.pk},
    "api-v1:put_indicator_values": lambda cast: {"indicator_id": cast.indicator.pk},
    "insights:report_detail": lambda cast: {"pk": cast.annual_report.pk},
    "insights:report_publish": lambda cast: {"pk": cast.annual_report.pk},
    "api-v1:get_annual_report": lambda cast: {"report_id": cast.annual_report.pk},
    "organisations:partnership_members_csv": lambda cast: {"pk": cast.twente.pk},
    "organisations:organisation_detail": lambda cast: {"pk": cast.enschede.pk},
    "organisations:partnership_people": lambda cast: {"pk": cast.twente.pk},
    "organisations:partnership_invite_again": lambda cast: {
        "pk": cast.twente.pk,
        "user_id": cast.contributor.pk,
    },
    "programmes:detail": lambda cast: {"pk": cast.programme.pk},
    "programmes:report_texts": lambda cast: {"pk": cast.programme.pk},
    "programmes:matrix": lambda cast: {"pk": cast.programme.pk},
    "programmes:edit": lambda cast: {"pk": cast.programme.pk},
    "programmes:matrix_xlsx": lambda cast: {"pk": cast.programme.pk},
    "programmes:cell_edit": _cell,
    "programmes:cell_history": _cell,
    "programmes:action_detail": lambda cast: {"pk": cast.action.pk},
    "programmes:action_edit": lambda cast: {"pk": cast.action.pk},
    "programmes:action_remove": lambda cast: {"pk": cast.action.pk},
    "programmes:action_restore": lambda cast: {"pk": cast.action.pk},
    "programmes:action_move": lambda cast: {"pk": cast.action.pk},
    "programmes:plan": lambda cast: {"pk": cast.programme.pk},
    "programmes:theme_edit": _theme,
    "programmes:theme_remove": _theme,
    "programmes:theme_move": _theme,
    "programmes:round_list": lambda cast: {"pk": cast.programme.pk},
    "programmes:workbook": lambda cast: {"pk": cast.programme.pk},
    "programmes:workbook_import": lambda cast: {"pk": cast.programme.pk},
    "programmes:report": lambda cast: {"pk": cast.programme.pk, "kind": "pdf"},
    "programmes:round_detail": lambda cast: {"pk": cast.programme.pk, "round_pk": cast.round.pk},
    "programmes:round_close": lambda cast: {"pk": cast.programme.pk, "round_pk": cast.round.pk},
    "programmes:round_remind": lambda cast: {"pk": cast.programme.pk, "round_pk": cast.round.pk},
    "programmes:round_organisation": lambda cast: {
        "pk": cast.programme.pk,
        "round_pk": cast.round.pk,
        "organisation_id": cast.enschede.pk,
    },
    "api-v1:get_programme": lambda cast: {"programme_id": cast.programme.pk},
    "api-v1:get_matrix": lambda cast: {"programme_id": cast.programme.pk},
    "api-v1:get_report": lambda cast: {"programme_id": cast.programme.pk},
    "api-v1:update_cell": lambda cast: {
        "programme_id": cast.programme.pk,
        "action_id": cast.action.pk,
        "organisation_id": cast.enschede.pk,
    },
    "scans:framework_detail": lambda cast: {"pk": cast.framework.pk},
    "scans:scan_detail": lambda cast: {"pk": cast.scan.pk},
    "scans:answer_save": lambda cast: {
        "pk": cast.scan.pk,
        "norm_id": cast.framework.norms.first().pk,
    },
    "scans:scan_submit": lambda cast: {"pk": cast.scan.pk},
    "scans:scan_gaps": lambda cast: {"pk": cast.scan.pk},
    "scans:review_release": lambda cast: {"pk": cast.scan.pk},
    "scans:answers_download": lambda cast: {"pk": cast.scan.pk},
    "scans:answers_upload": lambda cast: {"pk": cast.scan.pk},
    "scans:theme_save": lambda cast: {"pk": cast.scan.pk, "theme_id": cast.answered_norm.theme_id},
    "scans:scan_reopen": lambda cast: {"pk": cast.scan.pk},
    "scans:framework_download": lambda cast: {"pk": cast.framework.pk},
    "scans:evidence_upload": lambda cast: {
        "pk": cast.scan.pk,
        "norm_id": cast.framework.norms.first().pk,
    },
    "scans:evidence_download": lambda cast: {"pk": cast.scan.pk, "evidence_pk": cast.evidence.pk},
    "scans:evidence_delete": lambda cast: {"pk": cast.scan.pk, "evidence_pk": cast.evidence.pk},
    "scans:score_agree": lambda cast: {
        "pk": cast.scan.pk,
        "norm_id": cast.framework.norms.first().pk,
    },
    "scans:round_new": lambda cast: {"partnership_pk": cast.twente.pk},
    "scans:round_detail": lambda cast: {"pk": cast.scan_round.pk},
    "scans:round_remind": lambda cast: {"pk": cast.scan_round.pk},
    "scans:round_clone": lambda cast: {"pk": cast.scan_round.pk},
    "scans:round_threads": lambda cast: {"pk": cast.scan_round.pk},
    "scans:thread_action_new": lambda cast: {
        "pk": cast.scan_round.pk,
        "norm_id": cast.framework.norms.first().pk,
    },
    "scans:organisation_results": lambda cast: {
        "pk": cast.scan_round.pk,
        "org_pk": cast.enschede.pk,
    },
    "scans:organisation_results_pdf": lambda cast: {
        "pk": cast.scan_round.pk,
        "org_pk": cast.enschede.pk,
    },
    "scans:round_document": lambda cast: {"pk": cast.scan_round.pk, "document": "rode-draden.pdf"},
    "api-v1:list_round_scans": lambda cast: {"round_id": cast.scan_round.pk},
    "api-v1:get_round_results": lambda cast: {"round_id": cast.scan_round.pk},
    "api-v1:get_common_threads": lambda cast: {"round_id": cast.scan_round.pk},
    "api-v1:get_provisional_threads": lambda cast: {"round_id": cast.scan_round.pk},
    "api-v1:get_round_report": lambda cast: {"round_id": cast.scan_round.pk},
    "api-v1:get_scan": lambda cast: {"scan_id": cast.scan.pk},
    "api-v1:get_scan_score": lambda cast: {"scan_id": cast.scan.pk},
    "api-v1:get_answer": lambda cast: {
        "scan_id": cast.scan.pk,
        "norm_code": cast.answered_norm.code,
    },
    "api-v1:save_answer": lambda cast: {
        "scan_id": cast.scan.pk,
        "norm_code": cast.answered_norm.code,
    },
    "api-v1:save_answers": lambda cast: {"scan_id": cast.scan.pk},
    "api-v1:submit_scan": lambda cast: {"scan_id": cast.complete_scan.pk},
    "accounts:api_token_revoke": lambda cast: {
        "pk": api_token_create(actor=cast.coordinator, name="walk")[0].pk
    },
    "meldpunt_public:report": lambda cast: {"slug": cast.meldpunt_organisation.slug},
    "api-v1:public_report_submit": lambda cast: {"slug": cast.meldpunt_organisation.slug},
    "meldpunt:report_detail": lambda cast: {"pk": cast.report.pk},
    "meldpunt:report_export": lambda cast: {"pk": cast.report.pk},
    "meldpunt:report_step": lambda cast: {"pk": cast.report.pk, "step": "notitie"},
    "meldpunt:attachment_download": lambda cast: {
        "pk": cast.report.pk,
        "attachment_pk": cast.attachment.pk,
    },
    "meldpunt:case_detail": lambda cast: {"pk": cast.case.pk},
    "meldpunt:case_step": lambda cast: {"pk": cast.case.pk, "step": "overleg"},
    "meldpunt:grant_decide": lambda cast: {"pk": cast.grant.pk},
    "bibob:screening_detail": lambda cast: {"pk": cast.screening.pk},
    "bibob:screening_edit": lambda cast: {"pk": cast.screening.pk},
    "bibob:screening_step": lambda cast: {"pk": cast.screening.pk, "action": "note"},
    "bibob:screening_disclose": lambda cast: {"pk": cast.screening.pk},
    "bibob:letter_new": lambda cast: {"pk": cast.screening.pk, "kind": "vragenformulier"},
    "bibob:letter_template_edit": lambda cast: {
        "organisation_id": cast.enschede.pk,
        "kind": "vragenformulier",
    },
    "bibob:letter_template_reset": lambda cast: {
        "organisation_id": cast.enschede.pk,
        "kind": "vragenformulier",
    },
    "awareness:activity_list": lambda cast: {"pk": cast.twente.pk},
    "awareness:activity_csv": lambda cast: {"pk": cast.twente.pk},
    "awareness:activity_create": lambda cast: {"pk": cast.twente.pk},
    "awareness:reach": lambda cast: {"pk": cast.twente.pk},
    "awareness:reach_csv": lambda cast: {"pk": cast.twente.pk},
    "awareness:sizes": lambda cast: {"pk": cast.twente.pk},
    "awareness:activity_detail": lambda cast: {"pk": cast.activity.pk},
    "awareness:activity_edit": lambda cast: {"pk": cast.activity.pk},
    "awareness:activity_remove": lambda cast: {"pk": cast.activity.pk},
    "awareness:session_participation": lambda cast: {"pk": cast.session.pk},
    "awareness:session_remove": lambda cast: {"pk": cast.session.pk},
    "awareness:session_detail": lambda cast: {"pk": cast.registration.session_id},
    "awareness:session_checkin": lambda cast: {"pk": cast.registration.session_id},
    "awareness:session_invite": lambda cast: {"pk": cast.registration.session_id},
    "awareness:registration_cancel": lambda cast: {"pk": cast.registration.pk},
    "awareness:attendance": lambda cast: {"pk": cast.registration.pk},
    "awareness:certificate": lambda cast: {"pk": cast.registration.pk},
    "awareness:calendar": lambda cast: {"pk": cast.twente.pk},
    "awareness:calendar_link_revoke": lambda cast: {"pk": cast.calendar_link[0].pk},
    "newsletters:series_list": lambda cast: {"pk": cast.twente.pk},
    "newsletters:series_create": lambda cast: {"pk": cast.twente.pk},
    "newsletters:series_detail": lambda cast: {"pk": cast.newsletter.pk},
    "newsletters:series_edit": lambda cast: {"pk": cast.newsletter.pk},
    "newsletters:issue_create": lambda cast: {"pk": cast.newsletter.pk},
    "newsletters:subscribers": lambda cast: {"pk": cast.newsletter.pk},
    "newsletters:subscriber_remove": lambda cast: {"pk": cast.subscriber.pk},
    "newsletters:issue_detail": lambda cast: {"pk": cast.newsletter_draft.pk},
    "newsletters:issue_edit": lambda cast: {"pk": cast.newsletter_draft.pk},
    "newsletters:issue_send": lambda cast: {"pk": cast.newsletter_draft.pk},
    "newsletters:issue_remove": lambda cast: {"pk": cast.newsletter_draft.pk},
    "newsletters:issue_resume": lambda cast: {"pk": cast.newsletter_draft.pk},
    "newsletters:issue_pdf": lambda cast: {"pk": cast.newsletter_sent.pk},
    "newsletters:confirm": lambda cast: {"token": _confirm_token(cast.subscriber)},
    "newsletters:unsubscribe": lambda cast: {"token": _unsubscribe_token(cast.subscriber)},
    "awareness:campaign_list": lambda cast: {"pk": cast.twente.pk},
    "awareness:campaign_create": lambda cast: {"pk": cast.twente.pk},
    "awareness:campaign_detail": lambda cast: {"pk": cast.campaign.pk},
    "awareness:campaign_edit": lambda cast: {"pk": cast.campaign.pk},
    "awareness:campaign_remove": lambda cast: {"pk": cast.campaign.pk},
    "api-v1:calendar_feed": lambda cast: {"key": cast.calendar_link[1]},
    "awareness:course_page": lambda cast: {"pk": cast.course.pk, "number": 1},
    "awareness:course_questions": lambda cast: {"pk": cast.course.pk},
    "awareness:course_certificate": lambda cast: {"pk": cast.completion.pk},
    "bibob:policy_matrix": lambda cast: {"pk": cast.twente.pk},
    "bibob:policy_matrix_csv": lambda cast: {"pk": cast.twente.pk},
    "bibob:reference_edit": lambda cast: {"pk": cast.twente.pk},
    "bibob:gap_action_new": lambda cast: {"pk": cast.twente.pk, "category_id": cast.policies},
    "bibob:policy_edit": lambda cast: {"organisation_id": cast.enschede.pk},
    "api-v1:put_bibob_policy": lambda cast: {"organisation_id": cast.enschede.pk},
    "meldpunt:handover_decide": lambda cast: {"pk": cast.handover.pk},
    "api-v1:get_organisation": lambda cast: {"organisation_id": cast.enschede.pk},
    "api-v1:update_organisation": lambda cast: {"organisation_id": cast.enschede.pk},
    "api-v1:get_partnership": lambda cast: {"partnership_id": cast.twente.pk},
    "api-v1:update_partnership": lambda cast: {"partnership_id": cast.twente.pk},
    "api-v1:get_dashboard": lambda cast: {"slug": cast.twente.slug},
    "api-v1:get_user": lambda cast: {"user_id": cast.coordinator.pk},
    "api-v1:get_membership": _membership,
    "api-v1:update_membership": _membership,
    "api-v1:delete_membership": _membership,
    "api-v1:list_service_account_tokens": lambda cast: {"user_id": cast.service_account.pk},
    "api-v1:create_service_account_token": lambda cast: {"user_id": cast.service_account.pk},
    "api-v1:revoke_service_account_token": lambda cast: {
        "user_id": cast.service_account.pk,
        "token_id": cast.service_token.pk,
    },
    # A link whose token is not (or no longer) right: the page says so, to anyone.
    "accounts:invitation_accept": lambda cast: {"uidb64": "MQ", "token": "afgelopen-link"},
    "accounts:password_reset": lambda cast: {"uidb64": "MQ", "token": "afgelopen-link"},
    "exports:document": lambda cast: {"pk": cast.document_job.pk},
    "exports:file": lambda cast: {"pk": cast.document_job.pk},
}


# Values for the path parameters of API operations (tests/test_query_counts.py reads every GET
# operation in the OpenAPI document and fills its parameters from here).
def _dashboard_data(cast: Cast) -> None:
    """Every section of the partnership's dashboard with something in it: a running
    programme, a submitted self-scan (final results), a report to a member's meldpunt, an
    indicator of the partnership with a value, awareness with reach and a completion."""
    from dijkwacht.scans.services import scan_submit

    assert cast.programme and cast.receipt_code and cast.indicator
    assert cast.screening and cast.policies  # Bibob: counts and the policies' standing
    scan_submit(actor=None, scan=cast.complete_scan)
    _awareness_data(cast)
    cast.completion  # noqa: B018 - made on first use


# What a page (or API operation) needs before it is measured (tests/test_query_counts.py),
# so that the small measurement already draws every part the large one does.
def _bibob_data(cast: Cast) -> None:
    """A screening with a running term in Enschede's register, and policies to compare."""
    assert cast.screening and cast.policies


def _catalogue_data(cast: Cast) -> None:
    """A shielded source with a request, an open one with a theme (the DCAT output), and a
    registration system of Enschede."""
    from dijkwacht.catalogue.models import RegisterKind
    from dijkwacht.catalogue.services import registration_system_save
    from tests.factories import make_source

    assert cast.source_request and cast.contact and cast.area
    from dijkwacht.catalogue.selectors import checklist_version
    from dijkwacht.catalogue.services import checklist_record

    checklist_record(actor=cast.coordinator, partnership=cast.twente,
                     version=checklist_version(cast.twente), answers=[0, 0])  # fmt: skip
    signals = RegisterKind.objects.get(code="signalen")
    registration_system_save(actor=None, organisation=cast.enschede, kind=signals, product="Walk")
    make_source(cast.enschede, cast.coordinator, title="Open", access_level="publiek",
                themes=["vastgoed"], landing_url="https://example.test/open")  # fmt: skip


def _awareness_data(cast: Cast) -> None:
    """The pages read the activity and its counts, and the sizes of the groups; the calendar
    a session and a campaign this month."""
    import datetime

    from django.utils import timezone

    from dijkwacht.awareness.recurrence import Repeat
    from dijkwacht.awareness.services import sessions_plan, sizes_save

    cast.activity  # noqa: B018 - made on first use
    cast.campaign  # noqa: B018 - the calendar shows it this month
    sessions_plan(
        actor=None, activity=cast.activity, first=timezone.localdate(),
        starts=datetime.time(12), ends=None, repeat=Repeat.ONCE, count=1,
    )  # fmt: skip
    sizes_save(
        actor=None,
        partnership=cast.twente,
        organisation=cast.enschede,
        valid_from=cast.session.starts_at.date(),
        sizes={cast.activity.target_groups.get().pk: 40},
    )


PREPARE: dict[str, Callable[[Cast], None]] = {
    "awareness:activity_list": _awareness_data,
    "awareness:activity_csv": _awareness_data,
    "awareness:reach": _awareness_data,
    "awareness:reach_csv": _awareness_data,
    "awareness:sizes": _awareness_data,
    "/api/v1/activities": _awareness_data,
    "/api/v1/reach": _awareness_data,
    "/api/v1/calendar.ics": _awareness_data,
    "awareness:calendar": _awareness_data,
    "awareness:campaign_list": _awareness_data,
    "/api/v1/calendar/{key}.ics": _awareness_data,
    "bibob:screening_list": _bibob_data,
    "bibob:screening_list_csv": _bibob_data,
    "bibob:figures": _bibob_data,
    "bibob:figures_xlsx": _bibob_data,
    "bibob:letter_templates": _bibob_data,
    "bibob:policy_matrix": _bibob_data,
    "bibob:policy_matrix_csv": _bibob_data,
    "catalogue:source_list": _catalogue_data,
    "catalogue:source_list_csv": _catalogue_data,
    "catalogue:source_list_xlsx": _catalogue_data,
    "catalogue:dcat_jsonld": _catalogue_data,
    "catalogue:dcat_turtle": _catalogue_data,
    "catalogue:request_list": _catalogue_data,
    "catalogue:systems_matrix": _catalogue_data,
    "catalogue:contact_list": _catalogue_data,
    "catalogue:checklist_records": _catalogue_data,
    "catalogue:contacts_xlsx": _catalogue_data,
    "catalogue:contacts_vcf": _catalogue_data,
    "/api/v1/bibob/policies": _bibob_data,
    "/api/v1/bibob/figures": _bibob_data,
    "/api/v1/contacts": _catalogue_data,
    "catalogue:systems_xlsx": _catalogue_data,
    "catalogue:systems_csv": _catalogue_data,
    "/api/v1/registration-systems": _catalogue_data,
    "/api/v1/sources": _catalogue_data,
    "/api/v1/sources/dcat": _catalogue_data,
    "/api/v1/source-requests": _catalogue_data,
    "/api/v1/areas": _catalogue_data,
    "catalogue:area_list": _catalogue_data,
    "catalogue:area_list_csv": _catalogue_data,
    "catalogue:area_list_geojson": _catalogue_data,
    "insights:home": _dashboard_data,
    "insights:partnership_detail": _dashboard_data,
    "insights:partnership_map": _dashboard_data,
    "insights:national_map": _dashboard_data,
    "/api/v1/partnerships/{slug}/dashboard": _dashboard_data,
    "insights:indicator_list": lambda cast: cast.indicator and None,
    "insights:report_list": lambda cast: cast.annual_report and None,
    "/api/v1/reports/annual": lambda cast: cast.annual_report and None,
}


API_PARAMETERS: dict[str, Callable[[Cast], Any]] = {
    "programme_id": lambda cast: cast.programme.pk,
    "action_id": lambda cast: cast.action.pk,
    "organisation_id": lambda cast: cast.enschede.pk,
    "round_id": lambda cast: cast.scan_round.pk,
    "scan_id": lambda cast: cast.scan.pk,
    "norm_code": lambda cast: cast.answered_norm.code,
    "partnership_id": lambda cast: cast.twente.pk,
    "key": lambda cast: cast.calendar_link[1],
    "slug": lambda cast: cast.twente.slug,
    "user_id": lambda cast: cast.service_account.pk,
    "membership_id": lambda cast: cast.coordinator.memberships.get().pk,
    "indicator_id": lambda cast: cast.indicator.pk,
    "report_id": lambda cast: cast.annual_report.pk,
    "source_id": lambda cast: cast.source.pk,
    "area_id": lambda cast: cast.area.pk,
    "request_id": lambda cast: cast.source_request.pk,
}

# Who reads an API GET operation in tests/test_query_counts.py (default: the coordinator): the
# people and their roles are the platform admins'.
API_OWNER: dict[str, str] = {
    "/api/v1/users": "admin",
    "/api/v1/users/{user_id}": "admin",
    "/api/v1/invitations": "admin",
    "/api/v1/memberships": "admin",
    "/api/v1/memberships/{membership_id}": "admin",
    "/api/v1/service-accounts/{user_id}/api-tokens": "admin",
}

# Which cast member owns the object of each URL (default: the coordinator); for an overview page
# without an object, who logs in to measure it (tests/test_query_counts.py). Only handlers reach
# the meldpunt.
OBJECT_OWNER: dict[str, str] = {
    "catalogue:request_create": "requester",
    "catalogue:request_withdraw": "requester",
    "meldpunt:inbox": "handler",
    "meldpunt:inbox_csv": "handler",
    "meldpunt:report_detail": "handler",
    "meldpunt:report_export": "handler",
    "meldpunt:report_step": "handler",
    "meldpunt:attachment_download": "handler",
    "meldpunt:case_list": "handler",
    "meldpunt:case_detail": "handler",
    "meldpunt:case_step": "handler",
    "meldpunt:handlers": "handler",
    "meldpunt:grant_decide": "handler",
    "meldpunt:handover_decide": "admin",
    "bibob:screening_list": "bibob_officer",
    "bibob:screening_list_csv": "bibob_officer",
    "bibob:screening_detail": "bibob_officer",
    "bibob:screening_edit": "bibob_officer",
    "bibob:screening_step": "bibob_officer",
    "bibob:screening_disclose": "bibob_officer",
    "bibob:letter_new": "bibob_officer",
    "bibob:letter_templates": "bibob_officer",
    "bibob:letter_template_edit": "bibob_officer",
    "bibob:letter_template_reset": "bibob_officer",
    "insights:national_map": "admin",
    "api-v1:update_organisation": "admin",
    "api-v1:update_partnership": "admin",
    "api-v1:get_user": "admin",
    "api-v1:get_membership": "admin",
    "api-v1:update_membership": "admin",
    "api-v1:delete_membership": "admin",
    "api-v1:list_service_account_tokens": "admin",
    "api-v1:create_service_account_token": "admin",
    "api-v1:revoke_service_account_token": "admin",
}

# Shared reference data (norm frameworks): every logged-in user reaches these objects, so the
# walk checks another organisation gets them too, instead of a 404.
SHARED = {
    "scans:framework_detail",
    "scans:framework_download",
    # The public meldpunt: anyone, of any organisation or none, reports to an organisation.
    "meldpunt_public:report",
    "api-v1:public_report_submit",
    "accounts:invitation_accept",
    "accounts:password_reset",
    # A calendar feed behind a secret link: the key is the credential, whoever brings it.
    "api-v1:calendar_feed",
    # The learning module's courses are the same for everyone.
    "awareness:course_page",
    "awareness:course_questions",
    # A subscriber's links in a mail: the signed token is the credential, whoever brings it.
    "newsletters:confirm",
    "newsletters:unsubscribe",
}

# Public only when the deployment configures them (signing in with an identity provider);
# otherwise they answer 404.
CONFIGURED_ONLY = {"accounts:oidc_login", "accounts:oidc_callback"}

PUBLIC = {
    "healthz",
    "set_language",
    "accounts:login",
    *CONFIGURED_ONLY,
    "accounts:invitation_accept",
    "accounts:password_forgotten",
    "accounts:password_reset",
    "meldpunt_public:index",
    "meldpunt_public:report",
    "meldpunt_public:follow_up",
    "api-v1:public_organisations",
    "api-v1:public_report_submit",
    "api-v1:public_follow_up",
    "api-v1:public_follow_up_reply",
    "api-v1:calendar_feed",  # Outlook cannot log in: the secret key in the link is the login
    "newsletters:confirm",  # a newsletter's readers need no account
    "newsletters:unsubscribe",
}

# How the walk calls an operation that needs a body or a header to reach its object, instead of
# a bare GET/POST/PATCH: (client, url, cast) -> response.
# API GETs that need a header (the public follow-up reads its receipt code from one).
API_HEADERS: dict[str, Callable[[Cast], dict[str, str]]] = {
    "/api/v1/meldpunt/public/follow-up": lambda cast: {"X-Receipt-Code": cast.receipt_code},
}


def _upload_answers(client: Any, url: str, cast: Cast) -> Any:
    """The scan's own sheet back, with one answer filled in."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import load_workbook

    from dijkwacht.scans.documents import answers_sheet

    book = load_workbook(io.BytesIO(answers_sheet(cast.scan)))
    book["Antwoorden"].cell(2, 4).value = "ja"
    data = io.BytesIO()
    book.save(data)
    return client.post(url, {"file": SimpleUploadedFile("scan.xlsx", data.getvalue())})


def _patch(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.patch(url, body, content_type="application/json")


CALLS: dict[str, Callable[[Any, str, Cast], Any]] = {
    "api-v1:put_bibob_policy": lambda client, url, cast: client.put(
        url,
        {"title": "Walk", "rules": [{"category": "bouwen", "application": "altijd"}]},
        content_type="application/json",
    ),
    "bibob:screening_step": lambda client, url, cast: client.post(
        url, {"note-date": cast.screening.opened_on.isoformat(), "note-note": "Walk"}
    ),
    "bibob:letter_template_reset": lambda client, url, cast: client.post(url),
    "bibob:screening_disclose": lambda client, url, cast: client.post(
        url,
        {
            "recipient": "riec",
            "legal_ground": "art. 28 lid 1 sub c Wet Bibob",
            "what": "Walk",
            "date": cast.screening.opened_on.isoformat(),
        },
    ),
    "catalogue:request_create": lambda client, url, cast: client.post(
        url,
        {
            "organisation": cast.requester.memberships.get().organisation_id,
            "purpose": "Walk",
            "legal_basis": "avg_6_1_e",
        },
    ),
    "api-v1:put_registration_system": lambda client, url, cast: client.put(
        url, data={"product": "Walk"}, content_type="application/json"
    ),
    "api-v1:decide_source_request": lambda client, url, cast: client.post(
        url, data={"granted": True, "reason": "Walk"}, content_type="application/json"
    ),
    "scans:theme_save": lambda client, url, cast: client.post(
        url,
        {
            f"n{cast.answered_norm.pk}-option": cast.framework.scale.get(code="nee").pk,
            # As the page showed the answer: a theme from an older page is refused.
            f"n{cast.answered_norm.pk}-seen": cast.scan.answers.get(
                norm=cast.answered_norm
            ).updated_at.isoformat(),
        },
    ),
    "scans:answers_upload": _upload_answers,
    "api-v1:save_answers": lambda client, url, cast: client.put(
        url,
        {"answers": [{"norm": cast.answered_norm.code, "code": "ja"}]},
        content_type="application/json",
    ),
    "api-v1:update_organisation": lambda client, url, cast: _patch(
        client, url, {"name": "Enschede"}
    ),
    "api-v1:update_partnership": lambda client, url, cast: _patch(
        client, url, {"description": "Walk"}
    ),
    "api-v1:update_membership": lambda client, url, cast: _patch(client, url, {"title": "Walk"}),
    "api-v1:delete_membership": lambda client, url, cast: client.delete(url),
    "api-v1:create_service_account_token": lambda client, url, cast: client.post(
        url, {"name": "walk-2"}, content_type="application/json"
    ),
    "api-v1:revoke_service_account_token": lambda client, url, cast: client.delete(url),
    "meldpunt:grant_decide": lambda client, url, cast: client.post(url, {"besluit": "afwijzen"}),
    "meldpunt:handover_decide": lambda client, url, cast: client.post(url, {"besluit": "afwijzen"}),
    "api-v1:public_report_submit": lambda client, url, cast: client.post(
        url,
        {"kind": "anders", "description": "Walk", "identity": "anoniem"},
        content_type="application/json",
    ),
    "api-v1:public_follow_up": lambda client, url, cast: client.get(
        url, headers={"X-Receipt-Code": cast.receipt_code}
    ),
    "api-v1:public_follow_up_reply": lambda client, url, cast: client.post(
        url,
        {"message": "Walk"},
        content_type="application/json",
        headers={"X-Receipt-Code": cast.receipt_code},
    ),
}
