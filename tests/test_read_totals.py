"""The totals the pages show in their metric tiles, each defined once in egov/reads/ (a page sums nothing:
tests/test_pages_compose.py), against SQL on the core tables of the synthetic warehouse."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from egov import db, filters, metrics
from egov.filters import Filters
from egov.reads import agency_profile, loads, roadshows, savings


def sql(q: str, params=None):
    cur = db.cursor()
    try:
        return cur.execute(q, params or []).fetchall()
    finally:
        cur.close()


EVENT_FILTERS = [
    Filters(),
    Filters(provinces=("38", "62")),
    Filters(region_system="region4", regions=("north",)),
    Filters(start=dt.date(2014, 1, 1), end=dt.date(2014, 12, 1)),
    Filters(ministries=("MOI",), services=("GIN",)),  # events carry neither: these filters leave them whole
]


@pytest.mark.parametrize("f", EVENT_FILTERS, ids=lambda f: repr(f)[:60])
def test_event_totals_count_the_events_table(synthetic_db, f):
    p = filters.period(f)
    conds, params = ["event_date >= ? AND event_date < ?"], [p.start, p.end_exclusive]
    if f.provinces:
        conds.append("list_contains(?, province_code)")
        params.append(list(f.provinces))
    if f.regions:
        conds.append("province_code IN (SELECT province_code FROM provinces WHERE region4 = ?)")
        params.append(f.regions[0])
    expected = sql(f"""SELECT count(DISTINCT event_id), count(*), coalesce(sum(attendees), 0),
                              coalesce(sum(agencies_attended), 0) FROM events WHERE {' AND '.join(conds)}""", params)[0]
    total = roadshows.event_totals(f)
    assert list(total.columns) == ["events", "visits", "attendees", "agencies_attended"] and len(total) == 1
    assert tuple(int(v) for v in total.iloc[0]) == expected
    assert expected[1] > 0  # every filter here reads events
    # the same events as the table beside it
    ev = roadshows.events(f)
    assert (total.iloc[0]["events"], total.iloc[0]["visits"]) == (ev["event_id"].nunique(), len(ev))


def test_event_totals_of_one_province_and_type(synthetic_db):
    province, kind = sql("SELECT province_code, event_type FROM events ORDER BY event_id LIMIT 1")[0]
    expected = sql("""SELECT count(DISTINCT event_id), count(*), coalesce(sum(attendees), 0),
                             coalesce(sum(agencies_attended), 0)
                      FROM events WHERE province_code = ? AND event_type = ?""", [province, kind])[0]
    assert tuple(int(v) for v in roadshows.event_totals(Filters(), province, (kind,)).iloc[0]) == expected
    none = roadshows.event_totals(Filters(start=dt.date(2999, 1, 1))).iloc[0]
    assert tuple(int(v) for v in none) == (0, 0, 0, 0)


def test_etl_load_totals_count_the_load_log(synthetic_db):
    loads_n, files, loaded, rejected, last = sql(
        "SELECT count(*), count(DISTINCT file), sum(rows_loaded), sum(rows_rejected), max(finished_at) "
        "FROM etl_loads")[0]
    total = loads.etl_load_totals()
    assert list(total.columns) == ["loads", "files", "rows_loaded", "rows_rejected", "last_finished_at"]
    row = total.iloc[0]
    assert (int(row["loads"]), int(row["files"]), int(row["rows_loaded"]), int(row["rows_rejected"])) == (
        loads_n, files, loaded, rejected)
    assert pd.Timestamp(row["last_finished_at"]) == pd.Timestamp(last)
    # the synthetic files refuse rows, and load more files than one
    assert rejected > 0 and files > 1 and loaded > 0


def test_etl_load_totals_of_a_warehouse_without_a_load_log(synthetic_db_copy, monkeypatch):
    import duckdb
    con = duckdb.connect(str(synthetic_db_copy))
    con.execute("DROP TABLE etl_loads")
    con.close()
    monkeypatch.setenv("EGOV_DB", str(synthetic_db_copy))
    row = loads.etl_load_totals().iloc[0]
    assert [row[c] for c in ("loads", "files", "rows_loaded", "rows_rejected")] == [0, 0, 0, 0]
    assert row["last_finished_at"] is None


@pytest.mark.parametrize("f", [Filters(), Filters(start=dt.date(2014, 1, 1), end=dt.date(2014, 12, 1)),
                               Filters(provinces=("65",), services=("GIN",)), Filters(levels=("local",))],
                         ids=lambda f: repr(f)[:60])
def test_savings_total_sums_the_period(synthetic_db, f):
    p = filters.period(f)
    conds, params = ["month BETWEEN ? AND ?"], [p.start, p.end]
    for col, values in (("province_code", f.provinces), ("service_code", f.services), ("level", f.levels)):
        if values:
            conds.append(f"list_contains(?, {col})")
            params.append(list(values))
    expected = sql(f"""SELECT sum(unit_months), sum(staff_hours_saved), sum(savings_low_thb), sum(savings_mid_thb),
                              sum(savings_high_thb) FROM mart_savings_monthly WHERE {' AND '.join(conds)}""", params)[0]
    total = savings.savings_total(savings.savings_by_service(f))
    assert list(total.columns) == list(savings.SAVINGS_COLUMNS) and len(total) == 1
    assert expected[3] > 0
    assert list(total.iloc[0]) == pytest.approx([float(v) for v in expected], rel=1e-12)
    # under the loaded assumptions the recomputed savings give the same total
    units = savings.savings_unit_months(f)
    again = savings.savings_total(savings.savings_by(units, savings.default_assumptions(), "service_code"))
    assert list(again.iloc[0]) == pytest.approx(list(total.iloc[0]), rel=1e-12)


def test_savings_total_of_nothing_is_zero():
    assert list(savings.savings_total(pd.DataFrame()).iloc[0]) == [0.0] * 5
    empty = pd.DataFrame(columns=list(savings.SAVINGS_COLUMNS))
    assert list(savings.savings_total(empty).iloc[0]) == [0.0] * 5


def test_savings_total_with_min_count_leaves_no_rows_blank():
    blank = savings.savings_total(pd.DataFrame(columns=list(savings.SAVINGS_COLUMNS)), min_count=1).iloc[0]
    assert blank.isna().all()
    some = pd.DataFrame({"savings_mid_thb": [1.5, None], "savings_low_thb": [None, None]})
    total = savings.savings_total(some, min_count=1).iloc[0]
    assert total["savings_mid_thb"] == 1.5 and pd.isna(total["savings_low_thb"]) and pd.isna(total["unit_months"])


@pytest.mark.parametrize("f", [Filters(), Filters(start=dt.date(2014, 1, 1), end=dt.date(2014, 12, 1)),
                               Filters(provinces=("38",))], ids=lambda f: repr(f)[:60])
def test_agency_satisfaction_sums_its_responses(synthetic_db, f):
    # the agency (within the filter's provinces: the scope) with the most responses in the period
    p = filters.period(f)
    province = f.provinces[0] if f.provinces else None
    agency, n, total, satisfied = sql(
        """SELECT agency_id, count(*), sum(satisfaction), count(*) FILTER (WHERE satisfaction >= 4)
           FROM feedback JOIN agencies a USING (agency_id)
           WHERE response_date >= ? AND response_date < ? AND (?::VARCHAR IS NULL OR a.province_code = ?)
           GROUP BY agency_id ORDER BY count(*) DESC, agency_id LIMIT 1""",
        [p.start, p.end_exclusive, province, province])[0]
    row = agency_profile.agency_satisfaction(f, agency).iloc[0]
    assert (row["responses"], row["satisfaction_sum"], row["satisfied"]) == (n, total, satisfied)
    assert row["n"] == n and row["mean"] == pytest.approx(total / n) and row["share_satisfied"] == pytest.approx(
        satisfied / n)
    assert bool(row["too_few"]) == (n < metrics.MIN_RESPONSES)
    # the same responses as the table beside it
    assert len(agency_profile.agency_feedback(f, agency)) == n
    none = agency_profile.agency_satisfaction(Filters(start=dt.date(2999, 1, 1)), agency).iloc[0]
    assert (none["responses"], none["n"]) == (0, 0) and none["mean"] is None
