"""The Bibob team's forms: a screening's base facts, one form per step (its fields come from
the workflow's table), passing information on, the list's filters, and the letters to the
applicant with their templates."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dijkwacht.bibob import letters, workflow
from dijkwacht.bibob.models import (
    AdviceConclusion,
    Application,
    Category,
    Domain,
    Finding,
    Outcome,
    Recipient,
    Status,
    SubjectKind,
    Trigger,
)
from dijkwacht.bibob.selectors import Filters
from dijkwacht.bibob.services import RuleInput
from dijkwacht.core.forms import LineText


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=_date_input(), help_text=help_text
    )


class CategoryChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return obj.name


class ScreeningForm(forms.Form):
    """The base facts; the organisation only when the officer keeps more than one register."""

    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int)
    category = CategoryChoice(
        label=_("Decision category"),
        queryset=Category.objects.none(),
        help_text=_("The kind of permit, subsidy, tender or real-estate transaction."),
    )
    decision_subject = LineText(
        label=_("The decision it concerns"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example the application and the premises it is for."),
    )
    decision_due_on = _date(
        _("Legal term of the decision"),
        required=False,
        help_text=_("The last day to decide, before any suspension for an LBB advice."),
    )
    subject_kind = forms.ChoiceField(
        label=_("Person or company screened"),
        choices=SubjectKind.choices,
        widget=forms.RadioSelect,
    )
    subject_name = forms.CharField(
        label=_("Name of the person or company"),
        max_length=200,
        help_text=_("Only what the law needs; it is stored encrypted."),
    )
    subject_kvk = forms.CharField(label=_("KvK number"), max_length=12, required=False)
    trigger = forms.ChoiceField(label=_("Trigger"), choices=Trigger.choices)
    trigger_note = LineText(
        label=_("About the trigger"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    opened_on = _date(_("Opened on"))

    def __init__(
        self,
        *args: Any,
        organisations: list[Any],
        categories: list[Category],
        creating: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["organisation"])
        field.choices = [(o.pk, o.name) for o in organisations]
        if len(organisations) <= 1 or not creating:
            field.required = False
            field.widget = forms.HiddenInput()
            if organisations:
                self.initial.setdefault("organisation", organisations[0].pk)
        category = cast(CategoryChoice, self.fields["category"])
        category.queryset = Category.objects.filter(pk__in=[c.pk for c in categories])
        labels = dict(Domain.choices)
        grouped: dict[str, list[tuple[int, str]]] = {}
        for c in categories:
            grouped.setdefault(str(labels.get(c.domain, c.domain)), []).append((c.pk, c.name))
        category.choices = [("", "---------"), *grouped.items()]
        if creating:
            self.initial.setdefault("opened_on", timezone.localdate())
        else:
            del self.fields["opened_on"]


class StepForm(forms.Form):
    """One step: its date and note, and what the workflow's table says it needs or takes."""

    date = _date(_("Date"))
    due_on = _date(_("Return by"), required=False)
    finding = forms.ChoiceField(label=_("Finding"), choices=[("", "---------"), *Finding.choices])
    lbb_reference = forms.CharField(label=_("LBB reference"), max_length=40)
    weeks = forms.IntegerField(label=_("Extended by (weeks)"), min_value=1, max_value=52)
    conclusion = forms.ChoiceField(
        label=_("Conclusion of the advice"),
        choices=AdviceConclusion.choices,
        widget=forms.RadioSelect,
    )
    outcome = forms.ChoiceField(label=_("Decision"), choices=[("", "---------"), *Outcome.choices])
    note = LineText(
        label=_("Note"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, step: workflow.Step, **kwargs: Any) -> None:
        kwargs["prefix"] = step.action
        super().__init__(*args, **kwargs)
        self.action = step.action
        self.heading = step.label
        self.submit = _("Record")
        wanted = {"date", "note", *step.needs, *step.takes}
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        self.fields["note"].required = "note" in step.needs
        if step.action == "note":
            self.submit = _("Add the note")
        self.initial.setdefault("date", timezone.localdate())

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        return {name: data[name] for name in data if name not in ("date", "note")}


class DisclosureForm(forms.Form):
    recipient = forms.ChoiceField(label=_("To"), choices=Recipient.choices)
    recipient_name = forms.CharField(
        label=_("Name of the recipient"),
        max_length=200,
        required=False,
        help_text=_("For a third party or another body: who exactly."),
    )
    legal_ground = forms.CharField(
        label=_("Legal ground"),
        max_length=200,
        help_text=_("The article that allows it, for example art. 28 lid 1 sub c Wet Bibob."),
    )
    what = LineText(
        label=_("What was passed on"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    date = _date(_("Date"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", timezone.localdate())


TERM_FILTERS = [
    ("", _("All")),
    ("binnenkort", _("runs out soon or has passed")),
    ("te_laat", _("has passed")),
]


class ScreeningFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    domain = forms.ChoiceField(
        label=_("Domain"), required=False, choices=[("", _("All domains")), *Domain.choices]
    )
    year = forms.TypedChoiceField(label=_("Opened in"), required=False, coerce=int)
    term = forms.ChoiceField(label=_("Term"), required=False, choices=TERM_FILTERS)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("All statuses")),
            ("lopend", _("Running (not decided)")),
            *Status.choices,
        ]
        cast(forms.TypedChoiceField, self.fields["year"]).choices = [
            ("", _("All years")),
            *((y, str(y)) for y in years),
        ]

    @property
    def filtered(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)

    def filters(self) -> Filters:
        """The chosen filters; a value that is not offered narrows nothing."""
        if not self.is_bound:
            return Filters()
        self.is_valid()
        data = self.cleaned_data
        return Filters(
            status=data.get("status", ""),
            domain=data.get("domain", ""),
            year=data.get("year") or None,
            term=data.get("term", ""),
        )


class FiguresForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        cast(forms.TypedChoiceField, self.fields["year"]).choices = [
            (y, str(y)) for y in range(this_year, this_year - 6, -1)
        ]

    def chosen_year(self) -> int:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("year"):
            return int(self.cleaned_data["year"])
        return timezone.localdate().year


class PolicyForm(forms.Form):
    """A Bibob policy as a whole: its header, and per category whether Bibob is applied, from
    which amount, with which questionnaire and where (fields `c<pk>-…`, one row each)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    adopted_on = _date(_("Adopted on"), required=False)
    document_url = forms.URLField(
        label=_("Where it is published"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Where the policy is published, for example on lokaleregelgeving.overheid.nl."),
    )
    note = LineText(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, categories: list[Category], policy: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.categories = categories
        rules = {r.category_id: r for r in policy.rules.all()} if policy is not None else {}
        if policy is not None:
            self.initial.update(
                title=policy.title,
                adopted_on=policy.adopted_on,
                document_url=policy.document_url,
                note=policy.note,
            )
        for category in categories:
            key = f"c{category.pk}"
            self.fields[f"{key}-application"] = forms.ChoiceField(
                label=_("Bibob applied to %(category)s") % {"category": category.name},
                choices=[("", _("not in the policy")), *Application.choices],
                required=False,
            )
            self.fields[f"{key}-threshold"] = forms.IntegerField(
                label=_("From an amount of (€), %(category)s") % {"category": category.name},
                min_value=0,
                max_value=10**12,
                required=False,
            )
            self.fields[f"{key}-questionnaire"] = forms.CharField(
                label=_("Questionnaire, %(category)s") % {"category": category.name},
                max_length=200,
                required=False,
            )
            self.fields[f"{key}-areas"] = forms.CharField(
                label=_("Where it applies, %(category)s") % {"category": category.name},
                max_length=200,
                required=False,
            )
            rule = rules.get(category.pk)
            if rule is not None:
                self.initial.update(
                    {
                        f"{key}-application": rule.application,
                        f"{key}-threshold": rule.threshold,
                        f"{key}-questionnaire": rule.questionnaire,
                        f"{key}-areas": rule.areas,
                    }
                )

    def rows(self) -> list[tuple[Category, list[forms.BoundField]]]:
        """Per category its four fields, for the table."""
        return [
            (
                c,
                [
                    self[f"c{c.pk}-{name}"]
                    for name in ("application", "threshold", "questionnaire", "areas")
                ],
            )
            for c in self.categories
        ]

    def rules(self) -> list[RuleInput]:
        data = self.cleaned_data
        return [
            RuleInput(
                category=c,
                application=data.get(f"c{c.pk}-application") or "",
                threshold=data.get(f"c{c.pk}-threshold"),
                questionnaire=data.get(f"c{c.pk}-questionnaire") or "",
                areas=data.get(f"c{c.pk}-areas") or "",
            )
            for c in self.categories
        ]


class LetterTemplateForm(forms.Form):
    """A team's own text of a letter; the service checks the fields it names."""

    subject = forms.CharField(label=_("Subject"), max_length=letters.LIMITS["subject"])
    body = LineText(
        label=_("Text"),
        max_length=letters.LIMITS["body"],
        widget=forms.Textarea(attrs={"rows": 22}),
        help_text=_("A blank line starts a new paragraph."),
    )
    closing = LineText(
        label=_("Closing and signature"),
        max_length=letters.LIMITS["closing"],
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class LetterForm(forms.Form):
    """What a letter needs beyond the screening: its date, the date to reply by, the address
    and, for an intention to refuse, the reasons. None of it is stored."""

    date = _date(_("Date of the letter"))
    reply_by = _date(
        _("Reply by"),
        help_text=_(
            "The questionnaire's return date, or the last day to give a view on the intention."
        ),
    )
    address = LineText(
        label=_("Address"),
        required=False,
        max_length=300,
        help_text=_("The lines under the applicant's name. Not stored."),
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
    )
    reasons = LineText(
        label=_("Reasons"),
        required=False,
        max_length=5000,
        help_text=_("For the intention to refuse: why. In the letter only; not stored."),
        widget=forms.Textarea(attrs={"rows": 8, "autocomplete": "off"}),
    )

    format = forms.ChoiceField(
        choices=[("docx", "Word"), ("pdf", "PDF")], required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, asks_reasons: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.asks_reasons = asks_reasons  # the letter's text has {motivering}
        self.fields["reasons"].required = asks_reasons
        self.fields["reasons"].error_messages["required"] = _(
            "Write the reasons: the letter's text asks for them."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        date, reply_by = data.get("date"), data.get("reply_by")
        today = timezone.localdate()
        if date and abs((date - today).days) > 366:
            self.add_error("date", _("Choose a date within a year of today."))
        if date and reply_by and reply_by <= date:
            self.add_error("reply_by", _("The reply date comes after the letter's date."))
        elif date and reply_by and (reply_by - date).days > 366:
            self.add_error("reply_by", _("Choose a reply date within a year of the letter."))
        if len(data.get("address", "").splitlines()) > 6:
            self.add_error("address", _("At most 6 lines."))
        return data
