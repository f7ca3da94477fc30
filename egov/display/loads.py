"""Display tables of the data page: freshness, loads and rejects (localized headers, the reader's era)."""

from __future__ import annotations

import datetime as dt
import os
import functools

import pandas as pd

from egov import i18n
from egov.reads.loads import FRESHNESS_SOURCES
from etl.contract import KINDS

FRESH_MONTHS = 2  # a source is current when its latest data is no more than this many months old


def _months_between(a: dt.date, b: dt.date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def _age(latest, today: dt.date, lang: str) -> str:
    if latest is None or pd.isna(latest):
        return ""
    latest = pd.Timestamp(latest).date()
    days = (today - latest).days
    if days < 62:
        return i18n.t("dt.age_days", lang, n=i18n.fmt_int(max(days, 0)))
    months = _months_between(latest, today)
    if months < 12:
        return i18n.t("dt.age_months", lang, n=months)
    return i18n.t("dt.age_years", lang, y=months // 12, m=months % 12)


def freshness_display(fr: pd.DataFrame, today: dt.date, lang: str) -> tuple[pd.DataFrame, list[str]]:
    """freshness() as a table against today, and the names of the sources older than FRESH_MONTHS."""
    t = functools.partial(i18n.t, lang=lang)
    rows, stale = [], []
    for r in fr.itertuples(index=False):
        source = t(f"kind.{r.kind}")
        has_date = FRESHNESS_SOURCES.get(r.kind, (None, None, False))[1] is not None
        latest = None if pd.isna(r.latest) else pd.Timestamp(r.latest).date()
        if not r.rows:
            shown, status = t("dt.fresh_none"), t("dt.fresh_none")
        elif not has_date:
            shown, status = t("dt.no_date"), ""
        else:
            shown = i18n.fmt_month(latest, lang) if r.monthly else i18n.fmt_date(latest, lang)
            ok = _months_between(latest, today) <= FRESH_MONTHS
            status = t("dt.fresh_ok") if ok else t("dt.fresh_old", n=FRESH_MONTHS)
            if not ok:
                stale.append(source)
        rows.append({
            t("dt.source"): source,
            t("dt.latest"): shown,
            t("dt.age"): _age(latest, today, lang) if has_date and r.rows else "",
            t("dt.status"): status,
            t("dt.rows"): int(r.rows),
            t("dt.last_load"): i18n.fmt_datetime(r.last_load, lang),
        })
    return pd.DataFrame(rows), stale


def file_label(path, sheet=None) -> str:
    """The file as the load reports name it: its name, with the sheet in brackets for a workbook."""
    base = os.path.basename(str(path).replace("\\", "/"))
    return f"{base} [{sheet}]" if sheet is not None and not pd.isna(sheet) and str(sheet) else base


def loads_display(loads: pd.DataFrame, lang: str) -> pd.DataFrame:
    """etl_loads() as a table: newest first, times in the reader's era."""
    t = functools.partial(i18n.t, lang=lang)
    seconds = (pd.to_datetime(loads["finished_at"]) - pd.to_datetime(loads["started_at"])).dt.total_seconds()
    return pd.DataFrame({
        t("dt.load_id"): loads["load_id"].astype("Int64"),
        t("dt.file"): [file_label(p, s) for p, s in zip(loads["file"], loads["sheet"])],
        t("dt.kind"): loads["kind"].map(lambda k: t(f"kind.{k}")),
        t("dt.read"): loads["rows_read"].astype("Int64"),
        t("dt.loaded"): loads["rows_loaded"].astype("Int64"),
        t("dt.rejected"): loads["rows_rejected"].astype("Int64"),
        t("dt.started"): loads["started_at"].map(lambda v: i18n.fmt_datetime(v, lang)),
        t("dt.seconds"): seconds.round(1),
        t("dt.encoding"): loads["encoding"].fillna(""),
    })


def reject_column(name, lang: str) -> str:
    """A column of the input contract as the reader knows it: 'จังหวัด (province)' in Thai."""
    if name is None or pd.isna(name):
        return ""
    thai = {c.name: c.thai for k in KINDS.values() for c in k.columns}
    return f"{thai[name]} ({name})" if lang != "en" and name in thai else str(name)


def rejects_display(rej: pd.DataFrame, lang: str) -> pd.DataFrame:
    """etl_rejects() as a table (reasons and columns in the reader's language)."""
    t = functools.partial(i18n.t, lang=lang)
    return pd.DataFrame({
        t("dt.file"): rej["file"],
        t("dt.line"): rej["line"].astype("Int64"),
        t("dt.column"): rej["column_name"].map(lambda c: reject_column(c, lang)),
        t("dt.raw"): rej["raw_value"].fillna(""),
        t("dt.reason"): rej["reason"].map(lambda r: i18n.reject_reason(r, lang)),
        t("dt.suggestion"): rej["suggestion"].fillna(""),
        t("dt.load_id"): rej["load_id"].astype("Int64"),
        t("dt.loaded_at"): rej["loaded_at"].map(lambda v: i18n.fmt_datetime(v, lang)),
    })
