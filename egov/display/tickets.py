"""Display tables of the contact center's tickets (localized headers)."""

from __future__ import annotations

import functools

import pandas as pd

from egov import i18n

def hours_text(v, lang: str) -> str:
    """Hours to close as the metrics show them ('5.2 ชม.'); a dash when there is none."""
    return i18n.DASH if pd.isna(v) else i18n.t("fb.hours", lang, h=i18n.fmt_num(v, lang))


def partial_month(monthly: pd.DataFrame, freshness: pd.DataFrame) -> pd.Timestamp | None:
    """The latest month of the ticket data (the extract's edge, from loads.freshness()) when
    ticket_monthly() shows it: some of its tickets are not closed yet, and the chart says so."""
    latest = freshness.loc[freshness["kind"] == "tickets", "latest"].dropna()
    edge = pd.Timestamp(latest.iloc[0]).to_period("M").to_timestamp() if len(latest) else None
    return edge if edge is not None and (pd.to_datetime(monthly["month"]) == edge).any() else None


def _labels(df: pd.DataFrame, lang: str) -> pd.Series:
    """A ticket_breakdown() row's category or channel in words: its name, else its code, else unknown."""
    return df[i18n.name_col(lang)].fillna(df["code"]).fillna(i18n.t("unknown", lang))


def category_bars(cats: pd.DataFrame, lang: str) -> pd.DataFrame:
    """ticket_breakdown(f, "category") for charts.hbar: the categories with tickets opened, with label and
    text (the count)."""
    cats = cats[cats["opened"] > 0]
    return cats.assign(label=_labels(cats, lang), text=cats["opened"].map(i18n.fmt_int))


def _ticket_columns(df: pd.DataFrame, lang: str) -> dict:
    t = functools.partial(i18n.t, lang=lang)
    return {
        t("fb.t_opened"): df["opened"].astype("Int64"),
        t("fb.t_closed"): df["closed"].astype("Int64"),
        t("fb.t_median"): pd.to_numeric(df["median_hours"]).round(1),
        t("fb.t_mean"): pd.to_numeric(df["mean_hours"]).round(1),
        t("fb.t_backlog"): df["backlog_end"].astype("Int64"),
    }


def ticket_monthly_display(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({i18n.t("month", lang): df["month"].map(lambda v: i18n.fmt_month(v, lang)),
                         **_ticket_columns(df, lang)})


def ticket_breakdown_display(df: pd.DataFrame, by: str, lang: str) -> pd.DataFrame:
    title = i18n.t("fb.category" if by == "category" else "fb.channel", lang)
    return pd.DataFrame({title: _labels(df, lang), **_ticket_columns(df, lang)})
