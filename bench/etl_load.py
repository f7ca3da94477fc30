"""ETL load time against the floor: DuckDB's own read_csv of the same usage files into a table.

Three timings, each the fastest of --repeat runs, all in one process on one machine:
  floor      CREATE TABLE AS SELECT * FROM read_csv([usage files])   (type sniffing, no checks)
  etl usage  `python -m etl load` of the usage files into a warehouse that already holds the rest
  etl all    `python -m etl load` of the whole sample into an empty warehouse, marts and checks included
and, for both etl runs, the load stage alone (read, judge, merge: Report.seconds["load"]), since the marts
and data checks are a separate cost that grows with the warehouse, not with the files.
"""

from __future__ import annotations

import json
import platform
import shutil
import time
from pathlib import Path

import duckdb

from etl import readers, sample
from etl.load import run

RESULTS = Path(__file__).resolve().parent / "results"


def _timed(fn, repeat: int) -> tuple[float, float]:
    """The fastest wall time of fn() over `repeat` runs, and the fastest of the load stage it returns."""
    best, best_load = float("inf"), float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        load = fn()
        best = min(best, time.perf_counter() - t0)
        if load is not None:
            best_load = min(best_load, load)
    return best, best_load


def _usage_files(files: list[Path]) -> list[Path]:
    return [f for f in files if f.suffix == ".csv" and readers.open_csv(f)[0].match.kind == "usage"]


def main(scale: str, seed: int, repeat: int) -> int:
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

    def floor():
        con = duckdb.connect(str(fresh()))
        con.execute("CREATE TABLE usage AS SELECT * FROM read_csv(?)", [[str(f) for f in usage]])
        con.close()

    rows = None

    def etl_all():
        nonlocal rows
        report = run(files, fresh())
        rows = sum(f.rows_loaded for f in report.files if f.kind == "usage")
        return report.seconds["load"]

    base = scratch.parent / "base.duckdb"

    def etl_usage():
        db = fresh()
        shutil.copyfile(base, db)
        return run(usage, db).seconds["load"]

    t_floor, _ = _timed(floor, repeat)
    t_all, t_all_load = _timed(etl_all, repeat)
    base.unlink(missing_ok=True)
    run(rest, base)
    t_usage, t_usage_load = _timed(etl_usage, repeat)
    shutil.rmtree(scratch, ignore_errors=True)
    base.unlink(missing_ok=True)

    size = sum(f.stat().st_size for f in usage) / 1e6
    result = {
        "scale": scale, "seed": seed, "usage_rows": rows, "usage_files": len(usage), "usage_mb": round(size, 1),
        "floor_s": round(t_floor, 2), "etl_usage_s": round(t_usage, 2), "etl_all_s": round(t_all, 2),
        "ratio_usage": round(t_usage / t_floor, 2), "ratio_all": round(t_all / t_floor, 2),
        "etl_usage_load_s": round(t_usage_load, 2), "etl_all_load_s": round(t_all_load, 2),
        "ratio_usage_load": round(t_usage_load / t_floor, 2),
        "machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores, Python {platform.python_version()}, "
                   f"duckdb {duckdb.__version__}",
        "at": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    print(f"usage rows {rows:,} in {len(usage)} files ({size:,.0f} MB)")
    print(f"{'measure':<44}{'seconds':>9}{'ratio':>8}")
    print(f"{'floor: DuckDB read_csv of the usage files':<44}{t_floor:>9.2f}{1:>8.2f}")
    print(f"{'etl load, usage files (target <= 2.00)':<44}{t_usage:>9.2f}{t_usage / t_floor:>8.2f}")
    print(f"{'etl load, whole sample with marts':<44}{t_all:>9.2f}{t_all / t_floor:>8.2f}")
    print(f"{'  usage files, load stage only':<44}{t_usage_load:>9.2f}{t_usage_load / t_floor:>8.2f}")
    print(f"{'  whole sample, load stage only':<44}{t_all_load:>9.2f}{t_all_load / t_floor:>8.2f}")
    RESULTS.mkdir(exist_ok=True)
    with open(RESULTS / "etl_load.jsonl", "a") as f:
        f.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 0
