"""Tables as downloads: CSV (UTF-8 with BOM, so Excel shows Thai) and XLSX, formula injection neutralized.

A spreadsheet treats a cell starting with = + - @ as a formula, and some skip leading blanks (spaces, a
line break, tab, carriage return) or read the full-width forms ＝ ＋ － ＠ (U+FF1D U+FF0B U+FF0D U+FF20) as
those characters. Every string cell and header whose first non-blank character (blank: white space, a
control character or an invisible format character such as a zero-width space or BOM) is one of them,
or that starts with a tab or carriage return, is prefixed with an apostrophe, so it is shown as text and
never executed (OWASP "CSV injection"). Numbers (numeric columns) stay numbers, negative ones too.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
import unicodedata

import pandas as pd
import streamlit as st

from egov import filters, fiscal, i18n, shell
from egov.app_style import DOWNLOAD_ROW
from egov.i18n import t
from egov.reads import reference
from egov.safe_text import md

FORMULA_CHARS = "=+-@\uff1d\uff0b\uff0d\uff20"  # and the full-width ＝ ＋ － ＠
FORMULA_START = (*FORMULA_CHARS, "\t", "\r")  # a cell starting with one of these is always neutralized
_UNSAFE_NAME = re.compile(r'[\[\]\\/:*?"<>|\s\x00-\x1f.]+')


def _blank(c: str) -> bool:
    """White space, a control character or an invisible format character (zero-width space, BOM, marks)."""
    return c.isspace() or unicodedata.category(c) in ("Cc", "Cf")


def neutralize_value(v):
    """'=1+1', ' =1+1', '\\n@SUM(A1)', '＝1+1', '\\tx' -> the same behind an apostrophe; other values unchanged."""
    if not isinstance(v, str) or not v:
        return v
    if v.startswith(FORMULA_START):
        return "'" + v
    if not _blank(v[0]):  # most cells: decided by their first character
        return v
    first = next((c for c in v if not _blank(c)), "")
    return "'" + v if first and first in FORMULA_CHARS else v


def neutralize(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of df whose string cells and column names cannot run as spreadsheet formulas."""
    out = df.copy()
    out.columns = [neutralize_value(str(c)) for c in out.columns]
    for col in out.columns:
        s = out[col]
        if s.dtype == object or pd.api.types.is_string_dtype(s):
            out[col] = s.map(neutralize_value)
    return out


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with a BOM and CRLF rows (RFC 4180): a field holding a line break, even a bare
    carriage return, is quoted and stays one cell."""
    return neutralize(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


# Excel number formats of the date columns: real date cells, so they sort, filter and subtract in Excel.
XLSX_MONTH, XLSX_DAY, XLSX_DATETIME = "mmm yyyy", "d mmm yyyy", "d mmm yyyy hh:mm"


def _date_kind(s: pd.Series, month: bool) -> str:
    if month:
        return XLSX_MONTH
    v = s.dropna()
    return XLSX_DATETIME if len(v) and bool((v != v.dt.normalize()).any()) else XLSX_DAY


def with_date_text(df: pd.DataFrame, lang: str | None, months=()) -> pd.DataFrame:
    """df with, in Thai, each date column followed by the same dates as the page writes them
    ('8 ม.ค. 2556', Buddhist Era; Excel's own date formats count years in CE): 'วันที่ (พ.ศ.)'."""
    cols = date_columns(df)
    if lang != "th" or not cols:
        return df
    text = dates_as_text(df[cols], lang, months)
    out = {}
    for c in df.columns:
        out[c] = df[c]
        if c in cols:
            out[t("dl.date_text", lang, col=c)] = text[c]
    return pd.DataFrame(out, index=df.index)


def to_xlsx_bytes(df: pd.DataFrame, sheet: str = "data", note: tuple[str, pd.DataFrame] | None = None,
                  lang: str | None = None, months=()) -> bytes:
    """XLSX with the table on the first sheet; note: (sheet name, table) for a second sheet (the period the
    table covers). Strings stay strings (no formula or URL conversion); date columns (datetime64) are
    Excel date cells with a date format ('mmm yyyy' for the columns in months, 'd mmm yyyy', with
    'hh:mm' when a time of day is there), a time zone taken as the clock time it shows; in Thai each is
    followed by its Buddhist-Era text (with_date_text)."""
    buf = io.BytesIO()
    df = with_date_text(df, lang, months)
    dates = {c: _date_kind(df[c], c in months) for c in date_columns(df)}
    df = df.assign(**{c: df[c].dt.tz_localize(None) for c in dates if df[c].dt.tz is not None})
    safe = neutralize(df)
    with pd.ExcelWriter(buf, engine="xlsxwriter",
                        engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False,
                                                   "strings_to_numbers": False}}) as xw:
        name = sheet_name(sheet)
        safe.to_excel(xw, sheet_name=name, index=False)
        ws = xw.sheets[name]
        for i, col in enumerate(safe.columns):
            width = max([len(str(col))] + [len(str(v)) for v in safe[col].head(200)]) + 2
            ws.set_column(i, i, min(max(width, 8), 60))
        for i, col in enumerate(df.columns):  # rewritten with the column's own format, blank when missing
            if col not in dates:
                continue
            fmt = xw.book.add_format({"num_format": dates[col]})
            ws.set_column(i, i, 20 if dates[col] == XLSX_DATETIME else 14)
            for r, v in enumerate(df[col], start=1):
                if pd.isna(v):
                    ws.write_blank(r, i, None)
                else:
                    ws.write_datetime(r, i, v.to_pydatetime(), fmt)
        ws.freeze_panes(1, 0)
        if note is not None:
            other = sheet_name(note[0])
            other = other if other != name else sheet_name(f"{other}_2")
            neutralize(note[1]).to_excel(xw, sheet_name=other, index=False)
            xw.sheets[other].set_column(0, len(note[1].columns) - 1, 40)
    return buf.getvalue()


SHEET_MAX = 31  # Excel's limit, counted in UTF-16 code units (an emoji counts two)


def sheet_name(name: str) -> str:
    """A worksheet name Excel (and xlsxwriter) accepts: no [ ] : * ? / \\, at most 31 UTF-16 units, not
    starting or ending with an apostrophe once cut (a name from the data can put one at the cut), and not
    the reserved "History"."""
    out = ""
    for ch in _UNSAFE_NAME.sub("_", name).strip("_"):
        if len((out + ch).encode("utf-16-le")) > 2 * SHEET_MAX:
            break
        out += ch
    out = out.strip("'_")
    if out.lower() == "history":
        out += "_"
    return out or "data"


def file_stem(name: str) -> str:
    """A file name safe on every system, Thai letters kept."""
    return _UNSAFE_NAME.sub("_", name).strip("_") or "table"


def date_columns(df: pd.DataFrame) -> list:
    """The columns holding dates or times (datetime64), which tables show in the reader's format."""
    return [c for c in df.columns if pd.api.types.is_datetime64_any_dtype(df[c])]


def _date_format(s: pd.Series, lang: str, month: bool = False):
    """i18n.fmt_month for a column of months, fmt_date for days, fmt_datetime when the column has a time of day."""
    if month:
        return lambda x: i18n.fmt_month(x, lang)
    v = s.dropna()
    timed = bool(len(v)) and bool((v != v.dt.normalize()).any())
    fmt = i18n.fmt_datetime if timed else i18n.fmt_date
    return lambda x: fmt(x, lang)


def dates_as_text(df: pd.DataFrame, lang: str, months=()) -> pd.DataFrame:
    """df with its date columns written as the page shows them ('8 ม.ค. 2556' / '8 Jan 2013'; the columns
    in months as 'มี.ค. 2557' / 'Mar 2014'), for the downloads; a missing date is an empty cell."""
    cols = date_columns(df)
    if not cols:
        return df

    def text(c):
        fmt = _date_format(df[c], lang, c in months)
        return df[c].map(lambda x: None if pd.isna(x) else fmt(x)).astype(object)

    return df.assign(**{c: text(c) for c in cols})


def period_note(lang: str) -> tuple[str, tuple[str, pd.DataFrame]] | None:
    """The period the page's filters cover, for every download: a file-name suffix ('_2013-10_2014-09') and
    the XLSX's second sheet (the period in words, its first and last month). None without data."""
    if not reference.months():
        return None
    p = filters.period(shell.current_filters())
    sheet = pd.DataFrame({t("dl.period", lang): [fiscal.describe(p.start, p.end, lang)],
                          t("dl.period_from", lang): [i18n.fmt_month(p.start, lang)],
                          t("dl.period_to", lang): [i18n.fmt_month(p.end, lang)]})
    return f"_{p.start:%Y-%m}_{p.end:%Y-%m}", (t("dl.period_sheet", lang), sheet)


def download_buttons(df: pd.DataFrame, name: str, lang: str, key: str, months=()) -> None:
    """CSV and XLSX download buttons for a table (no rerun on click); in the CSV dates (months) as the page
    shows them, in the XLSX date cells (to_xlsx_bytes).
    The files are made when a button is clicked (Streamlit's deferred download), not on every run of the
    page: an XLSX of the underused list at 10 M usage rows costs 0.13 s of CPU to write. Both say which
    period they cover (period_note): in the file name, and in the XLSX on a second sheet."""
    note = period_note(lang)
    stem = file_stem(name)
    fname = stem + (note[0] if note else "")
    row = st.container(horizontal=True, gap="small", key=f"{DOWNLOAD_ROW}_{key}")
    row.download_button(t("dl.csv", lang), lambda: to_csv_bytes(dates_as_text(df, lang, months)),
                        file_name=f"{fname}.csv", mime="text/csv",
                        key=f"dl_csv_{key}", on_click="ignore", type="secondary")
    row.download_button(t("dl.xlsx", lang), lambda: to_xlsx_bytes(df, stem, note and note[1], lang, months),
                        file_name=f"{fname}.xlsx",
                        key=f"dl_xlsx_{key}", on_click="ignore", type="secondary",
                        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def deferred_download_buttons(make: Callable[[], pd.DataFrame], name: str, lang: str, key: str,
                              months=()) -> None:
    """download_buttons for a table that is itself made only when a button is clicked (a long list a
    page shows one page of): make() runs then, in a server thread outside the user's session, so a
    make() that reads the warehouse must come from read_cache.deferred(), which carries the user's scope."""
    note = period_note(lang)  # now, in the page's run: the period of the filters the button was drawn under
    stem = file_stem(name)
    fname = stem + (note[0] if note else "")
    row = st.container(horizontal=True, gap="small", key=f"{DOWNLOAD_ROW}_{key}")
    row.download_button(t("dl.csv", lang), lambda: to_csv_bytes(dates_as_text(make(), lang, months)),
                        file_name=f"{fname}.csv", mime="text/csv", key=f"dl_csv_{key}", on_click="ignore",
                        type="secondary")
    row.download_button(t("dl.xlsx", lang),
                        lambda: to_xlsx_bytes(make(), stem, note and note[1], lang, months),
                        file_name=f"{fname}.xlsx", key=f"dl_xlsx_{key}", on_click="ignore", type="secondary",
                        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def table(df: pd.DataFrame, name: str, lang: str, key: str, column_config: dict | None = None,
          height: int | str = "auto", show: list[str] | None = None, months=(),
          full: Callable[[], pd.DataFrame] | None = None) -> None:
    """A table on the page with its CSV and XLSX downloads. The downloads hold every column; show
    limits the columns drawn on the page (for narrow places), and a caption under the table names those
    left out. full: the whole table when df is one page
    of it (egov/paging.py), made only when a download is clicked (deferred_download_buttons). A missing
    value is drawn as i18n.DASH (st.dataframe's placeholder; Streamlit's own is the text "None") and
    downloaded as an empty cell.

    Date columns (datetime64) stay dates, so a click on the header sorts them in time, and are shown
    in the reader's format ('8 ม.ค. 2556', Buddhist Era; '8 Jan 2013'): the display text comes from a
    pandas Styler, which st.dataframe draws over the date values it sorts by. The date columns named in
    months hold months (their first day) and are shown as months ('มี.ค. 2557' / 'Mar 2014')."""
    config = {**_number_formats(df), **(column_config or {})}
    data = df
    dates = [c for c in date_columns(df) if c not in config]
    if dates and df.size <= int(pd.get_option("styler.render.max_elements")):
        data = (df.reset_index(drop=True).style.format(na_rep=i18n.DASH)
                .format({c: _date_format(df[c], lang, c in months) for c in dates}, na_rep=i18n.DASH))
    st.dataframe(data, hide_index=True, column_config=config, height=height, width="stretch", column_order=show,
                 placeholder=i18n.DASH)
    hidden = [str(c) for c in df.columns if show is not None and c not in show]
    if hidden:  # a narrow table says what it leaves out
        st.caption(t("dl.hidden", lang, cols=" · ".join(md(c) for c in hidden)))
    if full is None:
        download_buttons(df, name, lang, key, months)
    else:
        deferred_download_buttons(full, name, lang, key, months)


def whole_numbers(df: pd.DataFrame) -> dict:
    """table()'s column_config for thousands separators in every whole-number (integer) column; table
    formats the decimal ones itself. (A year or code column is text or left out: it would get commas.)"""
    return {c: st.column_config.NumberColumn(format="localized") for c in df.columns
            if pd.api.types.is_integer_dtype(df[c])}


def counts(df: pd.DataFrame, *cols: str) -> dict:
    """table()'s column_config for thousands separators in the count columns cols that df has (the
    downloads keep plain numbers)."""
    return {c: st.column_config.NumberColumn(format="localized") for c in cols if c in df.columns}


def fit(df: pd.DataFrame, rows: int = 12) -> int | str:
    """A table's height for table(): its own for up to rows rows, a scrolling box of rows rows for more."""
    return "auto" if len(df) <= rows else 36 * rows + 38


def _number_formats(df: pd.DataFrame) -> dict:
    """Float columns shown with the decimals they were rounded to (64 -> '64.0' beside '63.5'),
    whole numbers with thousands separators."""
    out = {}
    for col in df.columns:
        v = df[col].dropna() if pd.api.types.is_float_dtype(df[col]) else None
        if v is None or v.empty:
            continue
        decimals = next((d for d in (0, 1, 2) if ((v * 10**d).round() - v * 10**d).abs().max() < 1e-9), 2)
        out[col] = st.column_config.NumberColumn(format="localized" if decimals == 0 else f"%.{decimals}f")
    return out
