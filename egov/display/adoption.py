"""Display tables of adoption (localized headers, formatted values): the overview's per-service table,
the province ranking and the rate matrices of the ministries page."""

from __future__ import annotations

import functools

import pandas as pd

from egov import i18n
from egov.display.common import pct
from egov.filters import Filters, REGION_COLUMNS
from egov.reads.adoption import service_summary
from egov.reads.feedback import satisfaction_by_service
from egov.reads.reference import regions
from egov.reads.savings import savings_by_service
from egov.safe_text import md

def service_summary_table(f: Filters, lang: str, assumptions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The overview's per-service numbers as one table."""
    t = functools.partial(i18n.t, lang=lang)
    s = service_summary(f)
    sav = savings_by_service(f, assumptions).set_index("service_code")
    sat = satisfaction_by_service(f).set_index("service_code")
    out = pd.DataFrame({
        t("service"): s["service_code"].map(i18n.service_label),
        t("m.eligible"): s["eligible"],
        t("m.adopted"): s["adopted"],
        t("m.active"): s["active"],
        t("m.underused"): s["underused"],
        t("m.adoption_rate") + " (%)": pct(s["adoption_rate"]),
        t("m.active_rate") + " (%)": pct(s["active_rate"]),
        t("m.change_12m") + f" ({t('unit.pp')})": (s["adoption_change"] * 100).round(1),
        t("m.savings_low") + f" ({t('unit.baht')})": s["service_code"].map(sav["savings_low_thb"]).round(0),
        t("m.savings_mid") + f" ({t('unit.baht')})": s["service_code"].map(sav["savings_mid_thb"]).round(0),
        t("m.savings_high") + f" ({t('unit.baht')})": s["service_code"].map(sav["savings_high_thb"]).round(0),
        t("m.satisfaction_long"): s["service_code"].map(sat["mean"]).round(2),
        t("m.responses"): s["service_code"].map(sat["n"]).fillna(0).astype(int),
    })
    return out


MEASURES = {  # measure -> (label key, column, kind, definition key in egov.definitions.METRICS)
    "adoption_rate": ("m.adoption_rate", "adoption_rate", "pct", "adoption_rate"),
    "active_rate": ("m.active_rate", "active_rate", "pct", "active_rate"),
    "adoption_change": ("m.change_12m", "adoption_change", "pp", "adoption_rate"),
    "adopted": ("m.adopted_pairs", "adopted", "int", "adopted"),
    "underused": ("m.underused", "underused", "int", "underused"),
    "savings_mid": ("m.savings_mid", "savings_mid", "baht", "savings"),
    "satisfaction": ("m.satisfaction_long", "mean", "num", "satisfaction_mean"),
    "events": ("m.events", "events", "int", "events"),
}


def format_measure(values: pd.Series, kind: str, lang: str) -> pd.Series:
    fmt = {"pct": i18n.fmt_pct, "pp": i18n.fmt_pp, "int": i18n.fmt_int, "baht": i18n.fmt_baht,
           "num": lambda v, lg: i18n.fmt_num(v, lg, 2)}[kind]
    return values.map(lambda v: fmt(v, lang))


def province_ranking_table(prov: pd.DataFrame, lang: str, measure: str = "adoption_rate") -> pd.DataFrame:
    """province_measures() sorted by a measure (best first), with 'label' and 'text' columns for
    charts and the localized ranking columns."""
    _, col, kind, _ = MEASURES[measure]
    d = prov.sort_values([col, "name_en"], ascending=[False, True], na_position="last").reset_index(drop=True)
    d["label"] = d[i18n.name_col(lang)]
    d["text"] = format_measure(d[col], kind, lang)
    if measure == "adoption_rate":
        d["text"] = d["text"] + " · " + d["adopted"].map(i18n.fmt_int) + "/" + d["eligible"].map(i18n.fmt_int)
    return d


def pooled_label(measure: str, pooled: bool) -> tuple[str, str]:
    """A measure's (label key, definition key); the adoption rate over all the selected services pooled
    is service coverage (definitions 'coverage'), not one service's adoption rate."""
    label_key, _, _, def_key = MEASURES[measure]
    if pooled and measure == "adoption_rate":
        return "m.coverage", "coverage"
    return label_key, def_key


def ranking_display(prov: pd.DataFrame, lang: str, measure: str, region_system: str,
                    pooled: bool = True) -> pd.DataFrame:
    """The provinces page's ranking table: agencies, agency x service pairs, pairs adopted and the rate
    (service coverage when pooled over the selected services)."""
    t = functools.partial(i18n.t, lang=lang)
    _, col, kind, _ = MEASURES[measure]
    label_key, _ = pooled_label(measure, pooled)
    rate_key, _ = pooled_label("adoption_rate", pooled)
    d = province_ranking_table(prov, lang, measure)
    reg = regions()
    reg = reg[reg["system"] == region_system].set_index("region_code")[i18n.name_col(lang)]
    value = d[col]
    if kind in ("pct", "pp"):
        value = (value * 100).round(1)
    elif kind in ("baht", "num"):
        value = value.round(2 if kind == "num" else 0)
    suffix = {"pct": " (%)", "pp": f" ({t('unit.pp')})", "baht": f" ({t('unit.baht')})"}.get(kind, "")
    return pd.DataFrame({
        t("rank"): range(1, len(d) + 1),
        t("province"): d[i18n.name_col(lang)],
        t("region"): d[REGION_COLUMNS[region_system]].map(reg),
        t(label_key) + suffix: value,
        t("n_agencies"): d["agencies"],
        t("m.eligible_pairs"): d["eligible"],
        t("m.adopted_pairs"): d["adopted"],
        t(rate_key) + " (%)": pct(d["adoption_rate"]),
    })


def rate_matrix_display(df: pd.DataFrame, row: str, row_title: str, lang: str) -> pd.DataFrame:
    """A long rows x services frame (adopted, eligible, adoption_rate) as a wide table: per service the
    rate in % and adopted/eligible."""
    rows = list(dict.fromkeys(df[row]))
    out = pd.DataFrame({row_title: rows})
    eligible = df.groupby(row, sort=False)["eligible"].max()
    out[i18n.t("m.eligible", lang)] = out[row_title].map(eligible)
    for code in dict.fromkeys(df["service_code"]):
        d = df[df["service_code"] == code].set_index(row)
        label = i18n.service_label(code)
        out[f"{label} (%)"] = out[row_title].map(pct(d["adoption_rate"]))
        out[f"{label} ({i18n.t('m.adopted', lang)})"] = out[row_title].map(d["adopted"])
    return out


def ministry_rows(ms: pd.DataFrame, lang: str) -> pd.DataFrame:
    """ministry_service() with label, the ministry's name in lang (the heatmap's rows)."""
    return ms.assign(label=ms[i18n.name_col(lang)])


def department_rows(dept: pd.DataFrame, lang: str) -> pd.DataFrame:
    """department_service() with label, the department (agencies without one under a name that says so)."""
    return dept.assign(label=dept["department"].replace("", i18n.t("mi.no_department", lang)))


def province_choices(ranked: pd.DataFrame, lang: str) -> list[str]:
    """The provinces of province_ranking_table() by name in lang (the province chooser's options)."""
    return list(ranked.sort_values(i18n.name_col(lang))["province_code"])


def hidden_benchmarks(comp: pd.DataFrame, lang: str) -> str:
    """The benchmarks area_comparison() suppressed (resting on a few agencies of provinces the user may
    not see), as 'region: service, service; nation: service' in fixed words and markdown-escaped names."""
    generic = {"region": i18n.t("region", lang), "nation": i18n.t("nation", lang)}
    hidden = comp[comp["suppressed"]]
    return "; ".join(f"{generic[a]}: {', '.join(md(i18n.service_label(c)) for c in g['service_code'])}"
                     for a, g in hidden.groupby("area", sort=False))
