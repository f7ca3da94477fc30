"""Value formats shared by the display tables: percentages, months and days as dates that sort in time,
and text the data may leave empty."""

from __future__ import annotations

import pandas as pd


def text_or(v, fallback: str = "") -> str:
    """v when it is text with something in it, else fallback (a title or type the data left empty)."""
    return v if isinstance(v, str) and v.strip() else fallback


def pct(s: pd.Series) -> pd.Series:
    return (pd.to_numeric(s, errors="coerce") * 100).round(1)


def month_col(s: pd.Series) -> pd.Series:
    """A column of months as dates (datetime64, the first day of each month), not text: export.table(...,
    months=...) shows them as 'มี.ค. 2557' / 'Mar 2014' and a click on the header sorts them in time."""
    return pd.to_datetime(s).dt.to_period("M").dt.to_timestamp()


def day_col(s: pd.Series) -> pd.Series:
    """A column of days as dates (datetime64), not text: export.table shows them in the reader's format
    ('8 ม.ค. 2556') and a click on the header sorts them in time."""
    return pd.to_datetime(s).dt.normalize()
