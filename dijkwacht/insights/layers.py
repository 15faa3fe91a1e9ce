"""The layers drawn over a map: the areas the partners keep (holiday parks, business parks,
harbours, zones), of the kinds the reader switches on, within what the map shows. Each area
is a link to its page; a legend names each kind with its colour and the same areas stand in a
list, so no colour has to be told apart to read them."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from dijkwacht.catalogue import selectors as catalogue
from dijkwacht.catalogue.models import Area
from dijkwacht.organisations.maps import BBox


@dataclass(frozen=True)
class Switch:
    """A layer in the "kaartlagen" control."""

    code: str
    name: str
    colour: str
    count: int  # the areas of the kind the reader sees (everywhere)
    on: bool


@dataclass(frozen=True)
class Drawn:
    area: Area
    url: str
    text: str  # "Recreatiepark De Hoeve — Vakantieparken, in aanpak (Hof van Twente)"


@dataclass(frozen=True)
class Overlay:
    switches: list[Switch]
    areas: list[Drawn]
    more: bool  # more areas than drawn: the reader narrows the choice
    radius: float  # of a point, in map units
    stroke: float

    @property
    def shown(self) -> list[Switch]:
        return [s for s in self.switches if s.on]


def _text(area: Area) -> str:
    said = f"{area.name} — {area.kind.name}"
    if area.status:
        said += f", {area.status}"
    if area.municipality is not None:
        said += f" ({area.municipality.name})"
    return said


def overlay(user: object, chosen: list[str], view_box: str) -> Overlay:
    """The layers `chosen` (kinds' codes) that the reader has, drawn within `view_box`."""
    layers = catalogue.layers_for(user)
    codes = {layer.kind.code for layer in layers}
    on = [code for code in chosen if code in codes]
    x, y, width, height = (float(part) for part in view_box.split())
    found = catalogue.areas_on_map(user, on, BBox(x, y, x + width, y + height))
    more = len(found) > catalogue.LAYER_LIMIT
    return Overlay(
        switches=[
            Switch(k.code, k.name, k.colour, layer.count, k.code in on)
            for layer in layers
            for k in (layer.kind,)
        ],
        areas=[
            Drawn(a, reverse("catalogue:area_detail", args=[a.pk]), _text(a))
            for a in found[: catalogue.LAYER_LIMIT]
        ],
        more=more,
        radius=round(max(width, height) / 110, 3),
        stroke=round(width / 500, 3),
    )
