"""The Feedback page's counts read mart_feedback_monthly (month x province x ministry x level x service x
event x issue) and give the same frames as the core-table SQL they replaced, kept here as the reference
(a warehouse whose mart predates the ministry and level columns is rebuilt by its next load, which
etl/load.py does even when no file is new: etl.marts.state_current); the data check mart_feedback_cells
passes on the sample and fails on a tampered mart. Tickets and comments, which still read core tables (now joining agencies only under an area,
ministry or level filter), are compared with their former SQL too.
"""

from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest
import streamlit as st

from egov import db, filters, read_cache
from egov.reads import feedback, tickets
from etl import marts

# ---- the reference: the SQL the queries ran before the mart had ministry and level -------------------


def ref_source(f, p, extra="TRUE"):
    conds, params = filters.where(f, alias="fb", ministry=False, level=False)
    if f.ministries:
        conds.append("list_contains(?, a.ministry_code)")
        params.append(list(f.ministries))
    if f.levels:
        conds.append("list_contains(?, coalesce(a.level, 'unknown'))")
        params.append(list(f.levels))
    sql = (f"SELECT fb.* FROM feedback fb LEFT JOIN agencies a USING (agency_id) "
           f"WHERE fb.response_date >= ? AND fb.response_date < ? AND {filters.and_(conds)} AND {extra}")
    return sql, [p.start, p.end_exclusive] + params


COUNTS = ("count(*) AS responses, CAST(sum(fb.satisfaction) AS BIGINT) AS satisfaction_sum, "
          "count(*) FILTER (WHERE fb.satisfaction >= 4) AS satisfied")


def ref_satisfaction_by_service(f):
    p = filters.period(f)
    sql, params = ref_source(f, p)
    df = db.query(
        f"""SELECT fb.service_code, count(*) AS responses, CAST(sum(satisfaction) AS BIGINT) AS satisfaction_sum,
                   count(*) FILTER (WHERE satisfaction >= 4) AS satisfied
            FROM ({sql}) fb LEFT JOIN services s USING (service_code)
            GROUP BY fb.service_code, s.sort_order ORDER BY s.sort_order NULLS LAST""", params)
    total = pd.DataFrame([{"service_code": "ALL", "responses": int(df["responses"].sum()),
                           "satisfaction_sum": int(df["satisfaction_sum"].sum()),
                           "satisfied": int(df["satisfied"].sum()),
                           "no_service": int(df.loc[df["service_code"].isna(), "responses"].sum())}])
    return feedback.with_satisfaction(pd.concat([df[df["service_code"].notna()], total], ignore_index=True))


def ref_satisfaction_by_province(f):
    p = filters.period(f)
    sql, params = ref_source(f, p)
    return feedback.with_satisfaction(db.query(
        f"""SELECT fb.province_code, pr.name_th, pr.name_en, {COUNTS}
            FROM ({sql}) fb JOIN provinces pr USING (province_code)
            GROUP BY fb.province_code, pr.name_th, pr.name_en ORDER BY fb.province_code""", params))


def ref_satisfaction_by_event(f):
    p = filters.period(f)
    sql, params = ref_source(f, p, "fb.event_id IS NOT NULL")
    return feedback.with_satisfaction(db.query(
        f"""SELECT fb.event_id, fb.province_code, pr.name_th AS province_th, pr.name_en AS province_en,
                   min(e.event_date) AS event_date, min(e.event_type) AS event_type, min(v.name_th) AS type_th,
                   min(v.name_en) AS type_en, min(e.title) AS title, {COUNTS}
            FROM ({sql}) fb JOIN provinces pr USING (province_code)
            LEFT JOIN events e ON e.event_id = fb.event_id AND e.province_code = fb.province_code
            LEFT JOIN vocabularies v ON v.vocabulary = 'event_type' AND v.code = e.event_type
            GROUP BY fb.event_id, fb.province_code, pr.name_th, pr.name_en
            ORDER BY event_date DESC NULLS LAST, fb.event_id, fb.province_code""", params))


def ref_feedback_issues(f, province=None):
    p = filters.period(f)
    sql, params = ref_source(f, p, "fb.province_code = ?" if province else "TRUE")
    return db.query(
        f"""SELECT fb.issue, v.name_th, v.name_en, count(*) AS responses
            FROM ({sql}) fb LEFT JOIN vocabularies v ON v.vocabulary = 'feedback_issue' AND v.code = fb.issue
            WHERE fb.issue IS NOT NULL AND fb.issue <> 'none'
            GROUP BY ALL ORDER BY responses DESC, fb.issue""", params + ([province] if province else []))


def ref_feedback_issue_totals(f):
    p = filters.period(f)
    sql, params = ref_source(f, p)
    r = db.query(f"""SELECT count(*) AS n, count(*) FILTER (WHERE issue = 'none') AS none,
                            count(*) FILTER (WHERE issue IS NULL) AS blank FROM ({sql})""", params).iloc[0]
    return {k: int(r[k]) for k in ("n", "none", "blank")}


def ref_comment_search(f, needle="", limit=500):
    p = filters.period(f)
    sql, params = ref_source(f, p, "nullif(trim(fb.comment), '') IS NOT NULL")
    return db.query(
        f"""SELECT fb.response_id, fb.response_date, fb.province_code, pr.name_th AS province_th,
                   pr.name_en AS province_en, fb.service_code, fb.satisfaction, fb.issue,
                   v.name_th AS issue_th, v.name_en AS issue_en, trim(fb.comment) AS comment,
                   count(*) OVER () AS matches
            FROM ({sql}) fb JOIN provinces pr USING (province_code)
            LEFT JOIN vocabularies v ON v.vocabulary = 'feedback_issue' AND v.code = fb.issue
            WHERE contains(lower(fb.comment), lower(?))
            ORDER BY fb.response_date DESC, fb.response_id LIMIT ?""", params + [needle, limit])


def ref_ticket_source(f):
    conds, params = filters.where(f, alias="a", service=False)
    if conds:
        conds.append("a.agency_id IS NOT NULL")
    s_conds, s_params = filters.where(f, alias="tk", geo=False, ministry=False, level=False)
    sql = (f"SELECT tk.ticket_id, tk.opened_at, tk.closed_at, tk.service_code, tk.category, tk.channel, "
           f"a.province_code, date_diff('microsecond', tk.opened_at, tk.closed_at) / 3600e6 AS hours "
           f"FROM tickets tk LEFT JOIN agencies a ON a.agency_id = tk.agency_id "
           f"WHERE {filters.and_(conds)} AND {filters.and_(s_conds)}")
    return sql, params + s_params


def ref_ticket(fn, *args):
    """A ticket query's own SQL (uncached) on its former source, which always joined agencies."""
    current = tickets._ticket_source
    tickets._ticket_source = ref_ticket_source
    try:
        return fn.__wrapped__(*args)
    finally:
        tickets._ticket_source = current


# ---- the filters: none, one province, one ministry, one level, one service, a period, and all at once

def filter_cases(path) -> dict[str, filters.Filters]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        province = con.execute("SELECT province_code FROM feedback GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
                               ).fetchone()[0]
        ministry = con.execute("""SELECT a.ministry_code FROM feedback fb JOIN agencies a USING (agency_id)
                                  GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1""").fetchone()[0]
        first, last = con.execute("SELECT min(month), max(month) FROM dim_month").fetchone()
    finally:
        con.close()
    start = filters.add_months(first, 12)
    return {
        "none": filters.Filters(),
        "province": filters.Filters(provinces=(province,)),
        "ministry": filters.Filters(ministries=(ministry,)),
        "level": filters.Filters(levels=("provincial",)),
        "level unknown": filters.Filters(levels=("unknown",)),  # responses naming no agency count here
        "service": filters.Filters(services=("GIN",)),
        "period": filters.Filters(start=start, end=filters.add_months(start, 11)),
        "region": filters.Filters(region_system="region6", regions=("central",)),
        "all at once": filters.Filters(start=start, provinces=(province,), ministries=(ministry,),
                                       levels=("provincial",), services=("GIN", "GCLOUD")),
    }


def test_feedback_counts_equal_the_core_table_sql(sample_db, monkeypatch):
    path = sample_db
    monkeypatch.setenv("EGOV_DB", str(path))
    st.cache_data.clear()
    nonempty = 0
    for name, f in filter_cases(path).items():
        for fn, ref in ((feedback.satisfaction_by_service, ref_satisfaction_by_service),
                        (feedback.satisfaction_by_province, ref_satisfaction_by_province),
                        (feedback.satisfaction_by_event, ref_satisfaction_by_event),
                        (feedback.feedback_issues, ref_feedback_issues)):
            got, want = fn(f), ref(f)
            pd.testing.assert_frame_equal(got, want, obj=f"{fn.__name__} [{name}]")
            nonempty += len(want) > 0
        prov = f.provinces[0] if f.provinces else "10"
        pd.testing.assert_frame_equal(feedback.feedback_issues(f, prov), ref_feedback_issues(f, prov),
                                      obj=f"feedback_issues(province) [{name}]")
        assert feedback.feedback_issue_totals(f) == ref_feedback_issue_totals(f), name
    assert nonempty >= 30  # the cases are not all empty


def test_feedback_counts_with_nothing_in_the_filter(use_sample_db):
    f = filters.Filters(provinces=(read_cache.NO_PROVINCE,))
    assert feedback.feedback_issue_totals(f) == {"n": 0, "none": 0, "blank": 0}
    pd.testing.assert_frame_equal(feedback.satisfaction_by_service(f), ref_satisfaction_by_service(f))
    pd.testing.assert_frame_equal(feedback.satisfaction_by_province(f), ref_satisfaction_by_province(f))


def test_comments_and_tickets_equal_their_former_sql(use_sample_db):
    st.cache_data.clear()
    for name, f in filter_cases(use_sample_db).items():
        for needle in ("", "คู่มือ"):
            pd.testing.assert_frame_equal(feedback.comment_search(f, needle), ref_comment_search(f, needle),
                                          obj=f"comment_search [{name}]")
        for fn, args in ((tickets.ticket_summary, ()), (tickets.ticket_monthly, ()), (tickets.ticket_hourly, ()),
                         (tickets.ticket_breakdown, ("category",)), (tickets.ticket_breakdown, ("channel",))):
            pd.testing.assert_frame_equal(fn(f, *args), ref_ticket(fn, f, *args), obj=f"{fn.__name__} [{name}]")


# ---- the data check --------------------------------------------------------------------------------

CHECK = marts.CHECKS_DIR / "mart_feedback_cells.sql"
TAMPER = {
    "a cell moved to another ministry": """UPDATE mart_feedback_monthly SET ministry_code = 'MOI'
        WHERE rowid = (SELECT min(rowid) FROM mart_feedback_monthly WHERE ministry_code <> 'MOI')""",
    "a cell moved to another level": """UPDATE mart_feedback_monthly SET level = 'local'
        WHERE rowid = (SELECT min(rowid) FROM mart_feedback_monthly WHERE level = 'provincial')""",
    "a cell counted twice": "INSERT INTO mart_feedback_monthly SELECT * FROM mart_feedback_monthly LIMIT 1",
    "a cell lost": "DELETE FROM mart_feedback_monthly WHERE rowid = (SELECT min(rowid) FROM mart_feedback_monthly)",
    "a sum changed": """UPDATE mart_feedback_monthly SET satisfaction_sum = satisfaction_sum + 1
        WHERE rowid = (SELECT max(rowid) FROM mart_feedback_monthly)""",
}


def test_feedback_cells_check_passes_on_the_sample(sample_db):
    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        assert marts.run_check(con, CHECK) is None
        assert con.execute("SELECT count(*) FROM mart_feedback_monthly WHERE ministry_code IS NOT NULL").fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("how", sorted(TAMPER))
def test_feedback_cells_check_fails_on_a_tampered_mart(sample_db, tmp_path, how):
    path = tmp_path / "w.duckdb"
    shutil.copyfile(sample_db, path)
    con = duckdb.connect(str(path))
    try:
        con.execute(TAMPER[how])
        message = marts.run_check(con, CHECK)
        assert message and message.startswith("mart_feedback_cells: "), how
        assert any(m.startswith("mart_feedback_cells: ") for m in marts.run_checks(con))
    finally:
        con.close()
