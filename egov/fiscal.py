"""The Thai fiscal year (ปีงบประมาณ) and the period presets of the sidebar.

A fiscal year runs from 1 October to 30 September and is named by the year it ends in: fiscal 2014
(ปีงบประมาณ พ.ศ. 2557) is October 2013 to September 2014. Its quarters (ไตรมาส) are Oct-Dec, Jan-Mar,
Apr-Jun and Jul-Sep. Years are kept in the Common Era here (dates are Gregorian in the warehouse) and
written in the Buddhist Era only in Thai labels.

Months are dates on the first day of the month, as in the warehouse. A preset is a short code that
also goes in the URL (?per=fy2014): all, last12, fytd, fy<year>, fq<year>-<quarter>, cy<year>; it is
resolved against the months the data has, so "fytd" and "last12" follow the latest load.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from egov import i18n
from egov.filters import add_months, window_start

FIRST_MONTH = 10  # October
ALL, LAST12, FYTD, CUSTOM = "all", "last12", "fytd", "custom"
_CODE = re.compile(r"^(fy|cy)(\d{4})$|^fq(\d{4})-([1-4])$")


# ---- arithmetic ----------------------------------------------------------------------------------

def fiscal_year(d: dt.date) -> int:
    """The fiscal year (CE) a day falls in: 1 Oct 2013 - 30 Sep 2014 -> 2014."""
    return d.year + 1 if d.month >= FIRST_MONTH else d.year


def be_year(fy: int) -> int:
    """The fiscal year in the Buddhist Era: 2014 -> 2557."""
    return fy + i18n.BE_OFFSET


def start(fy: int) -> dt.date:
    """The first month of fiscal year fy: 2014 -> 2013-10-01."""
    return dt.date(fy - 1, FIRST_MONTH, 1)


def end(fy: int) -> dt.date:
    """The last month of fiscal year fy: 2014 -> 2014-09-01."""
    return add_months(start(fy), 11)


def quarter(d: dt.date) -> int:
    """The fiscal quarter (1-4) a day falls in: October-December is 1, July-September is 4."""
    return (d.month - FIRST_MONTH) % 12 // 3 + 1


def quarter_months(fy: int, q: int) -> tuple[dt.date, dt.date]:
    """The first and last month of quarter q of fiscal year fy: (2014, 2) -> 2014-01-01, 2014-03-01."""
    if q not in (1, 2, 3, 4):
        raise ValueError(f"a fiscal quarter is 1-4, not {q!r}")
    first = add_months(start(fy), 3 * (q - 1))
    return first, add_months(first, 2)


# ---- labels --------------------------------------------------------------------------------------

def _span(first: dt.date, last: dt.date, lang: str) -> str:
    """'ต.ค. 2556 – ก.ย. 2557' / 'Oct 2013 - Sep 2014'."""
    sep = " – " if lang != "en" else " - "
    return i18n.fmt_month(first, lang) + sep + i18n.fmt_month(last, lang)


def _year(fy: int, lang: str) -> int:
    """The fiscal year as its reader counts: Buddhist Era in Thai, CE in English."""
    return fy if lang == "en" else be_year(fy)


def label(fy: int, lang: str) -> str:
    """'ปีงบประมาณ พ.ศ. 2557' / 'FY2014 (Oct 2013 - Sep 2014)': in English with its months, which a Thai
    reader of ปีงบประมาณ knows and an English one may not."""
    text = i18n.t("fy.label", lang, year=_year(fy, lang))
    return f"{text} ({_span(start(fy), end(fy), lang)})" if lang == "en" else text


def short_label(fy: int, lang: str) -> str:
    """For chart ticks: 'ปีงบฯ 2557' / 'FY2014'."""
    return i18n.t("fy.short", lang, year=_year(fy, lang))


def quarter_label(fy: int, q: int, lang: str) -> str:
    """'ไตรมาส 2 ปีงบประมาณ พ.ศ. 2557' / 'Q2 FY2014 (Jan - Mar 2014)'."""
    text = i18n.t("fy.quarter", lang, q=q, year=_year(fy, lang))
    if lang != "en":
        return text
    first, last = quarter_months(fy, q)
    return f"{text} ({i18n.EN_MONTHS[first.month - 1]} - {i18n.EN_MONTHS[last.month - 1]} {last.year})"


# ---- presets -------------------------------------------------------------------------------------

def _bounds(code: str, months: list[dt.date]) -> tuple[dt.date, dt.date] | None:
    """The months a preset asks for, before clipping to the data (None: not a preset code)."""
    if not months:
        return None
    last = months[-1]
    if code == ALL:
        return months[0], last
    if code == LAST12:
        return window_start(last), last
    if code == FYTD:
        return start(fiscal_year(last)), last
    m = _CODE.match(code or "")
    if not m:
        return None
    if m.group(1) == "fy":
        y = int(m.group(2))
        return start(y), end(y)
    if m.group(1) == "cy":
        y = int(m.group(2))
        return dt.date(y, 1, 1), dt.date(y, 12, 1)
    return quarter_months(int(m.group(3)), int(m.group(4)))


def resolve(code: str, months: list[dt.date]) -> tuple[dt.date, dt.date] | None:
    """The first and last month of the data a preset covers (None: an unknown code, or no data in it)."""
    b = _bounds(code, months)
    if b is None:
        return None
    inside = [m for m in months if b[0] <= m <= b[1]]
    return (inside[0], inside[-1]) if inside else None


def presets(months: list[dt.date]) -> list[str]:
    """The presets offered for the data's months, in the order of the sidebar: everything, the last 12
    months, fiscal year to date, then each fiscal year, fiscal quarter and calendar year with data, latest
    first."""
    if not months:
        return []
    years = sorted({fiscal_year(m) for m in months}, reverse=True)
    quarters = sorted({(fiscal_year(m), quarter(m)) for m in months}, reverse=True)
    calendar = sorted({m.year for m in months}, reverse=True)
    return ([ALL, LAST12, FYTD] + [f"fy{y}" for y in years] + [f"fq{y}-{q}" for y, q in quarters]
            + [f"cy{y}" for y in calendar])


def preset_label(code: str, months: list[dt.date], lang: str) -> str:
    """What the sidebar shows for a preset, with the months it covers where they are not in its name."""
    if code == CUSTOM:
        return i18n.t("fy.custom", lang)
    r = resolve(code, months)
    span = _span(*r, lang) if r else i18n.DASH
    if code == ALL:
        return i18n.t("fy.all", lang, span=span)
    if code == LAST12:
        return i18n.t("fy.last12", lang, span=span)
    if code == FYTD:
        fy = fiscal_year(months[-1])
        return i18n.t("fy.to_date", lang, year=_year(fy, lang), span=span)
    m = _CODE.match(code or "")
    if not m:
        return code
    if m.group(1) == "fy":
        return label(int(m.group(2)), lang)
    if m.group(1) == "cy":
        y = int(m.group(2))
        return i18n.t("fy.calendar", lang, year=i18n.year(dt.date(y, 1, 1), lang))
    return quarter_label(int(m.group(3)), int(m.group(4)), lang)


def describe(first: dt.date, last: dt.date, lang: str) -> str:
    """A period in words, named as a fiscal year or quarter or a calendar year when it is exactly one:
    'ปีงบประมาณ พ.ศ. 2557', else 'ม.ค. 2557 – มี.ค. 2558' (for exports and notes)."""
    fy = fiscal_year(first)
    if (first, last) == (start(fy), end(fy)):
        return label(fy, lang)
    q = quarter(first)
    if (first, last) == quarter_months(fy, q):
        return quarter_label(fy, q, lang)
    if first == dt.date(first.year, 1, 1) and last == dt.date(first.year, 12, 1):
        return i18n.t("fy.calendar", lang, year=i18n.year(first, lang))
    return _span(first, last, lang)


# ---- savings per fiscal year ---------------------------------------------------------------------

def savings_headline(by_year: pd.DataFrame, as_of: dt.date) -> dict[str, pd.Series | None]:
    """From reads.savings.savings_by_fiscal_year (read up to as_of): "this" the fiscal year of as_of (to date),
    "last" the one before it, "cumulative" every year summed (None: no row for it). Sums only; savings
    themselves are defined in the mart and egov.metrics."""
    rows = by_year.set_index("fiscal_year") if len(by_year) else None
    this_fy = fiscal_year(as_of)

    def row(fy: int) -> pd.Series | None:
        return rows.loc[fy] if rows is not None and fy in rows.index else None

    cumulative = None
    if rows is not None:
        sums = rows[[c for c in rows.columns if c.startswith(("savings_", "unit_", "staff_"))]].sum()
        cumulative = pd.concat([sums.astype(object), pd.Series({"first_month": rows["first_month"].min()})])
    return {"this": row(this_fy), "last": row(this_fy - 1), "cumulative": cumulative}


def savings_rows(by_year: pd.DataFrame, as_of: dt.date, lang: str) -> pd.DataFrame:
    """The three savings figures of a page, one row each (label, long: the label in full, low, mid, high;
    NaN where the data has no such year): this fiscal year to as_of, the last one, cumulative."""
    h = savings_headline(by_year, as_of)
    fy = fiscal_year(as_of)
    month = i18n.fmt_month(as_of, lang)
    first = h["cumulative"]["first_month"] if h["cumulative"] is not None else as_of
    rows = [("this", i18n.t("sv.fy_this", lang, fy=short_label(fy, lang), month=month), label(fy, lang)),
            ("last", short_label(fy - 1, lang), label(fy - 1, lang)),
            ("cumulative", i18n.t("sv.fy_cumulative", lang, month=month), _span(first, as_of, lang))]
    nan = float("nan")
    return pd.DataFrame([{"label": lab, "long": long,
                          **{c: (float(h[k][f"savings_{c}_thb"]) if h[k] is not None else nan)
                             for c in ("low", "mid", "high")}} for k, lab, long in rows])
