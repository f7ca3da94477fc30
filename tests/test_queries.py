"""egov.db and egov/reads/ against the test warehouse: parameters only, a republished warehouse is
read at once, filters mean what they say, numbers match the marts."""

from __future__ import annotations

import datetime as dt
import os
import shutil

import duckdb
import pytest

from egov import db, filters
from egov.filters import Filters
from egov.reads import adoption, agencies, feedback, reference, savings


def sql(q: str, params=None):
    cur = db.cursor()
    try:
        return cur.execute(q, params or []).fetchall()
    finally:
        cur.close()


def test_db_path_default_and_relative(monkeypatch):
    monkeypatch.delenv("EGOV_DB", raising=False)
    assert db.db_path() == db.ROOT / "data" / "warehouse" / "adoption.duckdb"
    monkeypatch.setenv("EGOV_DB", "some/where.duckdb")
    assert db.db_path() == db.ROOT / "some" / "where.duckdb"


def test_missing_warehouse(monkeypatch, tmp_path):
    monkeypatch.setenv("EGOV_DB", str(tmp_path / "none.duckdb"))
    assert db.warehouse_key() is None
    with pytest.raises(db.WarehouseMissing):
        db.query("SELECT 1")


def test_query_is_read_only_and_parameterized(synthetic_db):
    assert db.query("SELECT count(*) AS n FROM agencies WHERE province_code = ?", ["65"])["n"].iloc[0] > 0
    with pytest.raises(duckdb.Error):
        db.query("DELETE FROM agencies")
    # a hostile value is only ever a value
    hostile = "65'; DROP TABLE agencies; --"
    assert adoption.agency_count(Filters(provinces=(hostile,))) == 0
    assert adoption.agency_count(Filters()) == sql("SELECT count(*) FROM agencies")[0][0]


def test_republished_warehouse_is_read_at_once(synthetic_db, tmp_path, monkeypatch):
    live = tmp_path / "live.duckdb"
    shutil.copy(synthetic_db, live)
    monkeypatch.setenv("EGOV_DB", str(live))
    before = adoption.agency_count(Filters())
    nxt = tmp_path / "next.duckdb"
    shutil.copy(synthetic_db, nxt)
    con = duckdb.connect(str(nxt))
    con.execute("INSERT INTO agencies VALUES ('Z1', 'ใหม่', 'MOI', NULL, '65', 'local', 9)")
    con.close()
    os.replace(nxt, live)  # the ETL's atomic publish
    assert adoption.agency_count(Filters()) == before + 1


def test_filters_normalize():
    f = Filters(provinces=["65", "64"], start=dt.datetime(2013, 5, 17))
    assert f.provinces == ("64", "65") and f.start == dt.date(2013, 5, 1)
    assert f == Filters(provinces=("65", "64"), start=dt.date(2013, 5, 1))
    with pytest.raises(ValueError):
        Filters(region_system="region5")


def test_period(synthetic_db):
    months = reference.months()
    p = filters.period(Filters())
    assert (p.start, p.end, p.as_of) == (months[0], months[-1], months[-1])
    assert p.prev == filters.add_months(months[-1], -12)
    p = filters.period(Filters(start=dt.date(2013, 1, 1), end=dt.date(2013, 6, 1)))
    assert p.as_of == dt.date(2013, 6, 1) and p.end_exclusive == dt.date(2013, 7, 1)
    assert filters.period(Filters(start=dt.date(2999, 1, 1))).as_of is None
    assert adoption.is_empty(Filters(start=dt.date(2999, 1, 1)))


def test_region_filter_uses_the_chosen_system(synthetic_db):
    # Phitsanulok (65) is North in the 4-region system and Central in the 6-region one
    r4, r6 = sql("SELECT region4, region6 FROM provinces WHERE province_code = '65'")[0]
    n4 = adoption.agency_count(Filters(region_system="region4", regions=(r4,)))
    n6 = adoption.agency_count(Filters(region_system="region6", regions=(r6,)))
    assert n4 == sql("SELECT count(*) FROM agencies JOIN provinces USING (province_code) WHERE region4 = ?", [r4])[0][0]
    assert n6 == sql("SELECT count(*) FROM agencies JOIN provinces USING (province_code) WHERE region6 = ?", [r6])[0][0]


def test_service_summary_matches_the_mart(synthetic_db):
    f = Filters(ministries=("MOI",), levels=("local",))
    s = adoption.service_summary(f).set_index("service_code")
    month = filters.period(f).as_of
    for code, adopted, eligible, active in sql(
            """SELECT service_code, sum(adopted), sum(eligible), sum(active) FROM mart_adoption_monthly
               WHERE month = ? AND ministry_code = 'MOI' AND level = 'local' GROUP BY 1""", [month]):
        assert s.loc[code, "adopted"] == adopted and s.loc[code, "eligible"] == eligible
        assert s.loc[code, "adoption_rate"] == pytest.approx(adopted / eligible)
        assert s.loc[code, "active_rate"] == pytest.approx(active / eligible)


def test_unknown_level_is_a_level(synthetic_db):
    n = sql("SELECT count(*) FROM agencies WHERE level IS NULL")[0][0]
    assert n > 0 and "unknown" in reference.levels()
    assert adoption.agency_count(Filters(levels=("unknown",))) == n


def test_satisfaction_counts_every_response_once(synthetic_db):
    sat = feedback.satisfaction_by_service(Filters()).set_index("service_code")
    n, total = sql("SELECT count(*), sum(satisfaction) FROM feedback")[0]
    assert sat.loc["ALL", "n"] == n
    assert sat.loc["ALL", "mean"] == pytest.approx(total / n)
    assert sat.drop(index="ALL")["n"].sum() == sql("SELECT count(*) FROM feedback WHERE service_code IS NOT NULL")[0][0]
    # ministry filter applies through the responding agency
    mof = feedback.satisfaction_by_service(Filters(ministries=("MOF",))).set_index("service_code")
    assert mof.loc["ALL", "n"] == sql("SELECT count(*) FROM feedback JOIN agencies USING (agency_id) "
                                      "WHERE ministry_code = 'MOF'")[0][0]


def test_savings_over_the_period(synthetic_db):
    f = Filters(start=dt.date(2014, 1, 1), end=dt.date(2014, 12, 1), services=("GIN",))
    s = savings.savings_by_service(f)
    assert list(s["service_code"]) == ["GIN"]
    assert s["savings_mid_thb"].iloc[0] == pytest.approx(sql(
        "SELECT sum(savings_mid_thb) FROM mart_savings_monthly WHERE service_code = 'GIN' "
        "AND month BETWEEN '2014-01-01' AND '2014-12-01'")[0][0])


def test_agency_status_matches_the_fact_table(synthetic_db):
    month = filters.period(Filters()).as_of
    a = agencies.agency_status(Filters(), province="65").set_index("agency_id")
    assert len(a) == sql("SELECT count(*) FROM agencies WHERE province_code = '65'")[0][0]
    for agency, code, adopted, active, underused in sql(
            """SELECT agency_id, service_code, adopted, active, underused FROM fct_agency_service_month
               WHERE month = ? AND province_code = '65'""", [month]):
        want = "underused" if underused else "active" if active else "idle" if adopted else "none"
        assert a.loc[agency, code] == want
    assert (a["services_adopted"] == (a[["GIN", "GCLOUD", "MAILGOTHAI", "GOVMON"]] != "none").sum(axis=1)).all()


def test_province_measures_cover_the_filter(synthetic_db):
    pm = adoption.province_measures(Filters())
    assert len(pm) == 77 and pm["rank"].min() == 1
    north = adoption.province_measures(Filters(regions=("north",)))
    assert set(north["province_code"]) == {r[0] for r in sql("SELECT province_code FROM provinces WHERE region4 = 'north'")}


def test_province_boundaries_match_the_provinces():
    gj = reference.province_geojson()
    if gj is None:
        pytest.skip("data/reference/thailand_provinces.geojson is not there yet")
    iso = {f["properties"]["iso_code"] for f in gj["features"]}
    with open(db.ROOT / "data" / "reference" / "provinces.csv", encoding="utf-8") as fh:
        codes = {line.split(",")[1] for line in fh.readlines()[1:] if line.strip()}
    assert len(iso) == 77 and iso == codes


def test_ministry_service_with_a_service_filter(synthetic_db):
    # was: Binder Error "Ambiguous reference to column name service_code" (the mart and services both have it),
    # found by `python -m bench concurrency` on the Ministries page
    every = adoption.ministry_service(Filters())
    gin = adoption.ministry_service(Filters(services=("GIN",)))
    assert len(gin) and set(gin["service_code"]) == {"GIN"}
    want = every[every["service_code"] == "GIN"].reset_index(drop=True)
    assert gin.reset_index(drop=True)[want.columns.tolist()].equals(want)
