from django import forms
from django.utils.translation import gettext_lazy as _


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
