from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dijkwacht.notifications.events import Delivery, Event


class PreferencesForm(forms.Form):
    """A choice per kind of event; a mandatory one is shown, fixed at 'at once'."""

    def __init__(self, *args: Any, preferences: list[tuple[Event, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for event, delivery in preferences:
            field = forms.ChoiceField(
                label=str(event.label),
                choices=Delivery.choices,
                initial=Delivery.IMMEDIATELY if event.mandatory else delivery,
                widget=forms.RadioSelect,
                disabled=event.mandatory,
                required=False,
                help_text=_("Required: this cannot be switched off.") if event.mandatory else "",
            )
            self.fields[event.key] = field
