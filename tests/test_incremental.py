"""Incremental loads (issue 16, item 1): a load of usage rows redoes only the months it touched, and gives
the very marts a full rebuild gives. A property test drives random sequences of month files, corrections,
replacements and reference changes through the real loader and, after every load, rebuilds every mart
whole on a copy of the warehouse and compares every mart table row for row (EXCEPT ALL both ways)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from unittest import mock

import duckdb
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from etl import marts, reference
from etl.cli import main
from etl.load import run

AGENCIES = ["AG001", "AG002", "AG003", "AG004"]
SERVICES = {"GIN": "traffic_gb", "GCLOUD": "vm_hours", "MAILGOTHAI": "active_mailboxes"}
MONTHS = [dt.date(2014, m, 1) for m in range(1, 9)]
# around each service's active threshold (GIN 1, GCLOUD 24, MAILGOTHAI 0), so runs of idle months start and end
VALUES = [0.0, 0.5, 1.0, 2.5, 24.0, 30.0]
LEVELS = ["ส่วนกลาง", "ส่วนภูมิภาค"]
PROVINCES = ["พิษณุโลก", "ชลบุรี", "สุโขทัย"]


def mart_tables() -> list[str]:
    return [re.search(r"CREATE OR REPLACE TABLE (\w+) AS", p.read_text(encoding="utf-8"))[1]
            for p in marts.mart_files()]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def agencies_csv(levels: tuple[int, ...]) -> str:
    lines = ["agency_id,agency_name,ministry,province,level"]
    for i, ag in enumerate(AGENCIES):
        lines.append(f"{ag},หน่วยงาน {i},กระทรวงมหาดไทย,{PROVINCES[i % 3]},{LEVELS[levels[i]]}")
    return "\n".join(lines) + "\n"


def subscriptions_csv(rows: list[tuple[str, str, int, int | None, int]]) -> str:
    lines = ["agency_id,service,start_date,end_date,units"]
    for ag, sv, start, end, units in rows:
        end_text = "" if end is None else MONTHS[end].replace(day=15).isoformat()
        lines.append(f"{ag},{sv},{MONTHS[start].replace(day=10).isoformat()},{end_text},{units}")
    return "\n".join(lines) + "\n"


def usage_csv(rows: dict[tuple[int, str, str], float]) -> str:
    lines = ["month,agency_id,service,metric,value"]
    for (m, ag, sv), value in sorted(rows.items()):
        lines.append(f"{MONTHS[m].isoformat()},{ag},{sv},{SERVICES[sv]},{value}")
    return "\n".join(lines) + "\n"


def differences(db: Path, scratch: Path) -> dict[str, tuple[int, int]]:
    """Every mart table of `db` against a full rebuild of the same warehouse: per table that differs, the
    rows only in the incremental build and the rows only in the full one (EXCEPT ALL both ways)."""
    full = scratch / "full.duckdb"
    full.unlink(missing_ok=True)
    shutil.copyfile(db, full)
    con = duckdb.connect(str(full))
    try:
        marts.build_marts(con)  # not allowed to be incremental: every model whole
        assert marts.run_checks(con) == []
        con.execute("ATTACH ? AS inc (READ_ONLY)", [str(db)])
        out = {}
        for table in mart_tables():
            only_inc = con.execute(f"SELECT count(*) FROM (FROM inc.{table} EXCEPT ALL FROM main.{table})").fetchall()
            only_full = con.execute(f"SELECT count(*) FROM (FROM main.{table} EXCEPT ALL FROM inc.{table})").fetchall()
            if only_inc[0][0] or only_full[0][0]:
                out[table] = (only_inc[0][0], only_full[0][0])
        return out
    finally:
        con.close()


usage_rows = st.dictionaries(
    st.tuples(st.integers(0, len(MONTHS) - 1), st.sampled_from(AGENCIES), st.sampled_from(sorted(SERVICES))),
    st.sampled_from(VALUES), min_size=1, max_size=12)
# a month file: every row in one month (the usual monthly drop)
month_rows = st.integers(0, len(MONTHS) - 1).flatmap(lambda m: st.dictionaries(
    st.tuples(st.just(m), st.sampled_from(AGENCIES), st.sampled_from(sorted(SERVICES))),
    st.sampled_from(VALUES), min_size=1, max_size=8))
subscription_rows = st.lists(st.tuples(
    st.sampled_from(AGENCIES), st.sampled_from(sorted(SERVICES)), st.integers(0, 4),
    st.one_of(st.none(), st.integers(2, len(MONTHS) - 1)), st.integers(1, 3)), min_size=1, max_size=4)
# (kind, file name, content): usage file names come from a small pool, so the same name comes back with
# other rows (a corrected or replaced file) as often as a new name brings a month again
step = st.one_of(
    st.tuples(st.just("usage"), st.sampled_from(["u1.csv", "u2.csv", "u3.csv"]), st.one_of(month_rows, usage_rows)),
    st.tuples(st.just("subscriptions"), st.sampled_from(["s1.csv", "s2.csv"]), subscription_rows),
    st.tuples(st.just("agencies"), st.just("agencies.csv"), st.tuples(*[st.integers(0, 1)] * len(AGENCIES))),
    st.tuples(st.just("cost"), st.just(""), st.sampled_from([0.5, 2.0])),
)
BASE_SUBS = [("AG001", "GIN", 0, None, 2), ("AG002", "GCLOUD", 1, 6, 1), ("AG003", "MAILGOTHAI", 0, None, 1),
             ("AG004", "GIN", 2, None, 1)]


def _cost_loader(factor: float):
    real = reference.cost_assumptions

    def changed():
        df = real()
        for level in ("low", "mid", "high"):  # all three alike: low <= mid <= high stays true (a data check)
            df[f"cost_{level}_thb_per_unit_year"] = df[f"cost_{level}_thb_per_unit_year"] * factor
        df["staff_hours_saved_per_unit_year"] = df["staff_hours_saved_per_unit_year"] * factor
        return df
    return changed


@pytest.mark.slow  # two ETL loads per step of every example: about two minutes
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(steps=st.lists(st.lists(step, min_size=1, max_size=2), min_size=1, max_size=5))
@example(steps=[  # a month, the next month, a correction of the first, a month before them all
    [("usage", "u1.csv", {(2, "AG001", "GIN"): 0.0, (2, "AG002", "GCLOUD"): 30.0})],
    [("usage", "u2.csv", {(3, "AG001", "GIN"): 0.5, (3, "AG003", "MAILGOTHAI"): 0.0})],
    [("usage", "u1.csv", {(2, "AG001", "GIN"): 2.5})],
    [("usage", "u3.csv", {(0, "AG004", "GIN"): 0.0})]])
@example(steps=[  # idle runs carried across the first month redone; then the cost assumptions change
    [("usage", "u1.csv", {(m, "AG001", "GIN"): 0.0 for m in range(6)})],
    [("usage", "u2.csv", {(6, "AG001", "GIN"): 0.0, (7, "AG001", "GIN"): 0.5})],
    [("usage", "u2.csv", {(6, "AG001", "GIN"): 2.5, (7, "AG001", "GIN"): 0.5})],
    [("cost", "", 2.0)], [("usage", "u3.csv", {(7, "AG003", "MAILGOTHAI"): 1.0})]])
@example(steps=[[("cost", "", 2.0)], [("cost", "", 0.5), ("cost", "", 2.0)]])  # changed and changed back
def test_incremental_marts_equal_a_full_rebuild(tmp_path_factory, steps):
    tmp = tmp_path_factory.mktemp("inc")
    db = tmp / "w.duckdb"
    run([write(tmp / "in0" / "agencies.csv", agencies_csv((0, 1, 1, 0))),
         write(tmp / "in0" / "subs.csv", subscriptions_csv(BASE_SUBS))], db)
    cost = 1.0
    for i, batch in enumerate(steps, start=1):
        folder = tmp / f"in{i}"
        paths, cost_before = [], cost
        for kind, name, content in batch:
            if kind == "usage":
                paths.append(write(folder / name, usage_csv(content)))
            elif kind == "subscriptions":
                paths.append(write(folder / name, subscriptions_csv(content)))
            elif kind == "agencies":
                paths.append(write(folder / name, agencies_csv(content)))
            else:
                cost = content
        if not paths:  # only the cost assumptions changed: the next load carries them (a usage month here)
            paths.append(write(folder / "u9.csv", usage_csv({(len(MONTHS) - 1, "AG002", "GIN"): 3.0})))
        with mock.patch.dict(reference._LOADERS, {"cost_assumptions": _cost_loader(cost)}):
            report = run(paths, db, force=True)
        assert report.published
        # (a batch that changes the cost and changes it back, 2.0 -> 0.5 -> 2.0, changes nothing: incremental)
        if cost != cost_before or any(f.kind != "usage" and f.rows_loaded for f in report.files):
            assert report.marts_since is None  # a reference change: a full rebuild
        assert differences(db, tmp) == {}, batch


def test_a_new_month_redoes_that_month_only_and_rebuild_does_all(tmp_path):
    """The plain case, exactly: a warehouse with January-March, then April alone is redone; --rebuild and a
    changed subscription are full builds; a correction of February redoes February on."""
    d = tmp_path / "in"
    db = tmp_path / "w.duckdb"
    run([write(d / "agencies.csv", agencies_csv((0, 1, 1, 0))), write(d / "subs.csv", subscriptions_csv(BASE_SUBS)),
         write(d / "q1.csv", usage_csv({(m, "AG001", "GIN"): 0.0 for m in range(3)}))], db)
    april = run([write(d / "apr.csv", usage_csv({(3, "AG001", "GIN"): 0.0, (3, "AG003", "MAILGOTHAI"): 5.0}))], db)
    assert april.marts_since == dt.date(2014, 4, 1)
    con = duckdb.connect(str(db), read_only=True)
    try:
        # the idle run of AG001's GIN went on from March (3 months) into April (4): carried, not restarted
        assert con.execute("SELECT month, idle_months, underused FROM fct_agency_service_month WHERE agency_id = "
                           "'AG001' AND service_code = 'GIN' ORDER BY month").fetchall() == [
            (dt.date(2014, 1, 1), 1, False), (dt.date(2014, 2, 1), 2, False), (dt.date(2014, 3, 1), 3, True),
            (dt.date(2014, 4, 1), 4, True)]
        # AG002's GCLOUD, adopted from February and never used, reaches 3 idle months in April
        assert con.execute("SELECT agency_id, service_code, idle_since, last_active FROM mart_underused "
                           "WHERE month = DATE '2014-04-01' ORDER BY agency_id").fetchall() == [
            ("AG001", "GIN", dt.date(2014, 1, 1), None), ("AG002", "GCLOUD", dt.date(2014, 2, 1), None)]
    finally:
        con.close()
    feb = run([write(d / "feb.csv", usage_csv({(1, "AG001", "GIN"): 5.0}))], db)
    assert feb.marts_since == dt.date(2014, 2, 1)
    assert differences(db, tmp_path) == {}
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT month, idle_months FROM fct_agency_service_month WHERE agency_id = 'AG001' "
                           "AND service_code = 'GIN' ORDER BY month").fetchall() == [
            (dt.date(2014, 1, 1), 1), (dt.date(2014, 2, 1), 0), (dt.date(2014, 3, 1), 1), (dt.date(2014, 4, 1), 2)]
    finally:
        con.close()
    again = run([write(d / "may.csv", usage_csv({(4, "AG002", "GIN"): 1.0}))], db, rebuild=True)
    assert again.marts_since is None and again.published
    subs = run([write(d / "subs2.csv", subscriptions_csv([("AG002", "GIN", 0, None, 1)]))], db)
    assert subs.marts_since is None and subs.published
    assert differences(db, tmp_path) == {}


def test_cli_rebuild_flag(tmp_path, capsys):
    d = tmp_path / "in"
    db = tmp_path / "w.duckdb"
    assert main(["load", str(write(d / "agencies.csv", agencies_csv((0, 0, 0, 0)))), "--db", str(db)]) == 0
    assert main(["load", str(write(d / "u.csv", usage_csv({(0, "AG001", "GIN"): 1.0}))), "--db", str(db),
                 "--rebuild"]) == 0
    assert "published" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["load", "--rebuild"])


# --- publish: a clone where the filesystem has one, else a copy (issue 16, item 2) ---------------------------


def _payload(path: Path) -> bytes:
    data = bytes(range(256)) * 40_000 + b"tail"  # ~10 MB: several copy_file_range calls' worth on some kernels
    path.write_bytes(data)
    return data


def test_clone_file_falls_back_to_a_copy_when_the_filesystem_cannot_clone(tmp_path, monkeypatch):
    from etl import publish

    src, data = tmp_path / "live.duckdb", None
    data = _payload(src)
    calls = []

    def no_clone(fd, request, arg):
        calls.append(request)
        raise OSError(publish.errno.EOPNOTSUPP, "Operation not supported")

    monkeypatch.setattr(publish.fcntl, "ioctl", no_clone)
    assert publish.clone_file(src, tmp_path / "a") == "copy"
    assert calls == [publish.FICLONE] and (tmp_path / "a").read_bytes() == data

    def no_range(*args):
        raise OSError(publish.errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(publish.os, "copy_file_range", no_range)
    assert publish.clone_file(src, tmp_path / "b") == "copy"
    assert (tmp_path / "b").read_bytes() == data
    assert src.read_bytes() == data


def test_clone_file_says_clone_when_the_ioctl_succeeds_and_raises_real_errors(tmp_path, monkeypatch):
    from etl import publish

    src = tmp_path / "live.duckdb"
    _payload(src)
    seen = []
    monkeypatch.setattr(publish.fcntl, "ioctl", lambda fd, request, arg: seen.append((request, arg)) or 0)
    assert publish.clone_file(src, tmp_path / "c") == "clone"
    assert [r for r, _ in seen] == [publish.FICLONE]

    def broken(fd, request, arg):
        raise OSError(publish.errno.EIO, "Input/output error")

    monkeypatch.setattr(publish.fcntl, "ioctl", broken)
    with pytest.raises(OSError):
        publish.clone_file(src, tmp_path / "d")


def test_a_load_builds_on_a_clone_or_copy_and_leaves_the_live_file_alone_until_the_rename(tmp_path, monkeypatch):
    from etl import publish

    d = tmp_path / "in"
    db = tmp_path / "w.duckdb"
    run([write(d / "agencies.csv", agencies_csv((0, 1, 1, 0)))], db)
    before = db.read_bytes()
    seen = {}
    real = publish.next_warehouse

    from contextlib import contextmanager

    @contextmanager
    def watch(live):
        with real(live) as nxt:
            seen["copied_by"] = nxt.copied_by
            yield nxt
            seen["live_during_build"] = db.read_bytes() == before

    monkeypatch.setattr("etl.load.next_warehouse", watch)
    run([write(d / "u.csv", usage_csv({(0, "AG001", "GIN"): 1.0}))], db)
    assert seen["copied_by"] in ("clone", "copy") and seen["live_during_build"]
    assert db.read_bytes() != before


def test_scoped_checks_look_at_the_rebuilt_months_only(tmp_path):
    """After an incremental build the usage and fact checks see the months from checks_since on; after a full
    build (the variable NULL) every month."""
    d = tmp_path / "in"
    db = tmp_path / "w.duckdb"
    run([write(d / "agencies.csv", agencies_csv((0, 1, 1, 0))), write(d / "subs.csv", subscriptions_csv(BASE_SUBS)),
         write(d / "u.csv", usage_csv({(0, "AG001", "GIN"): 1.0, (3, "AG002", "GIN"): 2.0}))], db)
    con = duckdb.connect(str(db))
    try:
        con.execute("INSERT INTO usage_monthly SELECT * FROM usage_monthly WHERE month = DATE '2014-01-01'")
        failing = [f.split(":")[0] for f in marts.run_checks(con)]
        assert "unique_usage_monthly" in failing
        con.execute("SET VARIABLE checks_since = DATE '2014-02-01'")
        assert "unique_usage_monthly" not in [f.split(":")[0] for f in marts.run_checks(con)]
        con.execute("INSERT INTO usage_monthly SELECT * FROM usage_monthly WHERE month = DATE '2014-04-01'")
        assert "unique_usage_monthly" in [f.split(":")[0] for f in marts.run_checks(con)]
    finally:
        con.close()


def _macros(db: Path) -> list[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return sorted(r[0] for r in con.execute(
            "SELECT function_name FROM duckdb_functions() WHERE function_type IN ('macro', 'table_macro') "
            "AND NOT internal").fetchall())
    finally:
        con.close()


def test_an_incremental_load_creates_the_definitions_too_and_a_changed_definition_is_a_full_build(tmp_path,
                                                                                                 monkeypatch):
    """etl/sql/definitions.sql is run on incremental builds as on full ones (a macro dropped since is back),
    and is part of what the incremental models depend on: a changed definition rebuilds every month."""
    d = tmp_path / "in"
    db = tmp_path / "w.duckdb"
    run([write(d / "agencies.csv", agencies_csv((0, 1, 1, 0))), write(d / "subs.csv", subscriptions_csv(BASE_SUBS)),
         write(d / "q1.csv", usage_csv({(m, "AG001", "GIN"): 0.0 for m in range(3)}))], db)
    want = sorted(re.findall(r"CREATE OR REPLACE MACRO (\w+)", marts.DEFINITIONS.read_text(encoding="utf-8")))
    assert _macros(db) == want and "opportunity" in want and "satisfied" in want
    con = duckdb.connect(str(db))
    con.execute("DROP MACRO satisfied")
    con.execute("DROP MACRO TABLE opportunity")
    con.close()
    april = run([write(d / "apr.csv", usage_csv({(3, "AG001", "GIN"): 0.0}))], db)
    assert april.marts_since == dt.date(2014, 4, 1) and _macros(db) == want
    changed = write(tmp_path / "definitions.sql", marts.DEFINITIONS.read_text(encoding="utf-8") + "-- changed\n")
    monkeypatch.setattr(marts, "DEFINITIONS", changed)
    may = run([write(d / "may.csv", usage_csv({(4, "AG001", "GIN"): 0.0}))], db)
    assert may.marts_since is None and may.published
    assert differences(db, tmp_path) == {}
