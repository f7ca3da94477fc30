"""Agency reads: each agency's status per service (the drill-downs' paged lists) and the underused
agency-service pairs (the underuse page's action list)."""

from __future__ import annotations

import pandas as pd

from egov import db
from egov.filters import Filters, and_, period, where
from egov.read_cache import cached
from egov.reads.reference import services
from etl.normalize import thai_digits


AGENCY_PAGE_SIZE = 50  # agencies per page of a drill-down's list (egov/paging.py)


def _agency_conds(f: Filters, province: str | None, ministry: str | None, department: str | None,
                  needle: str = "") -> tuple[list[str], list]:
    """Conditions on agencies a: the filter, one province / ministry / department, and a search: the
    agency's name or id contains needle, literally (no wildcards: % _ ' are characters like any other),
    ignoring case (Thai digits in needle match the Arabic digits of an id)."""
    conds, params = where(f, alias="a", service=False)
    for col, val in (("province_code", province), ("ministry_code", ministry)):
        if val:
            conds.append(f"a.{col} = ?")
            params.append(val)
    if department is not None:
        conds.append("coalesce(a.department, '') = ?")
        params.append(department)
    if needle:
        conds.append("(contains(lower(a.agency_name), lower(?)) OR contains(lower(a.agency_id), lower(?)))")
        params += [needle, thai_digits(needle)]
    return conds, params


@cached
def agency_status(f: Filters, province: str | None = None, ministry: str | None = None,
                  department: str | None = None, needle: str = "", limit: int | None = None,
                  offset: int = 0) -> pd.DataFrame:
    """One row per agency in the filter (optionally one province / ministry / department, and those whose
    name or id contains needle) with one column per selected service holding its status at the as-of
    month: active, idle (adopted, not active), underused (idle for 3 months or more) or none; plus
    services_adopted. Ordered by province, ministry, agency id; limit / offset give one page of that
    order (agency_count_matching counts them all), limit None every agency."""
    p = period(f)
    if p.as_of is None:
        return pd.DataFrame()
    conds, params = _agency_conds(f, province, ministry, department, needle)
    s_conds, s_params = where(f, alias="s", geo=False, ministry=False, level=False)
    # the page of agencies first (a few dozen rows), then their statuses: the fact table is probed for
    # those agencies only
    long = db.query(
        f"""WITH pg AS (
                SELECT a.agency_id, a.agency_name, a.ministry_code, a.department, a.province_code,
                       coalesce(a.level, 'unknown') AS level
                FROM agencies a WHERE {and_(conds)}
                ORDER BY a.province_code, a.ministry_code, a.agency_id LIMIT ? OFFSET ?)
            SELECT pg.*, s.service_code,
                   CASE WHEN fs.underused THEN 'underused' WHEN fs.active THEN 'active'
                        WHEN fs.adopted THEN 'idle' ELSE 'none' END AS status
            FROM pg CROSS JOIN services s
            LEFT JOIN fct_agency_service_month fs
              ON fs.agency_id = pg.agency_id AND fs.service_code = s.service_code AND fs.month = ?
            WHERE {and_(s_conds)}
            ORDER BY pg.province_code, pg.ministry_code, pg.agency_id, s.sort_order""",
        params + [None if limit is None else int(limit), max(int(offset), 0), p.as_of] + s_params,
    )
    if long.empty:
        return long
    keys = ["agency_id", "agency_name", "ministry_code", "department", "province_code", "level"]
    svc_order = [c for c in services()["service_code"] if c in set(long["service_code"])]
    wide = long.pivot(index="agency_id", columns="service_code", values="status")[svc_order]
    wide.columns.name = None
    out = long.drop_duplicates("agency_id")[keys].merge(wide, left_on="agency_id", right_index=True)
    out["services_adopted"] = (out[svc_order] != "none").sum(axis=1)
    return out.reset_index(drop=True)


@cached
def agency_count_matching(f: Filters, province: str | None = None, ministry: str | None = None,
                          department: str | None = None, needle: str = "") -> int:
    """The number of agencies agency_status() lists for the same arguments (all its pages)."""
    if period(f).as_of is None:
        return 0
    conds, params = _agency_conds(f, province, ministry, department, needle)
    s_conds, s_params = where(f, alias="s", geo=False, ministry=False, level=False)
    return int(db.query(
        f"""SELECT count(*) AS n FROM agencies a
            WHERE {and_(conds)} AND EXISTS (SELECT 1 FROM services s WHERE {and_(s_conds)})""",
        params + s_params,
    )["n"].iloc[0])


@cached
def underused_agencies(f: Filters) -> pd.DataFrame:
    """The action list: one row per agency and service underused at the as-of month (adopted but not
    active for 3+ consecutive months: fct_agency_service_month.underused), with idle_months, units,
    idle_since (first month of the idle run) and last_active (the latest month up to the as-of month
    in which the service was active for the agency; NaT when never). Most idle first."""
    p = period(f)
    if p.as_of is None:
        return pd.DataFrame()
    conds, params = where(f, alias="u")
    if "mart_underused" in db.tables():
        # the underused rows with idle_since and last_active, stored in month order
        # (etl/sql/marts/80_mart_underused.sql): one month of a small mart instead of two scans of the
        # agency-grain fact table, which grows with the data (10.9 M usage rows: 89 -> 9 ms of CPU)
        return db.query(
            f"""SELECT u.agency_id, a.agency_name, a.department, u.province_code, u.ministry_code,
                       coalesce(u.level, 'unknown') AS level, u.service_code, u.idle_months, u.units,
                       u.idle_since, u.last_active
                FROM mart_underused u JOIN agencies a ON a.agency_id = u.agency_id
                JOIN services s ON s.service_code = u.service_code
                WHERE u.month = ? AND {and_(conds)}
                ORDER BY u.idle_months DESC, s.sort_order, u.province_code, u.agency_id""",
            [p.as_of] + params,
        )
    # a warehouse published before mart_underused existed (until its next load)
    return db.query(
        f"""WITH u AS (
                SELECT u.* FROM fct_agency_service_month u WHERE u.month = ? AND u.underused AND {and_(conds)}
            ), la AS (
                SELECT x.agency_id, x.service_code, max(x.month) AS last_active
                FROM fct_agency_service_month x SEMI JOIN u ON u.agency_id = x.agency_id
                     AND u.service_code = x.service_code
                WHERE x.active AND x.month <= ? GROUP BY ALL
            )
            SELECT u.agency_id, a.agency_name, a.department, u.province_code, u.ministry_code,
                   coalesce(u.level, 'unknown') AS level, u.service_code, u.idle_months, u.units,
                   CAST(u.month - to_months(u.idle_months - 1) AS DATE) AS idle_since, la.last_active
            FROM u JOIN agencies a ON a.agency_id = u.agency_id JOIN services s ON s.service_code = u.service_code
            LEFT JOIN la ON la.agency_id = u.agency_id AND la.service_code = u.service_code
            ORDER BY u.idle_months DESC, s.sort_order, u.province_code, u.agency_id""",
        [p.as_of] + params + [p.as_of],
    )
