from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from dijkwacht.programmes.models import Status


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
