"""Adoption reads: per service, month, province, ministry and department; the area comparison of the
provinces page. Snapshot numbers are taken at the as-of month (egov.filters.period); rates come from
egov.metrics, the one place they are defined."""

from __future__ import annotations

import pandas as pd

from egov import db, metrics
from egov.filters import Filters, Period, and_, period, where
from egov.read_cache import benchmark_floor, cached, read_scope
from egov.reads.feedback import feedback_source, with_satisfaction


@cached
def agency_count(f: Filters) -> int:
    """Eligible agencies: those in the filter (area, ministry, level)."""
    conds, params = where(f, alias="a", service=False)
    return int(db.query(f"SELECT count(*) AS n FROM agencies a WHERE {and_(conds)}", params)["n"].iloc[0])


def is_empty(f: Filters) -> bool:
    """True when the filter leaves nothing to show: no month of data in the period or no agency."""
    return period(f).as_of is None or agency_count(f) == 0


def _with_rates(df: pd.DataFrame, prev: bool = False) -> pd.DataFrame:
    df["adoption_rate"] = metrics.adoption_rate(df["adopted"], df["eligible"])
    df["active_rate"] = metrics.active_rate(df["active"], df["eligible"])
    if prev:
        df["adoption_rate_prev"] = metrics.adoption_rate(df["adopted_prev"], df["eligible_prev"])
        df["adoption_change"] = df["adoption_rate"] - df["adoption_rate_prev"]
        df["adopted_change"] = df["adopted"] - df["adopted_prev"]
    return df


_SNAPSHOT = """
    CAST(sum(eligible) FILTER (WHERE month = ?) AS BIGINT) AS eligible,
    CAST(sum(adopted) FILTER (WHERE month = ?) AS BIGINT) AS adopted,
    CAST(sum(active) FILTER (WHERE month = ?) AS BIGINT) AS active,
    CAST(sum(underused) FILTER (WHERE month = ?) AS BIGINT) AS underused,
    CAST(sum(units) FILTER (WHERE month = ?) AS BIGINT) AS units,
    CAST(sum(eligible) FILTER (WHERE month = ?) AS BIGINT) AS eligible_prev,
    CAST(sum(adopted) FILTER (WHERE month = ?) AS BIGINT) AS adopted_prev
"""


def _snapshot_params(p: Period) -> list:
    return [p.as_of] * 5 + [p.prev] * 2


@cached
def service_summary(f: Filters) -> pd.DataFrame:
    """Per service at the as-of month: eligible, adopted, active, underused, units, the rates, and the
    change in adopted agencies and adoption rate over the 12 months before."""
    p = period(f)
    if p.as_of is None:
        return pd.DataFrame()
    conds, params = where(f)
    df = db.query(
        f"""SELECT m.service_code, {_SNAPSHOT}
            FROM mart_adoption_monthly m JOIN services s USING (service_code)
            WHERE month IN (?, ?) AND {and_(conds)}
            GROUP BY m.service_code, s.sort_order ORDER BY s.sort_order""",
        _snapshot_params(p) + [p.as_of, p.prev] + params,
    )
    df = df[df["eligible"].fillna(0) > 0].reset_index(drop=True)
    return _with_rates(df, prev=True)


@cached
def adoption_trend(f: Filters) -> pd.DataFrame:
    """Per month and service over the period: eligible, adopted, active and the rates."""
    p = period(f)
    conds, params = where(f)
    df = db.query(
        f"""SELECT month, service_code, CAST(sum(eligible) AS BIGINT) AS eligible,
                   CAST(sum(adopted) AS BIGINT) AS adopted, CAST(sum(active) AS BIGINT) AS active
            FROM mart_adoption_monthly WHERE month BETWEEN ? AND ? AND {and_(conds)}
            GROUP BY ALL HAVING sum(eligible) > 0 ORDER BY month, service_code""",
        [p.start, p.end] + params,
    )
    return _with_rates(df)


@cached
def province_measures(f: Filters, service: str | None = None) -> pd.DataFrame:
    """One row per province in the filter: adoption at the as-of month (for one service, or all the
    selected services pooled as agency-service pairs: eligible and adopted count pairs, agencies counts
    the agencies), savings, satisfaction and events over the period."""
    p = period(f)
    if p.as_of is None:
        return pd.DataFrame()
    if service:
        f = f.replace(services=(service,))
    conds, params = where(f)
    fb_sql, fb_params = feedback_source(f, p)
    ev_conds, ev_params = where(f, alias="e", ministry=False, level=False, service=False)
    sv_conds, sv_params = where(f)
    df = db.query(
        f"""WITH a AS (
                SELECT province_code, {_SNAPSHOT}
                FROM mart_adoption_monthly WHERE month IN (?, ?) AND {and_(conds)} GROUP BY province_code
            ), ag AS (
                -- every agency is eligible for every service, so one service's eligible is the agencies
                SELECT province_code, CAST(max(n) AS BIGINT) AS agencies FROM (
                    SELECT province_code, service_code, sum(eligible) AS n FROM mart_adoption_monthly
                    WHERE month = ? AND {and_(conds)} GROUP BY province_code, service_code
                ) GROUP BY province_code
            ), s AS (
                SELECT province_code, sum(savings_low_thb) AS savings_low, sum(savings_mid_thb) AS savings_mid,
                       sum(savings_high_thb) AS savings_high
                FROM mart_savings_monthly WHERE month BETWEEN ? AND ? AND {and_(sv_conds)} GROUP BY province_code
            ), fb AS (
                SELECT province_code, count(*) AS responses, sum(satisfaction) AS satisfaction_sum,
                       count(*) FILTER (WHERE satisfied(satisfaction)) AS satisfied
                FROM ({fb_sql}) GROUP BY province_code
            ), ev AS (
                SELECT province_code, count(DISTINCT event_id) AS events
                FROM events e WHERE event_date >= ? AND event_date < ? AND {and_(ev_conds)} GROUP BY province_code
            )
            SELECT p.province_code, p.iso_code, p.name_th, p.name_en, p.region4, p.region6, a.* EXCLUDE (province_code),
                   ag.agencies,
                   coalesce(s.savings_low, 0) AS savings_low, coalesce(s.savings_mid, 0) AS savings_mid,
                   coalesce(s.savings_high, 0) AS savings_high,
                   coalesce(fb.responses, 0) AS responses, fb.satisfaction_sum, fb.satisfied,
                   coalesce(ev.events, 0) AS events
            FROM provinces p JOIN a USING (province_code) JOIN ag USING (province_code)
            LEFT JOIN s USING (province_code) LEFT JOIN fb USING (province_code) LEFT JOIN ev USING (province_code)
            WHERE a.eligible > 0 ORDER BY p.province_code""",
        _snapshot_params(p) + [p.as_of, p.prev] + params + [p.as_of] + params + [p.start, p.end] + sv_params + fb_params
        + [p.start, p.end_exclusive] + ev_params,
    )
    df = with_satisfaction(_with_rates(df, prev=True))
    df["rank"] = df["adoption_rate"].rank(ascending=False, method="min").astype("Int64")
    return df


@cached
def _area_comparison(f: Filters, province: str) -> pd.DataFrame:
    """area_comparison() before the benchmark floor, with `outside`: the eligible agencies of each row
    that lie outside the reader's province scope (every one when there is no scope)."""
    p = period(f)
    if p.as_of is None:
        return pd.DataFrame()
    conds, params = where(f, geo=False)
    rc = f.region_column
    scope = list(read_scope() or ())
    rows = []
    for area, cond, extra in (
        ("province", "province_code = ?", [province]),
        ("region", f"province_code IN (SELECT province_code FROM provinces WHERE {rc} = "
                   f"(SELECT {rc} FROM provinces WHERE province_code = ?))", [province]),
        ("nation", "TRUE", []),
    ):
        d = db.query(
            f"""SELECT ? AS area, m.service_code, CAST(sum(eligible) AS BIGINT) AS eligible,
                       CAST(sum(adopted) AS BIGINT) AS adopted, CAST(sum(active) AS BIGINT) AS active,
                       CAST(coalesce(sum(eligible) FILTER (WHERE NOT list_contains(?, province_code)), 0)
                            AS BIGINT) AS outside
                FROM mart_adoption_monthly m JOIN services s USING (service_code)
                WHERE month = ? AND {cond} AND {and_(conds)}
                GROUP BY m.service_code, s.sort_order ORDER BY s.sort_order""",
            [area, scope, p.as_of] + extra + params,
        )
        rows.append(d)
    df = pd.concat(rows, ignore_index=True)
    return _with_rates(df[df["eligible"] > 0].reset_index(drop=True))


def area_comparison(f: Filters, province: str) -> pd.DataFrame:
    """Adoption per service at the as-of month for a province, its region (in the filter's region
    system) and the nation; the other filters (ministry, level, service) apply to all three. A region or
    nation row that rests on fewer than auth.benchmark_min() agencies outside the reader's scope is
    suppressed (benchmark_floor)."""
    return benchmark_floor(_area_comparison(f, province), ["eligible", "adopted", "active", "adoption_rate",
                                                           "active_rate"])


@cached
def ministry_service(f: Filters) -> pd.DataFrame:
    """Adoption per ministry and service at the as-of month."""
    p = period(f)
    if p.as_of is None:
        return pd.DataFrame()
    conds, params = where(f, alias="m")  # qualified: services s has a service_code too
    df = db.query(
        f"""SELECT m.ministry_code, mi.name_th, mi.name_en, mi.short_th, mi.short_en, m.service_code,
                   CAST(sum(eligible) AS BIGINT) AS eligible, CAST(sum(adopted) AS BIGINT) AS adopted,
                   CAST(sum(active) AS BIGINT) AS active, CAST(sum(underused) AS BIGINT) AS underused
            FROM mart_adoption_monthly m JOIN ministries mi USING (ministry_code)
            JOIN services s ON s.service_code = m.service_code
            WHERE month = ? AND {and_(conds)}
            GROUP BY m.ministry_code, mi.name_th, mi.name_en, mi.short_th, mi.short_en, m.service_code,
                     mi.sort_order, s.sort_order
            HAVING sum(eligible) > 0
            ORDER BY mi.sort_order, s.sort_order""",
        [p.as_of] + params,
    )
    return _with_rates(df)


@cached
def department_service(f: Filters, ministry: str) -> pd.DataFrame:
    """Adoption per department of one ministry and service at the as-of month."""
    p = period(f)
    if p.as_of is None:
        return pd.DataFrame()
    a_conds, a_params = where(f, alias="a", service=False)
    s_conds, s_params = where(f, alias="s", geo=False, ministry=False, level=False)
    df = db.query(
        f"""SELECT coalesce(a.department, '') AS department, s.service_code, count(*) AS eligible,
                   count(*) FILTER (WHERE fs.adopted) AS adopted, count(*) FILTER (WHERE fs.active) AS active,
                   count(*) FILTER (WHERE fs.underused) AS underused
            FROM agencies a CROSS JOIN services s
            LEFT JOIN fct_agency_service_month fs
              ON fs.agency_id = a.agency_id AND fs.service_code = s.service_code AND fs.month = ?
            WHERE a.ministry_code = ? AND {and_(a_conds)} AND {and_(s_conds)}
            GROUP BY 1, s.service_code, s.sort_order ORDER BY department, s.sort_order""",
        [p.as_of, ministry] + a_params + s_params,
    )
    return _with_rates(df)
