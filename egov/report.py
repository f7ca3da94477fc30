"""`python -m egov report`: the Briefing page's PPTX and PDF made with no browser and no Streamlit server.

One code path with the page's download buttons (pages/briefing.py): the same story
(`briefing.build(briefing.load_inputs(filters, province, event))`) drawn by the same renderers
(`briefing_pptx.build_pptx`, `briefing_pdf.build_pdf`) under the same file name (`story.file_stem`).
The filters are the page's defaults (the whole period of the data, the 4-region system) unless
--start / --end / --region-system say otherwise; the savings use the loaded cost assumptions (a
session's edits on the Savings page exist only in that session).

Reads go through egov/reads/ as on the page. Outside a Streamlit server egov.auth sees the library
user (administrator, every province): this command is an administrator's batch job, run by whoever
may read the warehouse file (docs/SECURITY.md).

    python -m egov report --province 65 --lang th --format pdf,pptx --out DIR
    python -m egov report --province พิษณุโลก --event EV-0042 --out DIR
    python -m egov report --all-provinces --format pdf --out DIR

Exit codes: 0 every file written; 2 a usage error (no warehouse, unknown province or event, no
Chromium for a PDF) or a file that could not be made (the others are still written).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from egov import briefing, briefing_pdf, briefing_pptx, db, fiscal, i18n
from egov.audit import audit
from egov.filters import REGION_COLUMNS, Filters
from egov.reads import reference
from etl.normalize import Invalid, match_province
from etl.normalize import parse_month as pm

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


@dataclass(frozen=True)
class Format:
    suffix: str
    mime: str
    render: Callable[[briefing.Briefing], bytes]


# The page's two downloads, by name (the order a user asks for them in does not matter).
FORMATS: dict[str, Format] = {
    "pptx": Format(".pptx", PPTX_MIME, lambda story: briefing_pptx.build_pptx(story)),
    "pdf": Format(".pdf", "application/pdf", lambda story: briefing_pdf.build_pdf(story)),
}


class ReportError(ValueError):
    """A request that cannot be met: said in one line, exit 2."""


def filters(start: dt.date | None = None, end: dt.date | None = None, region_system: str = "region4"):
    """The page's filters when the sidebar has not been touched (filters.current_filters' defaults)."""
    return Filters(start=start, end=end, region_system=region_system)


def story(province: str, event_id: str | None = None, lang: str = "th", f=None, assumptions=None,
          today: dt.date | None = None) -> briefing.Briefing:
    """One province's briefing, exactly as the page builds it."""
    f = filters() if f is None else f
    return briefing.build(briefing.load_inputs(f, province, event_id, today=today, assumptions=assumptions), lang)


def render(b: briefing.Briefing, fmt: str) -> tuple[str, bytes]:
    """(file name, bytes) of the story in one format, as the page's download button offers it."""
    spec = FORMATS[fmt]
    return b.file_stem + spec.suffix, spec.render(b)


def write_atomic(path: Path, data: bytes) -> None:
    """data at path, or the previous file: written beside it and renamed into place."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # as open() would have made it (mkstemp's file is private)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def province_code(text: str) -> str:
    """A DOPA code from what a user types: 65, TH-65, พิษณุโลก, จ.พิษณุโลก, Phitsanulok, Korat."""
    try:
        code = match_province(text)
    except Invalid as e:
        hint = f" ({e.suggestion})" if getattr(e, "suggestion", None) else ""
        raise ReportError(f"unknown province {text!r}{hint}") from None
    if code is None:
        raise ReportError("no province given")
    return code


def areas(args) -> list[str]:
    """The briefings asked for, as briefing.Area keys: each province, a group of provinces ('64,65'), a
    region of the region system ('r:north') or the nation."""
    known = set(reference.provinces()["province_code"])
    if args.all_provinces:
        return sorted(known)
    if args.nation:
        return [briefing.NATION_KEY]
    if args.region:
        regs = reference.regions()
        codes = set(regs.loc[regs["system"] == args.region_system, "region_code"])
        if args.region not in codes:
            raise ReportError(f"unknown region {args.region!r} of {args.region_system} ({', '.join(sorted(codes))})")
        return [f"r:{args.region}"]
    group = [province_code(p) for p in str(args.province).split(",") if p.strip()] or [province_code("")]
    for code in group:
        if code not in known:
            raise ReportError(f"province {code} is not in the warehouse's reference")
    return [",".join(dict.fromkeys(group))]


def parse_formats(text: str) -> list[str]:
    out = []
    for part in text.split(","):
        part = part.strip().lower()
        if not part:
            continue
        if part not in FORMATS:
            raise ReportError(f"unknown format {part!r}: choose from {', '.join(FORMATS)}")
        if part not in out:
            out.append(part)
    if not out:
        raise ReportError("no format given")
    return out


def parse_month(text: str | None) -> dt.date | None:
    """2016-12, 12/2559, ธ.ค. 2559 ... (the ETL's month reader) as the first of the month."""
    if not text:
        return None
    try:
        m = pm(text)
    except Invalid as e:
        raise ReportError(f"not a month: {text!r} ({e})") from None
    if m is None:
        raise ReportError(f"not a month: {text!r}")
    return m


def period_bounds(args) -> tuple[dt.date | None, dt.date | None]:
    """(start, end) from --period (egov.fiscal's codes, the page's ?per=) or --start / --end."""
    if getattr(args, "period", None):
        if args.start or args.end:
            raise ReportError("--period or --start/--end, not both")
        bounds = fiscal.resolve(args.period, reference.months())
        if bounds is None:
            raise ReportError(f"unknown period {args.period!r} for this warehouse (for example fy2016, cy2016, "
                              "last12, fytd)")
        return bounds
    return parse_month(args.start), parse_month(args.end)


def require_warehouse() -> None:
    if db.warehouse_key() is None:
        raise ReportError(f"there is no warehouse at {db.db_path()}: load data first with `python -m etl load`")


@dataclass
class Written:
    province: str
    files: list[Path]
    skipped: str = ""  # why nothing was written for the province
    errors: list[str] | None = None


def write_province(code: str, formats: list[str], out: Path, *, event_id: str | None = None, lang: str = "th",
                   f=None, today: dt.date | None = None) -> Written:
    """The province's briefing in each format, into out; a format that fails is reported, the others written."""
    f = filters() if f is None else f
    if event_id is not None:
        known = set(briefing.province_events(f, code)["event_id"].astype(str))
        if event_id not in known:
            raise ReportError(f"event {event_id!r} is not an event of province {code} in the period")
    b = story(code, event_id, lang, f, today=today)
    if not b.has_data:
        return Written(code, [], skipped=b.slides[0].message or "no data")
    files, errors = [], []
    for fmt in formats:
        try:
            name, data = render(b, fmt)
        except briefing_pdf.PdfError as e:
            errors.append(f"{fmt}: {e}")
            continue
        path = out / name
        write_atomic(path, data)
        files.append(path)
    return Written(code, files, errors=errors or None)


def add_arguments(p: argparse.ArgumentParser) -> None:
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--province", help="DOPA code (65), ISO code (TH-65) or name (พิษณุโลก, Phitsanulok); "
                     "several, comma-separated (64,65), make one briefing of the group")
    who.add_argument("--all-provinces", action="store_true", help="one briefing per province with data")
    who.add_argument("--region", help="one briefing of a region of --region-system (its code: north, ...)")
    who.add_argument("--nation", action="store_true", help="one briefing of the whole country")
    p.add_argument("--event", help="an event of the province to build the story around (with --province)")
    p.add_argument("--lang", choices=i18n.LANGS, default=i18n.DEFAULT_LANG)
    p.add_argument("--format", default="pdf,pptx", help="pdf, pptx or both, comma-separated (default: both)")
    p.add_argument("--out", required=True, help="folder to write into (created when missing)")
    p.add_argument("--period", help="a named period as in the sidebar and its links (?per=): fy2016 (fiscal year "
                   "2559), fq2016-1, cy2016, last12, fytd; default: every month of the data")
    p.add_argument("--start", help="first month of the period (default: the first month of data)")
    p.add_argument("--end", help="last month of the period (default: the latest month of data)")
    p.add_argument("--region-system", choices=sorted(REGION_COLUMNS), default="region4",
                   help="the region the province is compared with (default: region4, as the page)")


def run(args: argparse.Namespace, out=sys.stdout, err=sys.stderr) -> int:
    try:
        formats = parse_formats(args.format)
        require_warehouse()
        f = filters(*period_bounds(args), args.region_system)
        if "pdf" in formats and not briefing_pdf.available():
            raise ReportError("no Chromium to print the PDF with (set EGOV_CHROMIUM or install chromium)")
        codes = areas(args)
        if args.event and (len(codes) != 1 or not codes[0].isdigit()):
            raise ReportError("--event names one province's event: use it with one --province")
        dest = Path(args.out)
        dest.mkdir(parents=True, exist_ok=True)
        failed, written = 0, []
        for code in codes:
            w = write_province(code, formats, dest, event_id=args.event, lang=args.lang, f=f)
            written += [code] if w.files else []
            for path in w.files:
                print(path, file=out)
            if w.skipped:
                print(f"{code}: nothing written: {w.skipped}", file=err)
                failed += not args.all_provinces  # one province asked for and nothing to show: an error
            for e in w.errors or ():
                print(f"error: {code}: {e}", file=err)
                failed += 1
        audit.info("report: %s briefing(s) of province(s) %s written to %s%s", "/".join(formats),
                   ",".join(written) or "none", dest.resolve(), f"; {failed} failed" if failed else "")
        return 2 if failed else 0
    except ReportError as e:
        print(f"error: {e}", file=err)
        return 2
