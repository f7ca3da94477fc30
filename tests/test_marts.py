"""The marts (etl/sql/marts) and the data tests (etl/sql/checks) on small hand-made warehouses: rows written
as input files and loaded by the ETL (tests/input_files.py).

Every expected number below is worked out by hand from the definitions in egov/definitions.py.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import marts
from tests.input_files import InputFiles

D = dt.date

MART_COLUMNS = {  # docs/DATA.md: names and columns other engineers build against
    "fct_agency_service_month": ["month", "agency_id", "service_code", "province_code", "ministry_code",
                                 "level", "adopted", "units", "primary_value", "active", "idle_months",
                                 "underused"],
    "mart_adoption_monthly": ["month", "province_code", "ministry_code", "level", "service_code",
                              "eligible", "adopted", "active", "underused", "units"],
    "mart_savings_monthly": ["month", "province_code", "ministry_code", "level", "service_code",
                             "unit_months", "staff_hours_saved", "savings_low_thb", "savings_mid_thb",
                             "savings_high_thb"],
    "mart_feedback_monthly": ["month", "province_code", "ministry_code", "level", "service_code", "event_id",
                              "issue", "responses", "satisfaction_sum", "satisfied"],
    "mart_tickets_monthly": ["month", "province_code", "service_code", "category", "channel", "opened",
                             "closed", "hours_to_close_sum", "backlog_end"],
    "mart_tickets_hourly": ["province_code", "service_code", "weekday", "hour", "tickets"],
    "mart_roadshow_impact": ["event_id", "province_code", "event_date", "service_code", "rate_before",
                             "rate_after", "change_visited", "change_others", "impact_pp"],
    "mart_opportunity": ["province_code", "month", "eligible", "not_adopted", "potential_savings_mid_thb",
                         "open_issues", "open_tickets", "score", "rank"],
    "mart_underused": ["month", "agency_id", "service_code", "province_code", "ministry_code", "level",
                       "idle_months", "units", "idle_since", "last_active"],
}


@pytest.fixture
def wh(tmp_path):
    w = InputFiles(tmp_path)
    yield w
    w.close()


def fct(w, agency_id, service):
    return w.df("SELECT * FROM fct_agency_service_month WHERE agency_id = ? AND service_code = ? ORDER BY month",
                [agency_id, service])


def pd_ts(y, m):
    return pd.Timestamp(y, m, 1)


def months(df):
    return [m.date() if hasattr(m, "date") else m for m in df["month"]]


# --- build ----------------------------------------------------------------------------------------

def test_marts_have_the_documented_columns_even_when_empty(wh):
    wh.build()   # an agencies file with its header alone
    built = wh.rebuild()
    assert built[:3] == ["01_dim_month", "02_dim_agency", "10_fct_agency_service_month"]
    assert built == sorted(built)
    for table, cols in MART_COLUMNS.items():
        assert [c[0] for c in wh.con.execute(f"DESCRIBE {table}").fetchall()] == cols, table
        assert wh.one(f"SELECT count(*) FROM {table}")[0] == 0
    assert wh.checks() == []


def test_build_is_repeatable(wh):
    wh.agency("A1").subscription("A1", "GIN", "2014-01-15").usage_series("A1", "GIN", "2014-01", [0, 5])
    wh.build()
    first = wh.df("SELECT * FROM fct_agency_service_month ORDER BY ALL")
    wh.rebuild()
    assert wh.df("SELECT * FROM fct_agency_service_month ORDER BY ALL").equals(first)


# --- the calendar ---------------------------------------------------------------------------------

def test_months_run_from_first_start_or_usage_to_last_usage_month(wh):
    wh.agency("A1").agency("A2")
    wh.subscription("A1", "GIN", "2013-11-20")                 # earliest: November 2013
    wh.subscription("A2", "GCLOUD", "2014-06-03")              # after the last usage month: not counted
    wh.usage_series("A2", "MAILGOTHAI", "2014-01", [1, 1])     # last usage month: February 2014
    wh.build()
    assert months(wh.df("SELECT month FROM dim_month ORDER BY month")) == [
        D(2013, 11, 1), D(2013, 12, 1), D(2014, 1, 1), D(2014, 2, 1)]
    assert wh.one("SELECT count(*) FROM fct_agency_service_month WHERE service_code = 'GCLOUD'")[0] == 0


def test_months_without_usage_end_at_the_last_subscription_start(wh):
    wh.agency("A1").subscription("A1", "GIN", "2014-01-15").subscription("A1", "GOVMON", "2014-03-31")
    wh.build()
    assert months(wh.df("SELECT month FROM dim_month ORDER BY month")) == [D(2014, 1, 1), D(2014, 2, 1),
                                                                          D(2014, 3, 1)]


# --- adopted, active, idle, underused -------------------------------------------------------------

def test_idle_gin_router_becomes_underused_in_the_third_month(wh):
    wh.agency("A1", province="65")
    wh.subscription("A1", "GIN", "2014-01-15")
    wh.usage_series("A1", "GIN", "2014-01", [0, 0, 0, 0, 5, 0])   # traffic_gb; active above 1
    wh.build()
    f = fct(wh, "A1", "GIN")
    assert months(f) == [D(2014, m, 1) for m in range(1, 7)]
    assert f["adopted"].tolist() == [True] * 6
    assert f["units"].tolist() == [1] * 6
    assert f["active"].tolist() == [False, False, False, False, True, False]
    assert f["idle_months"].tolist() == [1, 2, 3, 4, 0, 1]
    assert f["underused"].tolist() == [False, False, True, True, False, False]
    assert f["primary_value"].tolist() == [0, 0, 0, 0, 5, 0]
    assert set(f["province_code"]) == {"65"}


def test_underused_mart_holds_the_underused_rows_with_idle_since_and_last_active(wh):
    wh.agency("A1", province="65").subscription("A1", "GIN", "2014-01-15")
    wh.usage_series("A1", "GIN", "2014-01", [5, 5, 0, 0, 0, 0, 5, 0, 0, 0])  # active, idle x4, active, idle x3
    wh.agency("A2").subscription("A2", "GIN", "2014-01-15")                  # adopted, never active
    wh.build()
    u = wh.df("SELECT * FROM mart_underused ORDER BY agency_id, month")
    a1, a2 = u[u["agency_id"] == "A1"], u[u["agency_id"] == "A2"]
    assert months(a1) == [D(2014, 5, 1), D(2014, 6, 1), D(2014, 10, 1)]
    assert a1["idle_months"].tolist() == [3, 4, 3]
    assert [pd.Timestamp(x).date() for x in a1["idle_since"]] == [D(2014, 3, 1), D(2014, 3, 1), D(2014, 8, 1)]
    assert [pd.Timestamp(x).date() for x in a1["last_active"]] == [D(2014, 2, 1), D(2014, 2, 1), D(2014, 7, 1)]
    assert months(a2)[0] == D(2014, 3, 1) and a2["last_active"].isna().all()
    assert set(a1["province_code"]) == {"65"} and a1["units"].tolist() == [1, 1, 1]
    # exactly the underused rows of the fact table
    assert wh.one("SELECT count(*) FROM fct_agency_service_month WHERE underused")[0] == len(u)


def test_active_needs_value_strictly_above_the_threshold(wh):
    wh.agency("A1").subscription("A1", "GIN", "2014-01-01")
    wh.usage_series("A1", "GIN", "2014-01", [1, 1.5])               # GIN threshold is 1 (services.csv)
    wh.usage("2014-03", "A1", "GIN", 99, metric="uptime_pct")       # not the primary metric
    wh.build()
    f = fct(wh, "A1", "GIN")
    assert f["active"].tolist() == [False, True, False]
    assert f["primary_value"].isna().tolist() == [False, False, True]
    assert f["idle_months"].tolist() == [1, 0, 1]


def test_subscription_ending_on_the_last_day_is_not_adopted_that_month(wh):
    wh.agency("A1").agency("A2").agency("A3")
    wh.subscription("A1", "GCLOUD", "2014-01-01", end="2014-03-31")   # ends at March's end: not adopted in March
    wh.subscription("A2", "GCLOUD", "2014-01-01", end="2014-04-01")   # still running at March's end
    wh.subscription("A3", "GCLOUD", "2014-02-28")                      # starts on February's last day
    wh.usage_series("A3", "GCLOUD", "2014-01", [0, 0, 0, 0, 0])        # data to May
    wh.build()
    assert months(fct(wh, "A1", "GCLOUD")) == [D(2014, 1, 1), D(2014, 2, 1)]
    assert months(fct(wh, "A2", "GCLOUD")) == [D(2014, 1, 1), D(2014, 2, 1), D(2014, 3, 1)]
    a3 = fct(wh, "A3", "GCLOUD")
    assert a3["adopted"].tolist() == [False, True, True, True, True]   # January: usage, not adopted
    assert a3["units"].tolist() == [0, 1, 1, 1, 1]
    assert a3["idle_months"].tolist() == [0, 1, 2, 3, 4]


def test_a_month_not_adopted_breaks_the_idle_run(wh):
    wh.agency("A1")
    wh.subscription("A1", "GIN", "2014-01-01", end="2014-03-15")   # adopted January, February
    wh.subscription("A1", "GIN", "2014-04-10", units=2)             # adopted again from April
    wh.usage_series("A1", "MAILGOTHAI", "2014-01", [1] * 6)         # another service sets the calendar to June
    wh.build()
    f = fct(wh, "A1", "GIN")
    assert months(f) == [D(2014, 1, 1), D(2014, 2, 1), D(2014, 4, 1), D(2014, 5, 1), D(2014, 6, 1)]
    assert f["idle_months"].tolist() == [1, 2, 1, 2, 3]
    assert f["underused"].tolist() == [False, False, False, False, True]
    assert f["units"].tolist() == [1, 1, 2, 2, 2]


def test_overlapping_subscriptions_add_their_units_and_usage_alone_is_not_adoption(wh):
    wh.agency("A1")
    wh.subscription("A1", "MAILGOTHAI", "2014-01-05", units=300)
    wh.subscription("A1", "MAILGOTHAI", "2014-02-01", end="2014-03-01", units=50)
    wh.usage_series("A1", "MAILGOTHAI", "2014-01", [280, 340, 0])
    wh.usage("2014-03", "A1", "GOVMON", 12)                           # used, never subscribed
    wh.build()
    f = fct(wh, "A1", "MAILGOTHAI")
    assert f["units"].tolist() == [300, 350, 300]
    assert f["active"].tolist() == [True, True, False]                # MailGoThai threshold 0
    g = fct(wh, "A1", "GOVMON")
    assert g[["adopted", "units", "active", "idle_months", "underused"]].values.tolist() == [
        [False, 0, False, 0, False]]


# --- mart_adoption_monthly ------------------------------------------------------------------------

def test_adoption_mart_is_dense_with_unknown_level(wh):
    wh.agency("A1", province="65", ministry="MOI", level="provincial")
    wh.agency("A2", province="65", ministry="MOI", level="provincial")
    wh.agency("A3", province="65", ministry="MOI", level=None)
    wh.agency("A4", province="10", ministry="MOF", level="central")
    wh.subscription("A1", "GIN", "2014-01-15", units=2)
    wh.subscription("A2", "GIN", "2014-02-01")
    wh.subscription("A3", "GIN", "2014-01-01")
    wh.usage_series("A1", "GIN", "2014-01", [0, 0, 0])
    wh.usage_series("A2", "GIN", "2014-02", [10, 10])
    wh.build()
    assert wh.one("SELECT count(*) FROM mart_adoption_monthly")[0] == 3 * 3 * 4   # months x cells x services
    gin = wh.df("""SELECT month, level, eligible, adopted, active, underused, units FROM mart_adoption_monthly
                   WHERE province_code = '65' AND service_code = 'GIN' ORDER BY level, month""")
    assert gin.drop(columns="month").values.tolist() == [
        ["provincial", 2, 1, 0, 0, 2],      # January: A1 idle 1
        ["provincial", 2, 2, 1, 0, 3],      # February: A1 idle 2, A2 active
        ["provincial", 2, 2, 1, 1, 3],      # March: A1 idle 3 -> underused
        ["unknown", 1, 1, 0, 0, 1],         # A3: adopted, no usage reported -> idle
        ["unknown", 1, 1, 0, 0, 1],
        ["unknown", 1, 1, 0, 1, 1],
    ]
    empty = wh.df("SELECT eligible, adopted, units FROM mart_adoption_monthly WHERE province_code = '10'")
    assert empty.values.tolist() == [[1, 0, 0]] * 12


# --- mart_savings_monthly -------------------------------------------------------------------------

def test_savings_exact_baht(wh):
    wh.cost("GIN", 12000, 24000, 36000, staff_hours=12, staff_cost=100)
    wh.agency("A1", province="65")
    wh.subscription("A1", "GIN", "2014-01-20", units=3)
    wh.usage_series("A1", "GIN", "2014-01", [5, 5])
    wh.build()
    s = wh.df("SELECT * FROM mart_savings_monthly ORDER BY month")
    # per month: 3 unit-months; staff 3/12 x 12 = 3 h x 100 = 300 THB; low 3 x 12000/12 = 3000 + 300
    assert s[["unit_months", "staff_hours_saved", "savings_low_thb", "savings_mid_thb", "savings_high_thb"]
             ].values.tolist() == [[3, 3.0, 3300.0, 6300.0, 9300.0]] * 2
    assert s[["savings_low_thb", "savings_mid_thb", "savings_high_thb"]].sum().tolist() == [6600.0, 12600.0,
                                                                                           18600.0]


def test_savings_rows_only_where_units_in_use(wh):
    wh.agency("A1").subscription("A1", "GIN", "2014-01-01", units=0)   # adopted with 0 units
    wh.agency("A2").subscription("A2", "GOVMON", "2014-02-01", units=4)
    wh.usage_series("A2", "GOVMON", "2014-01", [0, 0])
    wh.build()
    s = wh.df("SELECT month, service_code, unit_months FROM mart_savings_monthly")
    assert s.values.tolist() == [[pd_ts(2014, 2), "GOVMON", 4]]


# --- feedback and tickets -------------------------------------------------------------------------

def test_feedback_mart_counts_and_sums(wh):
    wh.event("E1", "2014-03-10", "65")
    for score in (5, 4, 3, 1):
        wh.feedback("2014-03-10", "65", score, service="GIN", issue="router_underused", event_id="E1")
    wh.feedback("2014-03-28", "65", 4, service="GIN", issue="router_underused", event_id="E1")
    wh.feedback("2014-04-02", "65", 2)   # no service, no issue, no event
    wh.build()
    f = wh.df("SELECT * FROM mart_feedback_monthly ORDER BY month")
    assert f[["service_code", "event_id", "issue", "responses", "satisfaction_sum", "satisfied"]
             ].iloc[0].tolist() == ["GIN", "E1", "router_underused", 5, 17, 3]
    assert f["responses"].tolist() == [5, 1]
    assert f.iloc[1][["service_code", "issue"]].isna().all()
    assert f["ministry_code"].isna().all() and f["level"].tolist() == ["unknown", "unknown"]  # no agency


def test_feedback_mart_takes_ministry_and_level_from_the_agency(wh):
    wh.agency("A1", province="10", ministry="MOPH", level="central").agency("A2", ministry="MOI", level=None)
    wh.feedback("2014-03-10", "65", 5, service="GIN", agency_id="A1")   # province stays the response's
    wh.feedback("2014-03-11", "65", 3, service="GIN", agency_id="A1")
    wh.feedback("2014-03-12", "65", 4, service="GIN", agency_id="A2")
    wh.feedback("2014-03-13", "65", 2, service="GIN")
    wh.build()
    f = wh.df("""SELECT province_code, ministry_code, level, responses, satisfaction_sum, satisfied
                 FROM mart_feedback_monthly ORDER BY ministry_code NULLS LAST""")
    assert f.astype(object).where(f.notna(), None).values.tolist() == [
        ["65", "MOI", "unknown", 1, 4, 1], ["65", "MOPH", "central", 2, 8, 1], ["65", None, "unknown", 1, 2, 0]]
    assert wh.checks() == []


def test_ticket_backlog_and_hours(wh):
    wh.agency("A1", province="65")
    wh.subscription("A1", "GIN", "2014-01-01")
    wh.usage_series("A1", "GIN", "2014-01", [5, 5, 5, 5])                          # data to April
    wh.ticket("T1", "2014-01-10 09:30", "2014-01-20 09:30", agency_id="A1")       # 240 h
    wh.ticket("T2", "2014-01-31 23:00", "2014-03-01 01:00", agency_id="A1")       # 674 h, open over Feb's end
    wh.ticket("T3", "2014-02-05 14:00", None, agency_id="A1")                      # never closed
    wh.ticket("T4", "2014-02-28 23:59:59", "2014-03-01 00:00:00", agency_id=None,
              service="GCLOUD", category=None, channel="web")                       # no province, 1 s
    wh.build()
    t = wh.df("""SELECT month, opened, closed, hours_to_close_sum, backlog_end FROM mart_tickets_monthly
                 WHERE province_code = '65' ORDER BY month""")
    assert t.values.tolist() == [
        [pd_ts(2014, 1), 2, 1, 240.0, 1],
        [pd_ts(2014, 2), 1, 0, 0.0, 2],
        [pd_ts(2014, 3), 0, 1, 674.0, 1],
        [pd_ts(2014, 4), 0, 0, 0.0, 1],
    ]
    other = wh.df("""SELECT month, opened, closed, hours_to_close_sum, backlog_end FROM mart_tickets_monthly
                     WHERE province_code IS NULL ORDER BY month""")
    assert other.values.tolist() == [[pd_ts(2014, 2), 1, 0, 0.0, 1], [pd_ts(2014, 3), 0, 1, 1 / 3600, 0]]
    h = wh.df("SELECT coalesce(province_code, '-') AS p, * EXCLUDE (province_code) FROM mart_tickets_hourly "
              "ORDER BY province_code NULLS LAST, weekday, hour")
    assert h.values.tolist() == [
        ["65", "GIN", 3, 14, 1],    # 2014-02-05 Wednesday 14:00
        ["65", "GIN", 5, 9, 1],     # 2014-01-10 Friday 09:30
        ["65", "GIN", 5, 23, 1],    # 2014-01-31 Friday 23:00
        ["-", "GCLOUD", 5, 23, 1],   # 2014-02-28 Friday 23:59, no agency so no province
    ]
    assert wh.checks() == []


# --- roadshow impact ------------------------------------------------------------------------------

def roadshow_warehouse(wh):
    """Phitsanulok (65) visited in May 2014; Sukhothai (64) not visited; Chiang Mai (50) visited in July.

    GIN eligible 4 in each. Adopted at February (m-3) and November (m+6):
      65: 1 -> 3 (rate 0.25 -> 0.75, change 0.50)
      64: 1 -> 2 (rate 0.25 -> 0.50, change 0.25)  the only province with no event in Feb-Nov
      50: 0 -> 4 (excluded from the comparison: its own event falls inside the window)
    """
    for p, prefix in (("65", "P"), ("64", "S"), ("50", "C")):
        wh.agencies(prefix, 4, province=p)
    wh.subscription("P1", "GIN", "2014-01-05").subscription("P2", "GIN", "2014-06-01")
    wh.subscription("P3", "GIN", "2014-09-01")
    wh.subscription("S1", "GIN", "2014-01-05").subscription("S2", "GIN", "2014-08-01")
    for a in ("C1", "C2", "C3", "C4"):
        wh.subscription(a, "GIN", "2014-10-01")
    wh.usage("2014-12", "P1", "GIN", 10)           # data end: December 2014
    wh.event("E1", "2014-05-10", "65")
    wh.event("E2", "2014-07-01", "50")             # m + 6 = January 2015: after the data
    return wh


def test_roadshow_impact_exact_percentage_points(wh):
    roadshow_warehouse(wh).build()
    r = wh.df("SELECT * FROM mart_roadshow_impact WHERE event_id = 'E1' AND service_code = 'GIN'")
    assert r[["province_code", "rate_before", "rate_after", "change_visited", "change_others", "impact_pp"]
             ].values.tolist() == [["65", 0.25, 0.75, 0.5, 0.25, 25.0]]
    assert r["event_date"].tolist() == [pd_ts(2014, 5).replace(day=10)]
    others = wh.df("SELECT impact_pp FROM mart_roadshow_impact WHERE event_id = 'E1' AND service_code <> 'GIN'")
    assert others["impact_pp"].tolist() == [0.0, 0.0, 0.0]
    assert wh.one("SELECT count(*) FROM mart_roadshow_impact")[0] == 2 * 4


def test_roadshow_impact_is_null_when_the_after_month_is_past_the_data(wh):
    roadshow_warehouse(wh).build()
    r = wh.df("SELECT * FROM mart_roadshow_impact WHERE event_id = 'E2'")
    assert len(r) == 4
    assert r[["rate_before", "rate_after", "change_visited", "change_others", "impact_pp"]].isna().all().all()


def test_roadshow_before_the_data_counts_as_not_adopted(wh):
    wh.agencies("P", 2, province="65")
    wh.agencies("S", 2, province="64")
    wh.subscription("P1", "GIN", "2014-02-01")
    wh.usage("2014-08", "P1", "GIN", 10)
    wh.event("E1", "2014-02-15", "65")              # m - 3 = November 2013, before the data
    wh.build()
    r = wh.df("SELECT rate_before, rate_after, change_others, impact_pp FROM mart_roadshow_impact "
              "WHERE service_code = 'GIN'")
    assert r.values.tolist() == [[0.0, 0.5, 0.0, 50.0]]


# --- opportunity ----------------------------------------------------------------------------------

def test_opportunity_rank_and_potential(wh):
    wh.cost("GIN", 6000, 12000, 24000, staff_hours=0, staff_cost=0)       # mid: 1,000 THB a unit-month
    wh.agency("X1", province="65").agency("X3", province="65")
    wh.agency("X2", province="64").agency("X4", province="64").agency("X5", province="64")
    wh.subscription("X1", "GIN", "2014-01-01", units=2)   # 12 months x 2 units = 24,000 THB, 12 agency-months
    wh.subscription("X2", "GIN", "2014-07-01")            # 6 months x 1 unit  =  6,000 THB,  6 agency-months
    wh.usage_series("X1", "GIN", "2014-01", [5] * 12)     # data: January-December 2014
    # national mid saving per adopted agency-year: 30,000 / (18 / 12) = 20,000 THB
    wh.feedback("2014-03-10", "64", 3, issue="training")        # counts
    wh.feedback("2014-04-01", "64", 5, issue="none")            # no problem
    wh.feedback("2014-04-02", "64", 5)                          # no issue given
    wh.feedback("2013-12-31", "64", 2, issue="bandwidth")       # before the last 12 months
    wh.ticket("T1", "2014-05-01 10:00", None, agency_id="X1")   # open
    wh.ticket("T2", "2014-05-01 10:00", "2014-05-02 10:00", agency_id="X1")
    wh.ticket("T3", "2014-05-01 10:00", None, agency_id=None)   # no province
    wh.build()
    o = wh.df("SELECT * FROM mart_opportunity ORDER BY rank, province_code")
    assert len(o) == wh.one("SELECT count(*) FROM provinces")[0]
    top = o.head(2)
    assert top[["province_code", "eligible", "not_adopted", "potential_savings_mid_thb", "open_issues",
                "open_tickets", "score", "rank"]].values.tolist() == [
        ["64", 3, 2 + 3 * 3, 40000.0, 1, 0, 40000.0, 1],
        ["65", 2, 1 + 2 * 3, 20000.0, 0, 1, 20000.0, 2],
    ]
    assert set(o["month"]) == {pd_ts(2014, 12)}
    rest = o.iloc[2:]
    assert (rest["rank"] == 3).all() and (rest["score"] == 0).all() and (rest["eligible"] == 0).all()
    assert wh.checks() == []


# --- the data tests -------------------------------------------------------------------------------

def good_warehouse(wh):
    """A bit of everything, all valid."""
    roadshow_warehouse(wh)
    wh.usage_series("P1", "GIN", "2014-01", [0, 0, 0, 0, 3])
    wh.subscription("S3", "MAILGOTHAI", "2014-03-01", end="2014-09-30", units=120)
    wh.usage_series("S3", "MAILGOTHAI", "2014-03", [100, 110, 0])
    wh.feedback("2014-05-10", "65", 5, service="GIN", event_id="E1", issue="none")
    wh.feedback("2014-05-10", "65", 2, service="GIN", event_id="E1", issue="router_underused")
    wh.ticket("T1", "2014-02-01 08:00", "2014-02-03 08:00", agency_id="P1")
    wh.ticket("T2", "2014-06-01 08:00", None, agency_id="S3", service="MAILGOTHAI", category="account")
    return wh


@pytest.fixture(scope="module")
def good_db(tmp_path_factory):
    w = good_warehouse(InputFiles(tmp_path_factory.mktemp("good")))
    w.build()
    w.close()
    return w.folder / "adoption.duckdb"


@pytest.fixture
def good(good_db, tmp_path):
    """A copy of the good warehouse, to break."""
    w = InputFiles.opened(shutil.copy(good_db, tmp_path / "adoption.duckdb"))
    yield w
    w.close()


def test_all_checks_pass_on_a_good_warehouse(good):
    assert good.checks() == []
    assert len(marts.check_files()) >= 20


def test_every_check_says_what_it_asserts():
    for path in marts.check_files():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("-- asserts: "), path.name


# Rows the ETL would refuse, written into a loaded warehouse behind its back (the data tests are the last
# guard: against a bug in the loader, or a warehouse changed by hand): the check named must catch each.
BREAKS = {
    "unique_usage_monthly":  # same key as an existing row
        "INSERT INTO usage_monthly VALUES (DATE '2014-02-01', 'P1', 'GIN', 'traffic_gb', 0, 0)",
    "relationships_usage_agency": "INSERT INTO usage_monthly VALUES (DATE '2014-02-01', 'NOPE', 'GIN', 'traffic_gb', "
                                  "4, 0)",
    "accepted_range_satisfaction": "INSERT INTO feedback (response_id, response_date, province_code, satisfaction, "
                                   "load_id) VALUES ('BAD', DATE '2014-05-11', '65', 7, 0)",
    "relationships_agency_province": "INSERT INTO agencies VALUES ('Z1', 'Agency Z1', 'MDES', NULL, '99', "
                                     "'provincial', 0)",
    "relationships_agency_ministry": "INSERT INTO agencies VALUES ('Z1', 'Agency Z1', 'MOX', NULL, '10', "
                                     "'provincial', 0)",
    "relationships_subscriptions_agency": "INSERT INTO subscriptions VALUES ('NOPE', 'GIN', DATE '2014-01-01', NULL, "
                                          "1, 0)",
    "relationships_service_code": "INSERT INTO subscriptions VALUES ('P4', 'GFIN', DATE '2014-01-01', NULL, 1, 0)",
    "relationships_feedback_events_province": "INSERT INTO events VALUES ('E9', DATE '2014-03-01', '00', 'roadshow', "
                                              "NULL, NULL, NULL, 0)",
    "accepted_values_usage_month": "INSERT INTO usage_monthly VALUES (DATE '2014-03-15', 'P2', 'GIN', 'traffic_gb', 1, "
                                   "0)",
    "valid_subscriptions": "INSERT INTO subscriptions VALUES ('P4', 'GOVMON', DATE '2014-05-01', DATE '2014-04-01', 1, "
                           "0)",
    "valid_tickets": "INSERT INTO tickets VALUES ('T9', TIMESTAMP '2014-05-02 10:00', TIMESTAMP '2014-05-01 10:00', "
                     "'P1', 'GIN', 'connectivity', 'phone', 0)",
    "valid_cost_assumptions": "UPDATE cost_assumptions SET cost_low_thb_per_unit_year = 50000, "
                              "cost_mid_thb_per_unit_year = 40000, cost_high_thb_per_unit_year = 60000 "
                              "WHERE service_code = 'GIN'",
}


@pytest.mark.parametrize("check", sorted(BREAKS))
def test_each_check_fails_on_a_warehouse_broken_on_purpose(good, check):
    good.con.execute(BREAKS[check])
    good.rebuild()
    failures = good.checks()
    names = [f.split(":")[0] for f in failures]
    assert check in names, failures
    message = failures[names.index(check)]
    assert message.startswith(f"{check}: ") and " rows, e.g. " in message


MART_BREAKS = {
    "mart_adoption_bounds": "UPDATE mart_adoption_monthly SET adopted = eligible + 1 WHERE service_code = 'GIN'",
    "mart_adoption_matches_fct": "UPDATE mart_adoption_monthly SET active = 0 WHERE service_code = 'GIN'",
    "mart_savings_reconcile": "UPDATE mart_savings_monthly SET unit_months = unit_months + 1",
    "mart_savings_order": "UPDATE mart_savings_monthly SET savings_low_thb = savings_high_thb + 1",
    "mart_fct_flags": "UPDATE fct_agency_service_month SET underused = true WHERE NOT adopted OR idle_months < 3",
    "mart_unique_fct_agency_service_month": "INSERT INTO fct_agency_service_month "
                                            "SELECT * FROM fct_agency_service_month LIMIT 1",
    "mart_adoption_dense": "DELETE FROM mart_adoption_monthly WHERE month = (SELECT max(month) FROM dim_month)",
    "mart_tickets_reconcile": "UPDATE mart_tickets_monthly SET backlog_end = backlog_end + 1",
    "mart_feedback_reconcile": "DELETE FROM mart_feedback_monthly WHERE satisfied = 0",
    "mart_feedback_cells": "UPDATE mart_feedback_monthly SET level = 'central'",  # totals still reconcile
}


@pytest.mark.parametrize("check", sorted(MART_BREAKS))
def test_mart_checks_catch_a_tampered_mart(good, check):
    good.con.execute(MART_BREAKS[check])
    names = [f.split(":")[0] for f in good.checks()]
    assert check in names


def test_run_checks_message_names_the_count_and_first_row(good):
    good.con.execute("INSERT INTO feedback (response_id, response_date, province_code, satisfaction, load_id) "
                     "VALUES ('BAD1', DATE '2014-05-11', '65', 7, 0), ('BAD2', DATE '2014-05-12', '65', 0, 0)")
    good.rebuild()
    msg = [f for f in good.checks() if f.startswith("accepted_range_satisfaction")]
    assert msg == ["accepted_range_satisfaction: 2 rows, e.g. response_id='BAD1', satisfaction=7"] or \
        msg == ["accepted_range_satisfaction: 2 rows, e.g. response_id='BAD2', satisfaction=0"]


def test_a_check_that_cannot_run_is_reported(good):
    good.con.execute("DROP TABLE mart_opportunity")
    failures = good.checks()
    assert any(f.startswith("mart_unique_opportunity: error") for f in failures)


# --- idle runs against a month-by-month reference -------------------------------------------------

# Each month: (adopted?, GIN traffic reported that month or None)
MONTH_STATE = st.tuples(st.booleans(), st.sampled_from([None, 0.0, 1.0, 5.0]))


def _idle_reference(states):
    """The definitions, walked month by month: rows, active, idle_months, underused."""
    out, run = [], 0
    for i, (adopted, value) in enumerate(states):
        active = adopted and value is not None and value > 1
        run = run + 1 if adopted and not active else 0
        if adopted or value is not None:
            out.append((i, adopted, active, run, run >= 3))
    return out


@pytest.mark.slow  # a load by the ETL per example
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MONTH_STATE, min_size=1, max_size=14))
def test_idle_months_match_a_month_by_month_walk(states):
    with tempfile.TemporaryDirectory() as folder:
        w = InputFiles(folder)
        try:
            w.agency("A1").agency("CAL")
            w.usage_series("CAL", "MAILGOTHAI", "2014-01", [1] * len(states))   # fixes the calendar
            first = None
            for i, (adopted, value) in enumerate(states + [(False, None)]):
                if adopted and first is None:
                    first = i
                if not adopted and first is not None:   # close the run: ends on the 1st of month i
                    y, m = divmod(2014 * 12 + i, 12)
                    y0, m0 = divmod(2014 * 12 + first, 12)
                    w.subscription("A1", "GIN", f"{y0}-{m0 + 1:02d}-01", end=f"{y}-{m + 1:02d}-01")
                    first = None
                if value is not None and i < len(states):
                    y, m = divmod(2014 * 12 + i, 12)
                    w.usage(f"{y}-{m + 1:02d}", "A1", "GIN", value)
            w.build()
            got = w.df("""SELECT date_diff('month', DATE '2014-01-01', month) AS i, adopted, active,
                                 idle_months, underused
                          FROM fct_agency_service_month WHERE agency_id = 'A1' ORDER BY month""")
            assert [tuple(r) for r in got.itertuples(index=False)] == _idle_reference(states)
            assert w.checks() == []
        finally:
            w.close()


# --- the definitions (etl/sql/definitions.sql) ----------------------------------------------------

def test_definitions_wait_for_the_marts_they_read_and_name_their_file(wh, monkeypatch, tmp_path):
    """A macro reading a mart is created once that mart is built (`-- after: <table>`), the others before any
    mart; an `after` no mart builds, or a definition that fails, stops the build naming definitions.sql."""
    order = [after for after, _ in marts.definitions()]
    assert order[0] is None and {"dim_month", "dim_agency", "mart_savings_monthly"} <= set(order)
    wh.agency("A1").subscription("A1", "GIN", "2014-01-15").usage_series("A1", "GIN", "2014-01", [0, 5])
    wh.build()
    assert wh.one("SELECT satisfied(5), satisfied(4), satisfied(3)") == (True, True, False)
    assert wh.df("SELECT * FROM opportunity(NULL, NULL, NULL) ORDER BY rank, province_code").equals(
        wh.df("SELECT * FROM mart_opportunity"))
    assert wh.one("SELECT count(*) FROM mart_opportunity")[0] == wh.one("SELECT count(*) FROM provinces")[0] > 0
    bad = tmp_path / "definitions.sql"
    text = marts.DEFINITIONS.read_text(encoding="utf-8")
    bad.write_text(text.replace("-- after: dim_agency", "-- after: dim_agencies"), encoding="utf-8")
    monkeypatch.setattr(marts, "DEFINITIONS", bad)
    with pytest.raises(RuntimeError, match=r"definitions.sql: no mart builds \['dim_agencies'\]"):
        marts.build_marts(wh.con)
    bad.write_text("CREATE OR REPLACE MACRO satisfied(score) AS score >= \n;\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="definitions.sql failed"):
        marts.build_marts(wh.con)
