"""One definition per number: every metric the dashboard reads, under each filter dimension, equals an
independent computation written here in pandas from the core tables (agencies, subscriptions,
usage_monthly, feedback, tickets) and the reference tables (services, cost_assumptions, provinces) of
the real sample warehouse. The definitions are the DuckDB macros of etl/sql/definitions.sql, stored in
the warehouse and called by the marts unfiltered and by the reads with the filters; a filtered read and
the unfiltered one agree by construction, and the last tests here show it.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil

import duckdb
import numpy as np
import pandas as pd
import pytest
import streamlit as st

from egov import db
from egov.filters import Filters, add_months, period
from egov.reads import adoption as adoption_reads
from egov.reads import feedback as feedback_reads
from egov.reads import opportunity as opportunity_reads
from egov.reads import savings as savings_reads
from egov.reads import tickets as ticket_reads
from etl import marts
from etl.load import run

REL = 1e-9  # sums of doubles taken in another order


# ---- the core tables, and the metrics computed from them in pandas -------------------------------------

class Core:
    """The core and reference tables of a warehouse as DataFrames, and each metric computed from them."""

    def __init__(self, path):
        con = duckdb.connect(str(path), read_only=True)
        try:
            get = lambda table: con.execute(f"SELECT * FROM {table}").df()  # noqa: E731 (fixed table names)
            self.agencies = get("agencies")
            self.subs = get("subscriptions")
            self.usage = get("usage_monthly")
            self.services = get("services").sort_values(["sort_order", "service_code"])
            self.costs = get("cost_assumptions").set_index("service_code")
            self.provinces = get("provinces")
            self.feedback = get("feedback")
            self.tickets = get("tickets")
        finally:
            con.close()
        self.agencies["level"] = self.agencies["level"].fillna("unknown")
        self.subs["start_date"] = pd.to_datetime(self.subs["start_date"])
        self.subs["end_date"] = pd.to_datetime(self.subs["end_date"])
        self.usage["month"] = pd.to_datetime(self.usage["month"])
        self.feedback["response_date"] = pd.to_datetime(self.feedback["response_date"])
        # the data's months: from the first subscription start or usage month to the last usage month
        first = min(self.subs["start_date"].min().to_period("M"), self.usage["month"].min().to_period("M"))
        last = self.usage["month"].max().to_period("M")
        self.months = [p.to_timestamp().date() for p in pd.period_range(first, last, freq="M")]
        # the primary metric's value per agency, service and month
        prim = self.usage.merge(self.services[["service_code", "primary_metric", "active_threshold"]],
                                on="service_code")
        prim = prim[prim["metric"] == prim["primary_metric"]]
        self.primary = prim.groupby(["month", "agency_id", "service_code"])["value"].sum()
        self.threshold = self.services.set_index("service_code")["active_threshold"]
        self._states: dict = {}

    # -- agencies and services in a filter --

    def agencies_in(self, f: Filters) -> pd.DataFrame:
        a = self.agencies
        if f.regions:
            codes = self.provinces.loc[self.provinces[f.region_column].isin(f.regions), "province_code"]
            a = a[a["province_code"].isin(codes)]
        if f.provinces:
            a = a[a["province_code"].isin(f.provinces)]
        if f.ministries:
            a = a[a["ministry_code"].isin(f.ministries)]
        if f.levels:
            a = a[a["level"].isin(f.levels)]
        return a

    def services_in(self, f: Filters) -> list[str]:
        return [s for s in self.services["service_code"] if not f.services or s in f.services]

    def period(self, f: Filters) -> tuple[dt.date, dt.date, dt.date | None]:
        start, end = f.start or self.months[0], f.end or self.months[-1]
        inside = [m for m in self.months if start <= m <= end]
        return start, end, (inside[-1] if inside else None)

    # -- adoption: one month's state of every agency-service pair with a subscription or usage --

    def state(self, month: dt.date) -> pd.DataFrame:
        """agency_id, service_code, units (0 when not adopted), adopted, active, for one month."""
        if month not in self._states:
            month_end = pd.Timestamp(month) + pd.offsets.MonthEnd(0)
            s = self.subs
            on = s[(s["start_date"] <= month_end) & (s["end_date"].isna() | (s["end_date"] > month_end))]
            units = on.groupby(["agency_id", "service_code"])["units"].sum().rename("units")
            value = self.primary.xs(pd.Timestamp(month), level="month") if pd.Timestamp(month) in \
                self.primary.index.get_level_values("month") else pd.Series(dtype=float)
            df = pd.concat([units, value.rename("value")], axis=1).reset_index()
            df.columns = ["agency_id", "service_code", "units", "value"]
            df["adopted"] = df["units"].notna()
            df["units"] = df["units"].fillna(0).astype("int64")
            df["active"] = df["adopted"] & (df["value"] > df["service_code"].map(self.threshold)).fillna(False)
            self._states[month] = df
        return self._states[month]

    def snapshot(self, f: Filters, month: dt.date) -> pd.DataFrame:
        """Per service in the filter: eligible, adopted, active, underused at the month."""
        ags = self.agencies_in(f)
        idle = []
        for back in range(3):  # underused: adopted and not active this month and the two before
            m = self.state(add_months(month, -back))
            idle.append(set(map(tuple, m.loc[m["adopted"] & ~m["active"], ["agency_id", "service_code"]]
                                .to_numpy())))
        now = self.state(month)
        now = now[now["agency_id"].isin(ags["agency_id"])]
        rows = []
        for svc in self.services_in(f):
            x = now[now["service_code"] == svc]
            pairs = set(map(tuple, x[["agency_id", "service_code"]].to_numpy()))
            rows.append({"service_code": svc, "eligible": len(ags), "adopted": int(x["adopted"].sum()),
                         "active": int(x["active"].sum()), "underused": len(pairs & idle[0] & idle[1] & idle[2])})
        return pd.DataFrame(rows)

    # -- savings: units in use summed over months, priced per service --

    def unit_months(self, f: Filters, months: list[dt.date], everyone: bool = False) -> pd.DataFrame:
        """agency_id, service_code, unit_months, adopted_months over the months (agencies and services of
        the filter, or every one)."""
        parts = [self.state(m).assign(month=m) for m in months]
        df = pd.concat(parts, ignore_index=True)
        if not everyone:
            df = df[df["agency_id"].isin(self.agencies_in(f)["agency_id"])
                    & df["service_code"].isin(self.services_in(f))]
        return df.groupby("service_code").agg(unit_months=("units", "sum"), adopted_months=("adopted", "sum"))

    def savings(self, f: Filters, assumptions: pd.DataFrame | None = None) -> pd.DataFrame:
        start, end, _ = self.period(f)
        um = self.unit_months(f, [m for m in self.months if start <= m <= end])
        um = um[um["unit_months"] > 0]
        a = (self.costs if assumptions is None else assumptions).reindex(um.index)
        u = um["unit_months"].astype(float)
        out = pd.DataFrame({"unit_months": um["unit_months"]})
        out["staff_hours_saved"] = u / 12 * a["staff_hours_saved_per_unit_year"]
        for s in ("low", "mid", "high"):
            out[f"savings_{s}_thb"] = (u * a[f"cost_{s}_thb_per_unit_year"] / 12
                                       + out["staff_hours_saved"] * a["staff_cost_thb_per_hour"])
        return out

    # -- feedback --

    def feedback_in(self, f: Filters, start: dt.date | None = None, end: dt.date | None = None,
                    unknown_level: bool = True) -> pd.DataFrame:
        """Responses dated in [start, end] months, the area on the response's province, ministry and level
        through the responding agency (one naming no agency counts only when neither is set, or, with
        unknown_level, under level 'unknown'), the service on the response."""
        fb = self.feedback.merge(self.agencies[["agency_id", "ministry_code", "level"]], on="agency_id", how="left")
        if start is not None:
            fb = fb[(fb["response_date"] >= pd.Timestamp(start))
                    & (fb["response_date"] < pd.Timestamp(add_months(end, 1)))]
        if f.regions:
            fb = fb[fb["province_code"].isin(
                self.provinces.loc[self.provinces[f.region_column].isin(f.regions), "province_code"])]
        if f.provinces:
            fb = fb[fb["province_code"].isin(f.provinces)]
        if f.ministries:
            fb = fb[fb["ministry_code"].isin(f.ministries)]
        if f.levels:
            level = fb["level"].fillna("unknown") if unknown_level else fb["level"]
            fb = fb[level.isin(f.levels)]
        if f.services:
            fb = fb[fb["service_code"].isin(f.services)]
        return fb

    def satisfaction(self, f: Filters) -> dict:
        """service_code (or 'ALL') -> (n, mean, share scoring 4 or 5)."""
        start, end, _ = self.period(f)
        fb = self.feedback_in(f, start, end)
        out = {}
        for key, g in [*fb.groupby("service_code"), ("ALL", fb)]:
            n = len(g)
            out[key] = (n, g["satisfaction"].mean() if n else None,
                        (g["satisfaction"] >= 4).mean() if n else None)
        return out

    def issues(self, f: Filters) -> dict:
        start, end, _ = self.period(f)
        fb = self.feedback_in(f, start, end)
        fb = fb[fb["issue"].notna() & (fb["issue"] != "none")]
        return fb.groupby("issue").size().to_dict()

    # -- tickets --

    def tickets_in(self, f: Filters) -> pd.DataFrame:
        tk = self.tickets
        if f.geographic or f.ministries or f.levels:
            tk = tk[tk["agency_id"].isin(self.agencies_in(f)["agency_id"])]
        if f.services:
            tk = tk[tk["service_code"].isin(f.services)]
        return tk

    def ticket_summary(self, f: Filters) -> dict:
        start, end, _ = self.period(f)
        lo, hi = pd.Timestamp(start), pd.Timestamp(add_months(end, 1))
        tk = self.tickets_in(f)
        closed = tk[(tk["closed_at"] >= lo) & (tk["closed_at"] < hi)]
        hours = (closed["closed_at"] - closed["opened_at"]).dt.total_seconds() / 3600
        return {"opened": int(((tk["opened_at"] >= lo) & (tk["opened_at"] < hi)).sum()),
                "closed": len(closed),
                "backlog_end": int(((tk["opened_at"] < hi) & (tk["closed_at"].isna() | (tk["closed_at"] >= hi))).sum()),
                "all_tickets": len(tk),
                "mean_hours": hours.mean() if len(hours) else None,
                "median_hours": hours.median() if len(hours) else None}

    def ticket_monthly(self, f: Filters) -> pd.DataFrame:
        """Per month of the period from the first ticket's month on: opened, closed, hours_sum (None when none
        closed), median_hours, mean_hours, backlog_end (opened before the next month, not closed by then)."""
        start, end, _ = self.period(f)
        tk = self.tickets_in(f)
        first = max(pd.Timestamp(start), tk["opened_at"].min().to_period("M").to_timestamp())
        hours = (tk["closed_at"] - tk["opened_at"]).dt.total_seconds() / 3600
        rows = []
        for m in pd.period_range(first, pd.Timestamp(end), freq="M"):
            lo, hi = m.to_timestamp(), (m + 1).to_timestamp()
            closed = hours[(tk["closed_at"] >= lo) & (tk["closed_at"] < hi)]
            rows.append({"month": lo, "opened": int(((tk["opened_at"] >= lo) & (tk["opened_at"] < hi)).sum()),
                         "closed": len(closed), "hours_sum": closed.sum() if len(closed) else None,
                         "median_hours": closed.median() if len(closed) else None,
                         "mean_hours": closed.mean() if len(closed) else None,
                         "backlog_end": int(((tk["opened_at"] < hi)
                                             & (tk["closed_at"].isna() | (tk["closed_at"] >= hi))).sum())})
        return pd.DataFrame(rows)

    # -- opportunity: at the latest month, whatever the period --

    def opportunity(self, f: Filters, area: bool = True) -> pd.DataFrame:
        """Per province with eligible agencies (in the filter's area, unless area is False)."""
        last = self.months[-1]
        window = [m for m in self.months if add_months(last, -11) <= m <= last]
        everyone = Filters()
        national = self.savings(everyone.replace(start=window[0], end=last))
        adopted_months = self.unit_months(everyone, window, everyone=True)["adopted_months"]
        mid_per_year = national["savings_mid_thb"] / (adopted_months.reindex(national.index) / 12)
        # the agencies and services of the ministry, level and service filters (not the area: the rank is
        # among every province)
        within = Filters(ministries=f.ministries, levels=f.levels, services=f.services)
        ags = self.agencies_in(within)
        svcs = self.services_in(within)
        now = self.state(last)
        now = now[now["adopted"] & now["agency_id"].isin(ags["agency_id"]) & now["service_code"].isin(svcs)]
        adopted = now.merge(ags[["agency_id", "province_code"]], on="agency_id").groupby(
            ["province_code", "service_code"]).size()
        provinces = sorted(set(self.provinces["province_code"]) | set(self.agencies["province_code"]))
        eligible = ags.groupby("province_code").size().reindex(provinces, fill_value=0)
        rows = []
        fb = self.feedback_in(within, window[0], last, unknown_level=False)
        fb = fb[fb["issue"].notna() & (fb["issue"] != "none")]
        tk = self.tickets[self.tickets["closed_at"].isna() & self.tickets["agency_id"].isin(ags["agency_id"])
                          & self.tickets["service_code"].isin(svcs)]
        tk = tk.merge(self.agencies[["agency_id", "province_code"]], on="agency_id")
        for p in provinces:
            gaps = {s: eligible[p] - adopted.get((p, s), 0) for s in svcs}
            rows.append({"province_code": p, "eligible": int(eligible[p]), "not_adopted": int(sum(gaps.values())),
                         "potential_savings_mid_thb": float(sum(g * mid_per_year.get(s, np.nan) for s, g in gaps.items()
                                                                if not pd.isna(mid_per_year.get(s, np.nan)))),
                         "open_issues": int((fb["province_code"] == p).sum()),
                         "open_tickets": int((tk["province_code"] == p).sum())})
        df = pd.DataFrame(rows)
        df["score"] = df["potential_savings_mid_thb"]
        pv = self.provinces  # the area filter picks provinces after the ranking
        keep = pv.loc[(pv[f.region_column].isin(f.regions) | (not f.regions))
                      & (pv["province_code"].isin(f.provinces) | (not f.provinces)), "province_code"]
        if not area:
            return df.set_index("province_code")
        return df[(df["eligible"] > 0) & df["province_code"].isin(keep)].set_index("province_code")


# ---- fixtures ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def core(sample_db) -> Core:
    return Core(sample_db)


@pytest.fixture
def reads(use_sample_db):
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def cases(core: Core) -> dict[str, Filters]:
    """One filter per dimension, on the sample's biggest province and ministry, plus all at once."""
    province = core.agencies["province_code"].value_counts().index[0]
    ministry = core.agencies["ministry_code"].value_counts().index[0]
    start = add_months(core.months[-1], -30)
    return {
        "none": Filters(),
        "region": Filters(region_system="region6", regions=("central",)),
        "province": Filters(provinces=(province,)),
        "ministry": Filters(ministries=(ministry,)),
        "level": Filters(levels=("local",)),
        "service": Filters(services=("GIN",)),
        "period": Filters(start=start, end=add_months(start, 11)),
        "all at once": Filters(start=add_months(start, -12), end=add_months(start, 11), region_system="region4",
                               regions=("northeast", "central"), ministries=(ministry,), levels=("provincial",),
                               services=("GIN", "GCLOUD")),
    }


CASES = ["none", "region", "province", "ministry", "level", "service", "period", "all at once"]


def close(got, want) -> bool:
    if want is None or (isinstance(want, float) and np.isnan(want)):
        return got is None or pd.isna(got)
    return got == pytest.approx(want, rel=REL)


# ---- every metric under every filter --------------------------------------------------------------------

@pytest.mark.parametrize("case", CASES)
def test_adoption_snapshot(core, reads, case):
    """eligible, adopted, active, underused and the adoption and active rates at the as-of month."""
    f = cases(core)[case]
    as_of = core.period(f)[2]
    assert period(f).as_of == as_of
    got = adoption_reads.service_summary(f).set_index("service_code")
    want = core.snapshot(f, as_of).set_index("service_code")
    want = want[want["eligible"] > 0]
    assert list(got.index) == list(want.index)
    for col in ("eligible", "adopted", "active", "underused"):
        assert got[col].astype(int).tolist() == want[col].tolist(), col
    assert np.allclose(got["adoption_rate"], want["adopted"] / want["eligible"], rtol=0, atol=0)
    assert np.allclose(got["active_rate"], want["active"] / want["eligible"], rtol=0, atol=0)
    assert want["adopted"].sum() > 0 and (case != "none" or want["underused"].sum() > 0)


@pytest.mark.parametrize("edited", [False, True], ids=["loaded assumptions", "edited assumptions"])
@pytest.mark.parametrize("case", CASES)
def test_savings(core, reads, case, edited):
    """unit-months, staff hours and low / mid / high baht over the period, under the loaded assumptions
    (the mart) and under assumptions edited in the session (the same macro, given the edited numbers)."""
    f = cases(core)[case]
    assumptions = None
    if edited:
        assumptions = core.costs.copy()
        assumptions.loc["GIN", "cost_mid_thb_per_unit_year"] *= 3
        assumptions.loc[:, "staff_cost_thb_per_hour"] = 410.5
    got = savings_reads.savings_by_service(f, None if assumptions is None else assumptions.copy())
    got = got.set_index("service_code")
    want = core.savings(f, assumptions)
    assert sorted(got.index) == sorted(want.index) and len(want)
    for svc in want.index:
        for col in want.columns:
            assert close(float(got.loc[svc, col]), float(want.loc[svc, col])), (svc, col)


@pytest.mark.parametrize("case", CASES)
def test_satisfaction(core, reads, case):
    """mean, share satisfied (4 or 5) and n, per service and for every response."""
    f = cases(core)[case]
    got = feedback_reads.satisfaction_by_service(f).set_index("service_code")
    want = core.satisfaction(f)
    assert set(got.index) == set(want)
    for key, (n, mean, share) in want.items():
        assert int(got.loc[key, "n"]) == n, key
        assert close(got.loc[key, "mean"], mean) and close(got.loc[key, "share_satisfied"], share), key
    assert want["ALL"][0] > 0


@pytest.mark.parametrize("case", CASES)
def test_issues(core, reads, case):
    f = cases(core)[case]
    got = feedback_reads.feedback_issues(f)
    assert dict(zip(got["issue"], got["responses"].astype(int))) == core.issues(f)
    assert len(got)


@pytest.mark.parametrize("case", CASES)
def test_tickets(core, reads, case):
    f = cases(core)[case]
    got = ticket_reads.ticket_summary(f).iloc[0]
    want = core.ticket_summary(f)
    for col in ("opened", "closed", "backlog_end", "all_tickets"):
        assert int(got[col]) == want[col], col
    assert close(got["mean_hours"], want["mean_hours"]) and close(got["median_hours"], want["median_hours"])
    assert want["all_tickets"] > 0


@pytest.mark.parametrize("case", CASES)
def test_ticket_monthly(core, reads, case):
    """Month by month: opened, closed, hours to close (sum, median, mean) and the backlog at the month's end,
    which the read counts as a running sum and pandas here as the tickets open at the next month's start."""
    f = cases(core)[case]
    got = ticket_reads.ticket_monthly(f)
    want = core.ticket_monthly(f)
    assert [pd.Timestamp(m) for m in got["month"]] == want["month"].tolist() and len(want)
    for col in ("opened", "closed", "backlog_end"):
        assert got[col].astype(int).tolist() == want[col].tolist(), col
    for col in ("hours_sum", "median_hours", "mean_hours"):
        assert all(close(g, w) for g, w in zip(got[col], want[col])), col
    assert want["backlog_end"].sum() > 0 and want["closed"].sum() > 0


@pytest.mark.parametrize("case", CASES)
def test_ticket_hourly(core, reads, case):
    f = cases(core)[case]
    start, end, _ = core.period(f)
    tk = core.tickets_in(f)
    tk = tk[(tk["opened_at"] >= pd.Timestamp(start)) & (tk["opened_at"] < pd.Timestamp(add_months(end, 1)))]
    want = tk.groupby([tk["opened_at"].dt.day_of_week + 1, tk["opened_at"].dt.hour]).size()
    got = ticket_reads.ticket_hourly(f).set_index(["weekday", "hour"])["tickets"]
    assert len(got) == 7 * 24 and int(got.sum()) == len(tk) > 0
    assert got[got > 0].astype(int).to_dict() == want.to_dict()


@pytest.mark.parametrize("case", CASES)
def test_opportunity(core, reads, case):
    """score (= potential mid savings), rank, eligible, not_adopted, open_issues, open_tickets per province,
    at the latest month whatever the period."""
    f = cases(core)[case]
    got = opportunity_reads.opportunity(f).set_index("province_code")
    want = core.opportunity(f)
    assert sorted(got.index) == sorted(want.index) and len(want)
    want = want.loc[got.index]
    for col in ("eligible", "not_adopted", "open_issues", "open_tickets"):
        assert got[col].astype(int).tolist() == want[col].tolist(), col
    for col in ("score", "potential_savings_mid_thb"):
        assert np.allclose(got[col], want[col], rtol=REL, atol=0), col
    # rank 1 = highest score among every province (ties share a rank): scores equal within REL may tie or not
    scores = core.opportunity(f.replace(regions=(), provinces=()), area=False)["score"]
    for p, r in got["rank"].items():
        s, tol = want.loc[p, "score"], abs(want.loc[p, "score"]) * REL + 1e-9
        assert 1 + (scores > s + tol).sum() <= r <= 1 + (scores > s - tol).sum(), p
    assert (want["open_issues"].sum() > 0) and (want["open_tickets"].sum() > 0)


# ---- filtered and unfiltered agree by construction -------------------------------------------------------

def test_opportunity_without_filters_is_the_mart_to_the_bit(core, reads):
    """The read's filtered path (the macro called with the filter lists) with every list empty gives the
    mart's rows exactly: the mart is the same macro called with none. A service filter that keeps every
    service gives them too but for open_issues, which then leave out the responses naming no service."""
    mart = db.query("SELECT * FROM mart_opportunity ORDER BY rank, province_code")
    empty = db.query("SELECT * FROM opportunity(?::VARCHAR[], ?::VARCHAR[], ?::VARCHAR[]) ORDER BY rank, province_code",
                     [[], [], []])
    pd.testing.assert_frame_equal(empty, mart, check_exact=True)
    unfiltered = opportunity_reads.opportunity(Filters())
    every = opportunity_reads.opportunity(Filters(services=tuple(core.services["service_code"])))
    pd.testing.assert_frame_equal(every.drop(columns="open_issues"), unfiltered.drop(columns="open_issues"),
                                  check_exact=True)
    assert (every["open_issues"] <= unfiltered["open_issues"]).all()
    assert (every["open_issues"] < unfiltered["open_issues"]).any()


def test_the_ticket_marts_and_the_unfiltered_reads_agree(core, reads):
    """The ticket marts (macros called per province, service, category and channel) summed over their cells
    give the reads' unfiltered numbers: the same macros over every ticket."""
    read = ticket_reads.ticket_monthly(Filters()).set_index("month")
    mart = db.query("SELECT month, sum(opened) AS opened, sum(closed) AS closed, sum(hours_to_close_sum) AS hours_sum, "
                    "sum(backlog_end) AS backlog_end FROM mart_tickets_monthly GROUP BY month ORDER BY month")
    mart = mart.set_index("month").reindex(read.index).fillna(0)
    for col in ("opened", "closed", "backlog_end"):
        assert mart[col].astype(int).tolist() == read[col].astype(int).tolist(), col
    assert np.allclose(mart["hours_sum"], read["hours_sum"].fillna(0.0), rtol=REL, atol=0)
    assert read["backlog_end"].sum() > 0
    hourly = db.query("SELECT weekday, hour, sum(tickets) AS tickets FROM mart_tickets_hourly GROUP BY ALL")
    hourly = hourly.set_index(["weekday", "hour"])["tickets"].astype(int)
    unfiltered = ticket_reads.ticket_hourly(Filters()).set_index(["weekday", "hour"])["tickets"].astype(int)
    assert unfiltered[unfiltered > 0].to_dict() == hourly.to_dict()


def test_the_regions_add_up_to_the_country(core, reads):
    """Each additive number read under each region of a region system sums to the number read without a
    filter (every agency, response and unit-month lies in exactly one region)."""
    regions = sorted(core.provinces["region4"].unique())
    parts = [Filters(region_system="region4", regions=(r,)) for r in regions]

    def total(read, col, key="service_code"):
        return lambda f: read(f).set_index(key)[col].astype(float)

    checks = {
        "eligible": total(adoption_reads.service_summary, "eligible"),
        "adopted": total(adoption_reads.service_summary, "adopted"),
        "active": total(adoption_reads.service_summary, "active"),
        "underused": total(adoption_reads.service_summary, "underused"),
        "unit_months": total(savings_reads.savings_by_service, "unit_months"),
        "savings_mid_thb": total(savings_reads.savings_by_service, "savings_mid_thb"),
        "responses": total(feedback_reads.satisfaction_by_service, "n"),
        "satisfied": total(feedback_reads.satisfaction_by_service, "satisfied"),
        "issues": total(feedback_reads.feedback_issues, "responses", key="issue"),
    }
    for name, read in checks.items():
        whole = read(Filters())
        summed = sum((read(f).reindex(whole.index, fill_value=0) for f in parts), pd.Series(0.0, index=whole.index))
        assert np.allclose(summed, whole, rtol=REL, atol=0), name
        assert whole.sum() > 0, name


def test_opportunity_issues_add_up_to_open_issues(core, reads):
    for case in ("none", "ministry", "service", "level"):
        f = cases(core)[case]
        opp = opportunity_reads.opportunity(f).set_index("province_code")["open_issues"]
        issues = opportunity_reads.opportunity_issues(f).groupby("province_code")["responses"].sum()
        assert issues.reindex(opp.index, fill_value=0).astype(int).tolist() == opp.astype(int).tolist(), case


def test_edited_assumptions_equal_to_the_loaded_ones_give_the_mart_to_the_bit(core, reads):
    f = cases(core)["province"]
    mart = savings_reads.savings_by_service(f)
    same = savings_reads.savings_by_service(f, core.costs.copy())
    cols = ["unit_months", "staff_hours_saved", "savings_low_thb", "savings_mid_thb", "savings_high_thb"]
    assert np.allclose(same[cols].astype(float), mart[cols].astype(float), rtol=REL, atol=0)


# ---- the macros: in every published warehouse, usable read-only -----------------------------------------

def macro_names() -> list[str]:
    return re.findall(r"CREATE OR REPLACE MACRO (\w+)", marts.DEFINITIONS.read_text(encoding="utf-8"))


def test_every_definition_is_in_the_published_warehouse_and_works_read_only(use_sample_db):
    got = db.query("SELECT function_name FROM duckdb_functions() WHERE database_name = ? "
                   "AND function_type IN ('macro', 'table_macro')", [db.ALIAS])
    assert sorted(got["function_name"]) == sorted(macro_names())
    one = db.query("SELECT satisfied(4) AS s4, satisfied(3) AS s3, window_start(DATE '2016-12-01') AS w, "
                   "in_window(DATE '2016-01-01', DATE '2016-12-01') AS first_in, "
                   "in_window(DATE '2015-12-31', DATE '2016-12-01') AS before, "
                   "savings_thb(24, 1200.0, 6.0, 100.0) AS baht").iloc[0]
    assert (bool(one["s4"]), bool(one["s3"]), one["w"], bool(one["first_in"]), bool(one["before"])) == (
        True, False, pd.Timestamp(2016, 1, 1), True, False)
    assert one["baht"] == 24 * (1200.0 / 12) + 24 / 12 * 6.0 * 100.0


def test_a_warehouse_an_older_etl_built_gets_the_definitions_on_the_next_load(sample_db, tmp_path):
    """Loading nothing new into a warehouse whose marts an older ETL built (no macros, another recorded
    state) rebuilds and publishes it with the definitions; a current one stays byte-identical."""
    path = tmp_path / "adoption.duckdb"
    shutil.copyfile(sample_db, path)
    con = duckdb.connect(str(path), read_only=True)
    agency = con.execute("SELECT min(agency_id) FROM agencies").fetchone()[0]
    con.close()
    clean = tmp_path / "clean.csv"  # a file without rejects: loaded once, skipped after
    clean.write_text(f"month,agency_id,service,metric,value\n2014-08,{agency},GIN,traffic_gb,3\n", encoding="utf-8")
    assert run([clean], path).published
    before = path.read_bytes()
    assert not run([clean], path).published and path.read_bytes() == before
    con = duckdb.connect(str(path))
    try:
        con.execute("DROP MACRO TABLE opportunity")
        con.execute("UPDATE warehouse_info SET value = '{\"inputs\": \"older\", \"through_load\": 0}' "
                    "WHERE key = ?", [marts.STATE_KEY])
        con.execute("CHECKPOINT")
    finally:
        con.close()
    report = run([clean], path)
    assert report.published and all(f.skipped for f in report.files)
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM opportunity(NULL, NULL, NULL)").fetchone()[0] == 77
        assert marts.state_current(con)
    finally:
        con.close()
