from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from dijkwacht.catalogue import geo
from dijkwacht.catalogue.models import (
    AccessLevel,
    Area,
    AreaKind,
    ContactPerson,
    InformationSource,
    LegalBasis,
    RegistrationSystem,
    RequestStatus,
    Theme,
    Visibility,
)
from dijkwacht.catalogue.selectors import AreaFilters, SourceFilters
from dijkwacht.catalogue.services import CONTACT_FIELDS, FIELDS, SYSTEM_FIELDS
from dijkwacht.catalogue.source_files import MAX_BYTES, SourceRow, read_sources_file
from dijkwacht.core.forms import FileProblems, LineText
from dijkwacht.organisations.models import Organisation, OrganisationKind
from dijkwacht.programmes.models import Action

YES_NO = [("", _("All")), ("ja", _("Yes")), ("nee", _("No"))]


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class SourceFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    holder = forms.TypedChoiceField(label=_("Holder"), required=False, coerce=int, empty_value=None)
    access_level = forms.ChoiceField(
        label=_("Access"),
        required=False,
        choices=[("", _("All access levels")), *AccessLevel.choices],
    )
    personal_data = forms.ChoiceField(label=_("Personal data"), required=False, choices=YES_NO)
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"),
        required=False,
        choices=[("", _("All legal bases")), *LegalBasis.choices],
    )

    def __init__(self, *args: Any, themes: list[Theme], holders: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["theme"]).choices = [
            ("", _("All themes")),
            *((t.code, t.name) for t in themes),
        ]
        cast(forms.ChoiceField, self.fields["holder"]).choices = [
            ("", _("All holders")),
            *((o.pk, o.name) for o in holders),
        ]

    def filters(self) -> SourceFilters:
        """The chosen filters; a filter with a value that is not offered narrows nothing (the
        others still do)."""
        if not self.is_bound:
            return SourceFilters()
        self.is_valid()
        data = self.cleaned_data
        personal = {"ja": True, "nee": False}.get(data.get("personal_data", ""))
        return SourceFilters(
            text=data.get("q", "").strip(),
            theme=data.get("theme", ""),
            holder=data.get("holder"),
            access_level=data.get("access_level", ""),
            personal_data=personal,
            legal_basis=data.get("legal_basis", ""),
        )


class CoverageField(forms.CharField):
    """CBS codes separated by spaces, commas or new lines (`GM0153, GM0164 PV23`)."""

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [code for code in re.split(r"[\s,;]+", text.upper()) if code]

    def prepare_value(self, value: Any) -> Any:
        return " ".join(value) if isinstance(value, list) else value


class PeopleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.email})"


class SourceForm(forms.ModelForm):
    """A factsheet. On a new one, which of the user's organisations holds the source."""

    holder = forms.TypedChoiceField(label=_("Holder"), coerce=int)
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    coverage = CoverageField(
        label=_("Geographic coverage"),
        required=False,
        max_length=4000,
        help_text=_(
            "CBS codes of the municipalities and provinces it covers, separated by spaces "
            "(GM0153 GM0164 PV23). Leave empty for no particular area."
        ),
    )
    description = LineText(label=_("Description"), max_length=5000, widget=_textarea(5))

    class Meta:
        model = InformationSource
        fields = [f for f in FIELDS if f not in {"coverage", "description"}]
        widgets = {
            "recipients": _textarea(3),
            "purpose": _textarea(3),
            "how_to_request": _textarea(3),
        }

    def __init__(
        self,
        *args: Any,
        holders: list[Any],
        people: Any,
        themes: list[Theme],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            del self.fields["holder"]
        else:
            cast(forms.ChoiceField, self.fields["holder"]).choices = [
                (o.pk, o.name) for o in holders
            ]
        self.fields["owner"] = PeopleChoiceField(
            label=_("Owner"), queryset=people, help_text=_("Decides on requests for access.")
        )
        self.fields["deputy"] = PeopleChoiceField(
            label=_("Deputy"),
            queryset=people,
            required=False,
            help_text=_("Decides when the owner is away."),
        )
        themes_field = cast(forms.ModelMultipleChoiceField, self.fields["themes"])
        themes_field.queryset = Theme.objects.filter(pk__in=[t.pk for t in themes])
        if self.instance.pk is not None:
            self.initial["themes"] = [t.pk for t in self.instance.themes.all()]
        self.holders = {o.pk: o for o in holders}
        self.order_fields(["holder", "title", "description", "themes", *FIELDS])

    def holder_organisation(self) -> Any:
        return self.holders[self.cleaned_data["holder"]]

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in FIELDS}

    def _post_clean(self) -> None:
        # The service validates the whole factsheet (and knows the holder); the model's own
        # checks would run before the holder is set.
        pass


class RequestForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("On behalf of"), coerce=int)
    purpose = LineText(
        label=_("Purpose"),
        max_length=2000,
        widget=_textarea(4),
        help_text=_(
            "What you need it for, in a sentence or two. No names or case details: the owner "
            "only needs to judge whether the purpose fits."
        ),
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"), choices=[("", "—"), *LegalBasis.choices]
    )
    legal_reference = forms.CharField(
        label=_("Reference (optional)"),
        required=False,
        max_length=300,
        help_text=_("The article or agreement, for example art. 4:3 Wpg or covenant art. 8."),
    )

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [
            (o.pk, o.name) for o in organisations
        ]
        self.organisations = {o.pk: o for o in organisations}
        if len(organisations) == 1:
            self.fields["organisation"].widget = forms.HiddenInput()
            self.initial["organisation"] = organisations[0].pk


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(RequestStatus.GRANTED, _("Grant")), (RequestStatus.REFUSED, _("Refuse"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose to grant or refuse.")},
    )
    reason = LineText(
        label=_("Reason"),
        max_length=2000,
        widget=_textarea(4),
        help_text=_("The person who asked reads it; it is kept with the request."),
        error_messages={"required": _("Give the reason for the decision.")},
    )


class RequestFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *RequestStatus.choices]
    )


class SourcesUploadForm(FileProblems, forms.Form):
    """A list of sources in a file, for one of the user's organisations. Cleaning reads it:
    `cleaned_data["file"]` is the list of rows; the problems are listed under the field."""

    holder = forms.TypedChoiceField(label=_("Holder"), coerce=int)
    file = forms.FileField(
        label=_("File with sources"),
        help_text=_("A CSV file or an Excel workbook (.xlsx) of at most 2 MB."),
    )

    def __init__(self, *args: Any, holders: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["holder"]).choices = [(o.pk, o.name) for o in holders]
        self.holders = {o.pk: o for o in holders}
        self.problems: list[str] = []

    def clean_file(self) -> list[SourceRow]:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        rows, problems = read_sources_file(upload.read(MAX_BYTES + 1))
        if problems:
            self.show_problems(problems)
        return rows


class SystemForm(forms.ModelForm):
    """What an organisation registers one kind of thing in (or that it has none)."""

    class Meta:
        model = RegistrationSystem
        fields = list(SYSTEM_FIELDS)
        widgets = {
            "in_use_since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def _post_clean(self) -> None:
        # The service checks the whole row (a product unless there is no register).
        pass


class SystemsFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        required=False,
        choices=[("", _("All members")), *OrganisationKind.choices],
    )


class RosterFilterForm(forms.Form):
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    organisation = forms.TypedChoiceField(
        label=_("Organisation"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, themes: list[Theme], members: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["theme"]).choices = [
            ("", _("All themes")),
            *((t.code, t.name) for t in themes),
        ]
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [
            ("", _("All organisations")),
            *((m.pk, m.name) for m in members),
        ]


class ContactForm(forms.ModelForm):
    """An entry of the roster. On a new one: for which member and theme."""

    class Meta:
        model = ContactPerson
        fields = ["organisation", "theme", *CONTACT_FIELDS]

    def __init__(
        self, *args: Any, organisations: list[Any], themes: list[Theme], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        organisation = cast(forms.ModelChoiceField, self.fields["organisation"])
        organisation.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        theme = cast(forms.ModelChoiceField, self.fields["theme"])
        theme.queryset = Theme.objects.filter(pk__in=[t.pk for t in themes])
        if self.instance.pk is not None:
            # Whose entry it is does not change; remove it and add another instead.
            del self.fields["organisation"]
            del self.fields["theme"]

    def _post_clean(self) -> None:
        # The service validates the entry (and that the organisation is a member).
        pass


class ChecklistAnswerForm(forms.Form):
    """One question of the checklist: its answers as radio buttons."""

    keuze = forms.TypedChoiceField(
        coerce=int, widget=forms.RadioSelect, error_messages={"required": _("Choose an answer.")}
    )

    def __init__(self, *args: Any, question: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["keuze"])
        field.label = question.text
        field.help_text = question.help
        field.choices = [(i, a.text) for i, a in enumerate(question.answers)]


class ChecklistRecordForm(forms.Form):
    """Keeping a completed checklist, optionally with what it was about."""

    action = forms.TypedChoiceField(
        label=_("Programme action (optional)"), required=False, coerce=int, empty_value=None
    )
    case = forms.TypedChoiceField(
        label=_("Meldpunt case (optional)"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, actions: list[Any], cases: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["action"]).choices = [
            ("", "—"),
            *(
                (a.pk, f"{a.programme.name}: {a.number} {a.title}".replace("  ", " "))
                for a in actions
            ),
        ]
        cast(forms.ChoiceField, self.fields["case"]).choices = [
            ("", "—"),
            *((c.pk, c.number) for c in cases),
        ]
        if not cases:
            del self.fields["case"]
        self.actions = {a.pk: a for a in actions}
        self.cases = {c.pk: c for c in cases}


class ChecklistTextForm(forms.Form):
    text = LineText(
        label=_("The checklist (YAML)"),
        max_length=40_000,
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false"}),
    )


# --- Areas on the map ----------------------------------------------------------------------------


class AreaFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    owner = forms.TypedChoiceField(label=_("Holder"), required=False, coerce=int, empty_value=None)
    municipality = forms.TypedChoiceField(
        label=_("Municipality"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, kinds: list[AreaKind], choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", _("All kinds")),
            *((k.code, k.name) for k in kinds),
        ]
        cast(forms.ChoiceField, self.fields["owner"]).choices = [
            ("", _("All holders")),
            *((o.pk, o.name) for o in choices.owners),
        ]
        cast(forms.ChoiceField, self.fields["municipality"]).choices = [
            ("", _("All municipalities")),
            *((o.pk, o.name) for o in choices.municipalities),
        ]
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("All statuses")),
            *((s, s) for s in choices.statuses),
        ]

    def filters(self) -> AreaFilters:
        """The chosen filters; a filter with a value that is not offered narrows nothing (the
        others still do)."""
        if not self.is_bound:
            return AreaFilters()
        self.is_valid()
        data = self.cleaned_data
        return AreaFilters(
            text=data.get("q", "").strip(),
            kind=data.get("kind", ""),
            owner=data.get("owner"),
            municipality=data.get("municipality"),
            status=data.get("status", ""),
        )

    @property
    def filtered(self) -> bool:
        """Whether a filter narrows the list (one with a value not offered does not)."""
        return self.filters() != AreaFilters()


class AreasUploadForm(FileProblems, forms.Form):
    """A GeoJSON file of areas for one of the user's organisations. Cleaning reads it:
    `cleaned_data["file"]` is the `geo.Read`; the problems are listed under the field."""

    owner = forms.TypedChoiceField(label=_("Holder"), coerce=int)
    kind = forms.ModelChoiceField(
        label=_("Kind"),
        queryset=AreaKind.objects.none(),
        required=False,
        empty_label=_("As each feature says (property “soort”)"),
        help_text=_("For the features that do not give their own kind."),
    )
    visibility = forms.ChoiceField(
        label=_("Visible to"), choices=Visibility.choices, initial=Visibility.PARTNERSHIP
    )
    file = forms.FileField(
        label=_("GeoJSON file"),
        help_text=_("In RD New (EPSG:28992) or WGS84, at most 5 MB and 1,000 features."),
    )

    def __init__(self, *args: Any, owners: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["owner"]).choices = [(o.pk, o.name) for o in owners]
        cast(forms.ModelChoiceField, self.fields["kind"]).queryset = AreaKind.objects.order_by(
            "position", "name"
        )
        self.owners = {o.pk: o for o in owners}
        self.problems: list[str] = []

    def clean_file(self) -> geo.Read:
        upload = self.cleaned_data["file"]
        if upload.size > geo.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        read = geo.read_geojson(upload.read(geo.MAX_BYTES + 1))
        if read.problems:
            self.show_problems(read.problems)
        return read


def _action_label(action: Action) -> str:
    """An action with its programme: two programmes may both have an action 1.1."""
    return f"{action.programme.name}: {action}"


class AreaForm(forms.ModelForm):
    """What is said of an area and what concerns it (its outline comes from a file)."""

    description = LineText(
        label=_("Description"), max_length=2000, required=False, widget=_textarea(4)
    )
    status = forms.CharField(
        label=_("Status"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"list": "statussen", "autocomplete": "off"}),
        help_text=_("A kind with a list of statuses takes one of those; the others any."),
    )
    sources = forms.ModelMultipleChoiceField(
        label=_("Sources about this area"),
        queryset=InformationSource.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    actions = forms.ModelMultipleChoiceField(
        label=_("Programme actions for this area"),
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Area
        fields = ["name", "kind", "description", "status", "units", "visibility"]

    def __init__(self, *args: Any, sources: Any, actions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["kind"]).queryset = AreaKind.objects.order_by(
            "position", "name"
        )
        cast(forms.ModelMultipleChoiceField, self.fields["sources"]).queryset = sources
        chosen_actions = cast(forms.ModelMultipleChoiceField, self.fields["actions"])
        chosen_actions.queryset = actions
        chosen_actions.label_from_instance = _action_label  # type: ignore[method-assign,assignment]
        if self.instance.pk is not None:
            self.initial["sources"] = list(self.instance.sources.values_list("pk", flat=True))
            self.initial["actions"] = list(self.instance.actions.values_list("pk", flat=True))

    def _post_clean(self) -> None:
        # The service checks the whole area (a status its kind knows).
        pass
