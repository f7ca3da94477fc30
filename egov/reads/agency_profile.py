"""Reads of the หน่วยงาน Agency profile page: one agency's services, usage against each service's
threshold, tickets, feedback, the events it attended and the savings attributed to it.

Every read goes through read_cache.cached, so the user's province scope is enforced here as everywhere:
each read takes a Filters `f` (the wrapper narrows its provinces to the scope) and joins the agency's
row in `agencies` to f's provinces; an agency outside the scope yields empty frames, the same as an
agency that does not exist. The page passes a Filters holding only the period, so the profile is the
whole agency whatever the sidebar's area, ministry or service filters say.

Nothing is defined again here: adopted / active / idle_months / underused are read from
fct_agency_service_month (etl/sql/marts/10_fct_agency_service_month.sql), the threshold is
services.active_threshold that the mart compares with, and savings are reads.savings.priced (the savings
macros of etl/sql/definitions.sql) of the agency's unit-months (the units fct holds at each month's end,
the same units mart_savings_monthly sums) under the session's assumptions (egov.assumptions).
"""

from __future__ import annotations

import pandas as pd

from egov import db
from egov.filters import Filters, and_, period, where
from egov.read_cache import cached
from egov.reads import savings
from egov.reads.feedback import with_satisfaction


def _scope(f: Filters) -> tuple[str, list]:
    """The agency a (agency_id = ?) within f's provinces and regions: the province scope."""
    conds, params = where(f, alias="a", ministry=False, level=False, service=False)
    return and_(["a.agency_id = ?"] + conds), params


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
    """agency_unit_months() priced under assumptions (index or column service_code; savings.priced, the
    savings macros): per service unit_months, staff_hours_saved, savings_low_thb / _mid_ / _high_."""
    return savings.priced(agency_unit_months(f, agency), assumptions)


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
    event_id, service_code, satisfaction, satisfied (the satisfied() macro), issue, comment."""
    p = period(f)
    where, params = _scope(f)
    return db.query(
        f"""SELECT fb.response_id, fb.response_date, fb.event_id, fb.service_code, fb.satisfaction,
                   satisfied(fb.satisfaction) AS satisfied, fb.issue, fb.comment
            FROM feedback fb JOIN agencies a ON a.agency_id = fb.agency_id
            WHERE {where} AND fb.response_date >= ? AND fb.response_date < ?
            ORDER BY fb.response_date DESC, fb.response_id""",
        [agency] + params + [p.start, p.end_exclusive],
    )


@cached
def agency_satisfaction(f: Filters, agency: str) -> pd.DataFrame:
    """agency_feedback()'s responses summed, one row: responses, satisfaction_sum, satisfied (the satisfied()
    macro), and mean, share_satisfied, n, too_few (metrics.satisfaction_summary, as every other read)."""
    p = period(f)
    where, params = _scope(f)
    return with_satisfaction(db.query(
        f"""SELECT count(*) AS responses, CAST(coalesce(sum(fb.satisfaction), 0) AS BIGINT) AS satisfaction_sum,
                   count(*) FILTER (WHERE satisfied(fb.satisfaction)) AS satisfied
            FROM feedback fb JOIN agencies a ON a.agency_id = fb.agency_id
            WHERE {where} AND fb.response_date >= ? AND fb.response_date < ?""",
        [agency] + params + [p.start, p.end_exclusive],
    ))


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
