"""Forms of the handlers' meldpunt. They parse and shape input; the rules (what is required
for which step, who may do what) live in the services, whose ValidationErrors land on these
forms next to the field they name.

Each step form knows its URL slug (`step`) and gives its fields ids of its own, so a page with
many forms never repeats an id while the field names stay plain."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from dijkwacht.accounts.models import User
from dijkwacht.meldpunt.models import (
    AggressionMeasure,
    CloseReason,
    ForwardTarget,
    IdentityReveal,
    Intervention,
    InterventionCategory,
    InterventionType,
    Purpose,
    Report,
    Status,
)
from dijkwacht.organisations.roles import Compartment

# A handler opens a report to handle it, to forward it or for case work; supervision and
# export are the privacy officer's and the exporter's purposes, not asked here.
HANDLER_PURPOSES = (Purpose.HANDLING, Purpose.FORWARDING, Purpose.CASE)


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PurposeForm(forms.Form):
    doel = forms.ChoiceField(
        label=_("Why do you open this report?"),
        choices=[(p.value, p.label) for p in HANDLER_PURPOSES],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why you open this report.")},
        help_text=_("Opening a report is logged with your name, the time and this purpose."),
    )


class InboxFilterForm(forms.Form):
    compartment = forms.ChoiceField(
        label=_("Compartment"),
        required=False,
        choices=[("", _("All compartments")), *Compartment.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), ("open", _("Open (not closed)")), *Status.choices],
    )
    organisation = forms.TypedChoiceField(
        label=_("Organisation"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = cast(forms.ChoiceField, self.fields["organisation"])
        organisation.choices = [("", _("All organisations"))] + [
            (o.pk, o.name) for o in organisations
        ]


# --- Steps on a report ------------------------------------------------------------------------


class StepForm(forms.Form):
    """A form that posts to one step of a report or case page."""

    step: ClassVar[str]
    heading: ClassVar[Any]
    submit: ClassVar[Any]

    def __init__(
        self,
        data: Any = None,
        *,
        report: Report | None = None,
        user: Any = None,
        auto_id: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.report = report
        self.user = user
        super().__init__(data, auto_id=auto_id or f"id_{self.step}_%s", **kwargs)


class AcknowledgeForm(StepForm):
    step = "bevestigen"
    heading = _("Acknowledge receipt")
    submit = _("Acknowledge")

    message = forms.CharField(
        label=_("Message to the reporter (optional)"),
        required=False,
        widget=_textarea(3),
        help_text=_("The reporter reads it with their receipt code."),
    )


class StartForm(StepForm):
    step = "in-behandeling"
    heading = _("Start handling")
    submit = _("Start handling")


class ForwardForm(StepForm):
    step = "doorzetten"
    heading = _("Forward")
    submit = _("Record forwarding")

    target = forms.ChoiceField(
        label=_("Forwarded to"), required=False, choices=[("", "—"), *ForwardTarget.choices]
    )
    date = forms.DateField(label=_("Date forwarded"), required=False, widget=_date_input())
    reference = forms.CharField(
        label=_("Their reference (optional)"), required=False, max_length=100
    )


class CloseForm(StepForm):
    step = "afsluiten"
    heading = _("Close the report")
    submit = _("Close")

    reason = forms.ChoiceField(
        label=_("Reason for closing"), required=False, choices=[("", "—"), *CloseReason.choices]
    )
    message = forms.CharField(
        label=_("Message to the reporter (optional)"), required=False, widget=_textarea(3)
    )


class ReopenForm(StepForm):
    step = "heropenen"
    heading = _("Reopen")
    submit = _("Reopen the report")


TRANSITION_FORMS: dict[str, type[StepForm]] = {
    "acknowledge": AcknowledgeForm,
    "start": StartForm,
    "forward": ForwardForm,
    "close": CloseForm,
    "reopen": ReopenForm,
}


class MessageForm(StepForm):
    step = "bericht"
    heading = _("Message to the reporter")
    submit = _("Send to the reporter")

    body = forms.CharField(
        label=_("Message"),
        required=False,
        widget=_textarea(),
        help_text=_("The reporter reads it with their receipt code."),
    )


class NoteForm(StepForm):
    step = "notitie"
    heading = _("Internal note")
    submit = _("Add the note")

    body = forms.CharField(
        label=_("Note"),
        required=False,
        widget=_textarea(),
        help_text=_("For handlers only; never shown to the reporter."),
    )


class MoveForm(StepForm):
    step = "verplaatsen"
    heading = _("Move to another compartment")
    submit = _("Move")

    compartment = forms.ChoiceField(label=_("Compartment"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = self.report.compartment if self.report else ""
        compartment = cast(forms.ChoiceField, self.fields["compartment"])
        compartment.choices = [("", "—")] + [c for c in Compartment.choices if c[0] != current]


class ExclusionForm(StepForm):
    step = "uitsluiten"
    heading = _("Exclude a handler from this report")
    submit = _("Exclude")

    user = forms.TypedChoiceField(label=_("Handler"), required=False, coerce=int, empty_value=None)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=_textarea(2),
        help_text=_("For example: a conflict of interest or a family member."),
    )

    def __init__(self, *args: Any, colleagues: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.colleagues = {c.pk: c for c in colleagues}
        user = cast(forms.ChoiceField, self.fields["user"])
        user.choices = [("", "—")] + [
            (c.pk, c.full_name or c.email) for c in self.colleagues.values()
        ]

    def clean_user(self) -> Any:
        pk = self.cleaned_data.get("user")
        if pk is None:
            raise forms.ValidationError(_("Choose the handler to exclude."))
        return self.colleagues[pk]


class ShareForm(ExclusionForm):
    """Share a report received before a colleague was granted (they see only newer ones)."""

    step = "delen"
    heading = _("Share this report with a new colleague")
    submit = _("Share")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].help_text = _(
            "Handlers granted after this report arrived see it only when it is shared."
        )
        self.fields["reason"].help_text = _("Sharing is recorded in the report's history.")

    def clean_user(self) -> Any:
        pk = self.cleaned_data.get("user")
        if pk is None:
            raise forms.ValidationError(_("Choose the colleague to share with."))
        return self.colleagues[pk]


class RevealRequestForm(StepForm):
    step = "identiteit-opvragen"
    heading = _("Ask to see the reporter's identity")
    submit = _("Ask a colleague to approve")

    reason = forms.CharField(
        label=_("Why do you need to know who reported?"), required=False, widget=_textarea(2)
    )


class RevealApproveForm(StepForm):
    step = "identiteit-goedkeuren"
    heading = _("Approve a request to see the identity")
    submit = _("Approve")

    reveal = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why do you approve?"), required=False, widget=_textarea(2))

    def clean_reveal(self) -> IdentityReveal:
        try:
            return IdentityReveal.objects.get(
                report=self.report, pk=self.cleaned_data["reveal"], approved_at__isnull=True
            )
        except IdentityReveal.DoesNotExist:
            raise forms.ValidationError(_("This request is no longer open.")) from None


class CaseOpenForm(StepForm):
    step = "casus-openen"
    heading = _("Open a case")
    submit = _("Open a case")

    title = forms.CharField(label=_("Working title"), required=False, max_length=200)


class CaseAddForm(StepForm):
    step = "casus-koppelen"
    heading = _("Add to an existing case")
    submit = _("Add to the case")

    case = forms.TypedChoiceField(label=_("Case"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, cases: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cases = {c.pk: c for c in cases}
        field = cast(forms.ChoiceField, self.fields["case"])
        field.choices = [("", "—")] + [
            (c.pk, f"{c.number} ({c.opened_at:%d-%m-%Y})") for c in self.cases.values()
        ]

    def clean_case(self) -> Any:
        pk = self.cleaned_data.get("case")
        if pk is None:
            raise forms.ValidationError(_("Choose the case."))
        return self.cases[pk]


class AggressionRegisterForm(StepForm):
    step = "agressieregister"
    heading = _("Aggression register")
    submit = _("Save the register")

    perpetrator = forms.CharField(
        label=_("Perpetrator (if known)"), required=False, widget=_textarea(2)
    )
    police_report_by_employer = forms.ChoiceField(
        label=_("Police report by the employer"),
        required=False,
        choices=[("", _("not known yet")), ("ja", _("yes")), ("nee", _("no"))],
        help_text=_("The employer can report on the employee's behalf, with its own address."),
    )
    aftercare = forms.CharField(
        label=_("Aftercare for the employee"), required=False, widget=_textarea(2)
    )
    measures = forms.MultipleChoiceField(
        label=_("Measures against the perpetrator"),
        required=False,
        choices=AggressionMeasure.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    @classmethod
    def initial_for(cls, report: Report) -> dict[str, Any]:
        answers = report.answers or {}
        measures = answers.get("maatregelen") or []
        return {
            "perpetrator": answers.get("dader", ""),
            "police_report_by_employer": answers.get("aangifte_werkgever", ""),
            "aftercare": answers.get("nazorg", ""),
            "measures": measures if isinstance(measures, list) else [measures],
        }


_REPORT_STEPS: tuple[type[StepForm], ...] = (
    *TRANSITION_FORMS.values(),
    MessageForm,
    NoteForm,
    MoveForm,
    ExclusionForm,
    ShareForm,
    RevealRequestForm,
    RevealApproveForm,
    CaseOpenForm,
    CaseAddForm,
    AggressionRegisterForm,
)
REPORT_STEP_FORMS: dict[str, type[StepForm]] = {form.step: form for form in _REPORT_STEPS}


# --- Steps on a case ------------------------------------------------------------------------


class MeetingForm(StepForm):
    step = "overleg"
    heading = _("Add a meeting")
    submit = _("Add the meeting")

    date = forms.DateField(label=_("Date"), required=False, widget=_date_input())
    partners = forms.CharField(label=_("Partners present"), required=False, widget=_textarea(2))
    decisions = forms.CharField(label=_("Decisions"), required=False, widget=_textarea(3))
    follow_ups = forms.CharField(
        label=_("Follow-ups (optional)"), required=False, widget=_textarea(2)
    )


def intervention_type_choices() -> list[tuple[Any, Any]]:
    """The kinds of intervention grouped by category, for a select with option groups."""
    labels = dict(InterventionCategory.choices)
    groups: dict[str, list[tuple[int, str]]] = {}
    for kind in InterventionType.objects.order_by("category", "name"):
        groups.setdefault(kind.category, []).append((kind.pk, kind.name))
    return [("", "—")] + [(labels.get(c, c), options) for c, options in groups.items()]


class InterventionForm(StepForm):
    step = "interventie"
    heading = _("Add an intervention")
    submit = _("Add the intervention")

    intervention = forms.IntegerField(required=False, widget=forms.HiddenInput)
    type = forms.TypedChoiceField(
        label=_("Intervention"), required=False, coerce=int, empty_value=None
    )
    partner = forms.CharField(label=_("Partner"), required=False, max_length=200)
    state = forms.ChoiceField(label=_("Status"), required=False, choices=Intervention.State.choices)
    outcome = forms.CharField(label=_("Outcome"), required=False, widget=_textarea(2))
    date = forms.DateField(label=_("Date"), required=False, widget=_date_input())

    def __init__(self, *args: Any, type_choices: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["type"])
        field.choices = type_choices if type_choices is not None else intervention_type_choices()

    def clean_type(self) -> InterventionType:
        pk = self.cleaned_data.get("type")
        found = InterventionType.objects.filter(pk=pk).first() if pk else None
        if found is None:
            raise forms.ValidationError(_("Choose the intervention."))
        return found


class EvaluationForm(StepForm):
    step = "evaluatie"
    heading = _("Evaluation")
    submit = _("Save the evaluation")

    worked = forms.CharField(label=_("What worked"), required=False, widget=_textarea(3))
    did_not_work = forms.CharField(
        label=_("What did not work"), required=False, widget=_textarea(3)
    )
    lessons = forms.CharField(label=_("Lessons"), required=False, widget=_textarea(3))


class CaseCloseForm(StepForm):
    step = "afsluiten"
    heading = _("Close the case")
    submit = _("Close the case")


CASE_STEP_FORMS: dict[str, type[StepForm]] = {
    form.step: form for form in (MeetingForm, InterventionForm, EvaluationForm, CaseCloseForm)
}


# --- Who handles: grants and handovers ------------------------------------------------------


def _account(email: str) -> Any:

    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise forms.ValidationError(_("There is no active account with this e-mail address."))
    return user


class _ForOrganisation(forms.Form):
    """Names an organisation (of those the user manages) and a person by e-mail address."""

    prefix_id: ClassVar[str]  # the forms share a page: their fields need ids of their own

    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int)
    user = forms.EmailField(label=_("E-mail address of the new handler"))

    def __init__(self, *args: Any, organisations: Sequence[Any], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{self.prefix_id}_%s")
        super().__init__(*args, **kwargs)
        self.organisations = {o.pk: o for o in organisations}
        field = cast(forms.ChoiceField, self.fields["organisation"])
        field.choices = [(o.pk, o.name) for o in organisations]

    def clean_organisation(self) -> Any:
        return self.organisations[self.cleaned_data["organisation"]]

    def clean_user(self) -> Any:
        return _account(self.cleaned_data["user"])


class HandlerGrantForm(_ForOrganisation):
    heading = _("Ask for a new handler")
    submit = _("Ask for approval")
    prefix_id = "grant"

    compartments = forms.MultipleChoiceField(
        label=_("Compartments"),
        choices=Compartment.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one compartment.")},
    )
    # Not required here: the service says what is missing, next to the field.
    reason = forms.CharField(label=_("Reason"), required=False, widget=_textarea(2))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].help_text = _("The person must already have a Dijkwacht account.")


class HandoverForm(_ForOrganisation):
    heading = _("Hand over open reports")
    submit = _("Ask for approval")
    prefix_id = "handover"

    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=_textarea(2),
        help_text=_("For example: the only handler left the organisation."),
    )
