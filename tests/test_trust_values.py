"""Issue 11, the value-level items: a value that would silently change what the dashboard says is read
correctly or refused, through the real loader (etl.load.run and the CLI) with exact outcomes."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import normalize, reference
from etl.cli import main
from etl.contract import KINDS
from etl.load import run
from etl.normalize import Invalid, latest_day, match_province, match_vocab, parse_datetime, parse_month
from etl.stage import staging_sql

MESSY = Path(__file__).parent / "fixtures" / "messy"
AGENCIES = MESSY / "agencies_th.csv"  # AG001 ... AG005, AG008


def load(tmp_path: Path, name: str, text: str, *more: Path):
    """Load the agencies fixture and one CSV written from `text`; (report, read-only connection)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    db = tmp_path / "w.duckdb"
    report = run([AGENCIES, *more, path], db)
    return report, duckdb.connect(str(db), read_only=True)


def rejects_of(report, name: str) -> list[tuple]:
    return [r[1:] for r in report.rejects if r[0] == name]


def rejects(fn, value, reason, suggestion=None):
    with pytest.raises(Invalid) as err:
        fn(value)
    assert (err.value.reason, err.value.suggestion) == (reason, suggestion)


# --- 1. implausible dates -----------------------------------------------------------------------------

def test_usage_dated_2600_is_refused_and_the_as_of_month_stays(tmp_path):
    report, con = load(tmp_path, "u.csv", "month,agency_id,service,metric,value\n"
                                          "01/2600,AG001,GIN,traffic_gb,5\n"
                                          "01/2560,AG001,GIN,traffic_gb,7\n")
    assert rejects_of(report, "u.csv") == [(2, "month", "01/2600", "date in the future", "2600 -> 2560?")]
    assert con.execute("SELECT month, value FROM usage_monthly").fetchall() == [(dt.date(2017, 1, 1), 7.0)]
    assert con.execute("SELECT max(month) FROM dim_month").fetchall() == [(dt.date(2017, 1, 1),)]


def test_two_digit_year_is_the_nearest_plausible_one(tmp_path):
    report, con = load(tmp_path, "s.csv", "agency_id,service,start_date\n"
                                          "AG001,GIN,5/1/99\n"  # BE 2599 would be 2056: it is 1999
                                          "AG002,GIN,5/1/57\n")  # BE 2557
    assert rejects_of(report, "s.csv") == []
    assert con.execute("SELECT agency_id, start_date FROM subscriptions ORDER BY 1").fetchall() == [
        ("AG001", dt.date(1999, 1, 5)), ("AG002", dt.date(2014, 1, 5))]


@pytest.mark.parametrize("today, accepted, refused", [
    (dt.date(2026, 12, 6), "2026-12", "2027-01"),  # the current month, not the next
    (dt.date(2026, 12, 28), "2027-01", "2027-02"),  # a week from the next month: its clock may be ahead
])
def test_the_latest_month_is_the_current_one_with_a_margin(monkeypatch, today, accepted, refused):
    monkeypatch.setattr(normalize, "_today", lambda: today)
    assert parse_month(accepted) == dt.date(int(accepted[:4]), int(accepted[5:]), 1)
    rejects(parse_month, refused, "date in the future", f"{refused[:4]} -> {today.year}?")


def test_dates_in_the_future_are_refused_in_every_date_column(monkeypatch):
    monkeypatch.setattr(normalize, "_today", lambda: dt.date(2026, 12, 6))
    assert latest_day() == dt.date(2026, 12, 31)
    rejects(normalize.parse_date, "1 ม.ค. 2600", "date in the future", "2600 -> 2560?")
    rejects(normalize.parse_date, "2057-07-25", "date in the future", "2057 -> 2017?")
    rejects(parse_datetime, "20570725", "date in the future", "2057 -> 2017?")
    rejects(normalize.parse_date, "1/1/2101", "date in the future", "2101 -> 2011?")  # 10 <-> 01 swapped
    rejects(normalize.parse_date, "1/1/2700", "date in the future", None)  # nothing near: no guess
    assert normalize.parse_date("31/12/2569") == dt.date(2026, 12, 31)


# --- 2. metrics against the services reference -------------------------------------------------------

def test_metric_names_are_matched_against_the_reference(tmp_path):
    report, con = load(tmp_path, "u.csv", "month,agency_id,service,metric,value\n"
                                          "2014-01,AG001,GIN,Traffic Gb,1\n"
                                          "2014-02,AG001,GIN,TRAFFIC_GB,2\n"
                                          "2014-03,AG001,GIN,ปริมาณข้อมูลรับส่ง,3\n"
                                          "2014-04,AG001,GIN,traffic  gb,4\n"
                                          "2014-05,AG001,GIN,Trafic Gb,5\n"
                                          "2014-06,AG001,GCLOUD,traffic_gb,6\n"
                                          "2014-07,AG001,GIN,uptime_pct,101\n"
                                          "2014-08,AG001,GIN,Uptime (%),99.5\n")
    assert rejects_of(report, "u.csv") == [
        (6, "metric", "Trafic Gb", "unknown metric", "Trafic Gb -> traffic_gb?"),
        (7, "metric", "traffic_gb", "not a metric of GCLOUD (vm_hours, storage_gb)", None),
        (8, "value", "101", "number too large (at most 100 for uptime_pct)", None),
    ]
    assert con.execute("SELECT month, metric, value FROM usage_monthly ORDER BY 1").fetchall() == [
        (dt.date(2014, m, 1), "traffic_gb", float(m)) for m in range(1, 5)] + [
        (dt.date(2014, 8, 1), "uptime_pct", 99.5)]


def test_every_primary_metric_is_in_the_metrics_reference():
    metrics = reference.metrics()
    services = reference.services()
    owner = dict(zip(metrics["metric"], metrics["service_code"]))
    assert all(owner[m] == s for s, m in zip(services["service_code"], services["primary_metric"]))
    assert metrics["metric"].is_unique and set(metrics["service_code"]) == set(services["service_code"])


# --- 3. counts beyond 2^31 -----------------------------------------------------------------------------

def test_a_count_above_2_31_rejects_its_row_not_the_batch(tmp_path, capsys):
    path = tmp_path / "s.csv"
    path.write_text("agency_id,service,start_date,units\n"
                    "AG001,GIN,2014-01-01,3000000000\n"
                    "AG002,GIN,2014-01-01,2500\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    assert main(["load", str(AGENCIES), str(path), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "s.csv:2  units='3000000000': number too large (at most 1,000,000)" in out
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT agency_id, units FROM subscriptions").fetchall() == [("AG002", 2500)]
    assert con.execute("SELECT data_type FROM information_schema.columns WHERE table_name = 'subscriptions' "
                       "AND column_name = 'units'").fetchall() == [("BIGINT",)]


def test_events_counts_have_their_range(tmp_path):
    report, con = load(tmp_path, "e.csv", "event_id,date,province,event_type,attendees,agencies_attended\n"
                                          "E1,2014-07-01,พล,roadshow,3000000000,12\n"
                                          "E2,2014-07-02,พล,roadshow,120,38\n"
                                          "E3,2014-07-03,พล,roadshow,50,-1\n")
    assert rejects_of(report, "e.csv") == [(2, "attendees", "3000000000", "number too large (at most 100,000)", None),
                                           (4, "agencies_attended", "-1", "must not be negative", None)]
    assert con.execute("SELECT event_id, attendees, agencies_attended FROM events").fetchall() == [("E2", 120, 38)]


def test_a_warehouse_of_the_former_schema_is_brought_up_to_date(tmp_path):
    """INTEGER counts and no issue_text: the next load widens and adds them instead of failing."""
    db = tmp_path / "w.duckdb"
    run([AGENCIES], db)
    con = duckdb.connect(str(db))
    con.execute("ALTER TABLE subscriptions ALTER COLUMN units TYPE INTEGER")
    con.execute("ALTER TABLE feedback DROP COLUMN issue_text")
    con.close()
    path = tmp_path / "s.csv"
    path.write_text("agency_id,service,start_date,units\nAG001,GIN,2014-01-01,999999\n", encoding="utf-8")
    run([path], db)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT units FROM subscriptions").fetchall() == [(999999,)]
    assert con.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'feedback' "
                       "AND column_name = 'issue_text'").fetchall() == [("issue_text", "VARCHAR")]


# --- 4. separators, signs and spreadsheet numbers -----------------------------------------------------

def test_thousands_separators_only_in_threes_and_no_negative_usage(tmp_path):
    report, con = load(tmp_path, "u.csv", "month,agency_id,service,metric,value\n"
                                          '2014-01,AG001,GIN,traffic_gb,"1,5"\n'
                                          '2014-02,AG001,GIN,traffic_gb,"1,2,3"\n'
                                          '2014-03,AG001,GIN,traffic_gb,"1,234"\n'
                                          "2014-04,AG001,GIN,traffic_gb,-5\n"
                                          "2014-05,AG001,GIN,traffic_gb,1.5E+3\n")
    assert rejects_of(report, "u.csv") == [(2, "value", "1,5", "not a number", "1,5 -> 1.5?"),
                                           (3, "value", "1,2,3", "not a number", None),
                                           (5, "value", "-5", "must not be negative", None)]
    assert con.execute("SELECT month, value FROM usage_monthly ORDER BY 1").fetchall() == [
        (dt.date(2014, 3, 1), 1234.0), (dt.date(2014, 5, 1), 1500.0)]


def test_negative_counts_are_refused(tmp_path):
    report, _ = load(tmp_path, "s.csv", "agency_id,service,start_date,units\nAG001,GIN,2014-01-01,-2\n")
    assert rejects_of(report, "s.csv") == [(2, "units", "-2", "must not be negative", None)]


def test_a_tiny_xlsx_number_is_a_number(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "usage"
    ws.append(["month", "agency_id", "service", "metric", "value"])
    ws.append(["2014-07", "AG001", "GIN", "traffic_gb", 0.00005])  # read as the text '5e-05'
    ws.append(["2014-08", "AG001", "GIN", "traffic_gb", 12345678901234.0])  # over the contract's 1e12
    path = tmp_path / "u.xlsx"
    wb.save(path)
    db = tmp_path / "w.duckdb"
    report = run([AGENCIES, path], db)
    assert rejects_of(report, "u.xlsx [usage]") == [
        (3, "value", "12345678901234", "number too large (at most 1,000,000,000,000)", None)]
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT month, value FROM usage_monthly").fetchall() == [(dt.date(2014, 7, 1), 0.00005)]


# --- 5. "no problem" answers and issue text outside the vocabulary -----------------------------------

NO_PROBLEM = ["ไม่พบปัญหา", "ไม่มี", "ไม่มีครับ", "ไม่มีค่ะ", "n/a", "-", "—", "ไม่ระบุ", "no problems"]


def test_no_problem_answers_are_no_issue_and_other_text_is_kept(tmp_path, capsys):
    lines = [f"F{i},2014-07-0{1 + i % 9},กท,4,{answer}" for i, answer in enumerate(NO_PROBLEM)]
    lines += ["F20,2014-07-10,กท,2,เครื่องพิมพ์เสีย", "F21,2014-07-11,กท,2,เครื่องพิมพ์เสีย",
              "F22,2014-07-12,กท,3,แบนด์วิดท์ไม่เพียงพอ", "F23,2014-07-13,กท,5,"]
    path = tmp_path / "f.csv"
    path.write_text("response_id,date,province,satisfaction,issue\n" + "\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    assert main(["load", str(AGENCIES), str(path), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "values outside the vocabulary" in out and "  f.csv  issue='เครื่องพิมพ์เสีย': 2 rows" in out
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT issue, issue_text, count(*) FROM feedback GROUP BY ALL ORDER BY ALL").fetchall() == [
        ("bandwidth", None, 1), ("none", None, len(NO_PROBLEM)), ("other", "เครื่องพิมพ์เสีย", 2), (None, None, 1)]


def test_the_report_lists_unmapped_values_per_file(tmp_path):
    report, _ = load(tmp_path, "t.csv", "ticket_id,opened_at,service,category,channel\n"
                                        "T1,2014-07-01 08:00,GIN,something new,fax\n"
                                        "T2,2014-07-01 09:00,GIN,something new,phone\n")
    assert report.unmapped == [("t.csv", "category", "something new", 2), ("t.csv", "channel", "fax", 1)]


@pytest.mark.parametrize("answer", NO_PROBLEM + ["ไม่มีปัญหาครับ", "No problem.", "N/A", "–", "...", "ไม่มีค่ะ "])
def test_no_problem_answer(answer):
    assert match_vocab("feedback_issue", answer, strict=False) == "none"


def test_issue_outside_the_vocabulary_is_other():
    assert match_vocab("feedback_issue", "เครื่องพิมพ์เสีย", strict=False) == "other"
    assert match_vocab("feedback_issue", "อื่น ๆ", strict=False) == "other"
    assert match_vocab("event_type", "ประชุมเชิงปฏิบัติการ", strict=False) == "ประชุมเชิงปฏิบัติการ"  # as written


# --- 10. province abbreviations and old romanisations ------------------------------------------------

def test_all_77_abbreviations_resolve():
    provinces = reference.provinces()
    assert provinces["abbr_th"].is_unique and len(provinces) == 77
    for code, abbr in zip(provinces["province_code"], provinces["abbr_th"]):
        assert len(abbr) == 2 and match_province(abbr) == code
        assert match_province(".".join(abbr) + ".") == code  # ก.จ.
        assert match_province(f"จว.{abbr}") == code


@pytest.mark.parametrize("raw, code", [
    ("กท", "10"), ("ชร", "57"), ("รบ", "70"), ("พล", "65"), ("สท", "64"), ("นภ", "39"), ("ก.จ.", "71"),
    ("Nagara Rajasima", "30"), ("Bisnulok", "65"), ("Phitsanuloke", "65"), ("Pathom Thani", "13"),
    ("Ubol Rajadhani", "34"), ("Ligor", "80"), ("Sukhodaya", "64"),
])
def test_abbreviations_and_old_romanisations(raw, code):
    assert match_province(raw) == code


@pytest.mark.parametrize("raw, suggestion", [
    ("Lam Phu", "Lam Phu -> Nong Bua Lam Phu?"), ("ลำภู", "ลำภู -> หนองบัวลำภู?"), ("Sakon", "Sakon -> Sakon Nakhon?"),
    ("Nakhon", None),  # seven provinces: naming one would likely be wrong
    ("บุรี", None), ("Phitsanulokk", "Phitsanulokk -> Phitsanulok?"),
])
def test_a_suggestion_names_the_right_province_or_none(raw, suggestion):
    rejects(match_province, raw, "unknown province", suggestion)


def test_abbreviations_load(tmp_path):
    report, con = load(tmp_path, "a.csv", "agency_id,agency_name,ministry,province\n"
                                          "X1,ก,มท.,กท\nX2,ข,มท.,ชร\nX3,ค,มท.,Nagara Rajasima\nX4,ง,มท.,Lam Phu\n")
    assert rejects_of(report, "a.csv") == [(5, "province", "Lam Phu", "unknown province",
                                            "Lam Phu -> Nong Bua Lam Phu?")]
    assert con.execute("SELECT agency_id, province_code FROM agencies WHERE agency_id LIKE 'X%' ORDER BY 1"
                       ).fetchall() == [("X1", "10"), ("X2", "57"), ("X3", "30")]


# --- 11. Thai times ----------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("14 กุมภาพันธ์ 2557 เวลา 15 นาฬิกา 25 นาที", dt.datetime(2014, 2, 14, 15, 25)),
    ("14 ก.พ. 2557 15.25 น.", dt.datetime(2014, 2, 14, 15, 25)),
    ("14 ก.พ. 2557 เวลา 15.25 น.", dt.datetime(2014, 2, 14, 15, 25)),
    ("วันศุกร์ที่ 25 กรกฎาคม 2557", dt.datetime(2014, 7, 25)),
    ("วันศุกร์ที่ 25 กรกฎาคม 2557 เวลา 9 นาฬิกา", dt.datetime(2014, 7, 25, 9, 0)),
    ("25 ก.ค. 2557 15 นาฬิกา 25 นาที 30 วินาที", dt.datetime(2014, 7, 25, 15, 25, 30)),
    ("25 ก.ค. 2557 15 น.", dt.datetime(2014, 7, 25, 15, 0)),
])
def test_thai_times(raw, expected):
    assert parse_datetime(raw) == expected


def test_thai_times_load(tmp_path):
    report, con = load(tmp_path, "t.csv", "ticket_id,opened_at,service\n"
                                          "T1,14 กุมภาพันธ์ 2557 เวลา 15 นาฬิกา 25 นาที,GIN\n"
                                          "T2,วันศุกร์ที่ 25 กรกฎาคม 2557,GIN\n"
                                          "T3,15.25 น.,GIN\n"
                                          "T4,25 ก.ค. 2557 25 นาฬิกา,GIN\n")
    assert rejects_of(report, "t.csv") == [(4, "opened_at", "15.25 น.", "time without a date", None),
                                           (5, "opened_at", "25 ก.ค. 2557 25 นาฬิกา", "no such time", None)]
    assert con.execute("SELECT ticket_id, opened_at FROM tickets ORDER BY 1").fetchall() == [
        ("T1", dt.datetime(2014, 2, 14, 15, 25)), ("T2", dt.datetime(2014, 7, 25))]


# --- property: no accepted value lies outside its contract range --------------------------------------

RANGED = [(kind, col) for kind in KINDS.values() for col in kind.columns
          if col.type in ("number", "integer", "date", "datetime", "month", "satisfaction")]


@st.composite
def number_text(draw):
    n = draw(st.one_of(st.integers(-10**20, 10**20), st.floats(allow_nan=True, allow_infinity=True),
                       st.sampled_from([2**31, 2**53, 2**63, 10**12, 10**12 + 1, 10**6, 10**6 + 1, 10**5 + 1])))
    form = draw(st.sampled_from(["plain", "commas", "exp", "repr"]))
    if form == "commas" and isinstance(n, int):
        return f"{n:,}"
    if form == "exp" and not (isinstance(n, float) and not math.isfinite(n)):
        return f"{float(n):e}"
    return repr(n) if form == "repr" else str(n)


@st.composite
def date_text(draw):
    y = draw(st.integers(1900, 2700))
    m, d = draw(st.integers(1, 12)), draw(st.integers(1, 28))
    return draw(st.sampled_from([f"{d}/{m}/{y}", f"{y}-{m:02d}-{d:02d}", f"{m}/{y}", f"{d}/{m}/{y % 100:02d}",
                                 f"{y}{m:02d}{d:02d}", f"{d} ก.ค. {y % 100:02d}", f"{y}-{m:02d}"]))


VALUES = st.lists(st.one_of(number_text(), date_text(),
                            st.text(alphabet="0123456789๐๑๒๓๔๕๖๗๘๙,.-+eE /:น", max_size=14)), min_size=1, max_size=40)


@pytest.fixture(scope="module")
def duck():
    con = duckdb.connect()
    yield con
    con.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(VALUES)
def test_no_accepted_value_lies_outside_its_contract_range(duck, values):
    latest = latest_day()
    duck.execute("CREATE OR REPLACE TEMP TABLE raw_p AS SELECT (i + 2)::BIGINT AS _line, v AS c0 "
                 "FROM (SELECT unnest(?::VARCHAR[]) AS v, generate_subscripts(?::VARCHAR[], 1) AS i)",
                 [values, values])
    for kind, col in RANGED:
        got = duck.execute(f"SELECT {col.name}, {col.name}__why FROM ({staging_sql(duck, kind, (col.name,), 'raw_p')})"
                           ).fetchall()
        for value, why in got:
            if why is not None or value is None:
                continue
            if col.type in ("number", "integer"):
                assert 0 <= value <= (col.high if col.high is not None else 2**53), (kind.name, col.name, value)
                assert math.isfinite(value)
            elif col.type == "satisfaction":
                assert 1 <= value <= 5
            else:
                day = value.date() if isinstance(value, dt.datetime) else value
                assert dt.date(1990, 1, 1) <= day <= latest, (kind.name, col.name, value)


METRICS = reference.metrics()
USAGE_ROW = st.tuples(date_text(), st.sampled_from(["AG001", "AG002"]), st.sampled_from(["GIN", "GCLOUD", "GovMon"]),
                      st.sampled_from(list(METRICS["metric"]) + ["Traffic GB", "uptime", "visits"]), number_text())


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(USAGE_ROW, min_size=1, max_size=30))
def test_no_loaded_usage_row_lies_outside_the_contract(tmp_path_factory, rows):
    """Through the loader: every usage row that reached the warehouse has a month from 1990 to the current
    month, a metric of its own service, and a value from 0 to the metric's and the contract's bound."""
    tmp = tmp_path_factory.mktemp("prop")
    body = "".join(",".join(f'"{v}"' for v in r) + "\n" for r in rows)
    report, con = load(tmp, "u.csv", "month,agency_id,service,metric,value\n" + body)
    owner = dict(zip(METRICS["metric"], METRICS["service_code"]))
    cap = {m: (v if v == v else 1e12) for m, v in zip(METRICS["metric"], METRICS["max_value"])}
    loaded = con.execute("SELECT month, service_code, metric, value FROM usage_monthly").fetchall()
    for month, service, metric, value in loaded:
        assert dt.date(1990, 1, 1) <= month <= latest_day() and month.day == 1
        assert owner[metric] == service and 0 <= value <= cap[metric] and math.isfinite(value)
    usage = next(f for f in report.files if f.label == "u.csv")
    assert usage.rows_loaded == len(loaded) and usage.rows_read == len(rows)
    con.close()
