"""Forms of the public meldpunt: the report form and the receipt code for following a report up.

What a reporter types goes to the services as plain strings and lists under stable Dutch keys
(`answers_for`), the same from the web form and from the public API.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dijkwacht.core.uploads import MAX_EVIDENCE_BYTES
from dijkwacht.meldpunt import services
from dijkwacht.meldpunt.models import AggressionForm, Identity, IntegrityCategory, Kind

# The questions every report may answer, and those that belong to one kind only.
COMMON_QUESTIONS = ("wanneer", "waar", "betrokkenen", "hoe_opgemerkt")
KIND_QUESTIONS: dict[str, tuple[str, ...]] = {
    Kind.INTEGRITY: ("categorie",),
    Kind.AGGRESSION: ("vorm", "slachtoffer", "gevolgen", "aangifte"),
}
POLICE_REPORT_CHOICES = [
    ("ja", _("yes")),
    ("nee", _("no")),
    ("weet_niet", _("I don't know")),
]
MAX_SHORT = 200
MAX_LONG = 2000


def answers_for(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """The answers to keep for a report of this kind: the common questions and the questions
    of the chosen kind; whatever was filled in for another kind is left out."""
    keys = COMMON_QUESTIONS + KIND_QUESTIONS.get(kind, ())
    answers: dict[str, Any] = {}
    for key in keys:
        value = data.get(key)
        if isinstance(value, (list, tuple)):
            values = [str(v) for v in value if v]
            if values:
                answers[key] = values
        elif value:
            answers[key] = str(value)
    return answers


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Zero or more files; each within the size limit. Their content is checked by the service
    (content sniffing), which names the file that is refused."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        uploads = data if isinstance(data, (list, tuple)) else [data]
        uploads = [upload for upload in uploads if upload]
        if len(uploads) > services.MAX_ATTACHMENTS:
            raise forms.ValidationError(
                _("Add at most %(count)s files.") % {"count": services.MAX_ATTACHMENTS}
            )
        single = super().clean
        cleaned = [single(upload, initial) for upload in uploads]
        too_large = [u.name for u in cleaned if u.size > MAX_EVIDENCE_BYTES]
        if too_large:
            raise forms.ValidationError(
                [
                    _("%(name)s: the file is larger than %(max)s MB.")
                    % {"name": name, "max": MAX_EVIDENCE_BYTES // (1024 * 1024)}
                    for name in too_large
                ]
            )
        return cleaned


def _attachments_help() -> str:
    return _(
        "At most %(count)s files of at most %(max)s MB each: PDF, images (PNG, JPEG), Word, "
        "Excel, PowerPoint, OpenDocument or text."
    ) % {"count": services.MAX_ATTACHMENTS, "max": MAX_EVIDENCE_BYTES // (1024 * 1024)}


class ReportForm(forms.Form):
    """The report. Which questions apply depends on the kind; all are in the page, so the form
    works without JavaScript."""

    kind = forms.ChoiceField(
        label=_("What is your report about?"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the report is about.")},
    )
    description = forms.CharField(
        label=_("What happened?"),
        max_length=services.MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Describe it in your own words. Write down what you saw or heard yourself."),
        error_messages={"required": _("Describe what you want to report.")},
    )
    wanneer = forms.CharField(
        label=_("When did it happen?"),
        required=False,
        max_length=MAX_SHORT,
        help_text=_("A date, or roughly: for example “last week” or “since March”."),
    )
    waar = forms.CharField(label=_("Where did it happen?"), required=False, max_length=MAX_SHORT)
    betrokkenen = forms.CharField(
        label=_("Who is involved?"),
        required=False,
        max_length=MAX_LONG,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Names, roles or a description, as far as you know."),
    )
    hoe_opgemerkt = forms.CharField(
        label=_("How did you notice it?"),
        required=False,
        max_length=MAX_LONG,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    # Integrity concern
    categorie = forms.ChoiceField(
        label=_("What kind of breach is it?"),
        required=False,
        choices=IntegrityCategory.choices,
        widget=forms.RadioSelect,
    )

    # Aggression or violence
    vorm = forms.MultipleChoiceField(
        label=_("What form did it take?"),
        required=False,
        choices=AggressionForm.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose all that apply."),
    )
    slachtoffer = forms.CharField(
        label=_("Which employee was it aimed at?"),
        required=False,
        max_length=MAX_SHORT,
        help_text=_("You, or a colleague: name or role."),
    )
    gevolgen = forms.CharField(
        label=_("What were the consequences?"),
        required=False,
        max_length=MAX_LONG,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example injury, damage, absence from work, or the need for aftercare."),
    )
    aangifte = forms.ChoiceField(
        label=_("Was a report made to the police?"),
        required=False,
        choices=POLICE_REPORT_CHOICES,
        widget=forms.RadioSelect,
    )

    attachments = MultipleFileField(label=_("Files (optional)"))

    identity = forms.ChoiceField(
        label=_("How do you want to report?"),
        choices=Identity.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how you want to report: anonymous, confidential or open.")
        },
    )
    name = forms.CharField(label=_("Name"), required=False, max_length=MAX_SHORT)
    email = forms.EmailField(label=_("E-mail address"), required=False, max_length=MAX_SHORT)
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=30)
    with_my_name = forms.BooleanField(
        label=_("Report with my name and e-mail address from my account"), required=False
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user if getattr(user, "is_authenticated", False) else None
        if self.user is None:
            del self.fields["with_my_name"]
        self.fields["attachments"].help_text = _attachments_help()
        self.fields["identity"].help_text = _(
            "Anonymous: nobody knows who you are. Confidential: only the people who handle "
            "reports know who you are; they share it only with your consent. Open: you "
            "report with your name."
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("with_my_name") and self.user is not None:
            data["name"] = getattr(self.user, "full_name", "") or ""
            data["email"] = self.user.email
            if data.get("identity") != Identity.CONFIDENTIAL:
                data["identity"] = Identity.OPEN
        identity = data.get("identity")
        if identity in (Identity.CONFIDENTIAL, Identity.OPEN) and not self.contact(data):
            self.add_error(
                "name", _("Give your name or a way to reach you, or report anonymously.")
            )
        return data

    @staticmethod
    def contact(data: dict[str, Any]) -> dict[str, str]:
        return {key: data[key] for key in ("name", "email", "phone") if data.get(key)}

    def submission(self) -> dict[str, Any]:
        """The keyword arguments for `services.report_submit` (without the organisation). An
        anonymous report passes no contact details at all."""
        data = self.cleaned_data
        identity = data["identity"]
        return {
            "kind": data["kind"],
            "description": data["description"],
            "identity": identity,
            "answers": answers_for(data["kind"], data),
            "reporter": None if identity == Identity.ANONYMOUS else self.contact(data),
            "attachments": data.get("attachments") or [],
        }


class CodeInput(forms.TextInput):
    """A code is never written back into the page: after a wrong one the box is empty."""

    def format_value(self, value: Any) -> str | None:
        return None


class FollowUpForm(forms.Form):
    code = forms.CharField(
        label=_("Your code"),
        max_length=40,
        help_text=_("The 16 digits you got when you made the report. Spaces are allowed."),
        widget=CodeInput(
            attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={"required": _("Type the code you got when you made the report.")},
    )


class ReplyForm(forms.Form):
    """The reporter's answer, sent with the code again (a hidden field; nothing is kept
    between requests)."""

    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    body = forms.CharField(
        label=_("Your message"),
        required=False,
        max_length=services.MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachments = MultipleFileField(label=_("Files (optional)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _attachments_help()


def error_summary(*forms_: forms.BaseForm) -> list[tuple[str, str]]:
    """(anchor, message) for every error, for the summary at the top of the page: each links
    to the field (the first option of a group of choices). The messages name what to do, so
    they stand on their own."""
    summary: list[tuple[str, str]] = []
    for form in forms_:
        for message in form.non_field_errors():
            summary.append(("", str(message)))
        for name, field in form.fields.items():
            if name not in form.errors:
                continue
            bound = form[name]
            anchor = bound.auto_id
            if isinstance(field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
                anchor = f"{anchor}_0"
            for message in form.errors[name]:
                summary.append((anchor, str(message)))
    return summary
