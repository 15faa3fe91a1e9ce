"""The learning module: the courses with the person's own completion, a course page by page,
its questions with the outcome and the explanations, and the person's certificate."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.awareness import documents, selectors, services
from dijkwacht.awareness.forms import CourseAnswersForm
from dijkwacht.core.forms import attach_errors
from dijkwacht.exports.download import attachment


@require_GET
def course_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "awareness/course_list.html",
        {"courses": selectors.courses_for(request.user), "today": timezone.localdate()},
    )


@require_GET
def course_page(request: AuthenticatedHttpRequest, pk: int, number: int) -> HttpResponse:
    course = selectors.get_course_for(request.user, pk)
    page, total = selectors.course_page(course, number)
    return render(
        request,
        "awareness/course_page.html",
        {
            "course": course,
            "page": page,
            "paragraphs": page.paragraphs,
            "number": number,
            "total": total,
        },
    )


@require_http_methods(["GET", "POST"])
def course_questions(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The questions; answered, the outcome with each right answer and its explanation (and,
    when enough were right, the completion and its certificate)."""
    course = selectors.get_course_for(request.user, pk)
    questions = selectors.course_questions(course)
    form = CourseAnswersForm(
        request.POST or None,
        questions=questions,
        organisations=selectors.own_organisations(request.user),
    )
    context: dict[str, Any] = {"course": course, "form": form}
    if not form.organisations:
        # The module counts for an organisation: without one, say so instead of a form.
        return render(request, "awareness/course_questions.html", {**context, "form": None})
    if request.method == "POST" and form.is_valid():
        answers = form.answers()
        try:
            result, completion = services.course_complete(
                actor=request.user,
                course=course,
                organisation=form.cleaned_data["organisation"],
                answers=answers,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            context.update(
                result=result,
                completion=completion,
                review=[
                    {
                        "question": q,
                        "right": given == q.correct,
                        # The admin keeps the right answer among the answers; a course
                        # edited meanwhile shows none rather than fail.
                        "correct": dict(enumerate(q.choice_list, start=1)).get(q.correct, ""),
                    }
                    for q, given in zip(questions, answers, strict=True)
                ],
            )
    return render(request, "awareness/course_questions.html", context)


@require_GET
def course_certificate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    completion = selectors.get_completion_for(request.user, pk)
    return attachment(
        documents.course_certificate_pdf(completion),
        f"certificaat-{completion.course.code}-{completion.completed_on:%Y%m%d}.pdf",
    )
