"""`python -m egov monthly --drop DIR --config FILE`: the scheduled job of the month.

1. Load the files of the drop folder with the ETL's own command line (`python -m etl load DIR --strict`,
   in a child process: its exit code and its report are the load's, nothing is reinterpreted here).
2. Exit 0 from the load: send each province its digest (egov/digest.py) for the latest month of data.
   Any other exit (1 rows rejected under --strict, 2 a file that cannot be read or another load running,
   3 a load flagged by etl.impact that needs --accept-changes): send no digest, e-mail the administrators
   ([mail] admin) the load's report instead, and leave the warehouse as the load left it.
3. Every run is in the audit log (the "egov.audit" logger, $EGOV_AUDIT_LOG): its start, the load's
   exit code and what was sent or why not.

Exit codes: 0 loaded and the digests sent; 1 the load did not pass (no digest; the administrators were
told); 2 the job could not do its work (configuration, no drop folder, the relay unreachable).

[load] in the mail configuration may set `strict = false` (load what can be loaded, report the rest)
and `args = [...]`, more arguments for `python -m etl load`.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tomllib
from email.message import EmailMessage
from pathlib import Path

from egov import briefing_pdf, db, digest, i18n, mailer, report
from egov.audit import audit

ROOT = Path(__file__).resolve().parents[1]
REPORT_TAIL = 200  # lines of the load's output quoted in the administrator's e-mail


def load_options(config_path: Path) -> tuple[bool, list[str]]:
    """([load] strict, [load] args) of the mail configuration (strict unless it says otherwise)."""
    raw = tomllib.loads(Path(config_path).read_text(encoding="utf-8")).get("load") or {}
    strict = raw.get("strict", True)
    extra = raw.get("args", [])
    if not isinstance(strict, bool) or not isinstance(extra, list) or not all(isinstance(x, str) for x in extra):
        raise mailer.Invalid(f"{config_path}: [load] strict is true or false, args a list of strings")
    return strict, extra


def run_load(drop: Path, db: Path | None, strict: bool, extra: list[str], command: str = "load"
             ) -> subprocess.CompletedProcess:
    """`python -m etl load` (or `check`: the same judging, nothing written) of the drop folder."""
    cmd = [sys.executable, "-m", "etl", command, str(drop)] + (["--db", str(db)] if db else [])
    cmd += ((["--strict"] if strict else []) + extra) if command == "load" else []
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT)] + [p for p in [os.environ.get("PYTHONPATH")] if p])}
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8",
                          errors="replace")


def admin_message(config, subject_key: str, body: str) -> EmailMessage:
    msg = mailer.new_message(config.sender, config.admin, i18n.t(subject_key, config.lang), config.lang)
    msg.set_content(body, charset="utf-8")  # plain text only: the load's report is quoted, never rendered
    return msg


def _tail(text: str) -> str:
    lines = text.splitlines()
    return "\n".join(lines[-REPORT_TAIL:])


def tell_admin(config, msg: EmailMessage, dry_run: Path | None) -> str:
    """Send (or write) the administrators' message; what happened, for the log."""
    if not config.admin:
        return f"no [mail] admin in {config.path}: nobody told"
    if dry_run is not None:
        return f"written {mailer.write_eml([('admin', msg)], dry_run)[0]}"
    try:
        mailer.send(config, [msg])
    except mailer.SendError as e:
        return f"could not tell the administrators: {e}"
    return f"told {', '.join(config.admin)}"


def _db_path() -> Path:
    return db.db_path()


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--drop", required=True, help="the folder the month's files are dropped into")
    p.add_argument("--config", required=True, help="the mail configuration (TOML), as for `digest`")
    p.add_argument("--db", help="warehouse file (default: $EGOV_DB or data/warehouse/adoption.duckdb)")
    p.add_argument("--dry-run", metavar="DIR", help="write the e-mails as .eml files into DIR; send nothing")


def run(args: argparse.Namespace, out=sys.stdout, err=sys.stderr) -> int:
    drop, dry = Path(args.drop), (Path(args.dry_run) if args.dry_run else None)
    if args.db:  # the digests read the warehouse the load wrote
        os.environ["EGOV_DB"] = str(Path(args.db).resolve())
    audit.info("monthly run: start; drop %s, config %s%s", drop, args.config, ", dry run" if dry else "")
    try:
        config = mailer.load(args.config)
        strict, extra = load_options(Path(args.config))
    except (mailer.Invalid, tomllib.TOMLDecodeError, OSError) as e:
        audit.error("monthly run: configuration %s cannot be used: %s", args.config, e)
        print(f"error: {e}", file=err)
        return 2
    db = Path(args.db).resolve() if args.db else _db_path()
    words = dict(host=socket.gethostname(), drop=drop.resolve(), db=db, config=Path(args.config).resolve())
    if not drop.is_dir():
        body = i18n.t("mo.body", config.lang, code="-", **words)
        told = tell_admin(config, admin_message(config, "mo.subject", body + f"\n{drop}: not a folder\n"), dry)
        audit.error("monthly run: drop folder %s does not exist; no digest sent; %s", drop, told)
        print(f"error: {drop} is not a folder; {told}", file=err)
        return 2

    load = run_load(drop.resolve(), db, strict, extra)
    print(load.stdout, end="", file=out)
    print(load.stderr, end="", file=err)
    if load.returncode != 0:
        body = (i18n.t("mo.body", config.lang, code=load.returncode, **words)
                + "\n" + i18n.t("mo.report", config.lang) + "\n\n" + _tail(load.stdout + load.stderr) + "\n")
        if load.returncode == 1:  # refused under --strict, which names no row: the check lists them
            check = run_load(drop.resolve(), db, strict, extra, command="check")
            body += "\n" + i18n.t("mo.check", config.lang) + "\n\n" + _tail(check.stdout + check.stderr) + "\n"
        told = tell_admin(config, admin_message(config, "mo.subject", body), dry)
        audit.warning("monthly run: load of %s exited %d; no digest sent; %s", drop, load.returncode, told)
        print(f"the load exited {load.returncode}: no digest sent; {told}", file=err)
        return 1
    audit.info("monthly run: load of %s passed (exit 0)", drop)

    try:
        month = digest.latest_month()
        if month is None:
            raise report.ReportError("the warehouse holds no month of data")
        res = digest.deliver(config, list(config.recipients), month, dry)
    except (report.ReportError, mailer.SendError, briefing_pdf.PdfError, ValueError) as e:
        body = f"{e}\n"
        told = tell_admin(config, admin_message(config, "mo.send_failed_subject", body), dry)
        audit.error("monthly run: digests not sent: %s; %s", e, told)
        print(f"error: {e}; {told}", file=err)
        return 2
    res.show(out, err)
    audit.info("monthly run: done; digests for %s %s", f"{month:%Y-%m}",
               f"written to {dry}" if dry else f"sent to {len(res.sent)} province(s)")
    return 0
