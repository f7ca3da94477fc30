"""The SQL cleaning of ids and free text must agree with etl.normalize.clean_text, the definition."""

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.normalize import clean_text, thai_digits
from etl.stage import sql_clean_id, sql_clean_text

NOISE = "\u200b\u200c\u200d\u2060\ufeff\u00a0\u2003\u202f\u3000 \t"
texty = st.text(alphabet=st.sampled_from(list("AGอกขำ้่ิ๐๑๙09 -_.,/") + list(NOISE)), max_size=20)

con = duckdb.connect()


def sql(expr: str, value: str):
    return con.execute(f"SELECT {expr} FROM (SELECT ?::VARCHAR AS c)", [value]).fetchall()[0][0]


@settings(max_examples=300, deadline=None)
@given(texty)
def test_sql_clean_text_matches_python(s):
    assert sql(sql_clean_text("c"), s) == clean_text(s)


@settings(max_examples=300, deadline=None)
@given(texty)
def test_sql_clean_id_is_clean_text_with_arabic_digits(s):
    expected = clean_text(s)
    assert sql(sql_clean_id("c"), s) == (thai_digits(expected) if expected else None)


def test_examples():
    assert sql(sql_clean_id("c"), "\u200b AG๐๐๒\u00a0") == "AG002"
    assert sql(sql_clean_text("c"), "  สำนักงาน\u00a0\u00a0พาณิชย์  ") == "สำนักงาน พาณิชย์"


def test_clean_id_ascii_fast_path_and_thai_digits():
    # printable ASCII is already clean and has no Thai digit; anything else takes the full cleaning
    assert sql(sql_clean_id("c"), "AG00001") == "AG00001"
    assert sql(sql_clean_id("c"), "AG 001") == "AG 001"
    assert sql(sql_clean_id("c"), "AG๐01") == "AG001"
    assert sql(sql_clean_id("c"), "AG001 ") == "AG001"
    assert sql(sql_clean_id("c"), "  ") is None


def test_iso_fast_path_agrees_with_normalize():
    """Every combination of edge years, months, days and clocks: where the fast path reads a value,
    etl.normalize reads it the same."""
    import itertools

    from etl.normalize import NORMALIZERS, Invalid, latest_day
    from etl.stage import iso_fast

    latest = latest_day()
    years = ["1989", "1990", "2014", "2024", str(latest.year), str(latest.year + 1), "2100", "2101", "2399", "2400",
             "2557", "0000"]
    months = ["00", "01", "02", "07", "12", "13"]
    days = ["00", "01", "28", "29", "30", "31", "32"]
    clocks = ["", " 00:00", " 08:15", " 23:59", " 24:00", " 12:60", " 08:15:00", " 23:59:59", " 08:15:60",
              "T08:15", " 8:15", "  08:15", " 08.15", " 08:15 น."]
    taken = 0
    for type_, y, m, d, clock in itertools.product(["date", "datetime"], years, months, days, clocks):
        s = f"{y}-{m}-{d}{clock}"
        fast = iso_fast(type_, s, latest)
        if fast is None:
            continue  # left to etl.normalize
        taken += 1
        try:
            assert fast == NORMALIZERS[type_](s), s
        except Invalid as e:
            raise AssertionError(f"{s!r}: fast path read {fast!r}, etl.normalize refuses it ({e.reason})") from e
    assert taken > 300


def test_iso_fast_path_is_taken_for_plain_iso():
    import datetime as dt

    from etl.stage import iso_fast

    latest = dt.date(2026, 12, 31)
    assert iso_fast("datetime", "2015-06-30 00:44:00", latest) == dt.datetime(2015, 6, 30, 0, 44)
    assert iso_fast("datetime", "2015-06-30 08:05", latest) == dt.datetime(2015, 6, 30, 8, 5)
    assert iso_fast("datetime", "2015-06-30", latest) == dt.datetime(2015, 6, 30)
    assert iso_fast("date", "2015-06-30", latest) == dt.date(2015, 6, 30)
    assert iso_fast("date", "2026-12-31", latest) == dt.date(2026, 12, 31)
    for left in ("2015-06-30 08:05", "2557-06-30", "2015-02-30", "๒๐๑๕-06-30", " 2015-06-30", "2027-01-01"):
        assert iso_fast("date", left, latest) is None


def test_known_ids_are_found_alike_per_distinct_value_and_per_row():
    """staging_sql's <name>__known: a few_distinct column looks each distinct id up once, in its map;
    any other column joins per row. Both find an id as cleaned (Thai digits, blanks), and neither a
    missing one nor a blank."""
    import dataclasses

    from etl.contract import KINDS
    from etl.stage import staging_sql

    c = duckdb.connect()
    c.execute("CREATE TABLE agencies AS SELECT * FROM (VALUES ('AG001'), ('AG002')) t(agency_id)")
    c.execute("CREATE TEMP TABLE raw_csv AS SELECT * FROM (VALUES ('2014-01', 'AG001'), ('2014-01', 'AG๐๐๒'), "
              "('2014-01', ' AG001\u00a0'), ('2014-01', 'AG999'), ('2014-01', 'AG๙๙๙'), ('2014-01', NULL)) t(c0, c1)")
    c.execute("CREATE TEMP VIEW raw AS SELECT *, 'GIN' AS c2, 'traffic_gb' AS c3, '1' AS c4, rowid + 2 AS _line "
              "FROM raw_csv")
    usage = KINDS["usage"]
    assert "agency_id" in usage.few_distinct
    found = []
    for kind in (usage, dataclasses.replace(usage, few_distinct=())):
        sql = staging_sql(c, kind, ("month", "agency_id", "service", "metric", "value"), "raw",
                          {"agency_id": ("agencies", "agency_id")})
        found.append(c.execute(f"SELECT _line, agency_id, agency_id__known FROM ({sql}) ORDER BY _line").fetchall())
    assert found[0] == found[1] == [(2, "AG001", True), (3, "AG002", True), (4, "AG001", True),
                                    (5, "AG999", False), (6, "AG999", False), (7, None, None)]
