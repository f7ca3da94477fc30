"""data/reference and etl.reference: the reference files are complete, consistent and load."""

import json
from pathlib import Path

import duckdb
import geothai
import pytest

from etl import reference
from etl.normalize import _matchers, match_province

ROOT = Path(__file__).resolve().parent.parent
SUPERSET_GEOJSON = Path("/tmp/thailand_superset.geojson")


@pytest.fixture(scope="module")
def provinces():
    return reference.provinces()


def test_77_provinces_with_unique_codes_matching_geothai(provinces):
    assert len(provinces) == 77
    assert provinces["province_code"].is_unique and provinces["iso_code"].is_unique
    assert (provinces["iso_code"] == "TH-" + provinces["province_code"]).all()
    ours = {r.province_code: (r.name_th, r.name_en) for r in provinces.itertuples()}
    assert ours == {p.code: (p.name_th, p.name_en) for p in geothai.provinces()}


def test_region_counts(provinces):
    assert provinces["region4"].value_counts().to_dict() == {"central": 26, "northeast": 20, "north": 17, "south": 14}
    assert provinces["region6"].value_counts().to_dict() == {
        "central": 22, "northeast": 20, "south": 14, "north": 9, "east": 7, "west": 5}
    by_name = provinces.set_index("name_en")
    for name in ("Phitsanulok", "Sukhothai"):  # the provinces the two systems disagree on
        assert tuple(by_name.loc[name, ["region4", "region6"]]) == ("north", "central")
    assert set(by_name.index[by_name["region6"] == "east"]) == {
        "Chachoengsao", "Chanthaburi", "Chon Buri", "Prachin Buri", "Rayong", "Sa Kaeo", "Trat"}
    assert set(by_name.index[by_name["region6"] == "west"]) == {
        "Kanchanaburi", "Phetchaburi", "Prachuap Khiri Khan", "Ratchaburi", "Tak"}
    assert set(by_name.index[(by_name["region4"] == "north") & (by_name["region6"] != "north")]) == {
        "Phitsanulok", "Sukhothai", "Nakhon Sawan", "Uthai Thani", "Kamphaeng Phet", "Tak", "Phichit", "Phetchabun"}
    assert by_name.loc["Bangkok", "region4"] == "central"


def test_regions_name_every_region_used(provinces):
    regions = reference.regions()
    assert not regions.duplicated(["system", "region_code"]).any()
    for system in ("region4", "region6"):
        assert set(regions.loc[regions["system"] == system, "region_code"]) == set(provinces[system])
    assert (regions["name_th"].str.startswith("ภาค")).all()


def test_every_alias_maps_to_exactly_one_province(provinces):
    assert _matchers()["province"].conflicts == []
    owners: dict[str, str] = {}
    for row in provinces.itertuples():
        for alias in filter(None, row.aliases.split("|")):
            assert alias == alias.strip()
            assert owners.setdefault(alias.casefold(), row.province_code) == row.province_code, alias
            assert match_province(alias) == row.province_code, alias


def test_geojson_has_the_77_provinces(provinces):
    gj = json.loads((reference.REFERENCE_DIR / "thailand_provinces.geojson").read_text(encoding="utf-8"))
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == 77
    props = [f["properties"] for f in gj["features"]]
    assert sorted(p["province_code"] for p in props) == sorted(provinces["province_code"])
    expected = provinces.set_index("province_code")
    for f, p in zip(gj["features"], props, strict=True):
        assert set(p) == {"iso_code", "province_code", "name_en", "name_th"}
        assert f["id"] == p["province_code"] and p["iso_code"] == f"TH-{p['province_code']}"
        assert (p["name_th"], p["name_en"]) == tuple(expected.loc[p["province_code"], ["name_th", "name_en"]])
        assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_geojson_coordinates_are_in_thailand_and_rounded():
    text = (reference.REFERENCE_DIR / "thailand_provinces.geojson").read_text(encoding="utf-8")
    gj = json.loads(text)

    def points(c):
        if isinstance(c[0], (int, float)):
            yield c
        else:
            for x in c:
                yield from points(x)

    for f in gj["features"]:
        for lon, lat in points(f["geometry"]["coordinates"]):
            assert 97 <= lon <= 106 and 5 <= lat <= 21
            assert round(lon, 4) == lon and round(lat, 4) == lat
    assert len(text) < 250_000


@pytest.mark.skipif(not SUPERSET_GEOJSON.exists(), reason="superset's thailand.geojson is not at hand")
def test_geojson_is_reproducible(tmp_path):
    built = reference.build_geojson(SUPERSET_GEOJSON, tmp_path / "out.geojson")
    committed = json.loads((reference.REFERENCE_DIR / "thailand_provinces.geojson").read_text(encoding="utf-8"))
    assert built == committed


def test_ministries():
    m = reference.ministries()
    assert len(m) == 20 and m["ministry_code"].is_unique
    assert m["sort_order"].is_unique
    assert {"OPM", "MDES", "MOI", "MOPH"} <= set(m["ministry_code"])
    assert _matchers()["ministry"].conflicts == []


def test_services():
    s = reference.services()
    assert list(s["service_code"]) == ["GIN", "GCLOUD", "MAILGOTHAI", "GOVMON"]
    assert _matchers()["service"].conflicts == []


def test_vocabularies_have_no_ambiguous_spelling():
    for name in reference.vocabularies()["vocabulary"].unique():
        assert _matchers()[name].conflicts == [], name


def test_cost_assumptions():
    c = reference.cost_assumptions()
    assert sorted(c["service_code"]) == sorted(reference.services()["service_code"])
    assert (c["cost_low_thb_per_unit_year"] > 0).all()
    assert (c["cost_low_thb_per_unit_year"] <= c["cost_mid_thb_per_unit_year"]).all()
    assert (c["cost_mid_thb_per_unit_year"] <= c["cost_high_thb_per_unit_year"]).all()
    assert (c["staff_hours_saved_per_unit_year"] >= 0).all() and (c["staff_cost_thb_per_hour"] > 0).all()
    assert c["is_assumption"].all()
    assert c["source"].str.startswith("Assumption, to be confirmed by EGA").all()


def test_loaders_hand_out_copies():
    mine = reference.provinces()
    del mine["aliases"]
    assert "aliases" in reference.provinces().columns


def test_load_reference_tables():
    con = duckdb.connect()
    con.execute((ROOT / "etl" / "sql" / "schema.sql").read_text(encoding="utf-8"))
    counts = {"provinces": 77, "regions": 10, "ministries": 20, "services": 4, "cost_assumptions": 4}
    for _ in range(2):  # a second load rewrites, never duplicates
        written = reference.load_reference_tables(con)
        for table, n in counts.items():
            assert written[table] == n
            assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == n
    assert con.execute("SELECT count(*) FROM vocabularies").fetchone()[0] == len(reference.vocabularies())
    assert con.execute("SELECT name_en, region4, region6 FROM provinces WHERE province_code = '65'").fetchone() == (
        "Phitsanulok", "north", "central")
    assert con.execute("SELECT bool_and(is_assumption) FROM cost_assumptions").fetchone() == (True,)
    assert con.execute("SELECT active_threshold FROM services WHERE service_code = 'GCLOUD'").fetchone() == (24.0,)
    con.close()
