"""Display tables of the contact center's tickets (localized headers)."""

from __future__ import annotations

import functools

import pandas as pd

from egov import i18n

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
    label = df[i18n.name_col(lang)].fillna(df["code"]).fillna(i18n.t("unknown", lang))
    return pd.DataFrame({title: label, **_ticket_columns(df, lang)})
