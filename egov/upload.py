"""Files uploaded on the Data page -> the ETL's check -> (on confirm) the ETL's load into the live warehouse.

Pages never touch files: this module writes the uploads to a private temporary folder (one numbered
sub-folder per file, so the ETL's reports name the file as the user named it), runs etl.load.run on
them, with publish=False for the check (the same work on a throw-away copy of the warehouse, nothing
written) and publish=True once the user confirms, and turns the ETL's Report into display tables.
Publishing is the ETL's atomic os.replace; egov.db keys its connection and every cached query on the
warehouse file's identity, so every page reads the new warehouse on its next run.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from egov import auth, i18n
from egov.display.loads import reject_column
from etl import impact
from etl.load import LoadError, Report, run
from etl.publish import Busy
from etl.readers import FileError

MAX_MB = 200  # per file: st.file_uploader's max_upload_size, server.maxUploadSize, and stage() itself
ALLOWED = (".csv", ".xlsx")
PREFIX = "egov-upload-"
STALE_SECONDS = 24 * 3600  # folders of abandoned uploads older than this are removed
_UNSAFE = re.compile(r"[^\w\u0E00-\u0E7F.\- ()\[\]]+", re.UNICODE)  # Thai vowel and tone marks are not \w


@dataclass
class Staged:
    """Uploaded files written to disk, ready for the ETL."""

    folder: Path
    paths: list[Path] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.paths]


@dataclass
class Outcome:
    """What a check or a load did: the ETL's report, or the one-line reason it refused."""

    report: Report | None = None
    error: str | None = None
    busy: bool = False
    published: bool = False

    @property
    def ok(self) -> bool:
        return self.report is not None and self.error is None

    @property
    def nothing_new(self) -> bool:
        return self.ok and all(f.skipped for f in self.report.files)

    @property
    def impact(self) -> impact.Impact | None:
        """What the load would change on screen (the check computes it; None when nothing is new)."""
        return self.report.impact if self.report else None

    def totals(self) -> dict[str, int]:
        files = [f for f in (self.report.files if self.report else []) if not f.skipped]
        return {"files": len(files), "read": sum(f.rows_read for f in files),
                "loaded": sum(f.rows_loaded for f in files), "rejected": sum(f.rows_rejected for f in files)}


def safe_name(name: str) -> str:
    """The uploaded file's own name, without any folder part or unsafe characters, keeping its suffix."""
    base = Path(unicodedata.normalize("NFC", str(name)).replace("\\", "/")).name.strip()
    stem, suffix = Path(base).stem, Path(base).suffix.lower()
    stem = _UNSAFE.sub("_", stem).strip(" ._") or "upload"
    return f"{stem[:120]}{suffix}"


def _sweep_stale(now: float | None = None) -> None:
    now = time.time() if now is None else now
    for p in Path(tempfile.gettempdir()).glob(f"{PREFIX}*"):
        try:
            if p.is_dir() and now - p.stat().st_mtime > STALE_SECONDS:
                shutil.rmtree(p, ignore_errors=True)
        except OSError:
            pass


def stage(files) -> Staged:
    """Write uploaded files (objects with .name and .getvalue(), like Streamlit's UploadedFile, or
    (name, bytes) pairs) to a new private temporary folder. Refuses other kinds than .csv and .xlsx."""
    _sweep_stale()
    folder = Path(tempfile.mkdtemp(prefix=PREFIX))
    staged = Staged(folder)
    try:
        for i, f in enumerate(files, start=1):
            name, data = (f if isinstance(f, tuple) else (f.name, f.getvalue()))
            name = safe_name(name)
            if Path(name).suffix not in ALLOWED:
                raise FileError(f"{name}: not a .csv or .xlsx file")
            if len(data) > MAX_MB * 1024 * 1024:
                raise FileError(f"{name}: {len(data) / 1024 / 1024:,.1f} MB, more than the {MAX_MB} MB a file may have")
            sub = folder / str(i)
            sub.mkdir()
            path = sub / name
            path.write_bytes(bytes(data))
            staged.paths.append(path)
    except BaseException:
        discard(staged)
        raise
    return staged


def discard(staged: Staged | None) -> None:
    if staged is not None:
        shutil.rmtree(staged.folder, ignore_errors=True)


def _clean_message(msg: str, staged: Staged) -> str:
    """The ETL's message without the temporary folder: the user knows their files by name."""
    return re.sub(re.escape(str(staged.folder)) + r"[/\\]\d+[/\\]", "", str(msg)).strip()


def _run(staged: Staged, db: Path, publish: bool) -> Outcome:
    try:
        # the check says what the load would change on screen; the confirm that follows is the acceptance
        report = run(list(staged.paths), Path(db), publish=publish,
                     before_publish=None if publish else impact.guard())
    except Busy as e:
        return Outcome(error=_clean_message(e, staged), busy=True)
    except (FileError, LoadError) as e:
        return Outcome(error=_clean_message(e, staged))
    except Exception as e:  # noqa: BLE001 - an unreadable workbook and the like: words, not a traceback
        return Outcome(error=f"{type(e).__name__}: {_clean_message(e, staged)}")
    return Outcome(report=report, published=bool(report.published and publish))


def _audit(what: str, staged: Staged, outcome: Outcome) -> None:
    user = auth.current_user()
    tot = outcome.totals()
    auth.audit.info("%s by %s: files %s; %s", what, user.ident if user else "nobody", staged.names,
                    f"error {outcome.error}" if outcome.error else
                    f"read {tot['read']}, loaded {tot['loaded']}, rejected {tot['rejected']}, "
                    f"published {outcome.published}")


def check(staged: Staged, db: Path) -> Outcome:
    """The ETL's check against the warehouse at db: the whole load on a throw-away copy, nothing written."""
    auth.require("upload")
    outcome = _run(staged, db, publish=False)
    _audit("upload check", staged, outcome)
    return outcome


def publish(staged: Staged, db: Path) -> Outcome:
    """The ETL's load into the warehouse at db, published atomically (rejected rows are not loaded). Only
    files that passed check() reach it: the Data page offers it after a check, and the load is the ETL's
    own (the same validation again, rejected rows kept out)."""
    try:
        auth.require("upload")
    except auth.Denied:
        return Outcome(error="not allowed")
    outcome = _run(staged, db, publish=True)
    _audit("upload load", staged, outcome)
    return outcome


def check_files(files, db: Path) -> tuple[Staged | None, Outcome]:
    """stage() then check(); a file refused while staging is an Outcome with its reason, not an exception."""
    try:
        auth.require("upload")
    except auth.Denied:
        return None, Outcome(error="not allowed")
    try:
        staged = stage(files)
    except (FileError, OSError) as e:
        auth.audit.info("upload refused: %s", e)
        return None, Outcome(error=str(e))
    outcome = check(staged, db)
    if not outcome.ok:  # nothing to confirm: the files are not kept
        discard(staged)
        staged = None
    return staged, outcome


# ---- the report as tables -----------------------------------------------------------------------

def files_table(outcome: Outcome, lang: str) -> pd.DataFrame:
    """Per file (and sheet) of the report: kind, rows read, loaded, rejected, and why it was skipped."""
    t = lambda k, **kw: i18n.t(k, lang, **kw)  # noqa: E731
    rows = []
    for f in outcome.report.files if outcome.report else []:
        note = ""
        if f.skipped:
            m = re.search(r"load (\d+)", f.skipped)
            note = (t("dt.skipped", n=m.group(1)) if m else t("dt.skipped_hidden") if f.skipped.endswith(
                "hidden sheet: not loaded") else t("dt.skipped_other", why=f.skipped))
        rows.append({
            t("dt.file"): f.label,
            t("dt.kind"): t(f"kind.{f.kind}"),
            t("dt.read"): None if f.skipped else f.rows_read,
            t("dt.loaded"): None if f.skipped else f.rows_loaded,
            t("dt.rejected"): None if f.skipped else f.rows_rejected,
            t("note"): note,
        })
    out = pd.DataFrame(rows, columns=[t("dt.file"), t("dt.kind"), t("dt.read"), t("dt.loaded"), t("dt.rejected"),
                                      t("note")])
    for c in (t("dt.read"), t("dt.loaded"), t("dt.rejected")):
        out[c] = out[c].astype("Int64")
    return out


def rejects_table(outcome: Outcome, lang: str) -> pd.DataFrame:
    """The report's rejected values: file, line, column, value, reason, suggestion."""
    t = lambda k: i18n.t(k, lang)  # noqa: E731
    cols = [t("dt.file"), t("dt.line"), t("dt.column"), t("dt.raw"), t("dt.reason"), t("dt.suggestion")]
    rows = outcome.report.rejects if outcome.report else []
    out = pd.DataFrame([list(r) for r in rows], columns=cols)
    out[t("dt.line")] = out[t("dt.line")].astype("Int64")
    out[t("dt.column")] = out[t("dt.column")].map(lambda c: reject_column(c, lang))
    out[t("dt.reason")] = out[t("dt.reason")].map(lambda r: i18n.reject_reason(r, lang))
    out[t("dt.suggestion")] = out[t("dt.suggestion")].fillna("")
    return out


# ---- what the load would change on screen (etl.impact) --------------------------------------------------

def impact_as_of(outcome: Outcome, lang: str) -> str:
    """'ข้อมูล ณ เดือน (ระดับประเทศ): ธ.ค. 2559 → มิ.ย. 2560 · เลื่อน 6 เดือน'."""
    im = outcome.impact
    text = i18n.t("im.as_of", lang, before=i18n.fmt_month(im.as_of_before, lang),
                  after=i18n.fmt_month(im.as_of_after, lang))
    if im.as_of_months:
        text += " · " + i18n.t("im.as_of_moved", lang, n=f"{im.as_of_months:+d}")
    return text


def impact_services_table(outcome: Outcome, lang: str) -> pd.DataFrame:
    """Per service, national at the as-of month: adopted and active before and after, and both rates."""
    t = lambda k: i18n.t(k, lang)  # noqa: E731
    arrow = lambda a, b, fmt=i18n.fmt_pct: f"{fmt(a, lang)} → {fmt(b, lang)}"  # noqa: E731
    rows = [{t("im.service"): i18n.service_label(s.service_code, lang),
             t("m.eligible"): arrow(s.eligible_before, s.eligible_after, i18n.fmt_int),
             t("im.adopted_before"): s.adopted_before, t("im.adopted_after"): s.adopted_after,
             t("im.active_before"): s.active_before, t("im.active_after"): s.active_after,
             t("m.adoption_rate"): arrow(s.adoption_rate_before, s.adoption_rate_after),
             t("m.active_rate"): arrow(s.active_rate_before, s.active_rate_after)}
            for s in (outcome.impact.services if outcome.impact else [])]
    cols = [t(k) for k in ("im.service", "m.eligible", "im.adopted_before", "im.adopted_after", "im.active_before",
                           "im.active_after", "m.adoption_rate", "m.active_rate")]
    return pd.DataFrame(rows, columns=cols)


def impact_rows_table(outcome: Outcome, lang: str) -> pd.DataFrame:
    """Per kind of data and month: rows added (a new key) and replaced (a key the warehouse held)."""
    t = lambda k: i18n.t(k, lang)  # noqa: E731
    rows = [{t("im.kind"): t(f"kind.{r.kind}"),
             t("im.month"): i18n.fmt_month(r.month, lang) if r.month else t("im.undated"),
             t("im.added"): r.added, t("im.replaced"): r.replaced}
            for r in (outcome.impact.rows if outcome.impact else [])]
    out = pd.DataFrame(rows, columns=[t("im.kind"), t("im.month"), t("im.added"), t("im.replaced")])
    for c in (t("im.added"), t("im.replaced")):
        out[c] = out[c].astype("Int64")
    return out


def impact_values_table(outcome: Outcome, lang: str) -> pd.DataFrame:
    """Metric names and vocabulary values new to the warehouse (shown as text: they come from the file)."""
    t = lambda k: i18n.t(k, lang)  # noqa: E731
    rows = [{t("im.kind"): t(f"kind.{v.kind}"), t("im.column"): v.column, t("im.value"): v.value,
             t("im.known"): "" if v.known is None else t("im.yes" if v.known else "im.no")}
            for v in (outcome.impact.new_values if outcome.impact else [])]
    return pd.DataFrame(rows, columns=[t("im.kind"), t("im.column"), t("im.value"), t("im.known")])


def impact_flags(outcome: Outcome, lang: str) -> list[str]:
    """The flagged changes in words (past etl.impact.AS_OF_MONTHS or RATE_POINTS); [] when none."""
    out = []
    for f in outcome.impact.flags if outcome.impact else []:
        if f.what == "as_of":
            out.append(i18n.t("im.flag_as_of", lang, before=i18n.fmt_month(f.before, lang),
                              after=i18n.fmt_month(f.after, lang), n=f"{f.change:+.0f}", limit=f"{f.limit:.0f}"))
        else:
            out.append(i18n.t(f"im.flag_{f.what}", lang, service=i18n.service_label(f.service_code, lang),
                              before=i18n.fmt_pct(f.before, lang), after=i18n.fmt_pct(f.after, lang),
                              pp=i18n.fmt_pp(f.after - f.before, lang), limit=f"{f.limit:g}"))
    return out
