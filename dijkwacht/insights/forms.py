from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from dijkwacht.core.forms import FileProblems
from dijkwacht.insights import annual, indicators
from dijkwacht.insights.indicator_files import MAX_BYTES, RawRow, read_values_file
from dijkwacht.insights.models import Indicator, Unit
from dijkwacht.insights.services import FIELDS

NATIONAL = "landelijk"


class IndicatorForm(forms.ModelForm):
    """An indicator's description. On a new one, whose it is: a partnership the user
    coordinates, or (platform admins) the whole country."""

    owner = forms.ChoiceField(label=_("For"), required=True)

    class Meta:
        model = Indicator
        fields = list(FIELDS)
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 4}),
            "source_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(
        self, *args: Any, partnerships: list | None = None, national: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            del self.fields["owner"]
            return
        choices = [(NATIONAL, _("The whole country (national figure)"))] if national else []
        choices += [(str(p.pk), p.name) for p in partnerships or []]
        cast(forms.ChoiceField, self.fields["owner"]).choices = choices
        self.partnerships = {str(p.pk): p for p in partnerships or []}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "owner" in self.fields and cleaned.get("owner"):
            # Whose it is, before the model's checks (a name is unique per owner).
            self.instance.partnership = self.owner_partnership()
        return cleaned

    def owner_partnership(self) -> Any:
        owner = self.cleaned_data.get("owner")
        return None if owner == NATIONAL else self.partnerships[str(owner)]


class ValuesUploadForm(FileProblems, forms.Form):
    """A file of values. Cleaning reads it: `cleaned_data["file"]` is the list of rows, and
    the file's problems are in `problems`, below a summary on the field."""

    file = forms.FileField(
        label=_("File with values"),
        help_text=_("A CSV file or an Excel workbook (.xlsx) of at most 5 MB."),
    )
    replace_all = forms.BooleanField(
        label=_("Replace all values"),
        required=False,
        help_text=_(
            "Without this, the file adds values and replaces those of the same area and "
            "period; with it, the indicator keeps only the values in the file."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.problems: list[str] = []

    def clean_file(self) -> list[RawRow]:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        rows, problems = read_values_file(upload.read(MAX_BYTES + 1))
        if problems:
            self.show_problems(problems)
        return rows


# --- The annual report ------------------------------------------------------------------------

WHOLE_PARTNERSHIP = ""


class AnnualReportNewForm(forms.Form):
    """A new report: whose (a partnership the user coordinates, or one of its members) and
    which year; the period is that calendar year unless chosen otherwise."""

    subject = forms.ChoiceField(label=_("Report of"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Empty: “Jaarverslag” with the year and the name."),
    )
    period_start = forms.DateField(
        label=_("Period from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Empty: 1 January of the year."),
    )
    period_end = forms.DateField(
        label=_("Up to and including"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Empty: 31 December of the year."),
    )

    def __init__(self, *args: Any, partnerships: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subjects: dict[str, tuple[Any, Any]] = {}
        choices: list[tuple[str, Any]] = []
        for partnership in partnerships:
            key = f"{partnership.pk}"
            self.subjects[key] = (partnership, None)
            members = [(key, _("The whole partnership"))]
            for organisation in partnership.members.all():  # prefetched, by name
                member_key = f"{partnership.pk}-{organisation.pk}"
                self.subjects[member_key] = (partnership, organisation)
                members.append((member_key, organisation.name))
            choices.append((partnership.name, members))
        cast(forms.ChoiceField, self.fields["subject"]).choices = choices

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        year = cleaned.get("year")
        if year is None or "subject" not in cleaned:
            return cleaned
        partnership, organisation = self.subjects[cleaned["subject"]]
        cleaned["partnership"], cleaned["organisation"] = partnership, organisation
        cleaned["period_start"] = cleaned.get("period_start") or datetime.date(year, 1, 1)
        cleaned["period_end"] = cleaned.get("period_end") or datetime.date(year, 12, 31)
        name = organisation.name if organisation else partnership.name
        cleaned["title"] = cleaned.get("title") or f"Jaarverslag {year} — {name}"
        return cleaned


class AnnualReportTextsForm(forms.Form):
    """The draft: its title and period, and a text block for every place of the report (each
    section, theme and indicator) with a plan per indicator. The places come from the
    report's content, so a new theme or indicator gets its block without a change here."""

    title = forms.CharField(label=_("Title"), max_length=200)
    period_start = forms.DateField(
        label=_("Period from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    period_end = forms.DateField(
        label=_("Up to and including"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, report: Any, content: dict[str, Any], **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "title": report.title,
                "period_start": report.period_start,
                "period_end": report.period_end,
                **{f"text-{k}": v for k, v in report.texts.items()},
                **{f"plan-{k}": _plan_text(v) for k, v in report.plans.items()},
            },
        )
        super().__init__(*args, **kwargs)
        prompts = {s.key: s.prompt for s in annual.SECTIONS}
        self.text_keys: list[str] = []
        self.plan_keys: list[str] = []
        for section in content["sections"]:
            self._text(section["key"], _("Text: %(title)s") % {"title": section["title"]},
                       prompts.get(section["key"], ""))  # fmt: skip
            facts = section["facts"] or {}
            if section["key"] == "themas":
                for programme in facts.get("programmes", []):
                    for theme in programme["themes"]:
                        title = theme["title"] or _("Actions without a theme")
                        self._text(theme["key"], _("About %(theme)s") % {"theme": title}, "")
            for row in facts.get("indicators", []):
                self.plan_keys.append(row["key"])
                self.fields[f"plan-{row['key']}"] = forms.CharField(
                    label=_("Plan for %(year)s") % {"year": facts["year"]},
                    required=False,
                    max_length=40,
                    help_text=_("The figure the partnership aimed for; empty: no plan."),
                )
                self._text(row["key"], _("Explanation of the deviation"), "")

    def _text(self, key: str, label: Any, help_text: Any) -> None:
        self.text_keys.append(key)
        self.fields[f"text-{key}"] = forms.CharField(
            label=label,
            required=False,
            max_length=annual.MAX_TEXT,
            help_text=help_text,
            widget=forms.Textarea(attrs={"rows": 4}),
        )

    @property
    def by_key(self) -> dict[str, forms.BoundField]:
        """The text fields by their place's key, plan fields as "plan-<key>" (templates)."""
        found = {key: self[f"text-{key}"] for key in self.text_keys}
        found.update({f"plan-{key}": self[f"plan-{key}"] for key in self.plan_keys})
        return found

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # Only what this person changed: another coordinator's save in between stays.
        changed = set(self.changed_data)
        plans: dict[str, Decimal | None] = {}
        for key in self.plan_keys:
            if f"plan-{key}" not in changed:
                continue
            text = (cleaned.get(f"plan-{key}") or "").strip()
            if not text:
                plans[key] = None
                continue
            try:
                plans[key] = indicators.parse_number(text)
            except indicators.BadNumber as problem:
                self.add_error(f"plan-{key}", str(problem))
        cleaned["plans"] = plans
        cleaned["texts"] = {
            key: cleaned.get(f"text-{key}") or ""
            for key in self.text_keys
            if f"text-{key}" in changed
        }
        return cleaned


def _plan_text(value: Any) -> str:
    """A stored plan as the coordinator reads it back: "120", "12,5"."""
    plan = annual.stored_plan(value)
    if plan is None:
        return ""
    plan = plan.normalize()
    return indicators.value_text(plan, Unit.NUMBER, max(0, -int(plan.as_tuple().exponent)))
