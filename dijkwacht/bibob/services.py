"""The Bibob register owns a municipality's integrity screenings: opening one, recording its
steps on the statutory clock, passing information on under art. 28 Wet Bibob, warning the team
before a term runs out, and destroying what is past its retention.

Only the organisation's Bibob officers write here. Audit events and notifications carry the
reference and the status, never the subject, the decision or a note.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dijkwacht.accounts.types import Actor
from dijkwacht.bibob import clock, letters, workflow
from dijkwacht.bibob.models import (
    AccessLog,
    AdviceConclusion,
    Application,
    Category,
    DeletionLog,
    Disclosure,
    Finding,
    LetterKind,
    LetterTemplate,
    Outcome,
    Policy,
    PolicyRule,
    Purpose,
    Recipient,
    RetentionRule,
    Screening,
    Status,
    Step,
)
from dijkwacht.bibob.notifications import TERM_DUE, TERM_OVERDUE
from dijkwacht.bibob.permissions import bibob_organisation_ids, may_keep_policy, team_members
from dijkwacht.bibob.selectors import (
    CLOCK_FIELDS,
    CONTENT_FIELDS,
    TERM_LABELS,
    clock_of,
    lbb_of,
    legal_terms,
    policy_matrix,
)
from dijkwacht.core.services import audit_record, changed_fields
from dijkwacht.notifications.services import notify
from dijkwacht.organisations.models import Organisation, Partnership
from dijkwacht.organisations.permissions import can_coordinate
from dijkwacht.programmes.services import action_create

# The base facts of a screening a team may correct after opening it.
BASE_FIELDS = (
    "category",
    "decision_subject",
    "decision_due_on",
    "subject_kind",
    "subject_name",
    "subject_kvk",
    "trigger",
    "trigger_note",
)


def _check_team(actor: Actor, organisation_id: int) -> None:
    if organisation_id not in bibob_organisation_ids(actor):
        raise PermissionDenied(_("Only the organisation's Bibob officers keep its screenings."))


def _next_reference(organisation: Organisation, year: int) -> str:
    """BIBOB-2026-007: the organisation's own numbering per year."""
    prefix = f"BIBOB-{year}-"
    taken = Screening.objects.filter(
        organisation=organisation, reference__startswith=prefix
    ).values_list("reference", flat=True)
    numbers = [int(r.removeprefix(prefix)) for r in taken if r.removeprefix(prefix).isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


# A legal term or return date further off than this is a typing error (and would carry the
# clock's arithmetic past the calendar's end).
FURTHEST = datetime.timedelta(days=3653)


def _check_term(due: datetime.date | None, opened_on: datetime.date) -> None:
    if due is None:
        return
    if due < opened_on:
        raise ValidationError(
            {"decision_due_on": _("The legal term cannot end before the screening opened.")}
        )
    if due > opened_on + FURTHEST:
        raise ValidationError(
            {"decision_due_on": _("The legal term lies more than ten years after the opening.")}
        )


def _clean_base(values: dict[str, Any]) -> dict[str, Any]:
    """Trimmed texts, and the KvK number as its 8 digits."""
    cleaned = dict(values)
    for name in ("decision_subject", "subject_name", "subject_kvk", "trigger_note"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    kvk = cleaned.get("subject_kvk", "")
    if kvk:
        digits = "".join(c for c in kvk if not c.isspace())
        if not (digits.isdigit() and len(digits) == 8):
            raise ValidationError({"subject_kvk": _("A KvK number has 8 digits.")})
        cleaned["subject_kvk"] = digits
    return cleaned


def screening_create(
    *,
    actor: Actor,
    organisation: Organisation,
    category: Category,
    decision_subject: str,
    subject_kind: str,
    subject_name: str,
    trigger: str,
    opened_on: datetime.date,
    decision_due_on: datetime.date | None = None,
    subject_kvk: str = "",
    trigger_note: str = "",
) -> Screening:
    """Open a screening for the organisation's Bibob team, numbered in its year."""
    _check_team(actor, organisation.pk)
    values = _clean_base(
        {
            "decision_subject": decision_subject,
            "subject_name": subject_name,
            "subject_kvk": subject_kvk,
            "trigger_note": trigger_note,
        }
    )
    if opened_on > timezone.localdate():
        raise ValidationError({"opened_on": _("A screening cannot open in the future.")})
    _check_term(decision_due_on, opened_on)
    for attempt in range(5):
        try:
            with transaction.atomic():
                screening = Screening(
                    organisation=organisation,
                    reference=_next_reference(organisation, opened_on.year),
                    domain=category.domain,
                    category=category,
                    decision_due_on=decision_due_on,
                    subject_kind=subject_kind,
                    trigger=trigger,
                    opened_on=opened_on,
                    **values,
                )
                screening.full_clean(exclude=["organisation", "category"])
                screening.save()
                Step.objects.create(
                    screening=screening,
                    action="open",
                    date=opened_on,
                    by=actor,
                    at=timezone.now(),
                )
                audit_record(
                    actor=actor,
                    action="bibob.screening_opened",
                    obj=screening,
                    organisation=organisation,
                )
                return screening
        except IntegrityError:
            # Another officer took the same number in the same instant: take the next one.
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def screening_update(*, actor: Actor, screening: Screening, **values: Any) -> Screening:
    """Correct a screening's base facts. The audit names the fields changed, not their
    content (every one of them may name the subject)."""
    _check_team(actor, screening.organisation_id)
    unknown = set(values) - set(BASE_FIELDS)
    if unknown:
        raise TypeError(f"not a base field: {sorted(unknown)}")
    values = _clean_base(values)
    with transaction.atomic():
        locked = Screening.objects.select_for_update().get(pk=screening.pk)
        _check_term(values.get("decision_due_on"), locked.opened_on)
        changed = [name for name, value in values.items() if getattr(locked, name) != value]
        for name, value in values.items():
            setattr(locked, name, value)
        if "category" in values:
            locked.domain = values["category"].domain
        locked.full_clean(exclude=["organisation", "category"])
        locked.save()
        if changed:
            audit_record(
                actor=actor,
                action="bibob.screening_corrected",
                obj=locked,
                reason=", ".join(sorted(changed)),
                organisation=locked.organisation,
            )
        return locked


# Steps that may be recorded for any day since the opening (a consultation or a note added
# afterwards); every other step follows the steps before it.
ANY_DAY = ("note", "riec_consult")


def _date_problem(step: str, date: datetime.date, screening: Screening) -> str | None:
    if date > timezone.localdate():
        return _("A step cannot be recorded for a day still to come.")
    if date < screening.opened_on:
        return _("This date lies before the screening opened.")
    if step in ANY_DAY:
        return None
    latest = screening.steps.exclude(action__in=ANY_DAY).aggregate(latest=Max("date"))["latest"]
    if latest is not None and date < latest:
        return _("This date lies before the last step recorded (%(date)s).") % {
            "date": latest.strftime("%d-%m-%Y")
        }
    return None


def screening_step(
    *,
    actor: Actor,
    screening: Screening,
    action: str,
    date: datetime.date | None,
    note: str = "",
    **given: Any,
) -> Screening:
    """Record one step: check it against the workflow's table and the clock's rules, update
    the screening's dates, append the step. One short transaction, the row locked."""
    _check_team(actor, screening.organisation_id)
    note = (note or "").strip()
    with transaction.atomic():
        # Without the encrypted content: a step needs none of it, and loading it would be a
        # read that nobody logged.
        locked = Screening.objects.select_for_update().defer(*CONTENT_FIELDS).get(pk=screening.pk)
        try:
            status = workflow.next_status(
                locked.status, action, {"date": date, "note": note, **given}
            )
        except workflow.StepError as error:
            if error.missing:
                raise ValidationError(
                    {name: _("This field is required.") for name in error.missing}
                ) from error
            raise ValidationError(
                _("This step is not possible now (status: %(status)s).")
                % {"status": locked.get_status_display()}
            ) from error
        if date is None:  # the table asks it of every step; this tells the type checker
            raise ValidationError({"date": _("This field is required.")})
        problem = _date_problem(action, date, locked)
        if problem:
            raise ValidationError({"date": problem})
        value = _apply(locked, action, date, given)
        old_status = locked.status
        locked.status = status
        locked.full_clean(exclude=["organisation", "category", *CONTENT_FIELDS])
        locked.save()  # the loaded fields only: the content stays as it is
        Step.objects.create(
            screening=locked,
            action=action,
            date=date,
            value=value,
            note=note,
            by=actor,
            at=timezone.now(),
        )
        # One action for every step: which step it was (a register entry, say) would tell a
        # platform admin reading the audit a conclusion.
        audit_record(
            actor=actor,
            action="bibob.step",
            obj=locked,
            changes={"status": (old_status, status)} if old_status != status else None,
            organisation=locked.organisation,
        )
        return locked


def _apply(s: Screening, action: str, date: datetime.date, given: dict[str, Any]) -> str:
    """Set the fields a step changes; returns the value kept on the step (a conclusion, a
    number of weeks), never content."""
    terms = legal_terms().on(s.lbb_requested_on or date)
    if action == "questionnaire_send":
        due = given.get("due_on") or date + datetime.timedelta(days=terms.questionnaire_days)
        if due < date:
            raise ValidationError({"due_on": _("The return date lies before the sending.")})
        if due > date + datetime.timedelta(days=365):
            raise ValidationError({"due_on": _("The return date lies more than a year ahead.")})
        s.questionnaire_sent_on, s.questionnaire_due_on = date, due
        return due.isoformat()
    if action == "questionnaire_remind":
        due = given.get("due_on") or s.questionnaire_due_on
        if due is not None and due < date:
            raise ValidationError({"due_on": _("The new return date lies before the reminder.")})
        if due is not None and due > date + datetime.timedelta(days=365):
            raise ValidationError({"due_on": _("The return date lies more than a year ahead.")})
        s.questionnaire_reminded_on, s.questionnaire_due_on = date, due
        return due.isoformat() if due else ""
    if action == "questionnaire_receive":
        s.questionnaire_received_on, s.questionnaire_complete = date, True
        return ""
    if action == "questionnaire_not_returned":
        s.questionnaire_complete = False
        return ""
    if action == "investigate":
        finding = given["finding"]
        if finding not in Finding.values:
            raise ValidationError({"finding": _("Choose one of the findings.")})
        s.investigated_on, s.finding = date, finding
        return finding
    if action == "riec_consult":
        s.riec_consulted_on = date
        return ""
    if action == "lbb_request":
        reference = str(given["lbb_reference"]).strip()
        if len(reference) > 40:
            raise ValidationError({"lbb_reference": _("At most 40 characters.")})
        s.lbb_requested_on, s.lbb_reference = date, reference
        return ""
    if action == "lbb_question":
        if s.lbb_paused_since is not None:
            raise ValidationError(_("The LBB is already waiting for the applicant's answer."))
        s.lbb_paused_since = date
        return ""
    if action == "lbb_answer":
        if s.lbb_paused_since is None:
            raise ValidationError(_("The LBB has no open question to the applicant."))
        s.lbb_paused_days += (date - s.lbb_paused_since).days
        s.lbb_paused_since = None
        return ""
    if action == "lbb_extend":
        weeks = _whole(given["weeks"], "weeks")
        lbb = lbb_of(s) or clock.Lbb(date)
        if date > clock.advice_due(lbb, date, terms):
            raise ValidationError(
                {"date": _("The LBB extends its term before it runs out, not afterwards.")}
            )
        reason = clock.latest_extension(lbb, weeks, terms)
        if reason == "once":
            raise ValidationError(_("The LBB may extend its term only once."))
        if reason == "weeks":
            raise ValidationError(
                {"weeks": _("Between 1 and %(weeks)s weeks.") % {"weeks": terms.extension_weeks}}
            )
        s.lbb_extension_weeks = weeks
        return str(weeks)
    if action == "lbb_advice":
        conclusion = given["conclusion"]
        if conclusion not in AdviceConclusion.values:
            raise ValidationError({"conclusion": _("Choose one of the conclusions.")})
        if s.lbb_paused_since is not None:
            s.lbb_paused_days += (date - s.lbb_paused_since).days
            s.lbb_paused_since = None
        s.lbb_advice_on, s.lbb_conclusion = date, conclusion
        return conclusion
    if action == "view_request":
        s.view_requested_on = date
        return ""
    if action == "view_receive":
        s.view_received_on = date
        return ""
    if action == "decide":
        outcome = given["outcome"]
        if outcome not in Outcome.values:
            raise ValidationError({"outcome": _("Choose one of the decisions.")})
        s.outcome, s.decided_on = outcome, date
        return outcome
    if action == "register":
        if not s.danger_concluded:
            raise ValidationError(
                _("Only a conclusion of a lesser or serious degree of danger is registered.")
            )
        if s.registered_on is not None:
            raise ValidationError(_("This screening is already in the national register."))
        s.registered_on = date
        return ""
    return ""  # note


def _whole(value: Any, field: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise ValidationError({field: _("Enter a whole number.")}) from error


def screening_disclose(
    *,
    actor: Actor,
    screening: Screening,
    recipient: str,
    legal_ground: str,
    what: str,
    date: datetime.date,
    recipient_name: str = "",
) -> Disclosure:
    """Record that Bibob information went outside the team, with its legal ground (art. 28
    Wet Bibob). The step is logged as a read with the purpose of passing it on."""
    _check_team(actor, screening.organisation_id)
    if actor is None:  # _check_team refuses nobody's work already; this tells the type checker
        raise PermissionDenied
    if recipient not in Recipient.values:
        raise ValidationError({"recipient": _("Choose one of the recipients.")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("A step cannot be recorded for a day still to come.")})
    if date < screening.opened_on:
        raise ValidationError({"date": _("This date lies before the screening opened.")})
    with transaction.atomic():
        disclosure = Disclosure(
            screening=screening,
            recipient=recipient,
            recipient_name=recipient_name.strip(),
            legal_ground=legal_ground.strip(),
            what=what.strip(),
            date=date,
            by=actor,
            at=timezone.now(),
        )
        disclosure.full_clean(exclude=["screening", "by"])
        disclosure.save()
        AccessLog.objects.create(
            at=disclosure.at,
            user=actor,
            organisation_id=screening.organisation_id,
            reference=screening.reference,
            purpose=Purpose.DISCLOSURE,
        )
        audit_record(
            actor=actor,
            action="bibob.disclosed",
            obj=screening,
            reason=recipient,  # the ground is free text and may name people: not here
            organisation=screening.organisation,
        )
        return disclosure


def terms_warn(*, today: datetime.date) -> int:
    """Warn each team of its screenings whose questionnaire, LBB or decision term runs out
    within the warning days, and once more when one has passed. A warning names the reference,
    the term and the date. Returns how many warnings went out."""
    table = legal_terms()
    running = (
        Screening.objects.exclude(status=Status.DECIDED)
        .only(*CLOCK_FIELDS, "organisation_id", "reference", "status")
        .order_by("organisation_id", "pk")
    )
    due_by_organisation: dict[int, list[tuple[Screening, clock.Term]]] = {}
    for screening in running.iterator(chunk_size=500):
        for term in clock_of(screening, today, table).values():
            if term.state in ("soon", "overdue"):
                due_by_organisation.setdefault(screening.organisation_id, []).append(
                    (screening, term)
                )
    sent = 0
    for organisation_id, due in due_by_organisation.items():
        members = team_members(organisation_id)
        for screening, term in due:
            if term.due is None:  # a paused term is neither soon nor overdue
                continue
            event = TERM_OVERDUE if term.state == "overdue" else TERM_DUE
            sent += bool(
                notify(
                    members,
                    event,
                    {
                        "reference": screening.reference,
                        "term": str(TERM_LABELS[term.key]),
                        "due": term.due.strftime("%d-%m-%Y"),
                    },
                    link=f"/bibob/{screening.pk}/",
                    once=_warning_key(screening, term),
                )
            )
    return sent


def _warning_key(screening: Screening, term: clock.Term) -> str:
    """Once per term, date and state. The decision term moves on by a day each day an LBB
    advice is late: while the advice is awaited it is warned of once per state, not daily."""
    awaited = (
        term.key == clock.DECISION and screening.lbb_requested_on and not screening.lbb_advice_on
    )
    due = "lbb" if awaited else term.due.isoformat() if term.due else ""
    return f"{screening.pk}:{term.key}:{due}:{term.state}"


def retention_apply(*, now: datetime.datetime | None = None) -> int:
    """Destroy decided screenings past their retention (rule per decision, data). Each leaves
    a line in the deletion log: reference, organisation, decision and rule, no content."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rules = {rule.outcome: rule for rule in RetentionRule.objects.all()}
    if not rules:
        return 0
    destroyed = 0
    decided = Screening.objects.filter(status=Status.DECIDED, decided_on__isnull=False).only(
        "pk", "reference", "organisation_id", "outcome", "decided_on"
    )
    for screening in decided.iterator(chunk_size=500):
        rule = rules.get(screening.outcome) or rules.get("")
        decided_on = screening.decided_on
        if (
            rule is None
            or decided_on is None
            or decided_on + datetime.timedelta(days=rule.days) > today
        ):
            continue
        with transaction.atomic():
            DeletionLog.objects.create(
                at=now,
                reference=screening.reference,
                organisation_id=screening.organisation_id,
                outcome=screening.outcome,
                decided_on=screening.decided_on,
                rule=f"{rule.outcome or '*'}: {rule.days}",
            )
            Screening.objects.filter(pk=screening.pk).delete()
        destroyed += 1
    return destroyed


# --- The Bibob policies -----------------------------------------------------------------------


@dataclass(frozen=True)
class RuleInput:
    category: Category
    application: str  # "" when the policy does not name the category
    threshold: int | None = None
    questionnaire: str = ""
    areas: str = ""


def policy_save(
    *,
    actor: Actor,
    title: str,
    rules: list[RuleInput],
    organisation: Organisation | None = None,
    partnership: Partnership | None = None,
    adopted_on: datetime.date | None = None,
    document_url: str = "",
    note: str = "",
    whole: bool = True,
) -> Policy:
    """Record an organisation's Bibob policy, or the reference policy of a partnership: the
    header and one rule per category it names (a category left blank is not in the policy).
    `whole`: the rules given are the whole policy (the API); otherwise only the categories
    given change (the form, which offers the categories in use) and the rest stay. An
    organisation's coordinators, contributors and Bibob officers keep its policy, the
    partnership's coordinators the reference; no actor is the system (the demo data)."""
    if (organisation is None) == (partnership is None):
        raise TypeError("a policy belongs to an organisation or to a partnership")
    if (
        actor is not None
        and organisation is not None
        and not may_keep_policy(actor, organisation.pk)
    ):
        raise PermissionDenied(_("Only the organisation itself keeps its Bibob policy."))
    if actor is not None and partnership is not None and not can_coordinate(actor, partnership):
        raise PermissionDenied(_("Only the partnership's coordinators keep its reference."))
    errors: dict[str, list[str]] = {}
    seen: set[int] = set()
    for rule in rules:
        if rule.category.pk in seen:
            errors[f"c{rule.category.pk}-application"] = [
                _("%(category)s is named twice.") % {"category": rule.category.name}
            ]
        seen.add(rule.category.pk)
        if rule.application == Application.NEVER and rule.threshold is not None:
            errors[f"c{rule.category.pk}-threshold"] = [
                _("An amount belongs to a category where Bibob is applied.")
            ]
        if rule.application and rule.application not in Application.values:
            errors[f"c{rule.category.pk}-application"] = [
                _("Choose always, if indicated or never.")
            ]
        if rule.threshold is not None and not rule.application:
            errors[f"c{rule.category.pk}-threshold"] = [
                _("An amount belongs to a category the policy names.")
            ]
    if errors:
        raise ValidationError(errors)
    owner = (
        {"organisation": organisation} if organisation is not None else {"partnership": partnership}
    )
    with transaction.atomic():
        # The owner's row first: two first saves at once would otherwise both create a policy.
        if organisation is not None:
            Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        else:
            Partnership.objects.select_for_update().filter(pk=partnership.pk).first()  # type: ignore[union-attr]
        policy = Policy.objects.filter(**owner).first() or Policy(**owner)
        before = (
            {r.category_id: (r.application, r.threshold) for r in policy.rules.all()}
            if policy.pk
            else {}
        )
        values = {
            "title": title.strip(),
            "adopted_on": adopted_on,
            "document_url": document_url.strip(),
            "note": note.strip(),
        }
        header = {
            name: (getattr(policy, name) if policy.pk else None, value)
            for name, value in values.items()
            if policy.pk is None or getattr(policy, name) != value
        }
        for name, value in values.items():
            setattr(policy, name, value)
        policy.full_clean(exclude=["organisation", "partnership"])
        policy.save()
        given = {rule.category.pk for rule in rules}
        replaced = policy.rules.all() if whole else policy.rules.filter(category__in=given)
        replaced.delete()
        kept = [
            PolicyRule(
                policy=policy,
                category=rule.category,
                application=rule.application,
                threshold=rule.threshold,
                questionnaire=rule.questionnaire.strip(),
                areas=rule.areas.strip(),
            )
            for rule in rules
            if rule.application
        ]
        for kept_rule in kept:
            kept_rule.full_clean(exclude=["policy", "category"])
        PolicyRule.objects.bulk_create(kept)
        after = {} if whole else {pk: v for pk, v in before.items() if pk not in given}
        after.update({r.category.pk: (r.application, r.threshold) for r in kept})
        changes: dict[str, tuple[Any, Any]] = {
            name: (str(old) if old is not None else None, str(new))
            for name, (old, new) in header.items()
        }
        changes.update(
            {
                f"categorie {pk}": (before.get(pk), after.get(pk))
                for pk in sorted(set(before) | set(after))
                if before.get(pk) != after.get(pk)
            }
        )
        audit_record(
            actor=actor,
            action="bibob.policy_saved",
            obj=policy,
            changes=changes or None,
            organisation=organisation,
            partnership=partnership,
        )
        return policy


@transaction.atomic
def policy_gap_action(
    *,
    actor: Actor,
    partnership: Partnership,
    category: Category,
    programme: Any,
    title: str,
    theme: Any = None,
    description: str = "",
) -> Any:
    """A joint action in a programme of the partnership for exactly the members whose policy
    is weaker than the reference on `category`: the gap in the dike becomes work, as a rode
    draad does."""
    if not can_coordinate(actor, partnership):
        raise PermissionDenied(_("Only the partnership's coordinators turn a gap into action."))
    errors: dict[str, list[str]] = {}
    if programme.partnership_id != partnership.pk:
        errors["target"] = [_("Choose a programme of the partnership.")]
    if theme is not None and theme.programme_id != programme.pk:
        errors["target"] = [_("This theme belongs to another programme.")]
    if not title.strip():
        errors["title"] = [_("Give the action a title.")]
    matrix = policy_matrix(partnership)
    column = next((i for i, c in enumerate(matrix.categories) if c.pk == category.pk), None)
    behind = matrix.behind[column] if column is not None else []
    if not errors and not behind:
        errors["title"] = [_("No member falls short of the reference on this category.")]
    if errors:
        raise ValidationError(errors)
    action = action_create(
        actor=actor,
        programme=programme,
        theme=theme,
        title=title,
        description=description,
        organisations=behind,
    )
    audit_record(
        actor=actor,
        action="bibob.policy_gap_action",
        obj=action,
        changes={category.code: (None, len(behind))},
        partnership=partnership,
    )
    return action


# --- The letters to the applicant -------------------------------------------------------------


def _letter_writer(actor: Actor, organisation: Organisation) -> None:
    if organisation.pk not in bibob_organisation_ids(actor):
        raise PermissionDenied(_("Only the organisation's Bibob team writes its letters."))


def letter_template_save(
    *, actor: Actor, organisation: Organisation, kind: str, subject: str, body: str, closing: str
) -> LetterTemplate:
    """The team's own text of a letter. Every field it names must exist (`letters.FIELDS`),
    so a letter never goes out with a typo where the applicant's name should be."""
    _letter_writer(actor, organisation)
    if kind not in LetterKind.values:
        raise ValueError(f"unknown letter {kind!r}")
    texts = {"subject": subject.strip(), "body": body.strip(), "closing": closing.strip()}
    errors: dict[str, list[str]] = {}
    for name, text in texts.items():
        found = letters.problems(text)
        if not text:
            found.append(_("This field is required."))
        if len(text) > letters.LIMITS[name]:
            found.append(_("At most %(limit)s characters.") % {"limit": letters.LIMITS[name]})
        if found:
            errors[name] = found
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        template, created = LetterTemplate.objects.select_for_update().get_or_create(
            organisation=organisation, kind=kind, defaults={**texts, "updated_by": actor}
        )
        changes = changed_fields(template, list(texts), texts) if not created else {}
        if not created:
            for name, text in texts.items():
                setattr(template, name, text)
            template.updated_by = actor
            template.save()
        audit_record(
            actor=actor,
            action="bibob.letter_template",
            obj=template,
            changes=changes if not created else {"kind": (None, kind)},
            organisation=organisation,
        )
    return template


def letter_template_reset(*, actor: Actor, organisation: Organisation, kind: str) -> None:
    """Back to the default text: the team's own text is deleted."""
    _letter_writer(actor, organisation)
    with transaction.atomic():
        deleted, _rows = LetterTemplate.objects.filter(
            organisation=organisation, kind=kind
        ).delete()
        if deleted:
            audit_record(
                actor=actor,
                action="bibob.letter_template_reset",
                changes={"kind": (kind, None)},
                organisation=organisation,
            )
