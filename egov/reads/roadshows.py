"""Roadshow reads: events in the period and area, the impact estimate by service, the feedback
collected at each event; the briefing's reads of one event."""

from __future__ import annotations

import pandas as pd

from egov import db
from egov.filters import Filters, and_, period, where
from egov.read_cache import cached
from egov.reads.feedback import respondent_conds, with_satisfaction
from egov.reads.reference import provinces


def _events_where(f: Filters, province: str | None, types: tuple[str, ...]) -> tuple[str, list]:
    """The events (table alias e) in the period and area, of one province and these types: WHERE, params."""
    p = period(f)
    conds, params = where(f, alias="e", ministry=False, level=False, service=False)
    if province:
        conds.append("e.province_code = ?")
        params.append(province)
    if types:
        conds.append("list_contains(?, e.event_type)")
        params.append(list(types))
    return f"e.event_date >= ? AND e.event_date < ? AND {and_(conds)}", [p.start, p.end_exclusive] + params


@cached
def events(f: Filters, province: str | None = None, types: tuple[str, ...] = ()) -> pd.DataFrame:
    """Events (one row per event and province) in the period and area, with province and type names;
    types: only these event types (all when empty)."""
    cond, params = _events_where(f, province, types)
    return db.query(
        f"""SELECT e.event_id, e.event_date, e.province_code, p.name_th AS province_th, p.name_en AS province_en,
                   e.event_type, v.name_th AS type_th, v.name_en AS type_en, e.title, e.attendees,
                   e.agencies_attended
            FROM events e JOIN provinces p USING (province_code)
            LEFT JOIN vocabularies v ON v.vocabulary = 'event_type' AND v.code = e.event_type
            WHERE {cond}
            ORDER BY e.event_date, e.event_id, e.province_code""",
        params,
    )


@cached
def event_totals(f: Filters, province: str | None = None, types: tuple[str, ...] = ()) -> pd.DataFrame:
    """The events() rows totalled, one row: events (distinct event ids: one event may visit several
    provinces), visits (event and province rows), attendees and agencies_attended (summed; 0 when none)."""
    cond, params = _events_where(f, province, types)
    return db.query(
        f"""SELECT count(DISTINCT e.event_id) AS events, count(*) AS visits,
                   coalesce(sum(e.attendees), 0) AS attendees,
                   coalesce(sum(e.agencies_attended), 0) AS agencies_attended
            FROM events e JOIN provinces p USING (province_code) WHERE {cond}""",
        params,
    )


@cached
def roadshow_impact(f: Filters) -> pd.DataFrame:
    """mart_roadshow_impact (an estimate) for the events in the period and area, selected services."""
    p = period(f)
    conds, params = where(f, alias="i", ministry=False, level=False)
    return db.query(
        f"""SELECT i.event_id, i.province_code, i.event_date, i.service_code, i.rate_before, i.rate_after,
                   i.change_visited, i.change_others, i.impact_pp
            FROM mart_roadshow_impact i JOIN services s ON s.service_code = i.service_code
            WHERE i.event_date >= ? AND i.event_date < ? AND {and_(conds)}
            ORDER BY i.event_date, i.event_id, i.province_code, s.sort_order""",
        [p.start, p.end_exclusive] + params,
    )


def _event_feedback_source(f: Filters) -> tuple[str, list]:
    """Feedback collected at the events in the period and area (joined on event and province, whatever
    the response date); service, ministry and level filters apply to the responses."""
    p = period(f)
    e_conds, e_params = where(f, alias="e", ministry=False, level=False, service=False)
    conds, params = where(f, alias="fb", geo=False, ministry=False, level=False)
    respondent_conds(f, conds, params)
    sql = (f"SELECT fb.* FROM feedback fb JOIN events e ON e.event_id = fb.event_id "
           f"AND e.province_code = fb.province_code LEFT JOIN agencies a ON a.agency_id = fb.agency_id "
           f"WHERE e.event_date >= ? AND e.event_date < ? AND {and_(e_conds)} AND {and_(conds)}")
    return sql, [p.start, p.end_exclusive] + e_params + params


@cached
def event_feedback(f: Filters) -> pd.DataFrame:
    """Per event and province: responses, satisfaction_sum, satisfied, and mean, share_satisfied, n,
    too_few (metrics.satisfaction_summary)."""
    sql, params = _event_feedback_source(f)
    df = db.query(
        f"""SELECT event_id, province_code, count(*) AS responses,
                   CAST(sum(satisfaction) AS BIGINT) AS satisfaction_sum,
                   count(*) FILTER (WHERE satisfied(satisfaction)) AS satisfied
            FROM ({sql}) GROUP BY ALL ORDER BY event_id, province_code""",
        params,
    )
    return with_satisfaction(df)


@cached
def event_issues(f: Filters) -> pd.DataFrame:
    """Problems raised at the events (issue not blank nor 'none'): event, province, issue, names, responses."""
    sql, params = _event_feedback_source(f)
    return db.query(
        f"""SELECT fb.event_id, fb.province_code, fb.issue, v.name_th, v.name_en, count(*) AS responses
            FROM ({sql}) fb LEFT JOIN vocabularies v ON v.vocabulary = 'feedback_issue' AND v.code = fb.issue
            WHERE fb.issue IS NOT NULL AND fb.issue <> 'none'
            GROUP BY ALL ORDER BY fb.event_id, fb.province_code, responses DESC, fb.issue""",
        params,
    )


def roadshow_by_province(ev: pd.DataFrame) -> pd.DataFrame:
    """events() summed per province: iso_code, names, events (distinct), attendees, agencies_attended."""
    prov = provinces()
    g = ev.groupby("province_code").agg(events=("event_id", "nunique"), attendees=("attendees", "sum"),
                                        agencies_attended=("agencies_attended", "sum")).reset_index()
    return prov.merge(g, on="province_code")


@cached
def briefing_event_feedback(province: str, event_id: str) -> pd.DataFrame:
    """Every response collected at one event in one province (whatever its date), newest first."""
    return db.query(
        """SELECT response_id, response_date, service_code, satisfaction, satisfied(satisfaction) AS satisfied, issue,
                  trim(comment) AS comment
           FROM feedback WHERE province_code = ? AND event_id = ? ORDER BY response_date DESC, response_id""",
        [province, event_id],
    )


@cached
def briefing_event_impact(province: str, event_id: str) -> pd.DataFrame:
    """mart_roadshow_impact for one event in one province, one row per service (service order)."""
    return db.query(
        """SELECT i.service_code, i.event_date, i.rate_before, i.rate_after, i.change_visited, i.change_others,
                  i.impact_pp
           FROM mart_roadshow_impact i JOIN services s USING (service_code)
           WHERE i.province_code = ? AND i.event_id = ? ORDER BY s.sort_order""",
        [province, event_id],
    )
