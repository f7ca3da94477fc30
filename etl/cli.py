"""`python -m etl load|check|sample|export`: the command line of the ETL."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import duckdb

from etl import impact
from etl.load import LoadError, Report, StrictRejects, run
from etl.publish import Busy
from etl.readers import FileError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "data" / "warehouse" / "adoption.duckdb"
SHOWN_REJECTS = 20
EXIT_FLAGGED = 3  # --strict, the load's changes flagged (etl.impact) and no --accept-changes: nothing published


def default_db() -> Path:
    return Path(os.environ.get("EGOV_DB") or DEFAULT_DB)


def _print_report(report: Report, out=None) -> None:
    out = out or sys.stdout
    w = max([len(f.label) for f in report.files] + [4])
    print(f"{'file':<{w}}  {'kind':<13} {'read':>10} {'loaded':>10} {'rejected':>9}", file=out)
    for f in report.files:
        if f.skipped:
            print(f"{f.label:<{w}}  {f.kind:<13} {'':>10} {'':>10} {'':>9}  skipped: {f.skipped}", file=out)
        else:
            print(f"{f.label:<{w}}  {f.kind:<13} {f.rows_read:>10,} {f.rows_loaded:>10,} {f.rows_rejected:>9,}", file=out)
    by_kind: dict[str, list[int]] = {}
    for f in report.files:
        t = by_kind.setdefault(f.kind, [0, 0, 0])
        t[0] += f.rows_read
        t[1] += f.rows_loaded
        t[2] += f.rows_rejected
    for kind, (r, l, j) in sorted(by_kind.items()):
        print(f"{'total ' + kind:<{w}}  {'':<13} {r:>10,} {l:>10,} {j:>9,}", file=out)
    if report.rejects:
        print(f"\nrejected values ({len(report.rejects):,}; the first {min(SHOWN_REJECTS, len(report.rejects))}; "
              "all are in the warehouse table etl_rejects):", file=out)
        for file, line, col, raw, reason, hint in report.rejects[:SHOWN_REJECTS]:
            tail = f"  ({hint})" if hint else ""
            shown = repr(raw) if raw is None or len(repr(raw)) <= 80 else repr(raw)[:72] + f"... ({len(raw):,} chars)"
            print(f"  {file}:{line}  {col}={shown}: {reason}{tail}", file=out)
    _print_unmapped(report, out)


def _print_unmapped(report: Report, out) -> None:
    if report.unmapped:
        print(f"\nvalues outside the vocabulary ({len(report.unmapped):,}; loaded as written, an issue as 'other'; "
              "add them to data/reference/vocabularies.csv to map them):", file=out)
        for file, col, text, n in report.unmapped[:SHOWN_REJECTS]:
            print(f"  {file}  {col}={text!r}: {n:,} row{'s' if n != 1 else ''}", file=out)


def _announce(index: int, total: int, source) -> None:
    size = source.path.stat().st_size / 1e6
    print(f"[{index}/{total}] {source.label} ({source.match.kind}, {size:,.1f} MB)", file=sys.stderr, flush=True)


def _cmd_load(args, publish: bool) -> int:
    db = Path(args.db) if args.db else default_db()
    strict = getattr(args, "strict", False)
    guard = impact.guard(strict=strict, accept_changes=args.accept_changes)
    try:
        report = run([Path(p) for p in args.paths], db, strict=strict, publish=publish,
                     sample=getattr(args, "sample", False), progress=sys.stderr.isatty(), on_file=_announce,
                     before_publish=guard, force=args.force, rebuild=args.rebuild)
    except impact.ChangesFlagged as e:
        _print_report(e.report)
        print("\n" + "\n".join(impact.lines(e.report.impact)))
        print(f"\nerror: {e}", file=sys.stderr)
        return EXIT_FLAGGED
    except (FileError, LoadError, Busy) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1 if isinstance(e, StrictRejects) else 2
    _print_report(report)
    print("\n" + "\n".join(impact.lines(report.impact)))
    if publish:
        print(f"\npublished {db}" if report.published else f"\nnothing new; {db} unchanged")
    else:
        print("\ncheck only: nothing was written")
    return 0


def _cmd_sample(args) -> int:
    from etl import sample

    files = sample.generate(Path(args.out_dir), seed=args.seed, scale=args.scale)
    for f in files:
        print(f)
    return 0


def _cmd_export(args) -> int:
    from etl.export import ExportError, export_parquet

    db = Path(args.db) if args.db else default_db()
    try:
        report = export_parquet(db, Path(args.parquet), overwrite=args.overwrite)
    except (ExportError, OSError, duckdb.Error) as e:
        print(f"error: {' '.join(str(e).split())}", file=sys.stderr)
        return 2
    w = max(len(t.name) for t in report.tables)
    print(f"{'table':<{w}}  {'partitioned by':<20} {'rows':>12} {'files':>6} {'MB':>9}")
    for t in report.tables:
        parts = "/".join(t.partition_by) or "-"
        print(f"{t.name:<{w}}  {parts:<20} {t.rows:>12,} {t.files:>6,} {t.bytes / 1e6:>9,.2f}")
    print(f"{'total ' + str(len(report.tables)) + ' tables':<{w}}  {'':<20} {report.rows:>12,} {report.files:>6,} "
          f"{report.bytes / 1e6:>9,.2f}")
    print(f"\n{'replaced' if report.replaced else 'wrote'} {report.out} in {report.seconds:.1f} s (from {db})")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m etl", description="Load EGA service records into the DuckDB warehouse.")
    sub = p.add_subparsers(dest="command", required=True)
    load = sub.add_parser("load", help="load files or folders of .csv/.xlsx into the warehouse")
    load.add_argument("paths", nargs="+")
    load.add_argument("--db", help=f"warehouse file (default: $EGOV_DB or {DEFAULT_DB.relative_to(ROOT)})")
    load.add_argument("--strict", action="store_true",
                      help=f"refuse the whole batch if any row is rejected (exit 1) or its changes are flagged "
                           f"(exit {EXIT_FLAGGED}, see --accept-changes)")
    load.add_argument("--sample", action="store_true", help="mark the warehouse as holding sample data")
    check = sub.add_parser("check", help="validate and report as load does, with what it would change on screen; "
                                         "write nothing")
    check.add_argument("paths", nargs="+")
    check.add_argument("--db", help="warehouse to check references against")
    check.add_argument("--strict", action="store_true",
                       help=f"exit 1 if any row is rejected, {EXIT_FLAGGED} if the changes are flagged")
    for cmd in (load, check):
        cmd.add_argument("--force", action="store_true",
                         help="load every file again, also one loaded before and unchanged since")
        cmd.add_argument("--rebuild", action="store_true",
                         help="rebuild every mart whole and run every data check over the whole warehouse "
                              "(else a load of usage rows alone redoes only the months it touched)")
        cmd.add_argument("--accept-changes", action="store_true",
                         help=f"under --strict, accept a load that moves the as-of month by more than "
                              f"{impact.AS_OF_MONTHS} months or a national rate by more than {impact.RATE_POINTS:g} "
                              f"points (else exit {EXIT_FLAGGED}, nothing published)")
    sample = sub.add_parser("sample", help="write deterministic sample input files")
    sample.add_argument("out_dir")
    sample.add_argument("--seed", type=int, default=7)
    sample.add_argument("--scale", choices=["small", "medium", "large"], default="small")
    export = sub.add_parser("export", help="write the published warehouse as Hive-partitioned Parquet")
    export.add_argument("--parquet", required=True, metavar="DIR",
                        help="folder to create (atomically); must not exist or be empty")
    export.add_argument("--db", help="warehouse to export (default: as for load)")
    export.add_argument("--overwrite", action="store_true",
                        help="replace an earlier export in DIR (atomically); other folders are never replaced")
    args = p.parse_args(argv)
    if args.command == "load":
        return _cmd_load(args, publish=True)
    if args.command == "check":
        return _cmd_load(args, publish=False)
    if args.command == "export":
        return _cmd_export(args)
    return _cmd_sample(args)
