"""Bibob in the API: the members' policies (read for the partnership, written by the
organisation itself) and the counts. There is no API for a screening: its content is secret by
law (art. 28 Wet Bibob) and stays behind the team's logged pages."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.api.pages import PageQuery, page_of
from dijkwacht.api.prechecks import permission_first, permitted
from dijkwacht.api.schemas import LIST_ERRORS, WRITE_ERRORS, Problem, Strict, Text
from dijkwacht.bibob import selectors, services
from dijkwacht.bibob.models import Application, Domain, Outcome, Policy, PolicyRule
from dijkwacht.bibob.permissions import figures_scope, may_keep_policy
from dijkwacht.core.suppression import Withheld, shown
from dijkwacht.organisations import selectors as org_selectors

router = Router(tags=["bibob"])


class RuleOut(Schema):
    category: str = Field(..., description="Code van de categorie beschikkingen.")
    category_name: str
    domain: Domain
    application: Application = Field(..., description="altijd, indicatie of nooit.")
    threshold: int | None = Field(..., description="Vanaf dit bedrag in euro's (leeg: elk).")
    questionnaire: str
    areas: str = Field(..., description="Waar de regel geldt.")

    @staticmethod
    def resolve_category(obj: PolicyRule) -> str:
        return obj.category.code

    @staticmethod
    def resolve_category_name(obj: PolicyRule) -> str:
        return obj.category.name

    @staticmethod
    def resolve_domain(obj: PolicyRule) -> str:
        return obj.category.domain


class PolicyOut(Schema):
    id: int
    organisation: int | None = Field(
        ..., description="Id van de organisatie; leeg voor de referentie."
    )
    organisation_name: str
    partnership: str | None = Field(
        ..., description="Slug van het verband waarvan dit de afgesproken referentie is."
    )
    title: str
    adopted_on: datetime.date | None
    document_url: str
    note: str
    rules: list[RuleOut] = Field(..., description="Alleen de categorieën die het beleid noemt.")

    @staticmethod
    def resolve_organisation(obj: Policy) -> int | None:
        return obj.organisation_id

    @staticmethod
    def resolve_organisation_name(obj: Policy) -> str:
        return obj.organisation.name if obj.organisation else ""

    @staticmethod
    def resolve_partnership(obj: Policy) -> str | None:
        return obj.partnership.slug if obj.partnership else None

    @staticmethod
    def resolve_rules(obj: Policy) -> list[PolicyRule]:
        return list(obj.rules.all())


class PolicyFilter(PageQuery):
    partnership: str = Field(
        "", max_length=100, description="Slug: alleen de leden en de referentie van dit verband."
    )


@router.get(
    "/bibob/policies",
    response={200: list[PolicyOut], 404: Problem, **LIST_ERRORS},
    summary="Bibob-beleid van de leden",
)
def list_bibob_policies(request: HttpRequest, response: HttpResponse, filters: Query[PolicyFilter]):
    """Het Bibob-beleid van de organisaties in je samenwerkingsverbanden, en de referentie die
    een verband afsprak. Beleid is openbaar; onderzoeken staan nooit in de API."""
    partnership = (
        org_selectors.get_partnership_by_slug_for(request.user, filters.partnership)
        if filters.partnership
        else None
    )
    rows = selectors.policies_for(request.user, partnership=partnership)
    return page_of(request, response, rows, filters)


class RuleIn(Strict):
    category: str = Field(..., max_length=50, description="Code van de categorie.")
    application: Application
    threshold: int | None = Field(None, ge=0, le=10**12)
    questionnaire: Text = Field("", max_length=200)
    areas: Text = Field("", max_length=200)


class PolicyIn(Strict):
    title: Text = Field(..., min_length=1, max_length=200)
    adopted_on: datetime.date | None = None
    document_url: Text = Field("", max_length=200)
    note: Text = Field("", max_length=2000)
    rules: list[RuleIn] = Field(..., max_length=200)


def _keepable(request: HttpRequest, organisation_id: int) -> Any:
    """Before the body is read: 404 for an organisation the user does not see, 403 for one
    whose policy they do not keep."""
    organisation = org_selectors.get_organisation_for(request.user, organisation_id)
    if not may_keep_policy(request.user, organisation.pk):
        raise PermissionDenied(_("Only the organisation itself keeps its Bibob policy."))
    return organisation


@router.put(
    "/bibob/policies/{organisation_id}",
    response={200: PolicyOut, **WRITE_ERRORS},
    summary="Het Bibob-beleid van een organisatie vastleggen",
)
@permission_first(_keepable)
def put_bibob_policy(request: AuthenticatedHttpRequest, organisation_id: int, body: PolicyIn):
    """Het hele beleid in één keer: een categorie die niet in `rules` staat, noemt het beleid
    niet. Voor de eigen organisatie (coördinator, bijdrager of Bibob-medewerker)."""
    organisation = permitted(request, _keepable, organisation_id)
    categories = selectors.categories_by_code()
    unknown = sorted({r.category for r in body.rules} - set(categories))
    if unknown:
        raise ValidationError(
            {"rules": [_("Unknown category: %(codes)s.") % {"codes": ", ".join(unknown)}]}
        )
    policy = services.policy_save(
        actor=request.user,
        organisation=organisation,
        title=body.title,
        adopted_on=body.adopted_on,
        document_url=body.document_url,
        note=body.note,
        rules=[
            services.RuleInput(
                category=categories[r.category],
                application=r.application,
                threshold=r.threshold,
                questionnaire=r.questionnaire,
                areas=r.areas,
            )
            for r in body.rules
        ],
    )
    return selectors.policies_for(request.user).get(pk=policy.pk)


class QuarterCounts(Schema):
    domain: Domain
    q1: str
    q2: str
    q3: str
    q4: str
    total: str


def _share(value: int | Withheld | None) -> int | None:
    return value if isinstance(value, int) else None


class TermsMetOut(Schema):
    decisions: int | None = Field(
        ..., description="Genomen besluiten met een wettelijke termijn (alleen voor het team)."
    )
    decisions_in_time: int | None = Field(
        ..., description="… waarvan binnen de (opgeschorte) termijn (alleen voor het team)."
    )
    advice: int | None = Field(..., description="Ontvangen LBB-adviezen (alleen voor het team).")
    advice_in_time: int | None = Field(
        ..., description="… waarvan binnen de termijn van het LBB (alleen voor het team)."
    )
    decisions_share: int | None = Field(
        ...,
        description="Percentage besluiten binnen de termijn, naar beneden afgerond op 10, "
        "pas vanaf 20 besluiten en alleen als de besluiten per soort allemaal getoond worden.",
    )
    advice_share: int | None = Field(
        ...,
        description="Percentage LBB-adviezen binnen de termijn van het LBB, naar beneden "
        "afgerond op 10, pas vanaf 20 adviezen en alleen als de conclusies allemaal getoond "
        "worden.",
    )


class FiguresOut(Schema):
    year: int
    suppressed: bool = Field(
        ...,
        description=(
            "Aantallen 1–4 staan er als `<5`; een aantal dat een lid met aftrekken van zijn "
            "eigen deel zou verraden, of een totaal dat een verborgen aantal verraadt, als `×`."
        ),
    )
    opened: list[QuarterCounts] = Field(
        ..., description="Geopende onderzoeken per domein en kwartaal."
    )
    total: str
    decisions: dict[str, str] = Field(..., description="Genomen besluiten per soort.")
    lbb_requests: str = Field(..., description="Aangevraagde LBB-adviezen.")
    lbb_conclusions: dict[str, str] = Field(
        ..., description="Ontvangen LBB-adviezen per conclusie."
    )
    registered: str = Field(..., description="Inschrijvingen in het landelijk Bibob-register.")
    running: str = Field(..., description="Nu lopende onderzoeken.")
    decided: dict[str, dict[str, str]] = Field(
        ...,
        description="Genomen besluiten per domein en soort: alleen voor het team (anders leeg).",
    )
    terms: TermsMetOut = Field(..., description="Gehaalde termijnen.")


class FiguresFilter(Schema):
    partnership: str = Field(
        "", max_length=100, description="Slug van het verband (coördinatoren en meelezers)."
    )
    year: int | None = Field(None, ge=2000, le=2100)


@router.get(
    "/bibob/figures",
    response={200: FiguresOut, 401: Problem, 404: Problem},
    summary="Bibob-cijfers: alleen aantallen",
)
def get_bibob_figures(request: HttpRequest, filters: Query[FiguresFilter]):
    """Aantallen per jaar: voor het Bibob-team van de eigen organisatie volledig, voor
    coördinatoren en meelezers van een verband en voor platformbeheerders met 1–4 als `<5` en
    met `×` waar een lid zijn eigen deel zou kunnen aftrekken."""
    partnership = (
        org_selectors.get_partnership_by_slug_for(request.user, filters.partnership)
        if filters.partnership
        else None
    )
    scope = figures_scope(request.user, partnership)
    if scope is None:
        raise Http404
    year = filters.year or timezone.localdate().year
    counts = selectors.figures(
        scope.organisation_ids, year, suppressed=scope.suppressed, terms=True
    )
    terms = counts.terms
    if terms is None:  # `terms=True` always counts them
        raise RuntimeError("the terms met were not counted")
    return {
        "year": year,
        "suppressed": scope.suppressed,
        "opened": [
            {
                "domain": domain,
                **{f"q{q}": shown(n) for q, n in quarters.items()},
                "total": shown(counts.opened_total[domain]),
            }
            for domain, quarters in counts.opened.items()
        ],
        "total": shown(counts.total),
        "decisions": {o: shown(counts.decisions[o]) for o in Outcome.values},
        "lbb_requests": shown(counts.lbb_requests),
        "lbb_conclusions": {k: shown(v) for k, v in counts.lbb_conclusions.items()},
        "registered": shown(counts.registered),
        "running": shown(counts.running),
        "decided": {
            domain: {o: shown(n) for o, n in outcomes.items()}
            for domain, outcomes in counts.decided.items()
        },
        "terms": {
            "decisions": terms.decisions,
            "decisions_in_time": terms.decisions_in_time,
            "advice": terms.advice,
            "advice_in_time": terms.advice_in_time,
            "decisions_share": _share(terms.decisions_share),
            "advice_share": _share(terms.advice_share),
        },
    }
