from django import forms
from django.utils.translation import gettext_lazy as _

from dijkwacht.organisations.models import Organisation, Partnership
from dijkwacht.organisations.roles import Role


class ChoosePartnershipForm(forms.Form):
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        label=_("Partnership"),
        empty_label=None,
    )

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    full_name = forms.CharField(label=_("Name"), max_length=150)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Organisation"),
        empty_label=_("Choose an organisation"),
    )
    role = forms.ChoiceField(label=_("Role"))
    title = forms.CharField(label=_("Job title"), max_length=150, required=False)

    def __init__(self, *args, partnership: Partnership, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = partnership.members.order_by("name")  # type: ignore[attr-defined]
        self.fields["role"].choices = [(role.value, ROLE_HELP[role]) for role in roles]  # type: ignore[attr-defined]


# What each role may do, as the invitation form says it.
ROLE_HELP = {
    Role.CONTRIBUTOR: _("Contributor: updates the organisation's actions and fills in its scans"),
    Role.VIEWER: _("Viewer: reads programmes, figures and reports"),
    Role.ASSESSOR: _("Assessor: reviews the partnership's scans"),
    Role.COORDINATOR: _("Coordinator: runs the partnership's programmes and scans"),
}
