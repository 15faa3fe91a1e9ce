"""Pure geometry for the server-side SVG maps: no ORM, no Django.

Coordinates are WGS84 longitude/latitude. They are projected once, when reference data is
loaded, with a plain equirectangular projection scaled for the latitude of the Netherlands;
at this scale that is indistinguishable from the Dutch RD grid for an overview map.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

REFERENCE_LATITUDE = 52.15
UNITS_PER_DEGREE = 1000.0
_X_SCALE = math.cos(math.radians(REFERENCE_LATITUDE)) * UNITS_PER_DEGREE

Position = Sequence[float]
Ring = Sequence[Position]


@dataclass(frozen=True)
class BBox:
    min_x: float
    min_y: float
    max_x: float
    max_y: float

    @property
    def width(self) -> float:
        return self.max_x - self.min_x

    @property
    def height(self) -> float:
        return self.max_y - self.min_y

    def as_view_box(self) -> str:
        """As an SVG viewBox attribute."""
        return f"{self.min_x:.1f} {self.min_y:.1f} {self.width:.1f} {self.height:.1f}"

    def union(self, other: BBox) -> BBox:
        return BBox(
            min(self.min_x, other.min_x),
            min(self.min_y, other.min_y),
            max(self.max_x, other.max_x),
            max(self.max_y, other.max_y),
        )


@dataclass(frozen=True)
class ProjectedShape:
    path: str
    bbox: BBox


def project(lon: float, lat: float) -> tuple[float, float]:
    """Map units: x grows eastwards, y grows southwards (SVG's orientation)."""
    return lon * _X_SCALE, -lat * UNITS_PER_DEGREE


def _rings(geometry: dict) -> Iterable[Ring]:
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates") or []
    if kind == "Polygon":
        yield from coordinates
    elif kind == "MultiPolygon":
        for polygon in coordinates:
            yield from polygon
    else:
        raise ValueError(f"Unsupported geometry type: {kind!r}")


def shape_from_geometry(geometry: dict) -> ProjectedShape:
    """A GeoJSON (Multi)Polygon as one SVG path (even-odd fill keeps holes open)."""
    parts: list[str] = []
    xs: list[float] = []
    ys: list[float] = []
    for ring in _rings(geometry):
        points = [project(float(p[0]), float(p[1])) for p in ring]
        if len(points) < 3:
            continue
        xs.extend(x for x, _ in points)
        ys.extend(y for _, y in points)
        head, *tail = points
        parts.append(
            f"M{head[0]:.1f} {head[1]:.1f}" + "".join(f"L{x:.1f} {y:.1f}" for x, y in tail) + "Z"
        )
    if not parts:
        raise ValueError("Geometry has no ring with three or more points.")
    return ProjectedShape("".join(parts), BBox(min(xs), min(ys), max(xs), max(ys)))


def view_bounds(boxes: Iterable[BBox], margin_ratio: float = 0.03) -> BBox | None:
    """The area that shows every box with a small margin around it; None when there is none."""
    total: BBox | None = None
    for box in boxes:
        total = box if total is None else total.union(box)
    if total is None:
        return None
    margin = max(total.width, total.height) * margin_ratio
    return BBox(
        total.min_x - margin, total.min_y - margin, total.max_x + margin, total.max_y + margin
    )


def view_box(boxes: Iterable[BBox], margin_ratio: float = 0.03) -> str | None:
    """The SVG viewBox attribute for `view_bounds`."""
    bounds = view_bounds(boxes, margin_ratio)
    return None if bounds is None else bounds.as_view_box()
