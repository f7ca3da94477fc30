"""`python -m egov report | digest | monthly`: the dashboard's reports, made with no browser and no server.

    report   the Briefing page's PPTX / PDF for one province or all (egov/report.py)
    digest   each province's monthly digest e-mail with the briefing PDF (egov/digest.py)
    monthly  the scheduled job: load the drop folder, then send the digests (egov/monthly.py)
"""

from __future__ import annotations

import argparse
import logging
import os
import sys


def _quiet_streamlit() -> None:
    """egov/reads/ caches with st.cache_data; outside a server Streamlit warns "No runtime found, using
    MemoryCacheStorageManager" on every cached function: right (an in-process cache is what a batch job
    wants), so not worth a line each."""
    import streamlit  # noqa: F401 - creates the loggers whose level is set below

    for name in ("streamlit.runtime.caching.cache_data_api", "streamlit.runtime.scriptrunner_utils.script_run_context"):
        logging.getLogger(name).setLevel(logging.ERROR)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m egov", description=__doc__.split("\n\n")[0])
    p.add_argument("--db", help="warehouse file (default: $EGOV_DB or data/warehouse/adoption.duckdb)",
                   dest="global_db")
    sub = p.add_subparsers(dest="command", required=True)
    _quiet_streamlit()
    from egov import digest, monthly, report

    report.add_arguments(sub.add_parser("report", help="write the briefing as PPTX and/or PDF"))
    digest.add_arguments(sub.add_parser("digest", help="send (or --dry-run write) each province's monthly digest"))
    monthly.add_arguments(sub.add_parser("monthly", help="load the drop folder, then send the digests"))
    args = p.parse_args(argv)
    if args.global_db:
        os.environ["EGOV_DB"] = os.path.abspath(args.global_db)
    run = {"report": report.run, "digest": digest.run, "monthly": monthly.run}[args.command]
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
