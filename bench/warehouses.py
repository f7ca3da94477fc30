"""The warehouses the page bench runs on, built once and cached under bench/results/pages/.

  10k   the 1m warehouse thinned to every k-th agency (about 10 thousand usage rows), marts rebuilt
  1m    `python -m etl load` of the medium sample (about 1 million usage rows)
  10m   `python -m etl load` of the large sample (10.9 million usage rows)
  100m  the 10m warehouse with every agency copied ten times (109 million usage rows), marts rebuilt;
        only on request (`--sizes ... 100m`): about 2 GB on disk, and its naive twin is not run

The 10k warehouse is a thinned copy rather than a new sample scale: the sample's scales are tiers of a
fixed agency catalogue, and the smallest tier already gives about 377 thousand rows. About 50 agencies
remain, so some provinces have none; every page still has something to draw.
"""

from __future__ import annotations

import shutil
import time
from contextlib import contextmanager
from pathlib import Path

import duckdb

from etl import marts, sample
from etl.load import run

RESULTS = Path(__file__).resolve().parent / "results"
WORK = RESULTS / "pages"
SEED = 7
TARGET_10K = 10_000

# bench size -> sample scale it is built from
SIZES = {"10k": "medium", "1m": "medium", "10m": "large"}
COPIES_100M = 10


def db_path(size: str) -> Path:
    return WORK / f"wh-{size}.duckdb"


def _sample_dir(scale: str) -> Path:
    shared = RESULTS / f"sample-{scale}-{SEED}"  # `python -m bench etl` keeps its sample here
    if (shared / "README_SAMPLE.txt").exists():
        return shared
    own = WORK / f"sample-{scale}-{SEED}"
    if not (own / "README_SAMPLE.txt").exists():
        t0 = time.perf_counter()
        sample.generate(own, seed=SEED, scale=scale)
        print(f"  generated the {scale} sample in {time.perf_counter() - t0:.0f} s", flush=True)
    return own


def _load(scale: str, db: Path) -> None:
    src = _sample_dir(scale)
    files = sorted(p for p in src.iterdir() if p.suffix in (".csv", ".xlsx"))
    t0 = time.perf_counter()
    tmp = db.with_suffix(".building.duckdb")
    tmp.unlink(missing_ok=True)
    report = run(files, tmp, sample=True)
    if report.check_failures:
        raise RuntimeError(f"data checks failed: {report.check_failures}")
    tmp.replace(db)
    print(f"  loaded the {scale} sample into {db.name} in {time.perf_counter() - t0:.0f} s", flush=True)


@contextmanager
def _derived(src: Path, db: Path, what: str):
    """A connection to a copy of src to change; then the marts are rebuilt, the data checks must pass,
    and the copy becomes db."""
    tmp = db.with_suffix(".building.duckdb")
    shutil.copyfile(src, tmp)
    con = duckdb.connect(str(tmp))
    try:
        yield con
        # The copy is edited, not loaded: its etl_loads no longer count its rows, so it holds no batch for
        # the loads_reconcile check to hold against them.
        con.execute("DELETE FROM warehouse_info WHERE key = 'batch_first_load'")
        marts.build_marts(con)
        failures = marts.run_checks(con)
        if failures:
            raise RuntimeError(f"data checks failed on the {what} warehouse: {failures}")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    tmp.replace(db)


def _thin(src: Path, db: Path, target: int = TARGET_10K) -> None:
    """A copy of src keeping every k-th agency (k chosen for about `target` usage rows), marts rebuilt."""
    with _derived(src, db, "thinned") as con:
        rows = con.execute("SELECT count(*) FROM usage_monthly").fetchone()[0]
        k = max(1, round(rows / target))
        con.execute("CREATE TEMP TABLE keep AS SELECT agency_id FROM "
                    "(SELECT agency_id, row_number() OVER (ORDER BY agency_id) AS i FROM agencies) WHERE i % ? = 0",
                    [k])
        for table in ("usage_monthly", "subscriptions", "feedback", "tickets"):
            con.execute(f"DELETE FROM {table} WHERE agency_id IS NOT NULL "
                        f"AND agency_id NOT IN (SELECT agency_id FROM keep)")
        # feedback and tickets without an agency: keep the same share
        con.execute("DELETE FROM feedback WHERE agency_id IS NULL AND hash(response_id) % ? <> 0", [k])
        con.execute("DELETE FROM tickets WHERE agency_id IS NULL AND hash(ticket_id) % ? <> 0", [k])
        con.execute("DELETE FROM agencies WHERE agency_id NOT IN (SELECT agency_id FROM keep)")


def _replicate(src: Path, db: Path, copies: int = COPIES_100M) -> None:
    """A warehouse with every agency of src `copies` times: copy k of agency AG00001 is AG00001-k (k > 0),
    in the same province, ministry and level, with the same subscriptions, usage, feedback and tickets
    (their ids suffixed the same way). Province-level events stay as they are. The sample has no tier
    this large, and generating and loading 5 GB of CSV would take most of an hour on this machine."""
    with _derived(src, db, "replicated") as con:
        con.execute("CREATE TEMP TABLE k AS SELECT range AS k, '-' || range AS sfx FROM range(1, ?)", [copies])
        # the agency id is replaced and so is any other id that must stay unique
        ids = {"agencies": ["agency_id"], "subscriptions": ["agency_id"], "usage_monthly": ["agency_id"],
               "feedback": ["agency_id", "response_id"], "tickets": ["agency_id", "ticket_id"]}
        for table, cols in ids.items():
            repl = ", ".join(f"{c} || k.sfx AS {c}" for c in cols)
            con.execute(f"INSERT INTO {table} SELECT t.* REPLACE ({repl}) FROM {table} t CROSS JOIN k "
                        + ("WHERE t.agency_id IS NOT NULL" if table == "feedback" else ""))


def ensure(size: str) -> Path:
    """The warehouse of a bench size, built when missing."""
    db = db_path(size)
    if db.exists():
        return db
    WORK.mkdir(parents=True, exist_ok=True)
    print(f"building the {size} warehouse ...", flush=True)
    if size == "10k":
        _thin(ensure("1m"), db)
    elif size == "100m":
        _replicate(ensure("10m"), db)
    else:
        _load(SIZES[size], db)
    return db


def usage_rows(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM usage_monthly").fetchone()[0]
    finally:
        con.close()


if __name__ == "__main__":
    import sys

    for s in sys.argv[1:] or list(SIZES):  # 100m only when asked
        p = ensure(s)
        print(s, p, f"{usage_rows(p):,} usage rows")
