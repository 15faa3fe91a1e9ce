from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from dijkwacht.core.uploads import refused_message, refused_uploads


class LineText(forms.CharField):
    """Browsers send a textarea's line breaks as CR LF; texts are stored with LF, so a text
    sent back unchanged compares equal (and a line break counts once against a limit)."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value


def attach_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: next to the field it names when the form
    has that field, above the form otherwise. Never raises for unknown field names."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        target = field if field in form.fields and field != NON_FIELD_ERRORS else None
        form.add_error(target, [message for e in errors for message in e.messages])


def refuse_large_uploads[F: forms.BaseForm](form: F, request: Any, field: str) -> F:
    """A bound form whose request had a file refused as too large by the upload handler
    (`core.uploads.BoundedUploadHandler`): say so next to `field`, instead of "required" or
    nothing. The form is then invalid."""

    names = refused_uploads(request)
    if names and form.is_bound:
        form.full_clean()
        form.errors[field] = form.error_class([refused_message(names)])
        form.cleaned_data.pop(field, None)
    return form
