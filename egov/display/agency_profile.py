"""Display tables of the Agency profile page: what it shows and offers for download (localized
headers)."""

from __future__ import annotations

import pandas as pd

from egov import i18n
from egov.reads import reference

def _vocab_names(name: str, lang: str) -> dict:
    v = reference.vocabulary(name)
    return dict(zip(v["code"], v[i18n.name_col(lang)]))


def _service(s: pd.Series) -> pd.Series:
    return s.map(lambda c: "" if pd.isna(c) else i18n.service_label(c))


def services_display(subs: pd.DataFrame, usage: pd.DataFrame, as_of, lang: str) -> pd.DataFrame:
    """One row per subscription: service, start, end (missing: still in force), units, unit, and the
    service's status and idle months at the as-of month (fct_agency_service_month's row that month; no
    row: not adopted)."""
    t = lambda k, **kw: i18n.t(k, lang, **kw)  # noqa: E731
    at_end = usage[pd.to_datetime(usage["month"]) == pd.Timestamp(as_of)].set_index("service_code")

    def status(code):
        if code not in at_end.index:
            return t("status.none")
        r = at_end.loc[code]
        return t("status.underused" if r["underused"] else "status.active" if r["active"]
                 else "status.idle" if r["adopted"] else "status.none")

    idle = subs["service_code"].map(lambda c: int(at_end.loc[c, "idle_months"]) if c in at_end.index else 0)
    return pd.DataFrame({
        t("service"): _service(subs["service_code"]),
        t("ap.start"): pd.to_datetime(subs["start_date"]),
        t("ap.end"): pd.to_datetime(subs["end_date"]),
        t("un.units"): subs["units"].astype("int64"),
        t("un.unit"): subs["unit_en" if lang == "en" else "unit_th"],
        t("ap.status"): subs["service_code"].map(status),
        t("un.idle_months"): idle.astype("int64"),
    })


def idle_display(usage: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per service over the period: months adopted, months active, months idle (adopted, not active), the
    longest idle run (fct's idle_months) and the primary metric's threshold."""
    t = lambda k, **kw: i18n.t(k, lang, **kw)  # noqa: E731
    if usage.empty:
        return pd.DataFrame()
    g = usage.groupby("service_code", sort=False)
    out = pd.DataFrame({
        "adopted": g["adopted"].sum(), "active": g["active"].sum(),
        "idle": g.apply(lambda d: int((d["adopted"] & ~d["active"]).sum()), include_groups=False),
        "longest": g["idle_months"].max(), "metric": g["primary_metric"].first(),
        "threshold": g["active_threshold"].first(),
    }).reset_index()
    return pd.DataFrame({
        t("service"): _service(out["service_code"]),
        t("ap.metric"): out["metric"],
        t("ap.threshold"): out["threshold"].astype("float64"),
        t("ap.months_adopted"): out["adopted"].astype("int64"),
        t("ap.months_active"): out["active"].astype("int64"),
        t("ap.months_idle"): out["idle"].astype("int64"),
        t("ap.longest_idle"): out["longest"].astype("int64"),
    })


def tickets_display(tk: pd.DataFrame, lang: str) -> pd.DataFrame:
    t = lambda k, **kw: i18n.t(k, lang, **kw)  # noqa: E731
    cat, chan = _vocab_names("ticket_category", lang), _vocab_names("ticket_channel", lang)
    return pd.DataFrame({
        t("ap.ticket_id"): tk["ticket_id"],
        t("fb.s_opened"): pd.to_datetime(tk["opened_at"]),
        t("fb.s_closed"): pd.to_datetime(tk["closed_at"]),
        t("service"): _service(tk["service_code"]),
        t("fb.category"): tk["category"].map(lambda c: cat.get(c, c)).fillna(""),
        t("fb.channel"): tk["channel"].map(lambda c: chan.get(c, c)).fillna(""),
    })


def feedback_display(fb: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The responses as a table; the comment stays plain text (st.dataframe renders no markup)."""
    t = lambda k, **kw: i18n.t(k, lang, **kw)  # noqa: E731
    issues = _vocab_names("feedback_issue", lang)
    return pd.DataFrame({
        t("date"): pd.to_datetime(fb["response_date"]),
        t("fb.event_id"): fb["event_id"].fillna(""),
        t("service"): _service(fb["service_code"]),
        t("fb.score"): fb["satisfaction"].astype("Int64"),
        t("fb.issue"): fb["issue"].map(lambda c: issues.get(c, c)).fillna(""),
        t("fb.comment"): fb["comment"].fillna(""),
    })


def events_display(ev: pd.DataFrame, lang: str) -> pd.DataFrame:
    t = lambda k, **kw: i18n.t(k, lang, **kw)  # noqa: E731
    types = _vocab_names("event_type", lang)
    prov = reference.provinces().set_index("province_code")[i18n.name_col(lang)]
    return pd.DataFrame({
        t("date"): pd.to_datetime(ev["event_date"]),
        t("fb.event_id"): ev["event_id"],
        t("pv.event_type"): ev["event_type"].map(lambda c: types.get(c, c)),
        t("pv.title"): ev["title"].fillna(""),
        t("province"): ev["province_code"].map(prov),
        t("ap.responses"): ev["responses"].astype("int64"),
    })


def savings_display(sav: pd.DataFrame, lang: str) -> pd.DataFrame:
    t = lambda k, **kw: i18n.t(k, lang, **kw)  # noqa: E731
    out = pd.DataFrame({t("service"): _service(sav["service_code"]),
                        t("sv.unit_months"): sav["unit_months"].astype("int64"),
                        t("sv.staff_hours"): sav["staff_hours_saved"].round(0)})
    for s in ("low", "mid", "high"):
        out[t("sv.metric", case=t(f"sv.{s}"))] = sav[f"savings_{s}_thb"].round(0)
    return out
