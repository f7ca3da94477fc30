"""etl.impact: what a load would change on screen, said before it is published.

A hand-made warehouse (25 agencies in Phitsanulok, all on GIN, 8 on MailGoThai, every one active in
Jan-Mar 2014) is loaded by the real ETL; each test then checks or loads one more batch and compares the
impact with numbers known by construction. The dashboard's own reads (egov/reads/) are asked after a
publish, so the impact's "after" is proved to be the number the dashboard then shows.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest

from etl import cli, impact
from etl.load import run

N_AGENCIES, N_MAIL = 25, 8
AGENCIES = [f"A{i:02d}" for i in range(1, N_AGENCIES + 1)]
HEADER = "month,agency_id,service,metric,value\n"


def _usage(month: str, gin: dict[str, float], mail: int = N_MAIL, extra: str = "") -> str:
    rows = [f"{month},{a},GIN,traffic_gb,{v}" for a, v in gin.items()]
    rows += [f"{month},{a},MailGoThai,active_mailboxes,10" for a in AGENCIES[:mail]]
    return "".join(r + "\n" for r in rows) + extra


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """The warehouse before: as of Mar 2014, GIN 25/25 adopted/active, MailGoThai 8/8, of 25 agencies."""
    src = tmp_path_factory.mktemp("base")
    write(src, "agencies.csv", "agency_id,agency_name,ministry,province,level\n"
          + "".join(f"{a},หน่วยงาน {a},สำนักนายกรัฐมนตรี,พิษณุโลก,provincial\n" for a in AGENCIES))
    write(src, "subscriptions.csv", "agency_id,service,start_date\n"
          + "".join(f"{a},GIN,2014-01-01\n" for a in AGENCIES)
          + "".join(f"{a},MailGoThai,2014-01-01\n" for a in AGENCIES[:N_MAIL]))
    write(src, "usage_q1.csv", HEADER + "".join(_usage(f"2014-0{m}", {a: 50 for a in AGENCIES}) for m in (1, 2, 3)))
    db = tmp_path_factory.mktemp("wh") / "adoption.duckdb"
    report = run([src], db)
    assert report.rows_rejected == 0 and report.published
    return db


@pytest.fixture
def db(base, tmp_path) -> Path:
    out = tmp_path / "wh" / "adoption.duckdb"
    out.parent.mkdir()
    shutil.copyfile(base, out)
    return out


def clean_month(folder: Path) -> list[Path]:
    """April 2014 as sent: A25's GIN idle (0.5 GB, threshold 1), a new metric for A01, March restated for
    A01, and a ticket with a known category and a channel outside the vocabulary."""
    gin = {a: 40 for a in AGENCIES[:-1]} | {AGENCIES[-1]: 0.5}
    usage = write(folder, "usage_2014_04.csv", HEADER + _usage("2014-04", gin, extra="2014-04,A01,GIN,uptime_pct,99.5\n"
                                                                               "2014-03,A01,GIN,traffic_gb,60\n"))
    tickets = write(folder, "tickets.csv", "ticket_id,opened_at,agency_id,service,category,channel\n"
                    "T1,2014-04-02 09:00,A01,GIN,ขอเปิดใช้บริการ,LINE\n")
    return [usage, tickets]


def six_months_ahead(folder: Path) -> Path:
    """September 2014, six months after the warehouse's March, everyone active: moves only the as-of month."""
    return write(folder, "usage_2014_09.csv", HEADER + _usage("2014-09", {a: 50 for a in AGENCIES}))


def ten_go_idle(folder: Path) -> Path:
    """April 2014 with 10 of the 25 GIN agencies at 0 GB: GIN's active rate falls from 100% to 60%."""
    return write(folder, "usage_2014_04.csv",
                 HEADER + _usage("2014-04", {a: (50 if i < 15 else 0) for i, a in enumerate(AGENCIES)}))


def national(impact_: impact.Impact) -> dict:
    return {s.service_code: ((s.eligible_before, s.adopted_before, s.active_before),
                             (s.eligible_after, s.adopted_after, s.active_after)) for s in impact_.services}


def file_state(path: Path) -> tuple:
    st = path.stat()
    return st.st_ino, st.st_mtime_ns, st.st_size


# ---- what a check says ---------------------------------------------------------------------------

def test_clean_month_is_not_flagged_and_counts_are_exact(db, tmp_path):
    before = file_state(db)
    report = run(clean_month(tmp_path / "in"), db, publish=False, before_publish=impact.guard(strict=True))
    im = report.impact
    assert file_state(db) == before  # a check writes nothing
    assert (im.as_of_before, im.as_of_after, im.as_of_months) == (dt.date(2014, 3, 1), dt.date(2014, 4, 1), 1)
    assert national(im) == {"GIN": ((25, 25, 25), (25, 25, 24)), "GCLOUD": ((25, 0, 0), (25, 0, 0)),
                            "MAILGOTHAI": ((25, 8, 8), (25, 8, 8)), "GOVMON": ((25, 0, 0), (25, 0, 0))}
    gin = im.services[[s.service_code for s in im.services].index("GIN")]
    assert (gin.active_rate_before, gin.active_rate_after) == (1.0, 0.96)  # -4 points: under RATE_POINTS
    assert [(r.kind, r.month, r.added, r.replaced) for r in im.rows] == [
        ("usage", dt.date(2014, 3, 1), 0, 1), ("usage", dt.date(2014, 4, 1), 34, 0),
        ("tickets", dt.date(2014, 4, 1), 1, 0)]
    assert [(v.kind, v.column, v.value, v.known) for v in im.new_values] == [
        ("usage", "metric", "uptime_pct", None), ("tickets", "category", "request", True),
        ("tickets", "channel", "LINE", False)]
    assert im.flags == [] and not im.flagged


def test_six_months_ahead_flags_the_as_of_month_only(db, tmp_path):
    report = run([six_months_ahead(tmp_path / "in")], db, publish=False, before_publish=impact.guard())
    im = report.impact
    assert national(im)["GIN"] == ((25, 25, 25), (25, 25, 25))
    assert national(im)["MAILGOTHAI"] == ((25, 8, 8), (25, 8, 8))
    assert [(r.kind, r.month, r.added, r.replaced) for r in im.rows] == [("usage", dt.date(2014, 9, 1), 33, 0)]
    assert im.flags == [impact.Flag("as_of", None, dt.date(2014, 3, 1), dt.date(2014, 9, 1), 6, impact.AS_OF_MONTHS)]
    assert im.flags[0].text() == "the as-of month moves from 2014-03 to 2014-09 (+6 months; more than 3)"


def test_ten_agencies_going_idle_flags_the_active_rate(db, tmp_path):
    im = run([ten_go_idle(tmp_path / "in")], db, publish=False, before_publish=impact.guard()).impact
    assert national(im)["GIN"] == ((25, 25, 25), (25, 25, 15))
    assert [(f.what, f.service_code, f.before, f.after, round(f.change, 6)) for f in im.flags] == [
        ("active_rate", "GIN", 1.0, 0.6, -40.0)]
    assert im.flags[0].text() == "GIN's national active rate moves from 100.0% to 60.0% (-40.0 points; more than 5)"


def test_first_load_has_nothing_before_and_no_flag(tmp_path):
    src = tmp_path / "in"
    write(src, "agencies.csv", "agency_id,agency_name,ministry,province\nA01,หน่วยงาน,สำนักนายกรัฐมนตรี,พิษณุโลก\n")
    write(src, "subscriptions.csv", "agency_id,service,start_date\nA01,GIN,2014-01-01\n")
    write(src, "usage.csv", HEADER + "2014-01,A01,GIN,traffic_gb,5\n")
    db = tmp_path / "new" / "adoption.duckdb"
    im = run([src], db, publish=False, before_publish=impact.guard(strict=True)).impact
    assert not db.exists()
    assert (im.as_of_before, im.as_of_after, im.flags) == (None, dt.date(2014, 1, 1), [])
    assert national(im)["GIN"] == ((0, 0, 0), (1, 1, 1))
    assert [(r.kind, r.month, r.added, r.replaced) for r in im.rows] == [
        ("agencies", None, 1, 0), ("subscriptions", dt.date(2014, 1, 1), 1, 0), ("usage", dt.date(2014, 1, 1), 1, 0)]


def test_after_is_what_the_dashboard_then_shows(db, tmp_path, monkeypatch):
    """One definition per number: once published, egov/reads/ reads the impact's "after" numbers."""
    report = run([ten_go_idle(tmp_path / "in")], db, before_publish=impact.guard())
    assert report.published
    monkeypatch.setenv("EGOV_DB", str(db))
    from egov import filters
    from egov.filters import Filters
    from egov.reads import adoption, reference

    f = Filters()
    assert filters.period(f).as_of == report.impact.as_of_after == reference.warehouse_status()["latest_month"]
    shown = adoption.service_summary(f).set_index("service_code")
    for s in report.impact.services:
        row = shown.loc[s.service_code]
        assert (row["eligible"], row["adopted"], row["active"]) == (s.eligible_after, s.adopted_after, s.active_after)
        assert (row["adoption_rate"], row["active_rate"]) == (s.adoption_rate_after, s.active_rate_after)


# ---- the command line ----------------------------------------------------------------------------

def test_check_strict_needs_accept_changes_for_a_flagged_load(db, tmp_path, capsys):
    path = str(six_months_ahead(tmp_path / "in"))
    before = file_state(db)
    assert cli.main(["check", path, "--db", str(db)]) == 0  # without --strict: said, not refused
    out = capsys.readouterr().out
    assert "as-of month 2014-03 -> 2014-09 (+6 months)" in out
    assert "FLAGGED: the as-of month moves from 2014-03 to 2014-09 (+6 months; more than 3)" in out
    assert cli.main(["check", path, "--db", str(db), "--strict"]) == cli.EXIT_FLAGGED == 3
    captured = capsys.readouterr()
    assert "FLAGGED: the as-of month moves" in captured.out
    assert "--strict is set without --accept-changes; nothing published" in captured.err
    assert cli.main(["check", path, "--db", str(db), "--strict", "--accept-changes"]) == 0
    assert file_state(db) == before


def test_load_strict_refuses_a_flagged_load_without_accept_changes(db, tmp_path, capsys):
    path = str(ten_go_idle(tmp_path / "in"))
    before = db.read_bytes()
    assert cli.main(["load", path, "--db", str(db), "--strict"]) == 3
    assert db.read_bytes() == before  # nothing published
    assert "FLAGGED: GIN's national active rate moves from 100.0% to 60.0%" in capsys.readouterr().out
    assert cli.main(["load", path, "--db", str(db), "--strict", "--accept-changes"]) == 0
    assert "published" in capsys.readouterr().out
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT sum(active) FROM mart_adoption_monthly WHERE service_code = 'GIN' AND month = "
                           "DATE '2014-04-01'").fetchall() == [(15,)]


def test_load_strict_publishes_a_clean_month(db, tmp_path, capsys):
    paths = [str(p) for p in clean_month(tmp_path / "in")]
    assert cli.main(["load", *paths, "--db", str(db), "--strict"]) == 0
    out = capsys.readouterr().out
    assert "FLAGGED" not in out and "usage         2014-04    added        34  replaced         0" in out
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT max(month) FROM mart_adoption_monthly").fetchall() == [(dt.date(2014, 4, 1),)]


# ---- the Data page's words (egov.upload) -------------------------------------------------------------

def _checked(files: list[Path], db: Path):
    from egov import upload

    staged, outcome = upload.check_files([(p.name, p.read_bytes()) for p in files], db)
    upload.discard(staged)
    assert outcome.ok, outcome.error
    return outcome


def test_upload_tables_in_thai_and_english(db, tmp_path):
    from egov import upload

    outcome = _checked(clean_month(tmp_path / "in"), db)
    assert upload.impact_as_of(outcome, "th") == "ข้อมูล ณ เดือน (ระดับประเทศ): มี.ค. 2557 → เม.ย. 2557 · เลื่อน +1 เดือน"
    assert upload.impact_as_of(outcome, "en") == "As-of month (national): Mar 2014 → Apr 2014 · months moved: +1"
    gin = upload.impact_services_table(outcome, "th").iloc[0].to_dict()
    assert gin == {"บริการ": "GIN", "หน่วยงานทั้งหมด": "25 → 25", "ใช้บริการ (ก่อน)": 25, "ใช้บริการ (หลัง)": 25,
                   "ใช้งานจริง (ก่อน)": 25, "ใช้งานจริง (หลัง)": 24, "อัตราการใช้บริการ": "100.0% → 100.0%",
                   "อัตราการใช้งานจริง": "100.0% → 96.0%"}
    rows = upload.impact_rows_table(outcome, "th")
    assert rows.values.tolist() == [["การใช้งานรายเดือน", "มี.ค. 2557", 0, 1], ["การใช้งานรายเดือน", "เม.ย. 2557", 34, 0],
                                    ["เรื่องแจ้งศูนย์บริการ", "เม.ย. 2557", 1, 0]]
    assert upload.impact_values_table(outcome, "en").values.tolist() == [
        ["Monthly usage", "metric", "uptime_pct", ""], ["Support tickets", "category", "request", "yes"],
        ["Support tickets", "channel", "LINE", "no"]]
    assert upload.impact_flags(outcome, "th") == []


def test_upload_flags_in_thai_and_english(db, tmp_path):
    from egov import upload

    outcome = _checked([ten_go_idle(tmp_path / "in")], db)
    assert upload.impact_flags(outcome, "th") == [
        "อัตราการใช้งานจริง GIN ทั้งประเทศจะเปลี่ยนจาก 100.0% เป็น 60.0% (-40.0 จุด เกินเกณฑ์ 5 จุด)"]
    assert upload.impact_flags(outcome, "en") == [
        "GIN's national active rate moves from 100.0% to 60.0% (-40.0 pp; more than 5 points)"]
    outcome = _checked([six_months_ahead(tmp_path / "in6")], db)
    assert upload.impact_flags(outcome, "th") == ["ข้อมูล ณ เดือนจะเลื่อนจาก มี.ค. 2557 เป็น ก.ย. 2557 (+6 เดือน เกินเกณฑ์ 3 เดือน)"]
    assert upload.impact_flags(outcome, "en") == ["The as-of month moves from Mar 2014 to Sep 2014 (+6 months; more than 3)"]
