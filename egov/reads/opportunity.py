"""Opportunity reads of the underuse page and the briefing: provinces ranked by what adoption would
save, with the open problems there (mart_opportunity, or its definition under the filters)."""

from __future__ import annotations

import pandas as pd

from egov import db
from egov.filters import Filters, and_, where
from egov.read_cache import cached


def _opportunity_sql(f: Filters) -> tuple[str, list]:
    """mart_opportunity's definition (etl/sql/marts/70_mart_opportunity.sql) with the ministry, level
    and service filters applied to the agencies counted, the feedback and the tickets. The national
    mean saving per adopted agency-year stays national (it prices a service, whoever adopts it).
    A test proves it reproduces the mart when the filter keeps every agency and service."""
    m_conds, m_params = where(f, alias="m", geo=False)
    a_conds, a_params = where(f, alias="a", geo=False, service=False)
    fb_conds, fb_params = where(f, alias="fb", geo=False, ministry=False, level=False)
    if f.ministries:
        fb_conds.append("list_contains(?, a.ministry_code)")
        fb_params.append(list(f.ministries))
    if f.levels:
        fb_conds.append("list_contains(?, a.level)")
        fb_params.append(list(f.levels))
    t_conds, t_params = where(f, alias="a", geo=False, service=False)
    if f.services:
        t_conds.append("list_contains(?, t.service_code)")
        t_params.append(list(f.services))
    sql = f"""
        WITH last AS (
            SELECT max(month) AS last_month, CAST(max(month) - INTERVAL 11 MONTH AS DATE) AS first_month_12
            FROM mart_adoption_monthly
        ), national AS (
            SELECT s.service_code, sv.savings_mid / nullif(ad.agency_months / 12, 0) AS mid_per_agency_year
            FROM services AS s
            LEFT JOIN (SELECT service_code, sum(savings_mid_thb) AS savings_mid FROM mart_savings_monthly, last
                       WHERE month BETWEEN last.first_month_12 AND last.last_month GROUP BY ALL) AS sv
              ON sv.service_code = s.service_code
            LEFT JOIN (SELECT service_code, CAST(sum(adopted) AS DOUBLE) AS agency_months
                       FROM mart_adoption_monthly, last
                       WHERE month BETWEEN last.first_month_12 AND last.last_month GROUP BY ALL) AS ad
              ON ad.service_code = s.service_code
        ), gap AS (
            SELECT m.province_code, CAST(sum(m.eligible - m.adopted) AS BIGINT) AS not_adopted,
                   sum((m.eligible - m.adopted) * n.mid_per_agency_year) AS potential_savings_mid_thb
            FROM mart_adoption_monthly AS m JOIN last ON m.month = last.last_month
            LEFT JOIN national AS n ON n.service_code = m.service_code
            WHERE {and_(m_conds)} GROUP BY ALL
        ), eligible AS (
            SELECT a.province_code, count(*) AS eligible FROM dim_agency AS a WHERE {and_(a_conds)} GROUP BY ALL
        ), issues AS (
            SELECT fb.province_code, count(*) AS open_issues
            FROM feedback AS fb LEFT JOIN dim_agency AS a ON a.agency_id = fb.agency_id, last
            WHERE fb.issue IS NOT NULL AND fb.issue <> 'none' AND fb.response_date >= last.first_month_12
              AND fb.response_date <= last_day(last.last_month) AND {and_(fb_conds)}
            GROUP BY ALL
        ), tix AS (
            SELECT a.province_code, count(*) AS open_tickets
            FROM tickets AS t JOIN dim_agency AS a ON a.agency_id = t.agency_id
            WHERE t.closed_at IS NULL AND {and_(t_conds)} GROUP BY ALL
        ), province AS (
            SELECT province_code FROM provinces UNION SELECT province_code FROM dim_agency
        ), scored AS (
            SELECT p.province_code, last.last_month AS month, coalesce(e.eligible, 0) AS eligible,
                   coalesce(g.not_adopted, 0) AS not_adopted,
                   coalesce(g.potential_savings_mid_thb, 0.0) AS potential_savings_mid_thb,
                   coalesce(i.open_issues, 0) AS open_issues, coalesce(k.open_tickets, 0) AS open_tickets
            FROM province AS p CROSS JOIN last
            LEFT JOIN eligible AS e ON e.province_code = p.province_code
            LEFT JOIN gap AS g ON g.province_code = p.province_code
            LEFT JOIN issues AS i ON i.province_code = p.province_code
            LEFT JOIN tix AS k ON k.province_code = p.province_code
            WHERE last.last_month IS NOT NULL
        )
        SELECT *, potential_savings_mid_thb AS score,
               CAST(rank() OVER (ORDER BY potential_savings_mid_thb DESC) AS INTEGER) AS rank
        FROM scored"""
    return sql, m_params + a_params + fb_params + t_params


@cached
def opportunity(f: Filters) -> pd.DataFrame:
    """Provinces in the filter's area ranked by opportunity at the latest month of the data (whatever
    the period: it is about where to go next): mart_opportunity, or its definition recomputed under
    the ministry, level and service filters when any is set. rank is among all provinces under those
    filters; provinces without an eligible agency are left out."""
    if f.ministries or f.levels or f.services:
        src, params = _opportunity_sql(f)
    else:
        src, params = "SELECT * FROM mart_opportunity", []
    g_conds, g_params = where(f, alias="o", ministry=False, level=False, service=False)
    return db.query(
        f"""SELECT o.province_code, p.iso_code, p.name_th, p.name_en, p.region4, p.region6, o.month, o.eligible,
                   o.not_adopted, o.potential_savings_mid_thb, o.open_issues, o.open_tickets, o.score, o.rank
            FROM ({src}) o JOIN provinces p ON p.province_code = o.province_code
            WHERE o.eligible > 0 AND {and_(g_conds)} ORDER BY o.rank, p.name_en""",
        params + g_params,
    )


@cached
def opportunity_issues(f: Filters) -> pd.DataFrame:
    """Feedback naming a problem in the 12 months to the latest month of the data, per province and
    issue (the open_issues of opportunity(), by category), under the filters."""
    conds, params = where(f, alias="fb", ministry=False, level=False)
    if f.ministries:
        conds.append("list_contains(?, a.ministry_code)")
        params.append(list(f.ministries))
    if f.levels:
        conds.append("list_contains(?, a.level)")
        params.append(list(f.levels))
    return db.query(
        f"""WITH last AS (SELECT max(month) AS last_month,
                                 CAST(max(month) - INTERVAL 11 MONTH AS DATE) AS first_month_12
                          FROM mart_adoption_monthly)
            SELECT fb.province_code, fb.issue, v.name_th, v.name_en, count(*) AS responses
            FROM feedback fb LEFT JOIN dim_agency a ON a.agency_id = fb.agency_id CROSS JOIN last
            LEFT JOIN vocabularies v ON v.vocabulary = 'feedback_issue' AND v.code = fb.issue
            WHERE fb.issue IS NOT NULL AND fb.issue <> 'none' AND fb.response_date >= last.first_month_12
              AND fb.response_date <= last_day(last.last_month) AND {and_(conds)}
            GROUP BY ALL ORDER BY fb.province_code, responses DESC, fb.issue""",
        params,
    )


@cached
def briefing_opportunity(province: str) -> pd.DataFrame:
    """The province's row of mart_opportunity (latest month of data) and n_ranked, the provinces ranked."""
    return db.query(
        """SELECT o.*, (SELECT count(*) FROM mart_opportunity) AS n_ranked
           FROM mart_opportunity o WHERE o.province_code = ?""",
        [province],
    )


@cached
def briefing_opportunities(provinces: tuple[str, ...]) -> pd.DataFrame:
    """mart_opportunity rows of several provinces (best rank first), with n_ranked, the provinces ranked."""
    return db.query(
        """SELECT o.*, (SELECT count(*) FROM mart_opportunity) AS n_ranked
           FROM mart_opportunity o WHERE list_contains(?, o.province_code) ORDER BY o.rank, o.province_code""",
        [list(provinces)],
    )
