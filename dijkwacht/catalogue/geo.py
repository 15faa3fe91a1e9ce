"""Areas from GeoJSON: reading a file of features and checking each one — a valid polygon or
point, in the Netherlands, in RD New (EPSG:28992) or WGS84, within size limits — and turning
it into what is kept: the geometry in WGS84, its outline on the maps and the municipality it
lies in. Never raises for bad input: what is wrong comes back per feature, in words. Pure: no
ORM, no request. Geometry is shapely's, the change of coordinates pyproj's (both imported
where they are used, as the document libraries are: most processes never read a file).

A file without a `crs` member is WGS84 (RFC 7946), unless every coordinate lies in RD New's
range (metres, as QGIS and municipal GIS export by default): then it is read as RD New, and the
result says so.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from dijkwacht.organisations import maps

if TYPE_CHECKING:
    from pyproj import Transformer
    from shapely.geometry.base import BaseGeometry

MAX_BYTES = 5 * 1024 * 1024
MAX_FEATURES = 1000
MAX_POINTS_PER_FEATURE = 20_000
MAX_POINTS = 200_000
MAX_RINGS_PER_FEATURE = 500  # outlines and holes: checking validity grows with them
MAX_RINGS = 5_000
MAX_NAME = 200
MAX_PROPERTIES = 20
MAX_PROPERTY_TEXT = 200
NEAREST_DEGREES = 0.05  # a harbour or a park on the shore: the municipality within ~5 km
SIMPLIFY_DEGREES = 0.0001  # ~10 m: the outline drawn on an overview map

WGS84, RD_NEW = "WGS84", "RD New"
# WGS84: the Netherlands with its shores and the Wadden islands, longitude and latitude.
NL_LON, NL_LAT = (3.0, 7.3), (50.7, 53.7)
# RD New's range of the Netherlands in metres (x, y).
RD_X, RD_Y = (-7_000.0, 300_000.0), (289_000.0, 629_000.0)
CRS_NAMES = {
    "urn:ogc:def:crs:epsg::28992": RD_NEW,
    "epsg:28992": RD_NEW,
    "urn:ogc:def:crs:ogc:1.3:crs84": WGS84,
    "urn:ogc:def:crs:epsg::4326": WGS84,
    "epsg:4326": WGS84,
}
SHAPES = ("Polygon", "MultiPolygon", "Point")
# The name, kind, status and number of units may be given under these property names; every
# other property is kept as an attribute of the area.
NAME_KEYS = ("naam", "name", "titel", "title")
KIND_KEYS = ("soort", "kind", "type")
STATUS_KEYS = ("status", "parkstatus")
UNITS_KEYS = ("eenheden", "aantal eenheden", "units", "aantal")
# What Dijkwacht's own download adds and a file does not decide: the municipality is found from
# the outline, the holder is chosen with the file. Its "zichtbaar voor" (a code) is read back.
DERIVED_KEYS = ("gemeente", "eigenaar", "beheerder")
VISIBILITY_KEYS = ("zichtbaar voor", "visibility")

# GEOS's reasons, in words a GIS user recognises.
VALIDITY = {
    "Self-intersection": gettext_noop("the outline crosses itself"),
    "Ring Self-intersection": gettext_noop("a ring touches itself"),
    "Too few points": gettext_noop("a ring has too few points"),
    "Hole lies outside shell": gettext_noop("a hole lies outside the outline"),
    "Nested shells": gettext_noop("one outline lies within another"),
    "Interior is disconnected": gettext_noop("the inside falls apart in pieces"),
    "Duplicate Rings": gettext_noop("a ring is there twice"),
    "Invalid Coordinate": gettext_noop("a coordinate is not a number"),
}


@dataclass(frozen=True)
class Problem:
    feature: int | None  # numbered from 1 in file order; None: the file as a whole
    name: str  # the feature's name, when it has one
    message: str

    def __str__(self) -> str:
        if self.feature is None:
            return self.message
        if self.name:
            return _("Feature %(number)s (%(name)s): %(message)s") % {
                "number": self.feature,
                "name": self.name,
                "message": self.message,
            }
        return _("Feature %(number)s: %(message)s") % {
            "number": self.feature,
            "message": self.message,
        }


@dataclass(frozen=True)
class Outline:
    """Where an area lies, as kept and as drawn: WGS84 GeoJSON, and in map units (see
    `organisations.maps`) an SVG path (none for a point), its box and a point inside it."""

    geometry: dict[str, Any]
    is_point: bool
    path: str
    bbox: maps.BBox
    x: float
    y: float
    lon: float  # the point inside, in WGS84: where the municipality is looked up
    lat: float


@dataclass(frozen=True)
class Feature:
    number: int
    name: str
    kind: str  # as the file gives it ("" when it does not)
    status: str
    units: int | None
    attributes: dict[str, str]
    outline: Outline
    visibility: str = ""  # as the file gives it ("" when it does not)


@dataclass
class Read:
    features: list[Feature] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    crs: str = WGS84
    guessed_crs: bool = False  # RD New recognised by its coordinates, without a `crs` member


def read_geojson(data: bytes | str | dict[str, Any]) -> Read:
    """A FeatureCollection (or one Feature, or a bare geometry) as checked features. Every
    problem comes back; a feature with any problem is left out of `features`."""
    result = Read()
    document = _document(data, result)
    if document is None:
        return result
    raw = _features(document, result)
    if raw is None:
        return result
    points = rings = 0
    for feature in raw:
        points += _count_points(_coordinates(feature))
        rings += _count_rings(_coordinates(feature))
        if points > MAX_POINTS or rings > MAX_RINGS:
            result.problems.append(
                Problem(
                    None,
                    "",
                    _("The file has more than %(max)s points or %(rings)s rings.")
                    % {"max": MAX_POINTS, "rings": MAX_RINGS},
                )
            )
            return Read(problems=result.problems)
    crs = _crs(document, raw, result)
    if crs is None:
        return result
    for number, feature in enumerate(raw, start=1):
        checked = _feature(number, feature, crs, result)
        if checked is not None:
            result.features.append(checked)
    return result


def _document(data: bytes | str | dict[str, Any], result: Read) -> dict[str, Any] | None:
    if isinstance(data, dict):
        return data
    if len(data) > MAX_BYTES:
        result.problems.append(
            Problem(None, "", _("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES >> 20})
        )
        return None
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):
        result.problems.append(Problem(None, "", _("This is not a GeoJSON file (no valid JSON).")))
        return None
    if not isinstance(document, dict):
        result.problems.append(Problem(None, "", _("This is not a GeoJSON file.")))
        return None
    return document


def _features(document: dict[str, Any], result: Read) -> list[dict[str, Any]] | None:
    kind = document.get("type")
    if kind == "FeatureCollection":
        features = document.get("features")
    elif kind == "Feature":
        features = [document]
    elif kind in SHAPES:
        features = [{"type": "Feature", "geometry": document, "properties": {}}]
    else:
        result.problems.append(
            Problem(None, "", _("The file holds no FeatureCollection, Feature or geometry."))
        )
        return None
    if not isinstance(features, list) or not all(isinstance(f, dict) for f in features):
        result.problems.append(Problem(None, "", _("The file's features are not a list.")))
        return None
    if not features:
        result.problems.append(Problem(None, "", _("The file holds no features.")))
        return None
    if len(features) > MAX_FEATURES:
        result.problems.append(
            Problem(
                None,
                "",
                _("The file holds %(count)s features; at most %(max)s at a time.")
                % {"count": len(features), "max": MAX_FEATURES},
            )
        )
        return None
    return features


def _coordinates(feature: dict[str, Any]) -> Any:
    geometry = feature.get("geometry")
    return geometry.get("coordinates") if isinstance(geometry, dict) else None


def _count_rings(coordinates: Any, depth: int = 0) -> int:
    """The rings (lists of positions) in a coordinates array: the work of checking a polygon
    grows with them, whatever their points."""
    if not isinstance(coordinates, list) or depth > 4:
        return 0
    if coordinates and all(isinstance(c, list) and c and isinstance(c[0], int | float)
                           for c in coordinates):  # fmt: skip
        return 1
    return sum(_count_rings(c, depth + 1) for c in coordinates)


def _count_points(coordinates: Any) -> int:
    """The positions in a coordinates array, without trusting its shape (bounded depth)."""
    return sum(1 for _ in _positions(coordinates))


def _positions(coordinates: Any, depth: int = 0) -> Iterator[Sequence[float]]:
    if not isinstance(coordinates, list) or depth > 4:
        return
    if coordinates and all(isinstance(c, int | float) for c in coordinates):
        yield coordinates
        return
    for c in coordinates:
        yield from _positions(c, depth + 1)


def _crs(document: dict[str, Any], raw: list[dict[str, Any]], result: Read) -> str | None:
    named = document.get("crs")
    if named is not None:
        properties = named.get("properties") if isinstance(named, dict) else None
        name = properties.get("name", "") if isinstance(properties, dict) else ""
        name = str(name).strip().casefold()[:100]
        crs = CRS_NAMES.get(name)
        if crs is None:
            result.problems.append(
                Problem(
                    None,
                    "",
                    _(
                        "The file's coordinate system %(name)s is not supported: use RD New "
                        "(EPSG:28992) or WGS84."
                    )
                    % {"name": name or "?"},
                )
            )
            return None
        result.crs = crs
        return crs
    positions = [p for f in raw for p in _positions(_coordinates(f))]
    if positions and all(
        len(p) >= 2 and RD_X[0] <= p[0] <= RD_X[1] and RD_Y[0] <= p[1] <= RD_Y[1] for p in positions
    ):
        result.crs, result.guessed_crs = RD_NEW, True
    return result.crs


@cache
def _from_rd() -> Transformer:
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _first(properties: dict[str, Any], keys: Iterable[str]) -> tuple[str, Any]:
    lowered = {str(k).strip().casefold(): k for k in properties}
    for key in keys:
        if key in lowered:
            return lowered[key], properties[lowered[key]]
    return "", None


def _feature(number: int, feature: dict[str, Any], crs: str, result: Read) -> Feature | None:
    properties = feature.get("properties") or {}
    if not isinstance(properties, dict):
        properties = {}
    name_key, name_value = _first(properties, NAME_KEYS)
    name = _text(name_value)[: MAX_NAME + 1]
    problems: list[str] = []

    def add(message: str) -> None:
        problems.append(message)

    if not name:
        add(_("it has no name (the property “naam” or “name”)."))
    elif len(name) > MAX_NAME:
        add(_("the name is longer than %(max)s characters.") % {"max": MAX_NAME})
    kind_key, kind_value = _first(properties, KIND_KEYS)
    status_key, status_value = _first(properties, STATUS_KEYS)
    units_key, units_value = _first(properties, UNITS_KEYS)
    visibility_key, visibility_value = _first(properties, VISIBILITY_KEYS)
    units = None
    if _text(units_value):
        try:
            amount = float(str(units_value).strip().replace(",", "."))  # 12.0 from a GIS
        except ValueError:
            amount = math.nan
        if not (math.isfinite(amount) and amount.is_integer()):
            add(
                _("the number of units “%(value)s” is not a whole number.")
                % {"value": _text(units_value)[:20]}
            )
        elif not 0 <= amount <= 100_000:
            add(_("the number of units must lie between 0 and 100,000."))
        else:
            units = int(amount)
    used = {name_key, kind_key, status_key, units_key, visibility_key}
    used |= {k for k in properties if str(k).strip().casefold() in DERIVED_KEYS}
    attributes = {
        str(k).strip()[:50]: _text(v)[:MAX_PROPERTY_TEXT]
        for k, v in properties.items()
        if k not in used and _text(v) and not isinstance(v, dict | list)
    }
    if len(attributes) > MAX_PROPERTIES:
        add(_("it has more than %(max)s other properties.") % {"max": MAX_PROPERTIES})
    outline = _outline(feature.get("geometry"), crs, add)
    shown = name[:MAX_NAME]
    if problems or outline is None:
        result.problems.extend(Problem(number, shown, message) for message in problems)
        return None
    return Feature(
        number=number,
        name=shown,
        kind=_text(kind_value)[:100],
        status=_text(status_value)[:50],
        units=units,
        attributes=attributes,
        outline=outline,
        visibility=_text(visibility_value)[:20],
    )


def _outline(geometry: Any, crs: str, add: Any) -> Outline | None:
    import shapely
    from shapely.errors import GEOSException
    from shapely.geometry import shape
    from shapely.validation import explain_validity

    if not isinstance(geometry, dict) or geometry.get("type") not in SHAPES:
        kind = geometry.get("type") if isinstance(geometry, dict) else None
        add(
            _("its geometry is a %(kind)s; an area is a polygon or a point.") % {"kind": kind}
            if kind
            else _("it has no geometry.")
        )
        return None
    invalid = _("its coordinates do not form a valid geometry of type %(kind)s.") % {
        "kind": geometry["type"]
    }
    if not isinstance(geometry.get("coordinates"), list):
        add(invalid)
        return None
    points = _count_points(geometry.get("coordinates"))
    rings = _count_rings(geometry.get("coordinates"))
    if points > MAX_POINTS_PER_FEATURE or rings > MAX_RINGS_PER_FEATURE:
        add(
            _("its geometry has %(count)s points in %(rings)s rings; at most %(max)s points and "
              "%(max_rings)s rings.")
            % {"count": points, "rings": rings, "max": MAX_POINTS_PER_FEATURE,
               "max_rings": MAX_RINGS_PER_FEATURE}
        )  # fmt: skip
        return None
    try:
        found = shape(geometry)
    except (ValueError, TypeError, AttributeError, IndexError, KeyError, GEOSException):
        add(invalid)
        return None
    if found.is_empty:
        add(_("its geometry is empty."))
        return None
    if not all(math.isfinite(c) for c in found.bounds):
        add(_("a coordinate is not a number."))
        return None
    if crs == RD_NEW:
        found = shapely.transform(found, _rd_to_wgs84, interleaved=False)
    if not _in_netherlands(found, add):
        return None
    if not found.is_valid:
        reason = explain_validity(found)
        said = next((text for key, text in VALIDITY.items() if reason.startswith(key)), None)
        add(
            _("the geometry is not valid: %(reason)s.") % {"reason": _(said)}
            if said
            else _("the geometry is not valid (%(reason)s).") % {"reason": reason}
        )
        return None
    return outline_of(found)


def _rd_to_wgs84(x: Any, y: Any) -> tuple[Any, Any]:
    return _from_rd().transform(x, y)


def _in_netherlands(found: BaseGeometry, add: Any) -> bool:
    min_lon, min_lat, max_lon, max_lat = found.bounds
    if (
        NL_LON[0] <= min_lon
        and max_lon <= NL_LON[1]
        and NL_LAT[0] <= min_lat <= max_lat <= NL_LAT[1]
    ):
        return True
    swapped = (
        NL_LAT[0] <= min_lon
        and max_lon <= NL_LAT[1]
        and NL_LON[0] <= min_lat <= max_lat <= NL_LON[1]
    )
    add(
        _("it lies outside the Netherlands: latitude and longitude seem to be swapped.")
        if swapped
        else _(
            "it lies outside the Netherlands (longitude %(lon)s, latitude %(lat)s); is the "
            "coordinate system RD New or WGS84?"
        )
        % {"lon": f"{min_lon:.4f}", "lat": f"{min_lat:.4f}"}
    )
    return False


def outline_of(found: BaseGeometry) -> Outline:
    """A valid WGS84 polygon or point as it is kept and drawn."""
    from shapely.geometry import mapping

    inside = found.representative_point()
    x, y = maps.project(inside.x, inside.y)
    geometry = mapping(found)
    kept = json.loads(json.dumps(geometry))  # tuples to lists: JSON as it is stored
    if found.geom_type == "Point":
        return Outline(kept, True, "", maps.BBox(x, y, x, y), x, y, inside.x, inside.y)
    drawn = maps.shape_from_geometry(mapping(found.simplify(SIMPLIFY_DEGREES)))
    return Outline(kept, False, drawn.path, drawn.bbox, x, y, inside.x, inside.y)


class Municipalities:
    """Which municipality a point lies in, by the simplified reference boundaries: the one it
    lies in, or else the nearest within `NEAREST_DEGREES` (a harbour on the shore)."""

    def __init__(self, boundaries: Iterable[tuple[str, dict[str, Any]]]) -> None:
        import shapely
        from shapely.geometry import shape

        self.codes: list[str] = []
        shapes: list[BaseGeometry] = []
        for code, geometry in boundaries:
            self.codes.append(code)
            shapes.append(shape(geometry).buffer(0))
        self.tree = shapely.STRtree(shapes)
        self.shapes = shapes

    def code_at(self, lon: float, lat: float) -> str | None:
        import shapely

        point = shapely.Point(lon, lat)
        for index in self.tree.query(point, predicate="intersects"):
            return self.codes[int(index)]
        nearest = self.tree.nearest(point)
        if nearest is None:
            return None
        if self.shapes[int(nearest)].distance(point) <= NEAREST_DEGREES:
            return self.codes[int(nearest)]
        return None
