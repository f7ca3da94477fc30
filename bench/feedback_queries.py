"""CPU seconds of the Feedback page's reads, one egov/reads/ function at a time, on a cold cache.

    .venv/bin/python -m bench.feedback_queries --db bench/results/pages/wh-10m.duckdb --repeat 5

Calls every egov/reads/ function pages/feedback.py (and shell.page_start) calls, in the page's
order, for the page's default filters and for one province (the page bench's Nonthaburi), with
every st.cache_data cache cleared before each pass (a cold visit: a read the page repeats, such as
months() inside period(), is cached after its first call; the DuckDB connection stays open, as on a
running server). Prints per function the best and median process CPU seconds (all threads: DuckDB's too) and
wall ms over the repeats, and the sum for a cold visit. Outside a Streamlit runtime st.cache_data keeps
its caches in memory, which is what is cleared.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import time
from pathlib import Path


def calls(f):
    """(label, thunk) for each read of a cold visit of the Feedback page, in the page's order."""
    from egov.reads import adoption, feedback, loads, reference, tickets  # after main() has set EGOV_DB

    return [
        ("warehouse_status", lambda: reference.warehouse_status()),
        ("months (period)", lambda: reference.months()),
        ("agency_count (is_empty)", lambda: adoption.agency_count(f)),
        ("service_colours", lambda: reference.service_colours()),
        ("satisfaction_by_service", lambda: feedback.satisfaction_by_service(f)),
        ("satisfaction_by_province", lambda: feedback.satisfaction_by_province(f)),
        ("satisfaction_by_event", lambda: feedback.satisfaction_by_event(f)),
        ("feedback_issues", lambda: feedback.feedback_issues(f)),
        ("feedback_issue_totals", lambda: feedback.feedback_issue_totals(f)),
        ("comment_search ''", lambda: feedback.comment_search(f, "")),
        ("ticket_summary", lambda: tickets.ticket_summary(f)),
        ("ticket_monthly", lambda: tickets.ticket_monthly(f)),
        ("freshness", lambda: loads.freshness()),
        ("ticket_hourly", lambda: tickets.ticket_hourly(f)),
        ("ticket_breakdown category", lambda: tickets.ticket_breakdown(f, "category")),
        ("ticket_breakdown channel", lambda: tickets.ticket_breakdown(f, "channel")),
    ]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="the warehouse file")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--province", default="12", help="the filtered run's province (default 12 Nonthaburi)")
    a = ap.parse_args(argv)
    os.environ["EGOV_DB"] = str(Path(a.db).resolve())
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)
    import streamlit as st

    from egov import db, filters

    db.tables()  # open the connection once, as a running server has
    for label, f in (("no filter", filters.Filters()), (f"province {a.province}",
                                                          filters.Filters(provinces=(a.province,)))):
        rows = {}
        for _ in range(a.repeat):
            st.cache_data.clear()  # a cold visit: nothing cached, then each read in the page's order
            for name, thunk in calls(f):
                c0, w0 = time.process_time(), time.perf_counter()
                thunk()
                rows.setdefault(name, []).append((time.process_time() - c0, time.perf_counter() - w0))
        print(f"\n{Path(a.db).name}, {label}, {a.repeat} repeats: CPU s best / median, wall ms median")
        tot_best = tot_med = 0.0
        for name, xs in rows.items():
            cpu = [x[0] for x in xs]
            wall = [x[1] for x in xs]
            tot_best += min(cpu)
            tot_med += statistics.median(cpu)
            print(f"  {name:28s} {min(cpu):7.3f} {statistics.median(cpu):7.3f}   {1000 * statistics.median(wall):7.1f}")
        print(f"  {'total':28s} {tot_best:7.3f} {tot_med:7.3f}")


if __name__ == "__main__":
    main()
