"""The opportunity ranking as a display table (localized headers)."""

from __future__ import annotations

import functools

import pandas as pd

from egov import i18n
from egov.filters import REGION_COLUMNS
from egov.reads.reference import regions

def opportunity_display(opp: pd.DataFrame, issues: pd.DataFrame, lang: str, region_system: str) -> pd.DataFrame:
    """The opportunity ranking as a table: rank, province, region, the measures, the main problems in
    words, then one column per problem category (for the download)."""
    t = functools.partial(i18n.t, lang=lang)
    name = i18n.name_col(lang)
    reg = regions()
    reg = reg[reg["system"] == region_system].set_index("region_code")[name]
    iss = issues.assign(label=issues[name].fillna(issues["issue"]))
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
