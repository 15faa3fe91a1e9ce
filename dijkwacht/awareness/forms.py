"""The forms of awareness: an activity, its sessions, the participants of a session, the sizes
of the target groups, and the filters of the lists. Every bound is checked here, so a service
only ever sees whole numbers in range and dates it can place."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dijkwacht.awareness.models import (
    MAX_COUNT,
    ActivityType,
    Campaign,
    CourseQuestion,
    TargetGroup,
)
from dijkwacht.awareness.recurrence import MAX_SESSIONS, Repeat, add_months
from dijkwacht.organisations.models import Organisation
from dijkwacht.programmes.models import Action

# The longest period reach is counted over at once.
MAX_PERIOD_DAYS = 5 * 366


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class _Choice(forms.ModelChoiceField):
    """Names an organisation, a kind or a group by its name only."""

    def label_from_instance(self, obj: Any) -> str:
        return str(getattr(obj, "name", obj))


class _Choices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(getattr(obj, "name", obj))


class _ActionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.programme.name}: {obj}"


def _year_choices() -> list[tuple[str, Any]]:
    this_year = timezone.localdate().year
    return [("", _("All years"))] + [
        (str(y), str(y)) for y in range(this_year + 1, this_year - 6, -1)
    ]


class ActivityFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    target_group = forms.ChoiceField(label=_("Target group"), required=False)
    organisation = forms.TypedChoiceField(
        label=_("Organisation"), required=False, coerce=int, empty_value=None
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(
        self,
        *args: Any,
        kinds: list[ActivityType],
        groups: list[TargetGroup],
        members: list[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        every: list[tuple[Any, Any]] = [("", _("All"))]
        fields["kind"].choices = every + [(k.code, k.name) for k in kinds]
        fields["target_group"].choices = every + [(g.code, g.name) for g in groups]
        fields["organisation"].choices = every + [(m.pk, m.name) for m in members]
        fields["year"].choices = _year_choices()


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = _Choice(label=_("Kind"), queryset=ActivityType.objects.none())
    organiser = _Choice(label=_("Organiser"), queryset=Organisation.objects.none())
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("Online link"), max_length=200, required=False, assume_scheme="https"
    )
    capacity = forms.IntegerField(
        label=_("Places per session"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=_("Leave empty when there is no limit."),
    )
    target_groups = _Choices(
        label=_("Target groups"),
        queryset=TargetGroup.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    organisations = _Choices(
        label=_("Organisations taking part"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The organiser always takes part."),
    )
    action = _ActionChoice(
        label=_("Programme action"),
        queryset=Action.objects.none(),
        required=False,
        help_text=_("The action of a programme this activity carries out."),
    )
    registration = forms.BooleanField(
        label=_("People register through Dijkwacht"),
        required=False,
        initial=True,
        help_text=_(
            "Invitations, a waiting list when the session is full, a reminder the day before "
            "and attendance on the day; the counts follow from the check-in. Without it, you "
            "count who came by hand."
        ),
    )
    questions = forms.CharField(
        label=_("Questions at registration"),
        required=False,
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("At most three, one per line (a dietary wish, a question for the speaker)."),
    )
    retention_months = forms.IntegerField(
        label=_("Keep registrations for (months)"),
        required=False,  # 12 when left empty
        min_value=1,
        max_value=60,
        initial=12,
        help_text=_("After this, only the counts remain: names and e-mail addresses are deleted."),
    )

    def __init__(
        self,
        *args: Any,
        kinds: Any,
        organisers: Any,
        groups: Any,
        members: Any,
        actions: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["kind"].queryset = kinds
        fields["organiser"].queryset = organisers
        fields["target_groups"].queryset = groups
        fields["organisations"].queryset = members
        fields["action"].queryset = actions


class SessionsForm(forms.Form):
    first = forms.DateField(label=_("Date"), widget=_date_input())
    starts = forms.TimeField(label=_("Start time"), widget=_time_input())
    ends = forms.TimeField(label=_("End time"), required=False, widget=_time_input())
    repeat = forms.ChoiceField(
        label=_("Repeat"),
        choices=[
            (Repeat.ONCE, _("Once")),
            (Repeat.WEEKLY, _("Every week")),
            (Repeat.FORTNIGHTLY, _("Every two weeks")),
            (Repeat.MONTHLY_WEEKDAY, _("Every month on the same weekday")),
            (Repeat.MONTHLY, _("Every month on the same date")),
            (Repeat.SIX_WEEKLY, _("Every six weeks")),
            (Repeat.QUARTERLY, _("Every quarter")),
            (Repeat.YEARLY, _("Every year")),
        ],
        initial=Repeat.ONCE,
    )
    count = forms.IntegerField(
        label=_("Number of sessions"),
        min_value=1,
        max_value=MAX_SESSIONS,
        initial=1,
        help_text=_("For a series: how many sessions to plan."),
    )

    def clean_first(self) -> datetime.date:
        first: datetime.date = self.cleaned_data["first"]
        if not 2000 <= first.year <= 2100:
            raise forms.ValidationError(_("Enter a date between 2000 and 2100."))
        return first


def _count_field(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_COUNT,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "dw-count-input"}),
    )


class ParticipationForm(forms.Form):
    """A count per organisation taking part × target group, named `n-<organisation>-<group>`."""

    def __init__(
        self,
        *args: Any,
        organisations: list[Organisation],
        groups: list[TargetGroup],
        counts: dict[tuple[int, int], int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = organisations
        self.groups = groups
        for o in organisations:
            for g in groups:
                field = _count_field(f"{o.name}: {g.name}")
                field.initial = counts.get((o.pk, g.pk))
                self.fields[f"n-{o.pk}-{g.pk}"] = field

    def grid(self) -> list[tuple[Organisation, list[forms.BoundField]]]:
        return [(o, [self[f"n-{o.pk}-{g.pk}"] for g in self.groups]) for o in self.organisations]

    def counts(self) -> dict[tuple[int, int], int | None]:
        return {
            (o.pk, g.pk): self.cleaned_data.get(f"n-{o.pk}-{g.pk}")
            for o in self.organisations
            for g in self.groups
        }


class SizesForm(forms.Form):
    """The sizes of one organisation's target groups from a date on, named `size-<group>`."""

    organisation = _Choice(label=_("Organisation"), queryset=Organisation.objects.none())
    valid_from = forms.DateField(
        label=_("Holds from"),
        widget=_date_input(),
        help_text=_("The sizes hold from this date until you enter new ones."),
    )

    def __init__(
        self, *args: Any, organisations: Any, groups: list[TargetGroup], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["organisation"].queryset = organisations
        self.groups = groups
        for g in groups:
            self.fields[f"size-{g.pk}"] = _count_field(g.name)

    def group_fields(self) -> list[forms.BoundField]:
        return [self[f"size-{g.pk}"] for g in self.groups]

    def clean_valid_from(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["valid_from"]
        if not 2000 <= day.year <= 2100:
            raise forms.ValidationError(_("Enter a date between 2000 and 2100."))
        return day

    def sizes(self) -> dict[int, int | None]:
        return {g.pk: self.cleaned_data.get(f"size-{g.pk}") for g in self.groups}


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("First day"), required=False, widget=_date_input())
    end = forms.DateField(label=_("Last day"), required=False, widget=_date_input())

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The chosen period; by default the twelve months up to today."""
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("end") or today
        start = data.get("start") or add_months(end, -12) + datetime.timedelta(days=1)
        return start, end

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end") or timezone.localdate()
        for name in ("start", "end"):
            day = data.get(name)
            if day and not 2000 <= day.year <= 2100:
                self.add_error(name, _("Enter a date between 2000 and 2100."))
                return data
        if start and start > end:
            self.add_error("start", _("The period starts after it ends."))
        elif start and (end - start).days > MAX_PERIOD_DAYS:
            self.add_error("start", _("Choose a period of at most five years."))
        return data


class RegistrationForm(forms.Form):
    """Registering oneself: for which of one's organisations and which group, with the
    activity's questions (`answer-<n>`)."""

    organisation = _Choice(label=_("For organisation"), queryset=Organisation.objects.none())
    target_group = _Choice(label=_("As"), queryset=TargetGroup.objects.none())

    def __init__(
        self,
        *args: Any,
        organisations: Any,
        groups: Any,
        questions: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["organisation"].queryset = organisations
        fields["target_group"].queryset = groups
        if len(organisations) == 1:
            fields["organisation"].initial = organisations[0].pk
            fields["organisation"].widget = forms.HiddenInput()
        if len(groups) == 1:
            fields["target_group"].initial = groups[0].pk
            fields["target_group"].widget = forms.HiddenInput()
        self.questions = questions
        for n, question in enumerate(questions):
            self.fields[f"answer-{n}"] = forms.CharField(
                label=question, required=False, max_length=500
            )

    def answers(self) -> list[str]:
        return [self.cleaned_data.get(f"answer-{n}", "") for n in range(len(self.questions))]


class WalkInForm(forms.Form):
    """Someone who came without registering (or without an account)."""

    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), required=False, max_length=254)
    organisation = _Choice(label=_("Organisation"), queryset=Organisation.objects.none())
    target_group = _Choice(label=_("Target group"), queryset=TargetGroup.objects.none())

    def __init__(self, *args: Any, organisations: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["organisation"].queryset = organisations
        fields["target_group"].queryset = groups


class InviteForm(forms.Form):
    target_group = _Choice(label=_("Target group"), queryset=TargetGroup.objects.none())
    organisations = _Choices(
        label=_("Organisations"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Everyone with an account at these organisations gets the invitation."),
    )

    def __init__(self, *args: Any, organisations: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["organisations"].queryset = organisations
        fields["target_group"].queryset = groups


# --- The calendar ----------------------------------------------------------------------------


class CalendarFilterForm(forms.Form):
    month = forms.CharField(label=_("Month"), required=False, max_length=7)
    view = forms.ChoiceField(
        label=_("View"),
        required=False,
        choices=[("month", _("Month")), ("list", _("List"))],
    )
    kind = forms.ChoiceField(label=_("What"), required=False)
    target_group = forms.ChoiceField(label=_("Target group"), required=False)
    organisation = forms.TypedChoiceField(
        label=_("Organisation"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self,
        *args: Any,
        kinds: list[tuple[str, str]],
        groups: list[TargetGroup],
        members: list[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        every: list[tuple[Any, Any]] = [("", _("All"))]
        fields["kind"].choices = every + kinds
        fields["target_group"].choices = every + [(g.code, g.name) for g in groups]
        fields["organisation"].choices = every + [(m.pk, m.name) for m in members]

    def clean_month(self) -> tuple[int, int] | None:
        """ "2026-03": the year and month shown (none: this month)."""
        value = self.cleaned_data["month"].strip()
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
        except ValueError:
            raise forms.ValidationError(_("Enter a month as 2026-03.")) from None
        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            raise forms.ValidationError(_("Enter a month as 2026-03."))
        return year, month


class CalendarLinkForm(forms.Form):
    partnership = forms.TypedChoiceField(
        label=_("Calendar of"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args: Any, partnerships: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["partnership"]
        field.choices = [("", _("All my partnerships"))] + [(p.pk, p.name) for p in partnerships]


# --- Campaigns -------------------------------------------------------------------------------


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    organiser = _Choice(label=_("Organiser"), queryset=Organisation.objects.none())
    starts_on = forms.DateField(label=_("First day"), widget=_date_input())
    ends_on = forms.DateField(label=_("Last day"), widget=_date_input())
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    channels = forms.CharField(
        label=_("Channels"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: posters, social media, the local paper, a mailing."),
    )
    materials = forms.CharField(
        label=_("Materials"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: a poster, a flyer, a link to the campaign page."),
    )
    target_groups = _Choices(
        label=_("Target groups"),
        queryset=TargetGroup.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    organisations = _Choices(
        label=_("Organisations taking part"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The organiser always takes part."),
    )
    previous = forms.ModelChoiceField(
        label=_("Compared with"),
        queryset=Campaign.objects.none(),
        required=False,
        help_text=_("The earlier campaign its figures are compared with."),
    )

    def __init__(
        self, *args: Any, organisers: Any, groups: Any, members: Any, earlier: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["organiser"].queryset = organisers
        fields["target_groups"].queryset = groups
        fields["organisations"].queryset = members
        fields["previous"].queryset = earlier

    def clean_starts_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["starts_on"]
        if not 2000 <= day.year <= 2100:
            raise forms.ValidationError(_("Enter a date between 2000 and 2100."))
        return day

    def clean_ends_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["ends_on"]
        if not 2000 <= day.year <= 2100:
            raise forms.ValidationError(_("Enter a date between 2000 and 2100."))
        return day


class CampaignFiguresForm(forms.Form):
    people_reached = _count_field(_("People reached"))
    page_visits = _count_field(_("Page visits"))
    reports_before = _count_field(_("Reports elsewhere, as many days before"))
    reports_during = _count_field(_("Reports elsewhere, during"))


# --- The learning module ---------------------------------------------------------------------


class CourseAnswersForm(forms.Form):
    """One radio group per question, named `q-<question>`, and the organisation the
    completion counts for when the person has more than one."""

    organisation = _Choice(
        label=_("Counts for"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(
        self, *args: Any, questions: list[CourseQuestion], organisations: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.organisations = list(organisations)
        field: Any = self.fields["organisation"]
        field.queryset = organisations
        if len(self.organisations) <= 1:
            field.widget = forms.HiddenInput()
        for number, question in enumerate(questions, start=1):
            self.fields[f"q-{question.pk}"] = forms.TypedChoiceField(
                label=f"{number}. {question.text}",
                choices=[(str(i), text) for i, text in enumerate(question.choice_list, start=1)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose one of the answers.")},
            )

    def clean_organisation(self) -> Organisation | None:
        """One's only organisation needs no choosing."""
        chosen = self.cleaned_data.get("organisation")
        if chosen is None and len(self.organisations) == 1:
            return self.organisations[0]
        if chosen is None and self.organisations:
            raise forms.ValidationError(_("Choose the organisation it counts for."))
        return chosen

    @property
    def question_fields(self) -> list[forms.BoundField]:
        return [self[f"q-{q.pk}"] for q in self.questions]

    @property
    def shows_organisation(self) -> bool:
        return not isinstance(self.fields["organisation"].widget, forms.HiddenInput)

    def answers(self) -> list[int | None]:
        return [self.cleaned_data.get(f"q-{q.pk}") for q in self.questions]
