"""Reading areas from GeoJSON: what is accepted (WGS84 or RD New, polygons and points), and
every way a file can be wrong, each said per feature and in words. No database."""

import json

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from dijkwacht.catalogue import geo
from dijkwacht.organisations.selectors import municipality_boundaries


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


def _square(lon, lat, half=0.004):
    return [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half],
    ]


def _feature(geometry, **properties):
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def _collection(*features, crs=None):
    document = {"type": "FeatureCollection", "features": list(features)}
    if crs:
        document["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(document).encode()


ENSCHEDE = {"type": "Polygon", "coordinates": [_square(6.89, 52.22)]}


def _problems(read):
    return [str(p) for p in read.problems]


def test_a_wgs84_polygon_is_read_with_its_name_kind_status_units_and_other_properties():
    read = geo.read_geojson(
        _collection(
            _feature(
                ENSCHEDE,
                naam="Park Zuid",
                soort="vakantieparken",
                status="in aanpak",
                eenheden="120",
                exploitant="Stichting Voorbeeld",
            )
        )
    )
    assert read.problems == []
    assert read.crs == geo.WGS84 and not read.guessed_crs
    (feature,) = read.features
    assert (feature.name, feature.kind, feature.status, feature.units) == (
        "Park Zuid",
        "vakantieparken",
        "in aanpak",
        120,
    )
    assert feature.attributes == {"exploitant": "Stichting Voorbeeld"}
    outline = feature.outline
    assert not outline.is_point
    assert outline.path.startswith("M") and outline.path.endswith("Z")
    assert 6.88 < outline.lon < 6.90 and 52.21 < outline.lat < 52.23
    assert outline.bbox.min_x < outline.x < outline.bbox.max_x


def test_rd_new_named_in_the_file_is_changed_to_wgs84():
    # Enschede's centre in RD New: about x 258 000, y 471 500.
    ring = [[257000, 471000], [259000, 471000], [259000, 472000], [257000, 472000],
            [257000, 471000]]  # fmt: skip
    read = geo.read_geojson(
        _collection(
            _feature({"type": "Polygon", "coordinates": [ring]}, name="Centrum"),
            crs="urn:ogc:def:crs:EPSG::28992",
        )
    )
    assert read.problems == []
    assert read.crs == geo.RD_NEW and not read.guessed_crs
    outline = read.features[0].outline
    assert 6.87 < outline.lon < 6.91 and 52.21 < outline.lat < 52.23
    lon, lat = outline.geometry["coordinates"][0][0]
    assert 6.8 < lon < 7.0 and 52.1 < lat < 52.3


def test_rd_new_is_recognised_by_its_metres_when_the_file_names_no_system():
    read = geo.read_geojson(
        _collection(_feature({"type": "Point", "coordinates": [258000, 471500]}, naam="Haven"))
    )
    assert read.problems == []
    assert read.crs == geo.RD_NEW and read.guessed_crs
    assert read.features[0].outline.is_point


def test_another_coordinate_system_is_refused_for_the_whole_file():
    read = geo.read_geojson(
        _collection(_feature(ENSCHEDE, naam="Park"), crs="urn:ogc:def:crs:EPSG::3857")
    )
    assert read.features == []
    assert _problems(read) == [
        "Het coördinatenstelsel urn:ogc:def:crs:epsg::3857 van het bestand wordt niet "
        "ondersteund: gebruik RD New (EPSG:28992) of WGS84."
    ]


def test_each_wrong_feature_is_named_with_its_number_name_and_what_is_wrong():
    bowtie = [[6.88, 52.21], [6.90, 52.23], [6.90, 52.21], [6.88, 52.23], [6.88, 52.21]]
    read = geo.read_geojson(
        _collection(
            _feature(ENSCHEDE, naam="Goed"),
            _feature({"type": "Polygon", "coordinates": [bowtie]}, naam="Strik"),
            _feature({"type": "Point", "coordinates": [2.35, 48.85]}, naam="Parijs"),
            _feature({"type": "Point", "coordinates": [52.22, 6.89]}, naam="Omgedraaid"),
            _feature({"type": "LineString", "coordinates": [[6.8, 52.2], [6.9, 52.3]]}, naam="Weg"),
            _feature(ENSCHEDE),
            _feature(ENSCHEDE, naam="Telling", eenheden="veel"),
            _feature(ENSCHEDE, naam="Heel", eenheden=12.0),
            _feature(None, naam="Leeg"),
        )
    )
    assert [(f.name, f.units) for f in read.features] == [("Goed", None), ("Heel", 12)]
    problems = _problems(read)
    assert problems[0] == "Object 2 (Strik): de geometrie is niet geldig: de rand snijdt zichzelf."
    assert problems[1].startswith("Object 3 (Parijs): het ligt buiten Nederland")
    assert problems[2] == (
        "Object 4 (Omgedraaid): het ligt buiten Nederland: breedte- en lengtegraad lijken "
        "verwisseld."
    )
    assert problems[3] == (
        "Object 5 (Weg): de geometrie is een LineString; een gebied is een vlak of een punt."
    )
    assert problems[4] == "Object 6: het heeft geen naam (de eigenschap “naam” of “name”)."
    assert problems[5] == "Object 7 (Telling): het aantal eenheden “veel” is geen geheel getal."
    assert problems[6] == "Object 9 (Leeg): het heeft geen geometrie."
    assert len(problems) == 7


def test_a_multipolygon_and_a_point_are_areas_too():
    read = geo.read_geojson(
        _collection(
            _feature(
                {
                    "type": "MultiPolygon",
                    "coordinates": [[_square(6.8, 52.3)], [_square(6.9, 52.3)]],
                },
                naam="Twee delen",
            ),
            _feature({"type": "Point", "coordinates": [6.66, 52.35]}, naam="Kade"),
        )
    )
    assert read.problems == []
    multi, point = read.features
    assert multi.outline.path.count("M") == 2
    assert point.outline.is_point and point.outline.path == ""
    assert (point.outline.lon, point.outline.lat) == (6.66, 52.35)


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"{not json", "Dit is geen GeoJSON-bestand (geen geldige JSON)."),
        (b"[1, 2]", "Dit is geen GeoJSON-bestand."),
        (
            b'{"type": "Topology"}',
            "Het bestand bevat geen FeatureCollection, Feature of geometrie.",
        ),
        (b'{"type": "FeatureCollection", "features": []}', "Het bestand bevat geen objecten."),
        (
            b'{"type": "FeatureCollection", "features": {}}',
            "De objecten in het bestand zijn geen lijst.",
        ),
        (b" " * (geo.MAX_BYTES + 1), "Het bestand is groter dan 5 MB."),
    ],
)
def test_a_file_that_is_no_geojson_says_so_once(data, said):
    read = geo.read_geojson(data)
    assert read.features == []
    assert _problems(read) == [said]


@pytest.mark.parametrize("crs", ["EPSG:28992", ["x"], {"properties": ["x"]}, {"type": "name"}])
def test_a_crs_member_of_another_shape_is_refused_in_words(crs):
    document = {"type": "FeatureCollection", "crs": crs, "features": [_feature(ENSCHEDE, naam="P")]}
    read = geo.read_geojson(json.dumps(document).encode())
    assert read.features == []
    assert _problems(read)[0].startswith("Het coördinatenstelsel")


def test_a_feature_of_very_many_rings_is_refused_before_it_is_checked():
    rings = [_square(6.8 + 0.0001 * i, 52.2, 0.00004) for i in range(geo.MAX_RINGS_PER_FEATURE + 1)]
    multi = {"type": "MultiPolygon", "coordinates": [[ring] for ring in rings]}
    read = geo.read_geojson(_collection(_feature(multi, naam="Korrels")))
    assert _problems(read) == [
        f"Object 1 (Korrels): de geometrie heeft {5 * len(rings)} punten in {len(rings)} ringen; "
        f"hoogstens {geo.MAX_POINTS_PER_FEATURE} punten en {geo.MAX_RINGS_PER_FEATURE} ringen."
    ]


def test_size_limits_on_features_and_points():
    many = geo.read_geojson(
        _collection(*[_feature(ENSCHEDE, naam=f"P{i}") for i in range(geo.MAX_FEATURES + 1)])
    )
    assert _problems(many) == [
        f"Het bestand bevat {geo.MAX_FEATURES + 1} objecten; hoogstens {geo.MAX_FEATURES} tegelijk."
    ]
    count = geo.MAX_POINTS_PER_FEATURE + 1
    ring = [[6.85 + 0.05 * i / count, 52.2] for i in range(count - 2)]
    ring += [[6.9, 52.25], ring[0]]
    dense = geo.read_geojson(
        _collection(_feature({"type": "Polygon", "coordinates": [ring]}, naam="Druk"))
    )
    assert _problems(dense) == [
        f"Object 1 (Druk): de geometrie heeft {count} punten in 1 ringen; hoogstens "
        f"{geo.MAX_POINTS_PER_FEATURE} punten en {geo.MAX_RINGS_PER_FEATURE} ringen."
    ]


def test_the_municipality_of_a_point_and_of_a_harbour_just_off_the_shore():
    municipalities = geo.Municipalities(municipality_boundaries())
    assert municipalities.code_at(6.89, 52.22) == "GM0153"  # Enschede
    assert municipalities.code_at(4.0, 52.9) is None  # the North Sea


JSON = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=True) | st.integers() | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                ["type", "features", "geometry", "coordinates", "properties", "naam", "crs"]
            ),
            children,
            max_size=4,
        )
    ),
    max_leaves=30,
)
SHAPES = st.fixed_dictionaries(
    {
        "type": st.sampled_from(
            ["Feature", "FeatureCollection", "Polygon", "Point", "MultiPolygon"]
        ),
        "features": st.lists(JSON, max_size=3),
        "geometry": JSON,
        "coordinates": JSON,
        "properties": JSON,
    }
)


@settings(max_examples=150, deadline=None)
@given(st.one_of(JSON, SHAPES))
def test_no_document_makes_the_reader_raise(document):
    read = geo.read_geojson(json.dumps(document).encode())
    assert read.features or read.problems
