"""`python -m bench etl --incremental`: one month of usage loaded into warehouses of different sizes, in turns.

The month is the large sample's last month of usage (December of its last year, about 1/60 of its usage
rows). The warehouses hold the large sample's agencies, subscriptions, events, feedback and tickets, and
the usage rows before that month: all of them (10m, about 10.5 M rows), or only the two months before it
(400k, about 0.44 M rows), so that the month's agencies are known in both and the month is new in both.
100m (on request, `--sizes 400k 10m 100m`): the 10m warehouse with every agency copied ten times
(bench/warehouses.py's way of building its 100m warehouse: AG00001-1 ... -9 with the same subscriptions, usage,
feedback and tickets), about 107 M usage rows before the month, its marts rebuilt whole and checked and
its state recorded. It is derived, not loaded: loading 5 GB of CSV through the ETL would take most of an
hour here. The month file is the same in all three (it names the original agencies).

Each round loads the month once into a fresh copy of each warehouse (the copy is made before the clock
starts), in turns, and also once with --rebuild into the 10m one; the fastest of --repeat rounds counts.
The warehouses are built once by the loader itself (so its incremental state is recorded) and kept under
bench/results/incremental/. Ratios only: the machine is shared.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import time
from pathlib import Path

import duckdb

from bench.etl_load import RESULTS, _usage_files
from bench import warehouses
from etl import marts, sample
from etl.load import run

WORK = RESULTS / "incremental"


def _csv_copy(con, sources: list[Path], where: str, out: Path) -> None:
    """The rows of the usage CSVs matching `where` (over the text of month), as text, to one CSV."""
    con.execute(f"COPY (SELECT * FROM read_csv(?, all_varchar = true, header = true) WHERE {where} "
                f"ORDER BY month, agency_id, service, metric) TO '{out}' (HEADER)", [[str(s) for s in sources]])


def _refresh(base: Path) -> None:
    """A base built before the mart SQL changed: its marts rebuilt whole and the state recorded again, as the
    loader does, so that the month's load may be incremental."""
    con = duckdb.connect(str(base))
    try:
        if not marts.state_current(con):
            marts.build_marts(con)
            assert marts.run_checks(con) == []
            marts.record_state(con)
            con.execute("CHECKPOINT")
    finally:
        con.close()


def _prepare(seed: int, sizes: list[str]) -> tuple[dict[str, Path], Path]:
    """The base warehouse per size and the month file, made once."""
    src = RESULTS / f"sample-large-{seed}"
    if not (src / "README_SAMPLE.txt").exists():
        sample.generate(src, seed=seed, scale="large")
    files = sorted(p for p in src.iterdir() if p.suffix in (".csv", ".xlsx"))
    usage = _usage_files(files)
    rest = [f for f in files if f not in usage]
    WORK.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        last = con.execute("SELECT max(month) FROM read_csv(?, all_varchar = true, header = true)",
                           [str(usage[-1])]).fetchall()[0][0]
        month = WORK / f"usage_{last[:7]}.csv"
        if not month.exists():
            _csv_copy(con, [usage[-1]], f"month = '{last}'", month)
        bases = {}
        # 100m is derived from the 10m base: build that one first
        for size in sorted(sizes, key=lambda s: s == "100m"):
            base = WORK / f"base-{size}.duckdb"
            bases[size] = base
            if base.exists():
                _refresh(base)
                continue
            if size == "100m":
                t0 = time.perf_counter()
                ten = bases.get("10m") or _prepare(seed, ["10m"])[0]["10m"]
                part = base.with_suffix(".part")
                part.unlink(missing_ok=True)
                warehouses._replicate(ten, part)  # marts rebuilt whole, data checks passed
                c = duckdb.connect(str(part))
                try:
                    marts.record_state(c)  # the marts are the ones just built: the next load may be incremental
                    c.execute("CHECKPOINT")
                finally:
                    c.close()
                part.rename(base)
                print(f"built the 100m warehouse in {time.perf_counter() - t0:.0f} s")
                continue
            folder = WORK / f"usage-{size}"
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            if size == "10m":
                for f in usage[:-1]:
                    (folder / f.name).symlink_to(f)
                _csv_copy(con, [usage[-1]], f"month < '{last}'", folder / usage[-1].name)
            elif size == "400k":
                two = con.execute("SELECT DISTINCT month FROM read_csv(?, all_varchar = true, header = true) "
                                  "WHERE month < ? ORDER BY month DESC LIMIT 2", [str(usage[-1]), last]).fetchall()
                _csv_copy(con, [usage[-1]], "month IN (" + ", ".join(f"'{m}'" for (m,) in two) + ")",
                          folder / "usage_before.csv")
            else:
                raise ValueError(size)
            t0 = time.perf_counter()
            part = base.with_suffix(".part")
            part.unlink(missing_ok=True)
            run(rest + sorted(folder.iterdir()), part)
            part.rename(base)
            print(f"built the {size} warehouse in {time.perf_counter() - t0:.0f} s")
    finally:
        con.close()
    return bases, month


def main(seed: int, repeat: int, sizes: list[str], scratch_dir: str | None) -> int:
    bases, month = _prepare(seed, sizes)
    scratch = Path(scratch_dir) if scratch_dir else WORK / "scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    inf = float("inf")
    runs = [(size, False) for size in sizes] + ([("10m", True)] if "10m" in sizes else [])
    best = {r: {"wall": inf, "cpu": inf, "stages": {}} for r in runs}
    facts = {}
    for _ in range(repeat):
        for size, rebuild in runs:
            db = scratch / f"w-{size}.duckdb"
            shutil.rmtree(scratch / f".{db.name}.build", ignore_errors=True)
            db.unlink(missing_ok=True)
            shutil.copyfile(bases[size], db)
            with open(db, "rb+") as f:  # on disk, as a live warehouse is since its publish: a clone of a file
                os.fsync(f.fileno())     # still being written would wait for that writing first
            t0, c0 = time.perf_counter(), time.process_time()
            report = run([month], db, rebuild=rebuild)
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            b = best[(size, rebuild)]
            if wall < b["wall"]:
                b["stages"] = {k: round(v, 2) for k, v in report.seconds.items()}
            b["wall"], b["cpu"] = min(b["wall"], wall), min(b["cpu"], cpu)
            facts[(size, rebuild)] = (report.marts_since, sum(f.rows_loaded for f in report.files), report.copied_by)
            db.unlink(missing_ok=True)
    rows = {}
    for size in sizes:
        con = duckdb.connect(str(bases[size]), read_only=True)
        rows[size] = con.execute("SELECT count(*) FROM usage_monthly").fetchall()[0][0]
        con.close()
    ref = best[(sizes[0], False)]
    print(f"month file {month.name}: {facts[(sizes[0], False)][1]:,} rows; load average {os.getloadavg()[0]:.1f}")
    print(f"{'warehouse':<22}{'usage rows':>12}{'MB':>7}{'marts':>13}{'wall s':>8}{'ratio':>7}{'CPU s':>8}{'ratio':>7}"
          "  stages (wall s; copy: the live file cloned or copied to build beside it)")
    result = {"month_rows": facts[(sizes[0], False)][1], "seed": seed}
    for (size, rebuild), b in best.items():
        since = facts[(size, rebuild)][0]
        label = f"{size}{' --rebuild' if rebuild else ''}"
        mb = bases[size].stat().st_size / 1e6
        print(f"{label:<22}{rows[size]:>12,}{mb:>7,.0f}{'full' if since is None else 'from ' + since.strftime('%Y-%m'):>13}"
              f"{b['wall']:>8.2f}{b['wall'] / ref['wall']:>7.2f}{b['cpu']:>8.2f}{b['cpu'] / ref['cpu']:>7.2f}  "
              + " ".join(f"{k} {v}" for k, v in b["stages"].items()))
        key = label.replace(" --", "_")
        result[f"{key}_usage_rows"] = rows[size]
        result[f"{key}_mb"] = round(mb)
        result[f"{key}_copied_by"] = facts[(size, rebuild)][2]
        result[f"{key}_s"], result[f"{key}_cpu_s"] = round(b["wall"], 2), round(b["cpu"], 2)
        result[f"ratio_{key}"] = round(b["wall"] / ref["wall"], 2)
        result[f"cpu_ratio_{key}"] = round(b["cpu"] / ref["cpu"], 2)
        result[f"{key}_stages"] = b["stages"]
    result["machine"] = (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
                         f"duckdb {duckdb.__version__}")
    result["load_average"] = round(os.getloadavg()[0], 2)
    result["at"] = time.strftime("%Y-%m-%d %H:%M:%S")
    with open(RESULTS / "etl_incremental.jsonl", "a") as f:
        f.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 0
