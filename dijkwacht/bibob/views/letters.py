"""The letters to the applicant: made from a screening as Word or PDF, and the team's own
texts to make them from.

Making a letter reads the screening's content (the applicant's name, the decision), so it
goes through `selectors.open_screening` with the purpose "letter" and is logged. What the
officer types for one letter (the address, the reasons) goes into the document only: it is
not stored.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.bibob import documents, letters, selectors, services
from dijkwacht.bibob.forms import LetterForm, LetterTemplateForm
from dijkwacht.bibob.models import LetterKind, Purpose, Screening
from dijkwacht.bibob.permissions import bibob_organisation_ids
from dijkwacht.core.forms import attach_errors
from dijkwacht.exports.download import attachment
from dijkwacht.organisations.models import Organisation
from dijkwacht.organisations.selectors import organisations_by_pk

# The days an applicant gets to give a view on an intention to refuse, unless changed.
VIEW_DAYS = 14


def _kind(kind: str) -> LetterKind:
    if kind not in LetterKind.values:
        raise Http404
    return LetterKind(kind)


def _reply_by(screening: Screening, kind: LetterKind, today: datetime.date) -> datetime.date:
    if kind == LetterKind.QUESTIONNAIRE:
        if screening.questionnaire_due_on:
            return screening.questionnaire_due_on
        terms = selectors.legal_terms().on(screening.opened_on)
        return today + datetime.timedelta(days=terms.questionnaire_days)
    return today + datetime.timedelta(days=VIEW_DAYS)


@never_cache
@sensitive_post_parameters("address", "reasons")
@require_http_methods(["GET", "POST"])
def letter_new(request: AuthenticatedHttpRequest, pk: int, kind: str) -> HttpResponse:
    letter_kind = _kind(kind)
    screening = selectors.open_screening(request.user, pk, Purpose.LETTER)
    texts = selectors.letter_text(screening.organisation, letter_kind)
    asks_reasons = "motivering" in letters.names(texts.body + texts.subject + texts.closing)
    today = timezone.localdate()
    form = LetterForm(
        request.POST or None,
        asks_reasons=asks_reasons,
        initial={"date": today, "reply_by": _reply_by(screening, letter_kind, today)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        letter = letters.compose(
            subject=texts.subject,
            body=texts.body,
            closing=texts.closing,
            address=data["address"],
            values=letters.screening_values(
                screening, date=data["date"], reply_by=data["reply_by"], reasons=data["reasons"]
            ),
        )
        if data.get("format") == "pdf":
            return attachment(documents.letter_pdf(letter), f"{letter.filename_stem}-{kind}.pdf")
        return attachment(documents.letter_docx(letter), f"{letter.filename_stem}-{kind}.docx")
    return render(
        request,
        "bibob/letter_form.html",
        {"form": form, "screening": screening, "kind": letter_kind, "texts": texts},
        status=400 if form.is_bound else 200,
    )


def _team(request: AuthenticatedHttpRequest) -> list[Organisation]:
    organisations = organisations_by_pk(bibob_organisation_ids(request.user))
    if not organisations:
        raise Http404
    return organisations


def _own_organisation(request: AuthenticatedHttpRequest, organisation_id: int) -> Organisation:
    chosen = {o.pk: o for o in _team(request)}.get(organisation_id)
    if chosen is None:
        raise Http404
    return chosen


@require_GET
def letter_templates(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisations = _team(request)
    return render(
        request,
        "bibob/letter_templates.html",
        {
            "texts": selectors.letter_texts(organisations),
            "show_organisation": len(organisations) > 1,
        },
    )


@require_http_methods(["GET", "POST"])
def letter_template_edit(
    request: AuthenticatedHttpRequest, organisation_id: int, kind: str
) -> HttpResponse:
    letter_kind = _kind(kind)
    organisation = _own_organisation(request, organisation_id)
    texts = selectors.letter_text(organisation, letter_kind)
    form = LetterTemplateForm(
        request.POST or None,
        initial={"subject": texts.subject, "body": texts.body, "closing": texts.closing},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.letter_template_save(
                actor=request.user, organisation=organisation, kind=kind, **form.cleaned_data
            )
        except ValidationError as error:
            attach_errors(form, error)
        except PermissionDenied as denied:
            raise Http404 from denied
        else:
            messages.success(
                request,
                _("The text of the letter “%(letter)s” is saved.") % {"letter": texts.label},
            )
            return redirect("bibob:letter_templates")
    return render(
        request,
        "bibob/letter_template_form.html",
        {
            "form": form,
            "texts": texts,
            "organisation": organisation,
            "fields": letters.FIELDS,
        },
        status=400 if form.is_bound else 200,
    )


@require_POST
def letter_template_reset(
    request: AuthenticatedHttpRequest, organisation_id: int, kind: str
) -> HttpResponse:
    letter_kind = _kind(kind)
    organisation = _own_organisation(request, organisation_id)
    services.letter_template_reset(actor=request.user, organisation=organisation, kind=kind)
    messages.success(
        request,
        _("The letter “%(letter)s” uses the default text again.") % {"letter": letter_kind.label},
    )
    return redirect("bibob:letter_templates")
