from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dijkwacht.core.problems import Problems
from dijkwacht.insights.indicator_files import MAX_BYTES, RawRow, read_values_file
from dijkwacht.insights.models import Indicator
from dijkwacht.insights.services import FIELDS

MAX_SHOWN_PROBLEMS = 50
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


class ValuesUploadForm(forms.Form):
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

    def show_problems(self, problems: list) -> None:
        """Put the problems on the file field: a summary, and each problem below it."""
        shown = Problems(problems, limit=MAX_SHOWN_PROBLEMS)
        self.problems = [str(p) for p in shown]
        if shown.more:
            self.problems.append(shown.more_text)
        error = forms.ValidationError(
            ngettext(
                "The file has %(count)s problem; nothing has been saved.",
                "The file has %(count)s problems; nothing has been saved.",
                shown.total,
            )
            % {"count": shown.total}
        )
        if "file" in self.cleaned_data:
            self.add_error("file", error)
        else:
            raise error
