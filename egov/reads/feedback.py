"""Feedback reads: satisfaction by service, province, event and area, the problems raised, and the
comment search. Counts and sums read the cells of mart_feedback_monthly (feedback_cells); row-level
reads (comments) read the core table (feedback_source)."""

from __future__ import annotations

import unicodedata

import pandas as pd

from egov import db, metrics
from egov.filters import Filters, Period, and_, period, where
from egov.read_cache import benchmark_floor, cached, read_scope


def respondent_conds(f: Filters, conds: list, params: list) -> None:
    """Add the ministry and level filters of a response, which are its agency's (`a`, joined by the caller);
    a response naming no agency has level 'unknown' and no ministry."""
    if f.ministries:
        conds.append("list_contains(?, a.ministry_code)")
        params.append(list(f.ministries))
    if f.levels:
        conds.append("list_contains(?, coalesce(a.level, 'unknown'))")
        params.append(list(f.levels))


def feedback_source(f: Filters, p: Period, extra: str = "TRUE") -> tuple[str, list]:
    """Feedback rows in the period and filter. Read from the core table (not mart_feedback_monthly)
    so that the ministry and level filters apply through the responding agency; a response without an
    agency counts only when neither of those filters is set. For row-level reads (comments); counts
    and sums read _feedback_cells."""
    conds, params = where(f, alias="fb", ministry=False, level=False)
    respondent_conds(f, conds, params)
    # agencies only when a filter needs them (agency_id is unique there: the LEFT JOIN adds no rows)
    join = " LEFT JOIN agencies a USING (agency_id)" if f.ministries or f.levels else ""
    sql = (f"SELECT fb.* FROM feedback fb{join} "
           f"WHERE fb.response_date >= ? AND fb.response_date < ? AND {and_(conds)} AND {extra}")
    return sql, [p.start, p.end_exclusive] + params


def _feedback_cells(f: Filters, p: Period, extra: str = "TRUE") -> tuple[str, list]:
    """Cells of mart_feedback_monthly (month x province x ministry x level x service x event x issue, with
    responses, satisfaction_sum, satisfied) in the period and filter, as alias c: the responses of
    _feedback_source, counted from the mart with no join to agencies."""
    conds, params = where(f, alias="c")
    sql = f"SELECT c.* FROM mart_feedback_monthly c WHERE c.month >= ? AND c.month < ? AND {and_(conds)} AND {extra}"
    return sql, [p.start, p.end_exclusive] + params


_CELL_SUMS = ("CAST(sum(c.responses) AS BIGINT) AS responses, CAST(sum(c.satisfaction_sum) AS BIGINT) AS "
              "satisfaction_sum, CAST(sum(c.satisfied) AS BIGINT) AS satisfied")  # over _feedback_cells


def with_satisfaction(df: pd.DataFrame) -> pd.DataFrame:
    out = []
    for row in df.itertuples(index=False):
        s = metrics.satisfaction_summary(row.responses, row.satisfaction_sum, row.satisfied)
        out.append({"mean": s["mean"], "share_satisfied": s["share_satisfied"], "n": s["n"],
                    "too_few": s["too_few"]})
    return pd.concat([df.reset_index(drop=True), pd.DataFrame(out, columns=["mean", "share_satisfied", "n",
                                                                            "too_few"])], axis=1)


@cached
def satisfaction_by_service(f: Filters) -> pd.DataFrame:
    """Satisfaction over the period per service, plus a row with service_code 'ALL' for every response
    (including those naming no service, counted in its no_service). Columns: responses, satisfaction_sum,
    satisfied, mean, share_satisfied, n, too_few (metrics.satisfaction_summary), no_service."""
    p = period(f)
    sql, params = _feedback_cells(f, p)
    df = db.query(
        f"""SELECT c.service_code, {_CELL_SUMS}
            FROM ({sql}) c LEFT JOIN services s USING (service_code)
            GROUP BY c.service_code, s.sort_order ORDER BY s.sort_order NULLS LAST""",
        params,
    )
    total = pd.DataFrame([{"service_code": "ALL", "responses": int(df["responses"].sum()),
                           "satisfaction_sum": int(df["satisfaction_sum"].sum()),
                           "satisfied": int(df["satisfied"].sum()),
                           "no_service": int(df.loc[df["service_code"].isna(), "responses"].sum())}])
    df = pd.concat([df[df["service_code"].notna()], total], ignore_index=True)
    return with_satisfaction(df)


@cached
def _area_satisfaction(f: Filters, province: str) -> pd.DataFrame:
    """area_satisfaction() before the benchmark floor, with `outside`: the responding agencies plus the
    responses naming no agency outside the reader's province scope."""
    p = period(f)
    sql, params = feedback_source(f.replace(regions=(), provinces=()), p)
    rc = f.region_column
    scope = list(read_scope() or ())
    sums = ("count(*), CAST(sum(satisfaction) AS BIGINT), count(*) FILTER (WHERE satisfied(satisfaction)), "
            "count(DISTINCT agency_id) FILTER (WHERE NOT list_contains(?, province_code)) "
            "+ count(*) FILTER (WHERE agency_id IS NULL AND NOT list_contains(?, province_code))")
    df = db.query(
        f"""WITH fb AS ({sql}), reg AS (SELECT province_code FROM provinces WHERE {rc} =
                (SELECT {rc} FROM provinces WHERE province_code = ?))
            SELECT 'province' AS area, {sums} FROM fb WHERE province_code = ?
            UNION ALL
            SELECT 'region', {sums} FROM fb WHERE province_code IN (SELECT province_code FROM reg)
            UNION ALL
            SELECT 'nation', {sums} FROM fb""",
        params + [province, scope, scope, province, scope, scope, scope, scope],
    )
    df.columns = ["area", "responses", "satisfaction_sum", "satisfied", "outside"]
    return with_satisfaction(df)


def area_satisfaction(f: Filters, province: str) -> pd.DataFrame:
    """Satisfaction over the period in a province, its region and the nation (other filters apply); a
    region or nation row resting on fewer than auth.benchmark_min() agencies or responses outside the
    reader's scope is suppressed (benchmark_floor)."""
    df = benchmark_floor(_area_satisfaction(f, province), ["responses", "satisfaction_sum", "satisfied", "mean",
                                                           "share_satisfied", "n"])
    df.loc[df["suppressed"], "too_few"] = False
    return df


@cached
def feedback_issues(f: Filters, province: str | None = None) -> pd.DataFrame:
    """Responses per issue over the period (issue 'none' and blank left out), with Thai/English labels."""
    p = period(f)
    extra = "c.province_code = ?" if province else "TRUE"
    sql, params = _feedback_cells(f, p, extra)
    return db.query(
        f"""SELECT c.issue, v.name_th, v.name_en, CAST(sum(c.responses) AS BIGINT) AS responses
            FROM ({sql}) c LEFT JOIN vocabularies v ON v.vocabulary = 'feedback_issue' AND v.code = c.issue
            WHERE c.issue IS NOT NULL AND c.issue <> 'none'
            GROUP BY ALL ORDER BY responses DESC, c.issue""",
        params + ([province] if province else []),
    )


@cached
def satisfaction_by_province(f: Filters) -> pd.DataFrame:
    """Satisfaction over the period per province with responses: province_code, name_th, name_en and the
    columns of satisfaction_by_service (mean, share_satisfied, n, too_few from metrics.satisfaction_summary)."""
    p = period(f)
    sql, params = _feedback_cells(f, p)
    df = db.query(
        f"""SELECT c.province_code, pr.name_th, pr.name_en, {_CELL_SUMS}
            FROM ({sql}) c JOIN provinces pr USING (province_code)
            GROUP BY c.province_code, pr.name_th, pr.name_en ORDER BY c.province_code""",
        params,
    )
    return with_satisfaction(df)


@cached
def satisfaction_by_event(f: Filters) -> pd.DataFrame:
    """Satisfaction over the period per event and province (responses naming an event), newest event
    first, with the event's date, type and title (NULL when the event itself was not loaded)."""
    p = period(f)
    sql, params = _feedback_cells(f, p, "c.event_id IS NOT NULL")
    df = db.query(
        f"""SELECT c.event_id, c.province_code, pr.name_th AS province_th, pr.name_en AS province_en,
                   min(e.event_date) AS event_date, min(e.event_type) AS event_type, min(v.name_th) AS type_th,
                   min(v.name_en) AS type_en, min(e.title) AS title, {_CELL_SUMS}
            FROM ({sql}) c JOIN provinces pr USING (province_code)
            LEFT JOIN events e ON e.event_id = c.event_id AND e.province_code = c.province_code
            LEFT JOIN vocabularies v ON v.vocabulary = 'event_type' AND v.code = e.event_type
            GROUP BY c.event_id, c.province_code, pr.name_th, pr.name_en
            ORDER BY event_date DESC NULLS LAST, c.event_id, c.province_code""",
        params,
    )
    return with_satisfaction(df)


@cached
def feedback_issue_totals(f: Filters) -> dict:
    """Responses over the period in the filter: all, those saying 'none' (no problem) and those leaving
    the issue blank: the denominators of the issue chart."""
    p = period(f)
    sql, params = _feedback_cells(f, p)
    r = db.query(
        f"""SELECT coalesce(sum(responses), 0) AS n, coalesce(sum(responses) FILTER (WHERE issue = 'none'), 0) AS none,
                   coalesce(sum(responses) FILTER (WHERE issue IS NULL), 0) AS blank FROM ({sql})""",
        params,
    ).iloc[0]
    return {k: int(r[k]) for k in ("n", "none", "blank")}


SEARCH_MAX_CHARS = 100


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def normalize_search(text: str | None) -> str:
    """A search as typed, made comparable: NFC, invisible characters dropped, whitespace (NBSP too)
    collapsed, at most SEARCH_MAX_CHARS characters."""
    s = unicodedata.normalize("NFC", str(text or "")).translate(_INVISIBLE)
    return " ".join(s.split())[:SEARCH_MAX_CHARS]


def comment_search(f: Filters, text: str | None, limit: int | None = 500) -> pd.DataFrame:
    """Comments over the period in the filter that contain text (literally, ignoring case: no
    wildcards, the text travels as a ? parameter), newest first, at most limit rows (None: all). The
    column matches holds the number found in all. An empty text finds every comment."""
    return _comment_search(f, normalize_search(text), None if limit is None else int(limit))


@cached
def _comment_search(f: Filters, needle: str, limit: int | None) -> pd.DataFrame:
    p = period(f)
    sql, params = feedback_source(f, p, "nullif(trim(fb.comment), '') IS NOT NULL")
    return db.query(
        f"""SELECT fb.response_id, fb.response_date, fb.province_code, pr.name_th AS province_th,
                   pr.name_en AS province_en, fb.service_code, fb.satisfaction, fb.issue,
                   v.name_th AS issue_th, v.name_en AS issue_en, trim(fb.comment) AS comment,
                   count(*) OVER () AS matches
            FROM ({sql}) fb JOIN provinces pr USING (province_code)
            LEFT JOIN vocabularies v ON v.vocabulary = 'feedback_issue' AND v.code = fb.issue
            WHERE contains(lower(fb.comment), lower(?))
            ORDER BY fb.response_date DESC, fb.response_id LIMIT ?""",
        params + [needle, limit],
    )


@cached
def briefing_comments(f: Filters, province: str | None, limit: int = 300) -> pd.DataFrame:
    """Feedback with a written comment from one province (None: the filter's own area) over the period,
    newest first."""
    p = period(f)
    g = f if province is None else Filters(**{**f.__dict__, "regions": (), "provinces": (province,)})
    sql, params = feedback_source(g, p, "nullif(trim(fb.comment), '') IS NOT NULL")
    return db.query(
        f"""SELECT response_id, response_date, event_id, service_code, satisfaction,
                   satisfied(satisfaction) AS satisfied, issue, trim(comment) AS comment
            FROM ({sql}) ORDER BY response_date DESC, response_id LIMIT ?""",
        params + [int(limit)],
    )
