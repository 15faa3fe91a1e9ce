from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import ngettext

from dijkwacht.core.problems import Problems
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


MAX_SHOWN_PROBLEMS = 50


class FileProblems:
    """For a form with a `file` field read by its cleaning: the file's problems on that field,
    a summary and each problem below it (`problems`, which `core/field.html` lists)."""

    problems: list[str]

    def show_problems(self: Any, problems: list[Any]) -> None:
        shown = Problems(problems, limit=MAX_SHOWN_PROBLEMS)
        self.problems = [str(p) for p in shown]
        if shown.more:
            self.problems.append(shown.more_text)
        error = forms.ValidationError(
            ngettext(
                "The file has %(count)s problem; nothing has been saved.",
                "The file has %(count)s problems; nothing has been saved.",
                shown.total,
            )
            % {"count": shown.total}
        )
        if "file" in self.cleaned_data:
            self.add_error("file", error)
        else:
            raise error
