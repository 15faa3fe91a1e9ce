from django import forms
from django.utils.translation import gettext_lazy as _

from dijkwacht.organisations.models import Partnership


class ChoosePartnershipForm(forms.Form):
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        label=_("Partnership"),
        empty_label=None,
    )

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]
