"""Contact-center ticket reads of the feedback page. Tickets are read from the core table (not
mart_tickets_monthly) so that the ministry and level filters apply through the ticket's agency, and so
that the median time to resolve can be taken; the definitions are the macros of etl/sql/definitions.sql
that the ticket marts call too (ticket_month, hours_to_close, in_backlog, ticket_weekday, ticket_hour)."""

from __future__ import annotations

import pandas as pd

from egov import db
from egov.filters import Filters, Period, and_, period, where
from egov.read_cache import cached


def _ticket_source(f: Filters) -> tuple[str, list]:
    """Tickets in the filter, whatever their dates: area, ministry and level through the ticket's agency
    (a ticket naming no known agency counts only when none of those filters is set), service on the
    ticket. Columns: ticket_id, opened_at, closed_at, service_code, category, channel, hours (opened to
    closed; NULL while open). Agencies are joined only when an area, ministry or level filter is set
    (10.9 M usage rows: 108 k tickets against 55 k agencies, about a third of each ticket query's CPU)."""
    conds, params = where(f, alias="a", service=False)
    join = ""
    if conds:
        conds.append("a.agency_id IS NOT NULL")
        join = " JOIN agencies a ON a.agency_id = tk.agency_id"  # the LEFT JOIN's NULL rows were refused anyway
    s_conds, s_params = where(f, alias="tk", geo=False, ministry=False, level=False)
    sql = (f"SELECT tk.ticket_id, tk.opened_at, tk.closed_at, tk.service_code, tk.category, tk.channel, "
           f"hours_to_close(tk.opened_at, tk.closed_at) AS hours "
           f"FROM tickets tk{join} "
           f"WHERE {and_(conds)} AND {and_(s_conds)}")
    return sql, params + s_params


_TICKET_MEASURES = """
    count(*) FILTER (WHERE opened_at >= ? AND opened_at < ?) AS opened,
    count(*) FILTER (WHERE closed_at >= ? AND closed_at < ?) AS closed,
    median(hours) FILTER (WHERE closed_at >= ? AND closed_at < ?) AS median_hours,
    avg(hours) FILTER (WHERE closed_at >= ? AND closed_at < ?) AS mean_hours,
    count(*) FILTER (WHERE in_backlog(opened_at, closed_at, ?)) AS backlog_end
"""


def _ticket_measure_params(p: Period) -> list:
    return [p.start, p.end_exclusive] * 4 + [p.end_exclusive]


@cached
def ticket_summary(f: Filters) -> pd.DataFrame:
    """One row: tickets opened and closed in the period, median and mean hours to resolve (tickets
    closed in the period), backlog at the end of the period's last month, and all_tickets in the
    filter whatever their dates."""
    p = period(f)
    sql, params = _ticket_source(f)
    return db.query(f"SELECT {_TICKET_MEASURES}, count(*) AS all_tickets FROM ({sql})",
                    _ticket_measure_params(p) + params)


@cached
def ticket_monthly(f: Filters) -> pd.DataFrame:
    """Per month of the period from the first ticket on: opened, closed, hours_sum, median_hours and
    mean_hours (over the tickets closed that month), backlog_end (opened by the month's end, not
    closed by then)."""
    p = period(f)
    sql, params = _ticket_source(f)
    return db.query(
        f"""WITH tk AS ({sql}),
            b AS (SELECT CASE WHEN count(*) > 0 THEN greatest(CAST(? AS DATE),
                                 ticket_month(min(opened_at))) END AS first FROM tk),
            months AS (SELECT CAST(g.m AS DATE) AS month
                       FROM b, generate_series(b.first, CAST(? AS DATE), INTERVAL 1 MONTH) AS g(m)
                       WHERE b.first IS NOT NULL),
            o AS (SELECT ticket_month(opened_at) AS month, count(*) AS opened FROM tk GROUP BY 1),
            c AS (SELECT ticket_month(closed_at) AS month, count(*) AS closed,
                         sum(hours) AS hours_sum, median(hours) AS median_hours, avg(hours) AS mean_hours
                  FROM tk WHERE closed_at IS NOT NULL GROUP BY 1),
            -- in_backlog at a month's end = opened by then - closed by then (a ticket is never closed before
            -- it was opened: the data check valid_tickets): running sums of o and c, as the mart counts it,
            -- not a months x tickets join
            bl AS (SELECT m.month, CAST(coalesce((SELECT sum(o.opened) FROM o WHERE o.month <= m.month), 0)
                                        - coalesce((SELECT sum(c.closed) FROM c WHERE c.month <= m.month), 0)
                                   AS BIGINT) AS backlog_end FROM months m)
            SELECT m.month, coalesce(o.opened, 0) AS opened, coalesce(c.closed, 0) AS closed, c.hours_sum,
                   c.median_hours, c.mean_hours, bl.backlog_end
            FROM months m LEFT JOIN o USING (month) LEFT JOIN c USING (month) LEFT JOIN bl USING (month)
            ORDER BY m.month""",
        params + [p.start, p.end],
    )


@cached
def ticket_hourly(f: Filters) -> pd.DataFrame:
    """Tickets opened in the period per weekday (1 = Monday) and hour (0-23): all 7 x 24 cells."""
    p = period(f)
    sql, params = _ticket_source(f)
    return db.query(
        f"""WITH tk AS ({sql}),
            c AS (SELECT ticket_weekday(opened_at) AS weekday, ticket_hour(opened_at) AS hour,
                         count(*) AS tickets
                  FROM tk WHERE opened_at >= ? AND opened_at < ? GROUP BY ALL)
            SELECT w.weekday, h.hour, coalesce(c.tickets, 0) AS tickets
            FROM (SELECT CAST(range AS INTEGER) AS weekday FROM range(1, 8)) w
            CROSS JOIN (SELECT CAST(range AS INTEGER) AS hour FROM range(0, 24)) h
            LEFT JOIN c USING (weekday, hour) ORDER BY w.weekday, h.hour""",
        params + [p.start, p.end_exclusive],
    )


TICKET_BREAKDOWNS = {"category": "ticket_category", "channel": "ticket_channel"}  # column -> vocabulary


@cached
def ticket_breakdown(f: Filters, by: str) -> pd.DataFrame:
    """Per ticket category or channel (by): code, name_th, name_en and the ticket_summary measures,
    most opened first; rows with nothing in the period are left out."""
    if by not in TICKET_BREAKDOWNS:
        raise ValueError(f"unknown breakdown {by!r}")
    p = period(f)
    sql, params = _ticket_source(f)
    return db.query(
        f"""SELECT tk.{by} AS code, v.name_th, v.name_en, {_TICKET_MEASURES}
            FROM ({sql}) tk LEFT JOIN vocabularies v ON v.vocabulary = ? AND v.code = tk.{by}
            GROUP BY ALL HAVING opened > 0 OR closed > 0 OR backlog_end > 0
            ORDER BY opened DESC, code""",
        _ticket_measure_params(p) + params + [TICKET_BREAKDOWNS[by]],
    )
