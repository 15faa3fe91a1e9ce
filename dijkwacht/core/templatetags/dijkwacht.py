from typing import Any

from django import forms, template
from django.utils.safestring import SafeString

from dijkwacht.core import dates
from dijkwacht.core.suppression import shown

register = template.Library()

_WIDGET_CLASSES = {
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.SelectMultiple: "utrecht-select utrecht-select--html-select",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.RadioSelect: "",
    forms.CheckboxSelectMultiple: "",
}


def _widget_class(widget: forms.Widget) -> str:
    for kind, css in _WIDGET_CLASSES.items():
        if isinstance(widget, kind):
            return css
    return "utrecht-textbox utrecht-textbox--html-input"


@register.filter
def nlds_widget(field: forms.BoundField) -> SafeString:
    """Render a form field's widget with NL Design System classes and the ARIA links to its
    description and error message."""
    css = _widget_class(field.field.widget)
    attrs: dict[str, str | bool] = {}
    describedby = []
    if field.help_text:
        describedby.append(f"{field.auto_id}_help")
    if field.errors:
        describedby.append(f"{field.auto_id}_error")
        attrs["aria-invalid"] = "true"
        css += " utrecht-textbox--invalid" if "textbox" in css else ""
    if describedby:
        attrs["aria-describedby"] = " ".join(describedby)
    if field.field.required:
        attrs["required"] = ""
    if css:
        attrs["class"] = css
    return field.as_widget(attrs=attrs)


@register.filter
def get_item(mapping: dict | None, key: Any) -> Any:
    """A dictionary lookup by a variable key (`{{ fields|get_item:section.key }}`)."""
    return (mapping or {}).get(key)


@register.filter
def count_shown(count: Any) -> str:
    """A count that may be suppressed or withheld: the number, "<5" or "×"."""
    return shown(count)


@register.filter
def short_date(value, time: str = "") -> str:
    """`{{ when|short_date }}` gives "24 nov. 2026"; `{{ when|short_date:"time" }}` adds 14:05."""
    return dates.short_date(value, with_time=time == "time")
