"""Display tables of savings and the cost assumptions (localized headers)."""

from __future__ import annotations

import functools

import pandas as pd

from egov import fiscal, i18n
from egov.reads.reference import cost_assumptions, ministries, provinces, services

def assumptions_table(lang: str) -> pd.DataFrame:
    a = cost_assumptions()
    th = lang != "en"
    return pd.DataFrame({
        i18n.t("service", lang): a["service_code"].map(i18n.service_label),
        ("หน่วย" if th else "Unit"): a["unit_th" if th else "unit_en"],
        ("ต่ำ (บาท/หน่วย/ปี)" if th else "Low (THB/unit/year)"): a["cost_low_thb_per_unit_year"],
        ("กลาง (บาท/หน่วย/ปี)" if th else "Mid (THB/unit/year)"): a["cost_mid_thb_per_unit_year"],
        ("สูง (บาท/หน่วย/ปี)" if th else "High (THB/unit/year)"): a["cost_high_thb_per_unit_year"],
        ("ชั่วโมงงานที่ประหยัด/หน่วย/ปี" if th else "Staff hours saved/unit/year"):
            a["staff_hours_saved_per_unit_year"],
        ("ค่าแรง (บาท/ชั่วโมง)" if th else "Staff cost (THB/hour)"): a["staff_cost_thb_per_hour"],
        ("ที่มา" if th else "Source"): [i18n.assumption_source(c, src, lang) for c, src in zip(a["service_code"], a["source"])],
    })


def savings_labels(df: pd.DataFrame, by: str, lang: str) -> pd.Series:
    """The names of savings_by()'s keys in lang (service brand names, province names, ministry names)."""
    if by == "service_code":
        return df[by].map(i18n.service_label)
    if by == "province_code":
        return df[by].map(provinces().set_index("province_code")[i18n.name_col(lang)]).fillna(df[by])
    return df[by].map(ministries().set_index("ministry_code")[i18n.name_col(lang)]).fillna(df[by])


def with_labels(df: pd.DataFrame, by: str, lang: str) -> pd.DataFrame:
    """savings_by() (or an agency's savings per service) with its keys' names in column label, for the
    charts."""
    return df.assign(label=savings_labels(df, by, lang))


def fiscal_year_bars(by_year: pd.DataFrame, lang: str) -> pd.DataFrame:
    """savings_by_fiscal_year() with label: the fiscal year, or a partial one with its months."""
    t = functools.partial(i18n.t, lang=lang)
    return by_year.assign(label=[fiscal.short_label(y, lang) if n == 12
                                 else t("fy.partial", fy=fiscal.short_label(y, lang), n=n)
                                 for y, n in zip(by_year["fiscal_year"], by_year["months"])])


def fiscal_year_display(by_year: pd.DataFrame, lang: str) -> pd.DataFrame:
    """savings_by_fiscal_year() as a table: fiscal year, its months, unit-months and low / mid / high baht."""
    t = functools.partial(i18n.t, lang=lang)
    return pd.DataFrame({
        t("fy.column"): by_year["fiscal_year"].map(lambda y: fiscal.label(y, lang)),
        t("fy.months"): by_year["months"].astype(int),
        t("sv.unit_months"): by_year["unit_months"].round(0).astype("int64"),
        **{t("sv.metric", case=t(f"sv.{c}")): by_year[f"savings_{c}_thb"].round(0) for c in ("low", "mid", "high")},
    })


def savings_display(df: pd.DataFrame, by: str, lang: str) -> pd.DataFrame:
    """savings_by() as a table with localized headers; baht rounded."""
    t = functools.partial(i18n.t, lang=lang)
    title = {"service_code": t("service"), "province_code": t("province"), "ministry_code": t("ministry")}[by]
    out = pd.DataFrame({title: savings_labels(df, by, lang)})
    if by == "service_code":
        out[t("un.unit")] = df[by].map(services().set_index("service_code")["unit_en" if lang == "en" else "unit_th"])
    out[t("sv.unit_months")] = df["unit_months"].astype("int64")
    out[t("sv.staff_hours")] = df["staff_hours_saved"].round(0)
    for s in ("low", "mid", "high"):
        out[t(f"sv.{s}") + f" ({t('unit.baht')})"] = df[f"savings_{s}_thb"].round(0)
    return out


def assumptions_display(a: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Assumptions (default_assumptions() shape, possibly edited) as a table to download."""
    t = functools.partial(i18n.t, lang=lang)
    a = a.reset_index() if "service_code" not in a.columns else a
    return pd.DataFrame({
        t("service"): a["service_code"].map(i18n.service_label),
        t("un.unit"): a["unit_en" if lang == "en" else "unit_th"],
        t("sv.cost_low"): a["cost_low_thb_per_unit_year"],
        t("sv.cost_mid"): a["cost_mid_thb_per_unit_year"],
        t("sv.cost_high"): a["cost_high_thb_per_unit_year"],
        t("sv.hours_saved"): a["staff_hours_saved_per_unit_year"],
        t("sv.staff_cost"): a["staff_cost_thb_per_hour"],
        t("sv.source"): [i18n.assumption_source(c, src, lang) for c, src in zip(a["service_code"], a["source"])],
    })
