"""Display tables of agencies: the drill-down lists and the underuse action list (localized headers)."""

from __future__ import annotations

import functools

import pandas as pd

from egov import i18n
from egov.display.common import month_col
from egov.reads.reference import ministries, provinces, services, vocabulary


def underused_counts(under: pd.DataFrame):
    """underused_agencies() counted per service (service_code -> agencies; .get(code, 0))."""
    return under["service_code"].value_counts() if len(under) else {}

def agency_display(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """agency_status() with names and statuses in words."""
    t = functools.partial(i18n.t, lang=lang)
    svc_cols = [c for c in services()["service_code"] if c in df.columns]
    prov = provinces().set_index("province_code")[i18n.name_col(lang)]
    mins = ministries().set_index("ministry_code")["short_en" if lang == "en" else "short_th"]
    lvl = vocabulary("level").set_index("code")[i18n.name_col(lang)]
    out = pd.DataFrame({
        t("agency_id"): df["agency_id"],
        t("agency"): df["agency_name"],
        t("ministry"): df["ministry_code"].map(mins).fillna(df["ministry_code"]),
        t("department"): df["department"].fillna(""),
        t("province"): df["province_code"].map(prov),
        t("level"): df["level"].map(lvl).fillna(t("unknown")),
    })
    for c in svc_cols:
        out[i18n.service_label(c)] = df[c].map(lambda s: t(f"status.{s}"))
    out[t("status.adopted_count")] = df["services_adopted"]
    return out


def underused_display(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """underused_agencies() as the action list's table (names; idle since and last active as months, dates
    that sort in time, shown by export.table(..., months=underused_months(lang)); last active missing when the
    service was never active)."""
    t = functools.partial(i18n.t, lang=lang)
    en = lang == "en"
    prov = provinces().set_index("province_code")[i18n.name_col(lang)]
    mins = ministries().set_index("ministry_code")["short_en" if en else "short_th"]
    unit = services().set_index("service_code")["unit_en" if en else "unit_th"]
    return pd.DataFrame({
        t("agency_id"): df["agency_id"],
        t("agency"): df["agency_name"],
        t("province"): df["province_code"].map(prov),
        t("ministry"): df["ministry_code"].map(mins).fillna(df["ministry_code"]),
        t("service"): df["service_code"].map(i18n.service_label),
        t("un.idle_months"): df["idle_months"].astype("int64"),
        t("un.units"): df["units"].astype("int64"),
        t("un.unit"): df["service_code"].map(unit),
        t("un.idle_since"): month_col(df["idle_since"]),
        t("un.last_active"): month_col(df["last_active"]),
    })


def underused_months(lang: str) -> list[str]:
    """The columns of underused_display() that hold months."""
    return [i18n.t("un.idle_since", lang), i18n.t("un.last_active", lang)]


def underused_by_province(df: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Counts of underused agency-service pairs per province and service, from underused_agencies():
    (long: label, province_code, service_code, n, total; provinces with the most first) and the wide
    table (province, one column per service, total)."""
    t = functools.partial(i18n.t, lang=lang)
    names = provinces().set_index("province_code")[i18n.name_col(lang)]
    present = set(df["service_code"].unique())  # unique() first: iterating 50,000 arrow strings is slow
    order = [c for c in services()["service_code"] if c in present]
    wide = (df.groupby(["province_code", "service_code"]).size().unstack(fill_value=0)
            .reindex(columns=order, fill_value=0))
    wide["total"] = wide.sum(axis=1)
    wide = wide.assign(name=wide.index.map(names)).sort_values(["total", "name"], ascending=[False, True])
    long = (wide.reset_index().melt(id_vars=["province_code", "name", "total"], value_vars=order,
                                    var_name="service_code", value_name="n")
            .rename(columns={"name": "label"}))
    long = long[long["n"] > 0].reset_index(drop=True)
    table = pd.DataFrame({t("province"): wide["name"].to_numpy()})
    for c in order:
        table[i18n.service_label(c)] = wide[c].to_numpy()
    table[t("un.total")] = wide["total"].to_numpy()
    return long, table
