"""`python -m bench etl [--scale large]`: performance measurements, as ratios against a baseline
measured in the same run (never as timed assertions in tests). See docs/PERFORMANCE.md."""

import argparse

from bench import etl_load


def main() -> int:
    p = argparse.ArgumentParser(prog="python -m bench")
    sub = p.add_subparsers(dest="what", required=True)
    e = sub.add_parser("etl", help="ETL load time against DuckDB's own read_csv of the same usage files")
    e.add_argument("--scale", choices=["small", "medium", "large"], default="large")
    e.add_argument("--seed", type=int, default=7)
    e.add_argument("--repeat", type=int, default=1, help="runs of each measurement; the fastest counts")
    args = p.parse_args()
    if args.what == "etl":
        return etl_load.main(args.scale, args.seed, args.repeat)
    return 2


raise SystemExit(main())
