"""The opportunity ranking as a display table (localized headers)."""

from __future__ import annotations

import functools

import pandas as pd

from egov import i18n
from egov.display.feedback import issue_names
from egov.filters import REGION_COLUMNS
from egov.reads.reference import regions


def top_bars(opp: pd.DataFrame, lang: str, n: int = 10) -> pd.DataFrame:
    """The first n provinces of opportunity() for charts.opportunity_bars: label (the province) and text
    (the potential savings, mid case)."""
    return opp.head(n).assign(
        label=lambda x: x[i18n.name_col(lang)],
        text=lambda x: [i18n.fmt_baht(v, lang) for v in x["potential_savings_mid_thb"]],
    )


def problems_by_province(issues: pd.DataFrame, top: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, dict]:
    """opportunity_issues() of the provinces of top (top_bars()) for charts.category_stack: rows labelled
    by province, in top's order, and the problems' names (issue -> words). Empty when those provinces
    have none."""
    there = issues[issues["province_code"].isin(top["province_code"])]
    if there.empty:
        return there, {}
    names = dict(zip(there["issue"], issue_names(there, lang)))
    there = there.assign(label=there["province_code"].map(dict(zip(top["province_code"], top["label"]))))
    there = there.set_index("label").loc[[x for x in top["label"] if x in set(there["label"])]].reset_index()
    return there, names

def opportunity_display(opp: pd.DataFrame, issues: pd.DataFrame, lang: str, region_system: str) -> pd.DataFrame:
    """The opportunity ranking as a table: rank, province, region, the measures, the main problems in
    words, then one column per problem category (for the download)."""
    t = functools.partial(i18n.t, lang=lang)
    name = i18n.name_col(lang)
    reg = regions()
    reg = reg[reg["system"] == region_system].set_index("region_code")[name]
    iss = issues.assign(label=issue_names(issues, lang))
    top = (iss.groupby("province_code", sort=False)
           .apply(lambda g: " · ".join(f"{r.label} ({r.responses})" for r in g.head(3).itertuples()),
                  include_groups=False) if len(iss) else pd.Series(dtype=object))
    out = pd.DataFrame({
        t("rank"): opp["rank"].to_numpy(),
        t("province"): opp[name].to_numpy(),
        t("region"): opp[REGION_COLUMNS[region_system]].map(reg).to_numpy(),
        t("m.eligible"): opp["eligible"].to_numpy(),
        t("op.not_adopted"): opp["not_adopted"].to_numpy(),
        t("op.potential") + f" ({t('unit.baht')})": opp["potential_savings_mid_thb"].round(0).to_numpy(),
        t("op.open_issues"): opp["open_issues"].to_numpy(),
        t("op.open_tickets"): opp["open_tickets"].to_numpy(),
        t("op.main_problems"): opp["province_code"].map(top).astype(object).fillna("").to_numpy(),
    })
    if len(iss):
        wide = iss.pivot_table(index="province_code", columns="label", values="responses", aggfunc="sum",
                               fill_value=0)
        for c in wide.columns:
            out[f"{t('op.problem')}: {c}"] = opp["province_code"].map(wide[c]).fillna(0).astype("int64").to_numpy()
    return out
