from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from dijkwacht.organisations.models import Organisation, Partnership
from dijkwacht.organisations.roles import COORDINATOR_GIVES


class ChoosePartnershipForm(forms.Form):
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        label=_("Partnership"),
        empty_label=None,
    )

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]


class InvitePersonForm(forms.Form):
    """Bring someone into the partnership: a role at one of its organisations, and an
    invitation by e-mail for someone without an account."""

    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    full_name = forms.CharField(label=_("Name"), max_length=150)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Organisation"),
        empty_label=_("Choose an organisation"),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(role.value, capfirst(role.label)) for role in COORDINATOR_GIVES],
        help_text=_(
            "A contributor updates the organisation's actions; a viewer reads the partnership's "
            "programmes and figures; an assessor reviews scans; a coordinator keeps the "
            "partnership's plans and rounds."
        ),
    )
    title = forms.CharField(label=_("Job title"), max_length=150, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = members  # type: ignore[attr-defined]
