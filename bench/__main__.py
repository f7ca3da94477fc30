"""`python -m bench etl [--scale large] [--incremental]` / `python -m bench pages [--sizes 10k 1m 10m]` /
`python -m bench marts DB`: performance measurements, as ratios against a baseline measured in the same run
(never as timed assertions in tests). See docs/PERFORMANCE.md."""

import argparse

from bench import etl_load


def main() -> int:
    p = argparse.ArgumentParser(prog="python -m bench")
    sub = p.add_subparsers(dest="what", required=True)
    e = sub.add_parser("etl", help="ETL load time against DuckDB's own read_csv of the same usage files")
    e.add_argument("--scale", choices=["small", "medium", "large", "100m"], default="large",
                   help="a sample scale, or 100m: the 100m page-bench warehouse's usage rows written out as CSV")
    e.add_argument("--seed", type=int, default=7)
    e.add_argument("--repeat", type=int, default=3,
                   help="rounds, each running every measurement once in turn; the fastest of each counts")
    e.add_argument("--incremental", action="store_true",
                   help="one month of the large sample's usage into warehouses of --sizes usage rows, in turns")
    e.add_argument("--sizes", nargs="+", choices=["400k", "10m", "100m"], default=["400k", "10m"],
                   help="with --incremental: the warehouses (the first is the ratios' base); 100m on request "
                        "(derived from the 10m one, about 2 GB, built once)")
    e.add_argument("--scratch", help="with --incremental: folder for the loads' copies (e.g. on a filesystem "
                                     "with copy-on-write clones)")
    g = sub.add_parser("pages", help="every page's time to idle in headless Chromium, a filter change and peak "
                                     "memory, against the floor and a naive pandas twin, at 10k / 1m / 10m usage rows")
    g.add_argument("--sizes", nargs="+", choices=["10k", "1m", "10m", "100m"], default=["10k", "1m", "10m"])
    g.add_argument("--pages", nargs="+", help="only these pages (slugs of bench/pages.py PAGES)")
    c = sub.add_parser("concurrency", help="N browser sessions at once on one dashboard server: interaction "
                                           "times, errors and the server's peak memory")
    c.add_argument("--db", help="warehouse to serve (default: the small sample, built under bench/results/concurrency)")
    c.add_argument("--sessions", type=int, default=30)
    c.add_argument("--seconds", type=float, default=60, help="how long every session keeps interacting")
    c.add_argument("--ramp", type=float, default=20, help="sessions join evenly over this many s, then all run at once")
    c.add_argument("--think", type=float, default=1.0, help="mean pause between a session's actions, s")
    c.add_argument("--timeout", type=float, default=120, help="an interaction not idle after this many s is an error")
    c.add_argument("--seed", type=int, default=7)
    c.add_argument("--label", help="a name for this run in the results")
    c.add_argument("--client", choices=["browser", "ws"], default="browser",
                   help="browser: Chromium contexts, to idle on screen; ws: Streamlit's websocket protocol without a "
                        "browser, to the end of the script run (the server's share alone)")
    c.add_argument("--publish-every", type=float, default=0, metavar="S",
                   help="serve a copy of the warehouse and republish it atomically every S seconds during the run")
    m = sub.add_parser("marts", help="build_marts and run_checks on a national-scale synthetic warehouse (about 10 "
                                     "million usage rows) written straight into the core tables")
    m.add_argument("db", help="scratch DuckDB file to create (e.g. under /tmp); replaced if it exists")
    m.add_argument("--agencies", type=int, default=31_000)
    args = p.parse_args()
    if args.what == "marts":
        from bench import marts

        return marts.main(args.db, args.agencies)
    if args.what == "concurrency":
        from bench import concurrency

        return concurrency.main(args.db, args.sessions, args.seconds, args.ramp, args.think, args.timeout, args.seed,
                                args.label, args.client, args.publish_every)
    if args.what == "etl" and args.incremental:
        from bench import etl_incremental

        return etl_incremental.main(args.seed, args.repeat, args.sizes, args.scratch)
    if args.what == "etl":
        return etl_load.main(args.scale, args.seed, args.repeat)
    if args.what == "pages":
        from bench import pages

        return pages.main(args.sizes, args.pages)
    return 2


raise SystemExit(main())
