"""ETL load time against the floor: DuckDB's own read_csv of the same usage files into a table.

Three timings, each the fastest of --repeat rounds (the three take turns in each), all in one process:
  floor      CREATE TABLE AS SELECT * FROM read_csv([usage files])   (type sniffing, no checks)
  text floor the same with all_varchar = true: every value read as text, as the loader reads it to judge
             it; the whole sample's load is also given against this one (issue 16: at most 2.0x)
  etl usage  `python -m etl load` of the usage files into a warehouse that already holds the rest
  etl all    `python -m etl load` of the whole sample into an empty warehouse, marts and checks included
and, for both etl runs, the load stage alone (read, judge, merge: Report.seconds["load"]), since the marts
and data checks are a separate cost that grows with the warehouse, not with the files. Each is given in
wall seconds and in this process's CPU seconds (all threads), which other jobs on a shared machine
distort much less than wall time.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import time
from pathlib import Path

import duckdb

from etl import readers, sample
from etl.load import init_schema, run

RESULTS = Path(__file__).resolve().parent / "results"


def _timed(measures: dict, rounds: int) -> dict[str, dict[str, float]]:
    """For each measure (name -> fn), the fastest wall and CPU seconds (this process, all threads) of
    fn(), and of the load stage alone when fn returns its etl.load.Report. The measures take turns, one
    run each per round, so that the floor and the loads see the same moments of a machine whose speed
    drifts (the floor alone varied by a third between consecutive runs)."""
    inf = float("inf")
    best = {name: {"wall": inf, "cpu": inf, "load_wall": inf, "load_cpu": inf} for name in measures}
    for _ in range(rounds):
        for name, fn in measures.items():
            t0, c0 = time.perf_counter(), time.process_time()
            report = fn()
            b = best[name]
            b["wall"] = min(b["wall"], time.perf_counter() - t0)
            b["cpu"] = min(b["cpu"], time.process_time() - c0)
            if report is not None:
                b["load_wall"] = min(b["load_wall"], report.seconds["load"])
                b["load_cpu"] = min(b["load_cpu"], report.cpu_seconds["load"])
    return best


def _usage_files(files: list[Path]) -> list[Path]:
    return [f for f in files if f.suffix == ".csv" and readers.open_csv(f)[0].match.kind == "usage"]


def _files_100m() -> tuple[list[Path], Path]:
    """The usage files of the 100m bench warehouse (bench/warehouses.py: the large sample's agencies ten
    times over), one CSV per year as the sample writes them, and a warehouse holding everything else.
    Written once from that warehouse (about 4.8 GB of CSV): the sample has no tier this large."""
    from bench import warehouses

    work = RESULTS / "usage-100m"
    done = work / "DONE"
    if not done.exists():
        src = warehouses.ensure("100m")
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        t0 = time.perf_counter()
        con = duckdb.connect(str(src), read_only=True)
        try:
            years = [y for (y,) in con.execute("SELECT DISTINCT year(month) FROM usage_monthly ORDER BY 1").fetchall()]
            for y in years:
                con.execute(f"COPY (SELECT month, agency_id, service_code AS service, metric, value FROM usage_monthly "
                            f"WHERE year(month) = {int(y)} ORDER BY month, agency_id, service_code, metric) "
                            f"TO '{work / f'usage_{y}.csv'}' (HEADER)")
        finally:
            con.close()
        # everything but the usage rows, in a new file (a copy with the rows deleted keeps their 1.6 GB);
        # the load builds the marts again
        con = duckdb.connect(str(work / "rest.duckdb"))
        try:
            init_schema(con)
            con.execute("ATTACH ? AS src (READ_ONLY)", [str(src)])
            for (table,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
                                        "AND table_name <> 'usage_monthly'").fetchall():
                if not con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]:  # reference data is there
                    con.execute(f"INSERT INTO {table} SELECT * FROM src.{table}")
            con.execute("DELETE FROM etl_loads WHERE kind = 'usage'")
            con.execute("DETACH src")
        finally:
            con.close()
        done.touch()
        print(f"wrote the 100m usage files in {time.perf_counter() - t0:.0f} s")
    return sorted(work.glob("usage_*.csv")), work / "rest.duckdb"


def main(scale: str, seed: int, repeat: int) -> int:
    if scale == "100m":
        usage, rest_db = _files_100m()
        files, rest = usage, []
    else:
        work = RESULTS / f"sample-{scale}-{seed}"
        if not (work / "README_SAMPLE.txt").exists():
            t0 = time.perf_counter()
            sample.generate(work, seed=seed, scale=scale)
            print(f"generated the {scale} sample in {time.perf_counter() - t0:.1f} s")
        files = sorted(p for p in work.iterdir() if p.suffix in (".csv", ".xlsx"))
        usage = _usage_files(files)
        rest = [f for f in files if f not in usage]
    scratch = RESULTS / "scratch"

    def fresh() -> Path:
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True)
        return scratch / "w.duckdb"

    # The small and medium samples write their usage files with different headers (Thai, English) and
    # encodings; DuckDB then needs union_by_name, and reads only UTF-8 (a cp874 file would be transcoded
    # first, as the ETL does, so it is left out of the floor). The large sample's files are all alike.
    floor_files = [f for f in usage if readers.detect_encoding(f) == "utf-8"]
    alike = len({readers.open_csv(f)[0].header for f in floor_files}) == 1

    def floor():
        con = duckdb.connect(str(fresh()))
        con.execute(f"CREATE TABLE usage AS SELECT * FROM read_csv(?, union_by_name = {str(not alike).lower()})",
                    [[str(f) for f in floor_files]])
        con.close()

    def floor_text():
        con = duckdb.connect(str(fresh()))
        con.execute(f"CREATE TABLE usage AS SELECT * FROM read_csv(?, all_varchar = true, "
                    f"union_by_name = {str(not alike).lower()})", [[str(f) for f in floor_files]])
        con.close()

    rows = None

    def etl_all():
        nonlocal rows
        report = run(files, fresh())
        rows = sum(f.rows_loaded for f in report.files if f.kind == "usage")
        return report

    base = scratch.parent / "base.duckdb"

    def etl_usage():
        db = fresh()
        shutil.copyfile(base, db)
        return run(usage, db)

    base.unlink(missing_ok=True)
    measures = {"floor": floor, "floor_text": floor_text, "usage": etl_usage}
    if scale == "100m":  # no sample behind it: only the usage files, into a warehouse holding the rest
        shutil.copyfile(rest_db, base)
    else:
        measures["all"] = etl_all
        run(rest, base)
    timed = _timed(measures, repeat)
    floor_t, usage_t, all_t, text_t = timed["floor"], timed["usage"], timed.get("all"), timed["floor_text"]
    if rows is None:
        con = duckdb.connect(str(scratch / "w.duckdb"), read_only=True)
        rows = con.execute("SELECT count(*) FROM usage_monthly").fetchall()[0][0]
        con.close()
    shutil.rmtree(scratch, ignore_errors=True)
    base.unlink(missing_ok=True)

    size = sum(f.stat().st_size for f in usage) / 1e6
    rows_out = [  # (label, measure key, timings)
        ("floor: DuckDB read_csv of the usage files", "floor", floor_t, "wall", "cpu"),
        ("etl load, usage files (target <= 2.00)", "etl_usage", usage_t, "wall", "cpu"),
        ("  usage files, load stage only", "etl_usage_load", usage_t, "load_wall", "load_cpu"),
        ("etl load, whole sample with marts", "etl_all", all_t, "wall", "cpu"),
        ("  whole sample, load stage only", "etl_all_load", all_t, "load_wall", "load_cpu"),
    ]
    rows_out = [r for r in rows_out if r[2] is not None]
    result = {"scale": scale, "seed": seed, "usage_rows": rows, "usage_files": len(usage),
              "floor_files": len(floor_files), "usage_mb": round(size, 1)}
    for _, key, t, wall, cpu in rows_out:
        result[f"{key}_s"] = round(t[wall], 2)
        result[f"{key}_cpu_s"] = round(t[cpu], 2)
        result[f"ratio_{key}"] = round(t[wall] / floor_t["wall"], 2)
        result[f"cpu_ratio_{key}"] = round(t[cpu] / floor_t["cpu"], 2)
    result["floor_text_s"], result["floor_text_cpu_s"] = round(text_t["wall"], 2), round(text_t["cpu"], 2)
    if all_t is not None:
        result["ratio_etl_all_text_floor"] = round(all_t["wall"] / text_t["wall"], 2)
        result["cpu_ratio_etl_all_text_floor"] = round(all_t["cpu"] / text_t["cpu"], 2)
    result["machine"] = (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
                         f"duckdb {duckdb.__version__}")
    result["load_average"] = round(os.getloadavg()[0], 2)
    result["at"] = time.strftime("%Y-%m-%d %H:%M:%S")
    print(f"usage rows {rows:,} in {len(usage)} files ({size:,.0f} MB); load average {result['load_average']}")
    if len(floor_files) < len(usage):
        print(f"the floor reads {len(floor_files)} of the {len(usage)} usage files (the others are cp874): "
              "it does less work than the ETL here")
    print(f"{'measure':<44}{'wall s':>8}{'ratio':>7}{'CPU s':>8}{'ratio':>7}")
    for label, _, t, wall, cpu in rows_out:
        print(f"{label:<44}{t[wall]:>8.2f}{t[wall] / floor_t['wall']:>7.2f}{t[cpu]:>8.2f}{t[cpu] / floor_t['cpu']:>7.2f}")
    print(f"{'text floor: read_csv all_varchar = true':<44}{text_t['wall']:>8.2f}{'':>7}{text_t['cpu']:>8.2f}")
    if all_t is not None:
        print(f"{'etl load, whole sample / text floor':<44}{'':>8}{all_t['wall'] / text_t['wall']:>7.2f}{'':>8}"
              f"{all_t['cpu'] / text_t['cpu']:>7.2f}   (target <= 2.00)")
    RESULTS.mkdir(exist_ok=True)
    with open(RESULTS / "etl_load.jsonl", "a") as f:
        f.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 0
