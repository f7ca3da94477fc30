"""The ETL on a small hand-made messy corpus: exact loaded values and exact rejections."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from etl.cli import main
from etl.load import run

FIXTURES = Path(__file__).parent / "fixtures"
MESSY = FIXTURES / "messy"
BAD = FIXTURES / "bad"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    db = tmp_path_factory.mktemp("wh") / "adoption.duckdb"
    report = run([MESSY], db)
    con = duckdb.connect(str(db), read_only=True)
    yield report, con
    con.close()


def rows(con, sql, params=()):
    return con.execute(sql, params).fetchall()


def test_report_counts_per_file(loaded):
    report, _ = loaded
    got = {(f.label, f.kind): (f.rows_read, f.rows_loaded, f.rows_rejected) for f in report.files}
    assert got == {
        ("agencies_th.csv", "agencies"): (9, 6, 3),
        ("events_feedback.xlsx [กิจกรรม]", "events"): (4, 3, 1),
        ("subscriptions_cp874.csv", "subscriptions"): (9, 5, 4),
        ("usage.csv", "usage"): (10, 7, 3),
        ("events_feedback.xlsx [Feedback]", "feedback"): (4, 3, 1),
        ("tickets.csv", "tickets"): (4, 3, 1),
    }
    assert report.published


def test_agencies_exact(loaded):
    _, con = loaded
    assert rows(con, "SELECT agency_id, agency_name, ministry_code, department, province_code, level "
                     "FROM agencies ORDER BY agency_id") == [
        ("AG001", "สำนักงานสาธารณสุขจังหวัดพิษณุโลก", "MOPH", "สำนักงานปลัดกระทรวงสาธารณสุข", "65", "provincial"),
        ("AG002", "สำนักงานพาณิชย์จังหวัดชลบุรี", "MOC", "สำนักงานปลัดกระทรวงพาณิชย์", "20", "provincial"),
        ("AG003", "กรมการปกครอง", "MOI", "กรมการปกครอง", "10", "central"),
        ("AG004", "สำนักงานสถิติจังหวัดสุโขทัย", "MDES", "สำนักงานสถิติแห่งชาติ", "64", "provincial"),
        ("AG005", "องค์การบริหารส่วนจังหวัดนครราชสีมา", "MOI", "กรมส่งเสริมการปกครองท้องถิ่น", "30", "local"),
        ("AG008", "สำนักงานจังหวัดสุโขทัย", "OPM", None, "64", None),
    ]


def test_subscriptions_exact(loaded):
    _, con = loaded
    assert rows(con, "SELECT agency_id, service_code, start_date, end_date, units FROM subscriptions ORDER BY ALL") == [
        ("AG001", "GIN", dt.date(2014, 1, 15), None, 2),
        ("AG001", "MAILGOTHAI", dt.date(2012, 7, 1), None, 1200),
        ("AG002", "GCLOUD", dt.date(2014, 3, 1), dt.date(2015, 3, 31), 4),
        ("AG003", "GOVMON", dt.date(2014, 7, 1), None, 10),
        ("AG004", "GIN", dt.date(2014, 7, 25), None, 1),
    ]


def test_usage_exact(loaded):
    _, con = loaded
    assert rows(con, "SELECT month, agency_id, service_code, metric, value FROM usage_monthly ORDER BY ALL") == [
        (dt.date(2014, 1, 1), "AG001", "GIN", "traffic_gb", 0.0),
        (dt.date(2014, 2, 1), "AG001", "GIN", "traffic_gb", 0.5),
        (dt.date(2014, 3, 1), "AG001", "GIN", "traffic_gb", 1234.5),
        (dt.date(2014, 4, 1), "AG001", "GIN", "traffic_gb", 12.0),
        (dt.date(2014, 5, 1), "AG001", "GIN", "traffic_gb", 7.0),
        (dt.date(2014, 7, 1), "AG003", "GOVMON", "devices_reporting", 10.0),
        (dt.date(2014, 7, 1), "AG004", "GIN", "traffic_gb", 0.0),
    ]


def test_events_feedback_tickets_exact(loaded):
    _, con = loaded
    assert rows(con, "SELECT event_id, event_date, province_code, event_type, title, attendees, agencies_attended "
                     "FROM events ORDER BY ALL") == [
        ("EV-2014-01", dt.date(2014, 6, 12), "20", "roadshow", "EGA Roadshow ภาคตะวันออก", 180, 42),
        ("EV-2014-02", dt.date(2014, 7, 24), "64", "roadshow", "EGA Roadshow ภาคเหนือตอนล่าง", 95, 30),
        ("EV-2014-02", dt.date(2014, 7, 24), "65", "roadshow", "EGA Roadshow ภาคเหนือตอนล่าง", 120, 38),
    ]
    fb = rows(con, "SELECT response_id, response_date, event_id, agency_id, province_code, service_code, "
                   "satisfaction, issue, comment FROM feedback ORDER BY response_date, province_code, response_id")
    assert fb[0] == ("F1", dt.date(2014, 6, 12), "EV-2014-01", "AG002", "20", "GCLOUD", 5, None, "ดีมาก อยากให้จัดอีก")
    assert fb[1][1:] == (dt.date(2014, 7, 24), "EV-2014-02", None, "64", None, 5, "training", "+ติดต่อ 1111 ได้ตลอด 24 ชม.")
    assert re.fullmatch(r"R-[0-9a-f]{12}-4", fb[1][0])  # from file, line (4) and date: stable across reloads
    assert fb[2] == ("F2", dt.date(2014, 7, 24), "EV-2014-02", "AG001", "65", "GIN", 4, "router_underused",
                     "เราเตอร์ GIN ติดตั้งแล้วแต่ยังไม่ได้ใช้งาน")
    assert rows(con, "SELECT ticket_id, opened_at, closed_at, agency_id, service_code, category, channel "
                     "FROM tickets ORDER BY ticket_id") == [
        ("T-0001", dt.datetime(2014, 7, 1, 8, 15), dt.datetime(2014, 7, 1, 10, 45), "AG001", "GIN", "connectivity", "phone"),
        ("T-0002", dt.datetime(2014, 7, 25, 23, 30), None, "AG002", "GCLOUD", "configuration", "email"),
        ("T-0004", dt.datetime(2014, 7, 3, 12, 0), dt.datetime(2014, 7, 4, 12, 0), None, "MAILGOTHAI",
         "something new", "fax"),
    ]


def test_rejects_exact(loaded):
    _, con = loaded
    got = rows(con, "SELECT file, line, column_name, raw_value, reason, suggestion FROM etl_rejects "
                    "ORDER BY file, line, column_name")
    assert got == [
        ("agencies_th.csv", 7, "province", "Phitsanulokk", "unknown province", "Phitsanulokk -> Phitsanulok?"),
        ("agencies_th.csv", 8, "ministry", "กระทรวงเวทมนตร์", "unknown ministry", None),
        ("agencies_th.csv", 9, "agency_id", None, "required value missing", None),
        ("events_feedback.xlsx [Feedback]", 5, "satisfaction", "7",
         "satisfaction must be 1-5 or มากที่สุด..น้อยที่สุด", None),
        ("events_feedback.xlsx [กิจกรรม]", 5, "date", "31 มิ.ย. 2557", "no such date", None),
        ("subscriptions_cp874.csv", 7, "service", "G-Drive", "unknown service", rows_hint(got, "G-Drive")),
        ("subscriptions_cp874.csv", 8, "start_date", "31/02/2557", "no such date", None),
        ("subscriptions_cp874.csv", 9, "agency_id", "AG099", "unknown agency_id: not in agencies", None),
        ("subscriptions_cp874.csv", 10, "end_date", "01/01/2557", "end date before start date", None),
        ("tickets.csv", 4, "closed_at", "2014-07-01 03:00", "closed before opened", None),
        ("usage.csv", 6, "month, agency_id, service_code, metric", "2014-04-01, AG001, GIN, traffic_gb",
         "duplicate key: same as line 5", None),
        ("usage.csv", 8, "value", "abc", "not a number", None),
        ("usage.csv", 9, "month", "2014-13", rows_reason(got, "2014-13"), None),
    ]


def rows_hint(got, raw):
    """The suggestion for a value whose wording belongs to etl.normalize's fuzzy matcher."""
    return next(r[5] for r in got if r[3] == raw)


def rows_reason(got, raw):
    return next(r[4] for r in got if r[3] == raw)


def test_loads_recorded(loaded):
    _, con = loaded
    got = rows(con, "SELECT kind, sheet, encoding, rows_read, rows_loaded, rows_rejected, length(sha256) "
                    "FROM etl_loads ORDER BY load_id")
    assert got == [
        ("agencies", None, "utf-8", 9, 6, 3, 64),
        ("events", "กิจกรรม", None, 4, 3, 1, 64),
        ("subscriptions", None, "cp874", 9, 5, 4, 64),
        ("usage", None, "utf-8", 10, 7, 3, 64),
        ("feedback", "Feedback", None, 4, 3, 1, 64),
        ("tickets", None, "utf-8", 4, 3, 1, 64),
    ]


def _snapshot(db: Path):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT * EXCLUDE (load_id) FROM {t} ORDER BY ALL").fetchall()
                for t in ("agencies", "subscriptions", "usage_monthly", "feedback", "events", "tickets")}
    finally:
        con.close()


def test_idempotent_reload(tmp_path):
    db = tmp_path / "w.duckdb"
    run([MESSY], db)
    first = _snapshot(db)
    run([MESSY], db)  # files with rejects are reprocessed; their rows replace themselves by key
    assert _snapshot(db) == first
    clean = tmp_path / "clean.csv"
    clean.write_text("month,agency_id,service,metric,value\n2014-08,AG001,GIN,traffic_gb,3\n", encoding="utf-8")
    run([clean], db)
    before = db.read_bytes()
    report = run([clean], db)  # a clean file seen before is skipped and nothing is published
    assert [f.skipped for f in report.files] == ["unchanged since load 13"]
    assert not report.published and db.read_bytes() == before


def test_corrected_file_replaces_rows_by_key(tmp_path):
    db = tmp_path / "w.duckdb"
    run([MESSY], db)
    fix = tmp_path / "usage_fix.csv"
    fix.write_text("เดือน,รหัสหน่วยงาน,บริการ,ตัวชี้วัด,ค่า\nมี.ค. 2557,AG001,GIN,traffic_gb,๙๙\n", encoding="utf-8")
    run([fix], db)
    con = duckdb.connect(str(db), read_only=True)
    assert rows(con, "SELECT value FROM usage_monthly WHERE month = '2014-03-01' AND agency_id = 'AG001'") == [(99.0,)]
    assert rows(con, "SELECT count(*) FROM usage_monthly") == [(7,)]
    con.close()


@pytest.mark.parametrize("name, message", [
    ("unknown_header.csv", "unknown_header.csv: header matches no known kind; nearest is"),
    ("binary.csv", "binary.csv: binary data, not a CSV text file"),
    ("empty.csv", "empty.csv: empty file"),
    ("not_a_workbook.xlsx", "not_a_workbook.xlsx: cannot be read as an Excel workbook"),
])
def test_unreadable_file_exits_2_and_publishes_nothing(tmp_path, capsys, name, message):
    db = tmp_path / "w.duckdb"
    run([MESSY / "agencies_th.csv"], db)
    before = db.read_bytes()
    code = main(["load", str(MESSY / "usage.csv"), str(BAD / name), "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: ") and message in err and err.count("\n") == 1
    assert db.read_bytes() == before
    assert not list(tmp_path.glob(".w.duckdb.build-*"))


def test_strict_refuses_batch_with_rejects(tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    assert main(["load", str(MESSY), "--db", str(db), "--strict"]) == 1
    assert "rows rejected and --strict is set" in capsys.readouterr().err
    assert not db.exists()


def test_check_writes_nothing(tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    assert main(["check", str(MESSY), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "agencies_th.csv:7  province='Phitsanulokk': unknown province  (Phitsanulokk -> Phitsanulok?)" in out
    assert "check only: nothing was written" in out
    assert not db.exists()


def test_load_cli_summary(tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    assert main(["load", str(MESSY), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "total usage" in out and f"published {db}" in out


def test_failed_load_leaves_warehouse_byte_identical(tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    run([MESSY / "agencies_th.csv"], db)
    before = db.read_bytes()
    from etl import marts

    def boom(con):
        raise RuntimeError("killed midway")

    monkeypatch.setattr(marts, "build_marts", boom)
    with pytest.raises(RuntimeError):
        run([MESSY], db)
    assert db.read_bytes() == before
    con = duckdb.connect(str(db), read_only=True)
    assert rows(con, "SELECT count(*) FROM agencies") == [(6,)]
    con.close()


def test_concurrent_load_is_refused(tmp_path):
    from etl.publish import Busy, next_warehouse

    db = tmp_path / "w.duckdb"
    with next_warehouse(db):
        with pytest.raises(Busy, match="another load is running"):
            run([MESSY], db)


def test_stale_build_from_killed_load_is_cleaned(tmp_path):
    db = tmp_path / "w.duckdb"
    stale = tmp_path / ".w.duckdb.build-dead"
    stale.mkdir()
    (stale / "w.duckdb").write_bytes(b"half a warehouse")
    run([MESSY / "agencies_th.csv"], db)
    assert not stale.exists()


def test_line_numbers_follow_file_order_in_large_csv(tmp_path):
    """rowid order is what gives line numbers; make sure it holds past one DuckDB row group."""
    db = tmp_path / "w.duckdb"
    agencies = [f"AG{a:05d}" for a in range(500)]
    (tmp_path / "a.csv").write_text("agency_id,agency_name,ministry,province\n"
                                    + "".join(f"{a},หน่วยงาน {a},มท.,65\n" for a in agencies), encoding="utf-8")
    n = 300_000  # distinct keys: 500 agencies x 300 months x the two GIN metrics
    months = [f"{y}-{m:02d}" for y in range(2000, 2025) for m in range(1, 13)]
    keys = [(mo, a, metric) for a in agencies for mo in months for metric in ("traffic_gb", "uptime_pct")]
    lines = ["month,agency_id,service,metric,value"]
    lines += [f"{mo},{a},GIN,{metric},{i % 100}" for i, (mo, a, metric) in enumerate(keys)]
    lines[n - 1] = lines[n - 1].rsplit(",", 1)[0] + ",x"  # line n holds a bad value
    (tmp_path / "u.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = run([tmp_path / "a.csv", tmp_path / "u.csv"], db)
    bad = [r for r in report.rejects if r[0] == "u.csv"]
    assert bad == [("u.csv", n, "value", "x", "not a number", None)]


def test_several_problems_in_one_row_and_rows_after_a_blank_one(tmp_path):
    """Every refused value of a row is reported, with the row's own file line, also after a blank row."""
    from etl.normalize import Invalid, parse_month

    db = tmp_path / "w.duckdb"
    shutil.copy(MESSY / "agencies_th.csv", tmp_path / "a.csv")
    (tmp_path / "u.csv").write_text(
        "month,agency_id,service,metric,value\n"
        "2014-01,AG001,GIN,traffic_gb,1\n"
        "2014-13,AG001,GIN,traffic_gb,abc\n"  # line 3: two refused values
        "2014-01,AG001,GIN,Traffic_GB,2\n"  # line 4: the key of line 2
        "2014-02,AG999,GIN,traffic_gb,3\n"  # line 5: no such agency
        ",,,,\n"  # line 6: layout, not data
        "2014-03,AG001,GIN,traffic_gb,x\n"  # line 7
        "2014-04,AG001,GIN,traffic_gb,4\n", encoding="utf-8")
    report = run([tmp_path / "a.csv", tmp_path / "u.csv"], db)
    with pytest.raises(Invalid) as bad_month:
        parse_month("2014-13")
    assert [r for r in report.rejects if r[0] == "u.csv"] == [
        ("u.csv", 3, "month", "2014-13", bad_month.value.reason, bad_month.value.suggestion),
        ("u.csv", 3, "value", "abc", "not a number", None),
        ("u.csv", 4, "month, agency_id, service_code, metric", "2014-01-01, AG001, GIN, traffic_gb",
         "duplicate key: same as line 2", None),
        ("u.csv", 5, "agency_id", "AG999", "unknown agency_id: not in agencies", None),
        ("u.csv", 7, "value", "x", "not a number", None),
    ]
    usage = next(f for f in report.files if f.label == "u.csv")
    assert (usage.rows_read, usage.rows_loaded, usage.rows_rejected) == (6, 2, 4)
    con = duckdb.connect(str(db), read_only=True)
    assert rows(con, "SELECT month, value FROM usage_monthly ORDER BY month") == [
        (dt.date(2014, 1, 1), 1.0), (dt.date(2014, 4, 1), 4.0)]
    con.close()


def test_work_tables_are_temporary_and_dropped(tmp_path):
    """Raw and judged tables live in DuckDB's temporary catalog, are dropped after each file and never
    reach the warehouse file."""
    from etl.load import apply, init_schema

    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    init_schema(con)
    before = rows(con, "SELECT table_name FROM duckdb_tables() ORDER BY 1")
    report = apply(con, [MESSY], tmp_path)
    assert len(report.files) == 6
    assert rows(con, "SELECT table_name FROM duckdb_tables() WHERE temporary") == []
    assert rows(con, "SELECT view_name FROM duckdb_views() WHERE temporary AND NOT internal") == []
    assert rows(con, "SELECT table_name FROM duckdb_tables() ORDER BY 1") == before
    con.close()


def test_report_times_the_stages(tmp_path):
    report = run([MESSY], tmp_path / "w.duckdb")
    assert set(report.seconds) == {"copy", "load", "marts", "checks", "publish"}
    assert all(v >= 0 for v in report.seconds.values())


def _usage_batches(tmp_path: Path) -> list[Path]:
    """Usage files that take each way through the merge: rejects without duplicates, rows replacing an
    earlier file's by key, and a duplicate key (which sends the file the judge-first way)."""
    header = "month,agency_id,service,metric,value\n"
    files = {
        "u1.csv": "2014-01,AG001,GIN,traffic_gb,1\n2014-02,AG001,GIN,Traffic_GB,๒\n2014-13,AG001,GIN,x,1\n"
                  "2014-03,AG999,GIN,traffic_gb,3\n,,,,\n2014-04,AG002,GCLOUD,vm_hours,abc\n",
        "u2.csv": "2014-02,AG001,GIN,traffic_gb,20\n2014-05,AG002,GCLOUD,vm_hours,5\n",
        "u3.csv": "2014-05,AG002,GCLOUD,vm_hours,6\n2014-05,AG002,GCLOUD,VM_HOURS,7\n2014-06,AG001,GIN,traffic_gb,8\n",
    }
    for name, body in files.items():
        (tmp_path / name).write_text(header + body, encoding="utf-8")
    return [tmp_path / name for name in files]


def _merged(db: Path):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return (rows(con, "SELECT * FROM usage_monthly ORDER BY ALL"),
                rows(con, "SELECT * EXCLUDE (load_id) FROM etl_rejects ORDER BY ALL"),
                rows(con, "SELECT kind, rows_read, rows_loaded, rows_rejected FROM etl_loads ORDER BY load_id"))
    finally:
        con.close()


def test_insert_first_and_judge_first_merge_alike(tmp_path, monkeypatch):
    """usage_monthly (no key constraint) takes the insert-first way, every other table judge-first; both
    must leave the same rows, rejects and counts."""
    import etl.load as load

    agencies = MESSY / "agencies_th.csv"
    calls = []
    judge_first = load._judge_first
    monkeypatch.setattr(load, "_judge_first", lambda con, kind, source, *a: calls.append(
        (kind.name, source.label)) or judge_first(con, kind, source, *a))
    fast = tmp_path / "fast.duckdb"
    for f in _usage_batches(tmp_path):
        run([agencies, f], fast)
    # only the agencies (a key constraint; reloaded each time, as it has rejects) and u3.csv (a duplicate
    # key) went judge-first
    assert [c for c in calls if c[0] == "usage"] == [("usage", "u3.csv")]
    assert len(calls) == 4

    monkeypatch.setattr(load, "_has_primary_key", lambda con, table: True)
    slow = tmp_path / "slow.duckdb"
    for f in _usage_batches(tmp_path):
        run([agencies, f], slow)
    assert _merged(fast) == _merged(slow)
    usage, rejects, loads = _merged(fast)
    assert [(r[0].isoformat(), r[1], r[2], r[3], r[4]) for r in usage] == [
        ("2014-01-01", "AG001", "GIN", "traffic_gb", 1.0),
        ("2014-02-01", "AG001", "GIN", "traffic_gb", 20.0),  # u2.csv replaced u1.csv's 2
        ("2014-05-01", "AG002", "GCLOUD", "vm_hours", 6.0),  # u3.csv's first row stands
        ("2014-06-01", "AG001", "GIN", "traffic_gb", 8.0),
    ]
    assert [r[:5] for r in rejects if r[0].startswith("u")] == [
        ("u1.csv", 4, "metric", "x", "unknown metric"),
        ("u1.csv", 4, "month", "2014-13", "no such date"),
        ("u1.csv", 5, "agency_id", "AG999", "unknown agency_id: not in agencies"),
        ("u1.csv", 7, "value", "abc", "not a number"),
        ("u3.csv", 3, "month, agency_id, service_code, metric", "2014-05-01, AG002, GCLOUD, vm_hours",
         "duplicate key: same as line 2"),
    ]
    assert [l for l in loads if l[0] == "usage"] == [("usage", 5, 2, 3), ("usage", 2, 2, 0), ("usage", 3, 2, 1)]


# --- unique_usage_monthly after a first load: proved by the loader itself ----------------------------------

UNIQUE_USAGE = Path(__file__).resolve().parents[1] / "etl" / "sql" / "checks" / "unique_usage_monthly.sql"


def _duplicate_usage_keys(db: Path) -> list[tuple]:
    """The check's own SQL, run whole (the variable unset), on the published warehouse."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        con.execute("SET VARIABLE checks_since = CAST(NULL AS DATE)")
        return con.execute(UNIQUE_USAGE.read_text(encoding="utf-8").strip().rstrip(";")).fetchall()
    finally:
        con.close()


USAGE_HEADER = "month,agency_id,service,metric,value\n"
USAGE_KEYS = [(m, a, s, k) for m in ("2014-01", "2014-02", "ก.พ. 2557", "2014-03") for a in ("AG001", "AG002")
              for s, k in (("GIN", "traffic_gb"), ("GIN", "Traffic_GB"), ("GCLOUD", "vm_hours"))]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.tuples(st.sampled_from(USAGE_KEYS), st.integers(0, 9)), min_size=1, max_size=8),
                min_size=1, max_size=3))
@example([[(USAGE_KEYS[0], 0)], [(USAGE_KEYS[0], 0)]])  # the same bytes twice: the second file is not read
@example([[(USAGE_KEYS[3], 1), (USAGE_KEYS[9], 2)], [(USAGE_KEYS[15], 3)]])  # '2014-02' and 'ก.พ. 2557' in two files
def test_a_first_load_leaves_no_usage_key_twice_so_the_check_is_skipped(tmp_path_factory, monkeypatch, files):
    """Into a warehouse with no usage row, unique_usage_monthly is not run (the loader sets
    usage_keys_by_loader): files bringing one key twice, or the same key as another file of the batch (also
    written another way: 'ก.พ. 2557' is 2014-02, 'Traffic_GB' is traffic_gb), still leave every key once."""
    from etl import marts

    seen = []
    run_checks = marts.run_checks
    monkeypatch.setattr(marts, "run_checks", lambda con: seen.append(
        con.execute("SELECT getvariable('usage_keys_by_loader')").fetchall()[0][0]) or run_checks(con))
    d = tmp_path_factory.mktemp("first")
    paths = []
    for i, rows_ in enumerate(files):
        paths.append(d / f"u{i}.csv")
        paths[-1].write_text(USAGE_HEADER + "".join(f"{m},{a},{s},{k},{v}\n" for (m, a, s, k), v in rows_),
                             encoding="utf-8")
    db = d / "w.duckdb"
    report = run([MESSY / "agencies_th.csv", *paths], db)
    assert seen == [True]
    assert _duplicate_usage_keys(db) == []
    con = duckdb.connect(str(db), read_only=True)
    try:
        n, keys = con.execute("SELECT count(*), count(DISTINCT (month, agency_id, service_code, metric)) "
                              "FROM usage_monthly").fetchall()[0]
    finally:
        con.close()
    assert n == keys == sum(f.rows_loaded for f in report.files if f.kind == "usage")
    # every row of the files read is loaded or refused as a duplicate (a file with the very bytes of one
    # loaded before it is not read again: "unchanged since load N")
    read = {f.label: f for f in report.files if f.kind == "usage" and not f.skipped}
    assert sum(f.rows_read for f in read.values()) == sum(len(r) for i, r in enumerate(files) if f"u{i}.csv" in read)
    assert all(r[4].startswith("duplicate key: same as ") for r in report.rejects if r[0].startswith("u"))


def test_a_load_into_a_warehouse_with_usage_still_runs_the_key_check(tmp_path):
    """A duplicate left in the live warehouse (not by this loader) is found by the check on the next load,
    which is then refused: the check is skipped only when every usage row is the batch's."""
    from etl.load import LoadError

    db = tmp_path / "w.duckdb"
    d = tmp_path / "in"
    d.mkdir()
    (d / "u1.csv").write_text(USAGE_HEADER + "2014-01,AG001,GIN,traffic_gb,1\n", encoding="utf-8")
    (d / "u2.csv").write_text(USAGE_HEADER + "2014-02,AG001,GIN,traffic_gb,2\n", encoding="utf-8")
    run([MESSY / "agencies_th.csv", d / "u1.csv"], db)
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO usage_monthly SELECT * FROM usage_monthly")
    con.close()
    with pytest.raises(LoadError, match="unique_usage_monthly"):
        run([d / "u2.csv"], db, rebuild=True)
