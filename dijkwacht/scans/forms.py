from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dijkwacht.scans.frameworks import read_framework, read_framework_workbook


class AnswerForm(forms.Form):
    """One norm's answer. The scale comes in as a list read once per page: a scan page shows a
    form per norm, and a model choice field would query the scale for each of them."""

    option = forms.TypedChoiceField(label=_("Answer"), coerce=int)
    explanation = forms.CharField(
        label=_("Explanation"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    evidence_url = forms.URLField(
        label=_("Evidence (link)"), required=False, max_length=200,
        help_text=_("A link to the document that shows it, for example in the document system."),
    )  # fmt: skip

    finding = forms.CharField(
        label=_("Finding"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    recommendation = forms.CharField(
        label=_("Recommendation"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip

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
            self.problems = [f"{where}: {message}" for where, message in problems]
            if len(self.problems) > MAX_SHOWN_PROBLEMS:
                hidden = len(self.problems) - MAX_SHOWN_PROBLEMS
                self.problems[MAX_SHOWN_PROBLEMS:] = [
                    ngettext("… and %(count)s more problem.", "… and %(count)s more problems.",
                             hidden) % {"count": hidden}
                ]  # fmt: skip
            raise forms.ValidationError(
                ngettext(
                    "The file has %(count)s problem; nothing has been imported.",
                    "The file has %(count)s problems; nothing has been imported.",
                    len(problems),
                )
                % {"count": len(problems)}
            )
        return spec
