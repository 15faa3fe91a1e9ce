"""The learning module: the first course is there from the migration, enough right answers
record a completion for the person's own organisation until the renewal, too few record
nothing, completions count per organisation (each person once, only while they count), the
certificate is the person's own, and bad answers land next to their question."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from dijkwacht.awareness import learning, selectors, services
from dijkwacht.awareness.models import Course, CourseCompletion
from dijkwacht.core.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("verified")]


def _course() -> Course:
    return Course.objects.get(code=learning.COURSE["code"])


def _right(course: Course) -> list[int]:
    return [q.correct for q in course.questions.all()]


def test_the_first_course_is_there_with_its_pages_and_questions():
    course = _course()
    assert course.pages.count() == len(learning.COURSE["pages"])
    assert course.questions.count() == len(learning.COURSE["questions"])
    assert course.renewal_months == 12
    assert all(1 <= q.correct <= len(q.choice_list) for q in course.questions.all())


def test_outcome_needs_the_pass_mark():
    assert learning.outcome([1, 2, 2, 2, 1], [1, 2, 2, 2, 1], 80).passed
    four = learning.outcome([1, 2, 2, 2, 3], [1, 2, 2, 2, 1], 80)
    assert (four.right, four.share, four.passed) == (4, 80, True)
    three = learning.outcome([1, 2, None, 2, 3], [1, 2, 2, 2, 1], 80)
    assert (three.right, three.passed) == (3, False)
    assert learning.valid_until(datetime.date(2026, 1, 31), 12) == datetime.date(2027, 1, 30)
    with pytest.raises(ValueError):
        learning.outcome([1], [1, 2], 80)


def test_enough_right_answers_record_a_completion_until_the_renewal(enschede, contributor):
    course = _course()
    result, completion = services.course_complete(
        actor=contributor, course=course, organisation=enschede, answers=_right(course)
    )
    assert result.passed and completion is not None
    today = timezone.localdate()
    assert completion.completed_on == today
    assert completion.valid_until == learning.valid_until(today, 12)
    assert (completion.organisation, completion.right, completion.total) == (enschede, 5, 5)
    assert AuditEvent.objects.filter(action="awareness.course_complete").exists()


def test_too_few_right_answers_record_nothing(enschede, contributor):
    course = _course()
    wrong = [3 if c != 3 else 1 for c in _right(course)]
    result, completion = services.course_complete(
        actor=contributor, course=course, organisation=enschede, answers=wrong
    )
    assert not result.passed and completion is None
    assert not CourseCompletion.objects.exists()


def test_a_completion_counts_for_one_s_own_organisation_only(hengelo, contributor):
    course = _course()
    with pytest.raises(ValidationError) as refused:
        services.course_complete(
            actor=contributor, course=course, organisation=hengelo, answers=_right(course)
        )
    assert "organisation" in refused.value.message_dict


def test_an_answer_out_of_range_is_refused_next_to_its_question(enschede, contributor):
    course = _course()
    answers = _right(course)
    answers[1] = 9
    with pytest.raises(ValidationError) as refused:
        services.course_complete(
            actor=contributor, course=course, organisation=enschede, answers=answers
        )
    assert list(refused.value.message_dict) == [f"q-{course.questions.all()[1].pk}"]


def test_completions_count_per_organisation_each_person_once_while_they_count(
    twente, enschede, hengelo, contributor, coordinator, viewer
):
    course = _course()
    for person, organisation in ((contributor, enschede), (viewer, hengelo)):
        services.course_complete(
            actor=person, course=course, organisation=organisation, answers=_right(course)
        )
    # The contributor again (counted once) and the coordinator two years ago (expired).
    services.course_complete(
        actor=contributor, course=course, organisation=enschede, answers=_right(course)
    )
    services.course_complete(
        actor=coordinator, course=course, organisation=enschede, answers=_right(course)
    )
    two_years_ago = timezone.localdate() - datetime.timedelta(days=730)
    CourseCompletion.objects.filter(user=coordinator).update(
        completed_on=two_years_ago, valid_until=learning.valid_until(two_years_ago, 12)
    )
    services.sizes_save(
        actor=None,
        partnership=twente,
        organisation=enschede,
        valid_from=timezone.localdate().replace(day=1),
        sizes={course.target_group_id: 40},
    )
    (found,) = selectors.course_reach([course], [enschede, hengelo], timezone.localdate())
    rows = {o: cell.reach for o, cell in found.rows}
    assert (rows[enschede].reached, rows[enschede].size, rows[enschede].share) == (1, 40, 2)
    assert (rows[hengelo].reached, rows[hengelo].size) == (1, None)
    # For a reader who coordinates Enschede only, Hengelo's 1 is suppressed.
    (seen,) = selectors.course_reach(
        [course], [enschede, hengelo], timezone.localdate(), sees=[enschede.pk]
    )
    cells = dict(seen.rows)
    assert not cells[enschede].suppressed
    assert cells[hengelo].suppressed and cells[hengelo].reach.share is None


def test_the_pages_the_questions_and_the_certificate(client, enschede, contributor, viewer):
    course = _course()
    client.force_login(contributor)
    listing = client.get(reverse("awareness:course_list")).content.decode()
    assert course.title in listing
    first = client.get(reverse("awareness:course_page", args=[course.pk, 1]))
    assert course.pages.first().title in first.content.decode()
    assert client.get(reverse("awareness:course_page", args=[course.pk, 99])).status_code == 404
    url = reverse("awareness:course_questions", args=[course.pk])
    answers = {f"q-{q.pk}": str(q.correct) for q in course.questions.all()}
    done = client.post(url, answers)
    assert done.status_code == 200
    assert "5 van de 5" in done.content.decode()
    completion = CourseCompletion.objects.get(user=contributor)
    certificate = client.get(reverse("awareness:course_certificate", args=[completion.pk]))
    assert certificate["Content-Type"] == "application/pdf"
    client.force_login(viewer)  # another person, of another member
    assert (
        client.get(reverse("awareness:course_certificate", args=[completion.pk])).status_code == 404
    )


def test_an_unanswered_question_gets_its_message_and_nothing_is_recorded(
    client, enschede, contributor
):
    course = _course()
    client.force_login(contributor)
    questions = list(course.questions.all())
    answers = {f"q-{q.pk}": str(q.correct) for q in questions[1:]}
    answers[f"q-{questions[1].pk}"] = "7"
    response = client.post(reverse("awareness:course_questions", args=[course.pk]), answers)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {f"q-{questions[0].pk}", f"q-{questions[1].pk}"}
    assert not CourseCompletion.objects.exists()


def test_someone_without_an_organisation_reads_but_completes_nothing(client, loner):
    course = _course()
    with pytest.raises(PermissionDenied):
        services.course_complete(
            actor=loner, course=course, organisation=None, answers=_right(course)
        )


def test_a_course_out_of_use_is_404_and_refused(client, enschede, contributor):
    course = _course()
    Course.objects.filter(pk=course.pk).update(active=False)
    client.force_login(contributor)
    assert client.get(reverse("awareness:course_page", args=[course.pk, 1])).status_code == 404
    assert client.get(reverse("awareness:course_questions", args=[course.pk])).status_code == 404
    course.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.course_complete(
            actor=contributor, course=course, organisation=enschede, answers=_right(course)
        )


def test_someone_without_an_organisation_is_told_instead_of_given_a_form(client, loner):
    course = _course()
    client.force_login(loner)
    url = reverse("awareness:course_questions", args=[course.pk])
    for response in (
        client.get(url),
        client.post(url, {f"q-{q.pk}": "1" for q in course.questions.all()}),
    ):
        assert response.status_code == 200
        assert "hoort bij geen" in response.content.decode()
    assert not CourseCompletion.objects.exists()


def test_the_organisation_s_coordinator_gets_the_certificate_another_does_not(
    client, enschede, contributor, coordinator, other_coordinator
):
    course = _course()
    _result, completion = services.course_complete(
        actor=contributor, course=course, organisation=enschede, answers=_right(course)
    )
    url = reverse("awareness:course_certificate", args=[completion.pk])
    client.force_login(coordinator)  # Enschede's coordinator
    assert client.get(url).status_code == 200
    client.force_login(other_coordinator)
    assert client.get(url).status_code == 404


def test_reach_shows_a_small_count_of_completions_only_to_the_member_s_coordinators(
    client, twente, enschede, contributor, coordinator, viewer
):
    course = _course()
    services.course_complete(
        actor=contributor, course=course, organisation=enschede, answers=_right(course)
    )
    services.sizes_save(
        actor=None,
        partnership=twente,
        organisation=enschede,
        valid_from=timezone.localdate().replace(day=1),
        sizes={course.target_group_id: 40},
    )
    url = reverse("awareness:reach", args=[twente.pk])

    def enschede_cell(user) -> str:
        client.force_login(user)
        page = client.get(url).content.decode()
        table = page[page.index(f"Afgerond: {course.title}") :]
        row = table[table.index("Enschede") :]
        return row[: row.index("</tr>")]

    assert "1 van 40" in enschede_cell(coordinator)
    seen_by_viewer = enschede_cell(viewer)
    assert "&lt;5" in seen_by_viewer and "1 van 40" not in seen_by_viewer
