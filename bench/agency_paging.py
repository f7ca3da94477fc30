"""CPU seconds of a drill-down's agency list: the whole list (what the Ministries page read and drew
before paging) against one page of 50 and its count (what it reads now).

    .venv/bin/python -m bench.agency_paging --db bench/results/pages/wh-10m.duckdb --ministry MOI --repeat 5

Each read is timed with every st.cache_data cache cleared first and the reference reads it needs
(months, services, provinces, ministries, vocabulary) warmed, so only the read itself and its display
frame (agencies_tables.agency_display, what st.dataframe is given) are counted. Process CPU seconds (all
threads: DuckDB's too), best and median, and wall ms median over the repeats.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import time
from pathlib import Path


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="the warehouse file")
    ap.add_argument("--ministry", default="MOI")
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args(argv)
    os.environ["EGOV_DB"] = str(Path(a.db).resolve())
    logging.disable(logging.WARNING)
    import streamlit as st

    from egov import filters
    from egov.display import agencies as agencies_tables
    from egov.reads import agencies, reference

    f, m, size = filters.Filters(), a.ministry, agencies.AGENCY_PAGE_SIZE
    n = agencies.agency_count_matching(f, ministry=m)
    last = (max(n - 1, 0) // size) * size
    calls = {
        "whole list + display": lambda: agencies_tables.agency_display(agencies.agency_status(f, ministry=m), "th"),
        "count": lambda: agencies.agency_count_matching(f, ministry=m),
        "page 1 + display": lambda: agencies_tables.agency_display(agencies.agency_status(
            f, ministry=m, limit=size, offset=0), "th"),
        f"last page (offset {last}) + display": lambda: agencies_tables.agency_display(agencies.agency_status(
            f, ministry=m, limit=size, offset=last), "th"),
        "search 'ที่ดิน' count + page 1": lambda: (
            agencies.agency_count_matching(f, ministry=m, needle="ที่ดิน"),
            agencies.agency_status(f, ministry=m, needle="ที่ดิน", limit=size, offset=0)),
    }
    rows: dict[str, list] = {}
    for _ in range(a.repeat):
        for name, thunk in calls.items():
            st.cache_data.clear()
            for warm in (reference.months, reference.services, reference.provinces, reference.ministries):
                warm()
            reference.vocabulary("level")
            c0, w0 = time.process_time(), time.perf_counter()
            thunk()
            rows.setdefault(name, []).append((time.process_time() - c0, time.perf_counter() - w0))
    print(f"{Path(a.db).name}, ministry {m} ({n:,} agencies), {a.repeat} repeats: CPU s best / median, wall ms median")
    for name, xs in rows.items():
        cpu = [x[0] for x in xs]
        print(f"  {name:36s} {min(cpu):7.3f} {statistics.median(cpu):7.3f}   "
              f"{1000 * statistics.median([x[1] for x in xs]):7.1f}")


if __name__ == "__main__":
    main()
