from typing import Any, cast

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from dijkwacht.core.forms import LineText
from dijkwacht.organisations.models import Organisation, Partnership
from dijkwacht.programmes.models import (
    REPORT_TEXT_MAX_LENGTH,
    Cadence,
    Programme,
    Status,
    Theme,
)


class CellForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    planned_period = forms.CharField(
        label=_("Planned period"),
        max_length=100,
        required=False,
        help_text=_("As the plan says it, for example “Herhaling in 2019”."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What happened, or why the status changed. Everyone in the partnership reads it."
        ),
    )


class MatrixFilterForm(forms.Form):
    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *Status.choices]
    )
    organisation = forms.TypedChoiceField(
        label=_("Organisation"), required=False, coerce=int, empty_value=None
    )
    stale = forms.BooleanField(label=_("Only cells without recent input"), required=False)

    def __init__(self, *args, themes, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        theme = cast(forms.ChoiceField, self.fields["theme"])
        theme.choices = [("", _("All themes"))] + [
            (t.pk, t.title or _("(without theme)")) for t in themes
        ]
        organisation = cast(forms.ChoiceField, self.fields["organisation"])
        organisation.choices = [("", _("All organisations"))] + [
            (o.pk, o.name) for o in organisations
        ]


MAX_PLAN_BYTES = 1_000_000


class PlanImportForm(forms.Form):
    partnership = forms.ModelChoiceField(
        label=_("Partnership"), queryset=Partnership.objects.none(), empty_label=None
    )
    name = forms.CharField(label=_("Name of the programme"), max_length=200)
    text = forms.CharField(
        label=_("Text of the plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Paste the text of the plan: numbered actions, bullets, numbered themes with an "
            "“Ambitie:” line, tables copied from Word or Excel."
        ),
    )
    file = forms.FileField(
        label=_("Or upload a text file (.txt)"),
        required=False,
        help_text=_("At most 1 MB, plain text in UTF-8."),
    )

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["partnership"]).queryset = partnerships

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return ""
        if upload.size > MAX_PLAN_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        raw = upload.read(MAX_PLAN_BYTES + 1)
        if b"\x00" in raw[:4096]:
            raise forms.ValidationError(
                _("This is not a text file. Save the plan as plain text (.txt) first.")
            )
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                _("The file is not UTF-8 text. Save it again as UTF-8 plain text.")
            ) from error

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        text = (cleaned.get("file") or cleaned.get("text") or "").strip()
        if not text and not self.errors:
            raise forms.ValidationError(_("Paste the text of the plan or upload a file."))
        if len(text.encode("utf-8")) > MAX_PLAN_BYTES:
            self.add_error("text", _("The text is longer than 1 MB."))
        cleaned["plan_text"] = text
        return cleaned


class RoundForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example “Voortgang voor het DVO van december”."),
    )
    deadline = forms.DateField(
        label=_("Deadline"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Organisations update their cells before this day."),
    )


MAX_WORKBOOK_BYTES = 5_000_000


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("The file you downloaded with “Edit in Excel”, with your changes."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_WORKBOOK_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        content = upload.read()
        if not content.startswith(b"PK"):
            raise forms.ValidationError(_("This is not an Excel workbook (.xlsx)."))
        return content


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "name",
            "description",
            "period_start",
            "period_end",
            "steering_body",
            "reporting_cadence",
            "total_budget",
            "execution_budget",
            "stale_after_days",
            "is_draft",
            "closed_on",
        ]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "is_draft": _(
                "A draft is visible to the partnership, but only coordinators change it."
            ),
        }


class ParticipantsForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They get a cell in every action; cells that exist stay as they are."),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["organisations"]).queryset = members


class ThemeForm(forms.Form):
    title = forms.CharField(label=_("Title of the theme"), max_length=300)
    ambition = forms.CharField(
        label=_("Ambition"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReportTextsForm(forms.Form):
    """A text per theme for the progress report: field `thema-<id>` for each theme."""

    def __init__(self, *args: Any, themes: list[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.themes = themes
        for theme in themes:
            self.fields[f"thema-{theme.pk}"] = LineText(
                label=theme.title or _("(without theme)"),
                required=False,
                max_length=REPORT_TEXT_MAX_LENGTH,
                initial=theme.report_text,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def texts(self) -> dict[int, str]:
        return {theme.pk: self.cleaned_data[f"thema-{theme.pk}"] for theme in self.themes}


class ActionForm(forms.Form):
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.none(),
        required=False,
        empty_label=_("(without theme)"),
    )
    number = forms.CharField(label=_("Number"), max_length=20, required=False)
    title = forms.CharField(label=_("Title of the action"), max_length=500)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    lead_organisation = forms.ModelChoiceField(
        label=_("Lead organisation"), queryset=Organisation.objects.none(), required=False
    )
    cadence = forms.ChoiceField(
        label=_("Cadence"), choices=[("", "—"), *Cadence.choices], required=False
    )
    planned_period = forms.CharField(label=_("Planned period"), max_length=100, required=False)
    budget_planned = forms.DecimalField(
        label=_("Budget planned (€)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Participating organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        members = programme.partnership.members.order_by("name")
        cast(forms.ModelChoiceField, self.fields["theme"]).queryset = programme.themes.all()
        cast(forms.ModelChoiceField, self.fields["lead_organisation"]).queryset = members
        cast(forms.ModelMultipleChoiceField, self.fields["organisations"]).queryset = members


class ActionEditForm(ActionForm):
    """An action's plan as the coordinator keeps it: its participants are kept in the matrix
    (participating organisations on the programme's page), what it spent is kept here."""

    budget_spent = forms.DecimalField(
        label=_("Budget spent (€)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    expected_result = forms.CharField(
        label=_("Expected result"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    field_order = [
        "theme",
        "number",
        "title",
        "description",
        "expected_result",
        "lead_organisation",
        "cadence",
        "planned_period",
        "budget_planned",
        "budget_spent",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["organisations"]


class StartChoice(models.TextChoices):
    EMPTY = "leeg", _("An empty programme: add themes and actions on its pages")
    COPY = (
        "kopie",
        _(
            "A copy of an earlier programme: its themes, actions and organisations, every cell "
            "planned again with the earlier status beside it"
        ),
    )


class ProgrammeNewForm(ProgrammeForm):
    partnership = forms.ModelChoiceField(
        label=_("Partnership"), queryset=Partnership.objects.none(), empty_label=None
    )
    start = forms.ChoiceField(
        label=_("Start with"),
        choices=StartChoice.choices,
        initial=StartChoice.EMPTY,
        widget=forms.RadioSelect,
    )
    copy_from = forms.ModelChoiceField(
        label=_("Programme to copy"),
        queryset=Programme.objects.none(),
        required=False,
        help_text=_("For example last year's plan."),
    )

    class Meta(ProgrammeForm.Meta):
        fields = [name for name in ProgrammeForm.Meta.fields if name != "closed_on"]

    field_order = ["partnership", "start", "copy_from"]

    def __init__(self, *args, partnerships, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["partnership"]).queryset = partnerships
        cast(forms.ModelChoiceField, self.fields["copy_from"]).queryset = programmes
        if not programmes.exists():
            cast(forms.ChoiceField, self.fields["start"]).choices = StartChoice.choices[:1]
        self.fields["is_draft"].initial = True

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        source = cleaned.get("copy_from")
        if cleaned.get("start") == StartChoice.COPY:
            if source is None:
                self.add_error("copy_from", _("Choose the programme to copy."))
            elif cleaned.get("partnership") and source.partnership_id != cleaned["partnership"].pk:
                self.add_error(
                    "copy_from", _("This programme belongs to another partnership than you chose.")
                )
        return cleaned

    def validate_unique(self) -> None:
        # The partnership is not a model field of this form: check the name within it here.
        super().validate_unique()
        partnership = self.cleaned_data.get("partnership")
        name = (self.cleaned_data.get("name") or "").strip()
        if partnership and name and partnership.programmes.filter(name=name).exists():
            self.add_error("name", _("The partnership already has a programme with this name."))


class JointActionForm(forms.Form):
    """A joint action for the organisations behind on something (a rode draad, a gap in the
    Bibob policies): which programme (and theme) of the partnership it goes into."""

    target = forms.ChoiceField(label=_("Programme and theme"))
    title = forms.CharField(label=_("Title of the action"), max_length=500)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, str]] = []
        self._targets: dict[str, tuple[object, object]] = {}
        no_theme = _("no theme")
        for programme in programmes:
            key = f"p{programme.pk}"
            choices.append((key, f"{programme.name} — {no_theme}"))
            self._targets[key] = (programme, None)
            for theme in programme.themes.all():
                key = f"p{programme.pk}-t{theme.pk}"
                choices.append((key, f"{programme.name} — {theme.title}"))
                self._targets[key] = (programme, theme)
        self.fields["target"].choices = choices  # type: ignore[attr-defined]

    def clean_target(self):
        return self._targets[self.cleaned_data["target"]]
