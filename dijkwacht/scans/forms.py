from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dijkwacht.core.forms import LineText
from dijkwacht.core.problems import Problems
from dijkwacht.organisations.models import Organisation
from dijkwacht.scans import answer_sheet
from dijkwacht.scans.frameworks import read_framework, read_framework_workbook
from dijkwacht.scans.models import Framework, RoundKind


class AnswerForm(forms.Form):
    """One norm's answer. The scale comes in as a list read once per page: a scan page shows a
    form per norm, and a model choice field would query the scale for each of them. `seen`
    carries when the stored answer was last changed as the page showed it: a theme saved from
    an older page must not undo a colleague's later answer."""

    option = forms.TypedChoiceField(label=_("Answer"), coerce=int)
    explanation = LineText(
        label=_("Explanation"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence_url = forms.URLField(
        label=_("Evidence (link)"),
        required=False,
        max_length=200,
        help_text=_("A link to the document that shows it, for example in the document system."),
    )

    finding = LineText(
        label=_("Finding"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    recommendation = LineText(
        label=_("Recommendation"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    seen = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def __init__(self, *args, options, review=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not review:
            del self.fields["finding"]
            del self.fields["recommendation"]
        self._options = {o.pk: o for o in options}
        self.fields["option"].choices = [("", "—"), *((o.pk, o.label) for o in options)]  # type: ignore[attr-defined]

    def clean_option(self):
        return self._options[self.cleaned_data["option"]]


MAX_FRAMEWORK_BYTES = 2 * 1024 * 1024
FRAMEWORK_SUFFIXES = (".xlsx", ".yaml", ".yml")
MAX_SHOWN_PROBLEMS = 100


class FrameworkUploadForm(forms.Form):
    """A norm framework file. Cleaning reads and checks it: `cleaned_data["file"]` is a
    `FrameworkSpec`, and the file's problems ("Normen, rij 7, kolom gewicht: …") are in
    `problems`, below a summary on the field."""

    file = forms.FileField(
        label=_("Framework file"),
        help_text=_("An Excel workbook (.xlsx) or a YAML file (.yaml, .yml) of at most 2 MB."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.problems: list[str] = []

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in FRAMEWORK_SUFFIXES:
            raise forms.ValidationError(
                _("Upload an Excel workbook (.xlsx) or a YAML file (.yaml or .yml).")
            )
        if upload.size > MAX_FRAMEWORK_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        content = upload.read(MAX_FRAMEWORK_BYTES + 1)
        if suffix == ".xlsx":
            spec, problems = read_framework_workbook(content)
        else:
            try:
                text = content.decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise forms.ValidationError(
                    _("The file is not UTF-8 text. Save it again as UTF-8.")
                ) from error
            spec, problems = read_framework(text)
        if spec is None:
            shown = Problems(problems, limit=MAX_SHOWN_PROBLEMS)
            shown.more += getattr(problems, "more", 0)
            self.problems = [f"{where}: {message}" for where, message in shown]
            if shown.more:
                self.problems.append(shown.more_text)
            raise forms.ValidationError(
                ngettext(
                    "The file has %(count)s problem; nothing has been imported.",
                    "The file has %(count)s problems; nothing has been imported.",
                    shown.total,
                )
                % {"count": shown.total}
            )
        return spec


class AnswersUploadForm(forms.Form):
    """A scan's answers as the Excel sheet it downloads (`answer_sheet`). Cleaning reads and
    checks the sheet against the scan's framework: `cleaned_data["file"]` is the list of
    answers, and the sheet's problems ("Rij 7: …") are in `problems`, below a summary."""

    file = forms.FileField(
        label=_("Answers from Excel"),
        help_text=_(
            "The sheet downloaded here (.xlsx, at most 2 MB), filled in. Rows without an answer "
            "are left as they are; one wrong row and nothing is saved."
        ),
    )

    def __init__(self, *args, norms_by_code, options, review, **kwargs):
        super().__init__(*args, **kwargs)
        self._sheet = {"norms_by_code": norms_by_code, "options": options, "review": review}
        self.problems: list[str] = []

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() != ".xlsx":
            raise forms.ValidationError(_("Upload an Excel workbook (.xlsx)."))
        if upload.size > answer_sheet.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        answers, problems = answer_sheet.read_answers_workbook(
            upload.read(answer_sheet.MAX_BYTES + 1), **self._sheet
        )
        if problems:
            self.problems = row_problems(problems)
            raise forms.ValidationError(
                ngettext(
                    "The sheet has %(count)s problem; nothing has been saved.",
                    "The sheet has %(count)s problems; nothing has been saved.",
                    len(problems),
                )
                % {"count": len(problems)}
            )
        if not answers:
            raise forms.ValidationError(_("The sheet has no answers to save."))
        return answers


def row_problems(problems: list[tuple[int | None, str]]) -> list[str]:
    """A sheet's problems as lines to show, by row, at most a page of them."""
    shown = Problems(problems, limit=MAX_SHOWN_PROBLEMS)
    lines = [
        _("Row %(row)s: %(message)s") % {"row": row, "message": message} if row else message
        for row, message in shown
    ]
    if shown.more:
        lines.append(shown.more_text)
    return lines


class RoundForm(forms.Form):
    """Open a round for one partnership: its members are the choices."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example “Zelfscan januari 2027”."),
    )
    kind = forms.ChoiceField(label=_("Kind of round"), choices=RoundKind.choices)
    framework = forms.ModelChoiceField(label=_("Norm framework"), queryset=Framework.objects.none())
    deadline = forms.DateField(
        label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each gets its own scan in this round."),
    )
    anonymise = forms.BooleanField(
        label=_("Anonymise organisations for participants"),
        required=False,
        initial=True,
        help_text=_(
            "Participants then see the common threads and heatmap without the names of "
            "other organisations. Coordinators and assessors always see names."
        ),
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = Framework.objects.order_by("name", "-created_at")  # type: ignore[attr-defined]
        members = partnership.members.order_by("name")
        self.fields["organisations"].queryset = members  # type: ignore[attr-defined]
        if not self.is_bound:
            latest = Framework.objects.order_by("-created_at").first()
            if latest:
                self.initial["framework"] = latest.pk
            # Selected to begin with: the members the framework is written for.
            meant = (
                members.filter(kind__in=latest.meant_for)
                if latest and latest.meant_for
                else members
            )
            self.initial["organisations"] = list(meant.values_list("pk", flat=True))


class CloneForm(forms.Form):
    title = forms.CharField(label=_("Title of the next round"), max_length=200)
    deadline = forms.DateField(
        label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    framework = forms.ModelChoiceField(
        label=_("Norm framework"),
        queryset=Framework.objects.order_by("name", "-created_at"),
        help_text=_("Usually the same version; with a newer version, norms are matched by code."),
    )


class ReminderForm(forms.Form):
    """No fields: the coordinator's button to remind latecomers now."""


class AgreeForm(forms.Form):
    option = forms.TypedChoiceField(label=_("Agreed score"), coerce=int)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why this score, for example which evidence was delivered afterwards."),
    )

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self._options = {o.pk: o for o in options}
        self.fields["option"].choices = [("", "—"), *((o.pk, o.label) for o in options)]  # type: ignore[attr-defined]

    def clean_option(self):
        return self._options[self.cleaned_data["option"]]


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Evidence (file)"),
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument, image or text; at most 10 MB."),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        max_length=1000,
        help_text=_("For example: the wrong document was attached to a norm."),
    )
