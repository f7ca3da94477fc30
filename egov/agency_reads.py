"""Reads of the หน่วยงาน Agency profile page: one agency's services, usage against each service's
threshold, tickets, feedback, the events it attended and the savings attributed to it.

Every read goes through queries.cached, so the user's province scope is enforced here as everywhere:
each read takes a Filters `f` (the wrapper narrows its provinces to the scope) and joins the agency's
row in `agencies` to f's provinces; an agency outside the scope yields empty frames, the same as an
agency that does not exist. The page passes a Filters holding only the period, so the profile is the
whole agency whatever the sidebar's area, ministry or service filters say.

Nothing is defined again here: adopted / active / idle_months / underused are read from
fct_agency_service_month (etl/sql/marts/10_fct_agency_service_month.sql), the threshold is
services.active_threshold that the mart compares with, and savings are metrics.savings of the agency's
unit-months (the units fct holds at each month's end, the same units mart_savings_monthly sums) under
the session's assumptions (egov.assumptions).
"""

from __future__ import annotations

import pandas as pd

from egov import db, metrics
from egov.queries import Filters, _and, _where, cached, period


def _scope(f: Filters) -> tuple[str, list]:
    """The agency a (agency_id = ?) within f's provinces and regions: the province scope."""
    conds, params = _where(f, alias="a", ministry=False, level=False, service=False)
    return _and(["a.agency_id = ?"] + conds), params


@cached
def agency(f: Filters, agency: str) -> pd.DataFrame:
    """The agency's row (at most one): agency_id, agency_name, ministry_code, department, province_code,
    level, with the province's and ministry's Thai and English names; empty when the agency does not
    exist or lies outside the scope."""
    where, params = _scope(f)
    return db.query(
        f"""SELECT a.agency_id, a.agency_name, a.ministry_code, a.department, a.province_code,
                   coalesce(a.level, 'unknown') AS level,
                   p.name_th AS province_th, p.name_en AS province_en,
                   m.name_th AS ministry_th, m.name_en AS ministry_en
            FROM agencies a
            LEFT JOIN provinces p ON p.province_code = a.province_code
            LEFT JOIN ministries m ON m.ministry_code = a.ministry_code
            WHERE {where}""",
        [agency] + params,
    )


@cached
def agency_subscriptions(f: Filters, agency: str) -> pd.DataFrame:
    """The agency's subscriptions (every one, whatever the period): service_code, start_date, end_date
    (NaT: open), units, with the service's unit names; services in their own order, then by start."""
    where, params = _scope(f)
    return db.query(
        f"""SELECT s.service_code, s.start_date, s.end_date, s.units, sv.unit_th, sv.unit_en
            FROM subscriptions s JOIN agencies a ON a.agency_id = s.agency_id
            JOIN services sv ON sv.service_code = s.service_code
            WHERE {where}
            ORDER BY sv.sort_order, s.start_date""",
        [agency] + params,
    )


@cached
def agency_usage(f: Filters, agency: str) -> pd.DataFrame:
    """Month by month within the period, per service the agency was adopted in or reported usage of
    (fct_agency_service_month's rows): adopted, units, primary_value (NaN: not reported), active,
    idle_months, underused, and the service's primary_metric and active_threshold."""
    p = period(f)
    where, params = _scope(f)
    return db.query(
        f"""SELECT x.month, x.service_code, x.adopted, x.units, x.primary_value, x.active, x.idle_months,
                   x.underused, sv.primary_metric, sv.active_threshold
            FROM fct_agency_service_month x JOIN agencies a ON a.agency_id = x.agency_id
            JOIN services sv ON sv.service_code = x.service_code
            WHERE {where} AND x.month BETWEEN ? AND ?
            ORDER BY sv.sort_order, x.month""",
        [agency] + params + [p.start, p.end],
    )


@cached
def agency_unit_months(f: Filters, agency: str) -> pd.DataFrame:
    """unit_months per service over the period: the units adopted at each month's end, summed
    (fct_agency_service_month.units, which mart_adoption_monthly and mart_savings_monthly sum)."""
    p = period(f)
    where, params = _scope(f)
    return db.query(
        f"""SELECT x.service_code, CAST(sum(x.units) AS BIGINT) AS unit_months
            FROM fct_agency_service_month x JOIN agencies a ON a.agency_id = x.agency_id
            JOIN services sv ON sv.service_code = x.service_code
            WHERE {where} AND x.month BETWEEN ? AND ? AND x.units > 0
            GROUP BY x.service_code, sv.sort_order ORDER BY sv.sort_order""",
        [agency] + params + [p.start, p.end],
    )


def agency_savings(f: Filters, agency: str, assumptions: pd.DataFrame) -> pd.DataFrame:
    """metrics.savings of agency_unit_months() under assumptions (index or column service_code): per
    service unit_months, staff_hours_saved, savings_low_thb / _mid_ / _high_."""
    units = agency_unit_months(f, agency)
    a = assumptions.reset_index() if "service_code" not in assumptions.columns else assumptions
    return metrics.savings(units, a)


@cached
def agency_tickets(f: Filters, agency: str) -> pd.DataFrame:
    """The agency's contact-center tickets opened in the period, newest first: ticket_id, opened_at,
    closed_at (NaT: open), service_code, category, channel."""
    p = period(f)
    where, params = _scope(f)
    return db.query(
        f"""SELECT t.ticket_id, t.opened_at, t.closed_at, t.service_code, t.category, t.channel
            FROM tickets t JOIN agencies a ON a.agency_id = t.agency_id
            WHERE {where} AND t.opened_at >= ? AND t.opened_at < ?
            ORDER BY t.opened_at DESC, t.ticket_id""",
        [agency] + params + [p.start, p.end_exclusive],
    )


@cached
def agency_feedback(f: Filters, agency: str) -> pd.DataFrame:
    """The agency's feedback responses dated in the period, newest first: response_id, response_date,
    event_id, service_code, satisfaction, issue, comment."""
    p = period(f)
    where, params = _scope(f)
    return db.query(
        f"""SELECT fb.response_id, fb.response_date, fb.event_id, fb.service_code, fb.satisfaction,
                   fb.issue, fb.comment
            FROM feedback fb JOIN agencies a ON a.agency_id = fb.agency_id
            WHERE {where} AND fb.response_date >= ? AND fb.response_date < ?
            ORDER BY fb.response_date DESC, fb.response_id""",
        [agency] + params + [p.start, p.end_exclusive],
    )


@cached
def agency_events(f: Filters, agency: str) -> pd.DataFrame:
    """The events in the period the agency attended: those at which it answered a feedback form (events
    list how many agencies attended, not which; a response names its event and its agency). Per event
    and province: event_id, event_date, province_code, event_type, title, responses; newest first."""
    p = period(f)
    where, params = _scope(f)
    return db.query(
        f"""SELECT e.event_id, e.event_date, e.province_code, e.event_type, e.title,
                   count(*) AS responses
            FROM feedback fb JOIN agencies a ON a.agency_id = fb.agency_id
            JOIN events e ON e.event_id = fb.event_id AND e.province_code = fb.province_code
            WHERE {where} AND e.event_date >= ? AND e.event_date < ?
            GROUP BY ALL ORDER BY e.event_date DESC, e.event_id""",
        [agency] + params + [p.start, p.end_exclusive],
    )


# ---- display tables: what the page shows and offers for download (localized headers) ---------------

def _vocab_names(name: str, lang: str) -> dict:
    from egov import i18n, queries

    v = queries.vocabulary(name)
    return dict(zip(v["code"], v[i18n.name_col(lang)]))


def _service(s: pd.Series) -> pd.Series:
    from egov import i18n

    return s.map(lambda c: "" if pd.isna(c) else i18n.service_label(c))


def services_display(subs: pd.DataFrame, usage: pd.DataFrame, as_of, lang: str) -> pd.DataFrame:
    """One row per subscription: service, start, end (missing: still in force), units, unit, and the
    service's status and idle months at the as-of month (fct_agency_service_month's row that month; no
    row: not adopted)."""
    from egov import i18n

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
    from egov import i18n

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
    from egov import i18n

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
    from egov import i18n

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
    from egov import i18n, queries

    t = lambda k, **kw: i18n.t(k, lang, **kw)  # noqa: E731
    types = _vocab_names("event_type", lang)
    prov = queries.provinces().set_index("province_code")[i18n.name_col(lang)]
    return pd.DataFrame({
        t("date"): pd.to_datetime(ev["event_date"]),
        t("fb.event_id"): ev["event_id"],
        t("pv.event_type"): ev["event_type"].map(lambda c: types.get(c, c)),
        t("pv.title"): ev["title"].fillna(""),
        t("province"): ev["province_code"].map(prov),
        t("ap.responses"): ev["responses"].astype("int64"),
    })


def savings_display(sav: pd.DataFrame, lang: str) -> pd.DataFrame:
    from egov import i18n

    t = lambda k, **kw: i18n.t(k, lang, **kw)  # noqa: E731
    out = pd.DataFrame({t("service"): _service(sav["service_code"]),
                        t("sv.unit_months"): sav["unit_months"].astype("int64"),
                        t("sv.staff_hours"): sav["staff_hours_saved"].round(0)})
    for s in ("low", "mid", "high"):
        out[t("sv.metric", case=t(f"sv.{s}"))] = sav[f"savings_{s}_thb"].round(0)
    return out
