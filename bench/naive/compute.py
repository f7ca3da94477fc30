"""The naive way, as numbers: every table read into pandas once, and on every rerun the filters applied
and everything grouped in pandas, from the raw usage and subscriptions up (no marts, no SQL).

It follows the warehouse's definitions (etl/sql/marts/10_fct_agency_service_month.sql and the marts
after it) so that it shows the same numbers as egov/reads/; tests/test_bench.py checks that on the
10k warehouse. Filters: provinces, ministries, services (the sidebar of bench/naive/app.py); the
period is always the whole data.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

TABLES = {
    "usage": "SELECT month, agency_id, service_code, metric, value FROM usage_monthly",
    "agencies": "SELECT agency_id, agency_name, ministry_code, department, province_code, "
                "coalesce(level, 'unknown') AS level FROM agencies",
    "subscriptions": "SELECT agency_id, service_code, start_date, end_date, units FROM subscriptions",
    "services": "SELECT * FROM services ORDER BY sort_order, service_code",
    "provinces": "SELECT * FROM provinces ORDER BY province_code",
    "regions": "SELECT * FROM regions",
    "ministries": "SELECT * FROM ministries ORDER BY sort_order, ministry_code",
    "cost": "SELECT * FROM cost_assumptions",
    "feedback": "SELECT * FROM feedback",
    "events": "SELECT * FROM events",
    "tickets": "SELECT ticket_id, agency_id, service_code, closed_at FROM tickets",
    "vocabularies": "SELECT * FROM vocabularies",
}


def load(db_path) -> dict[str, pd.DataFrame]:
    """Every table the three pages need, as pandas DataFrames (the usage table whole)."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        t = {name: con.execute(sql).df() for name, sql in TABLES.items()}
    finally:
        con.close()
    # the one concession to memory a careful pandas developer makes: repeated strings as categoricals
    for col in ("agency_id", "service_code", "metric"):
        t["usage"][col] = t["usage"][col].astype("category")
    for name, col in (("usage", "month"), ("subscriptions", "start_date"), ("subscriptions", "end_date"),
                      ("feedback", "response_date"), ("events", "event_date")):
        t[name][col] = pd.to_datetime(t[name][col])
    # the months of the data (dim_month): first subscription start or usage month .. last usage month
    first = min(t["subscriptions"]["start_date"].min(), t["usage"]["month"].min()).to_period("M")
    last = t["usage"]["month"].max().to_period("M")
    t["months"] = pd.period_range(first, last, freq="M").to_timestamp()
    return t


@dataclass(frozen=True)
class F:
    provinces: tuple[str, ...] = ()
    ministries: tuple[str, ...] = ()
    services: tuple[str, ...] = ()


def _agencies(t, f: F) -> pd.DataFrame:
    a = t["agencies"]
    if f.provinces:
        a = a[a["province_code"].isin(f.provinces)]
    if f.ministries:
        a = a[a["ministry_code"].isin(f.ministries)]
    return a


def _services(t, f: F) -> list[str]:
    return [s for s in t["services"]["service_code"] if not f.services or s in f.services]


def facts(t, f: F) -> pd.DataFrame:
    """Agency x service x month where the agency was adopted: units, primary_value, active, idle_months,
    underused, with the agency's province, ministry and level (fct_agency_service_month's adopted rows)."""
    ags = _agencies(t, f)
    svcs = _services(t, f)
    months = t["months"]
    n_months = len(months)
    s = t["subscriptions"]
    s = s[s["agency_id"].isin(ags["agency_id"]) & s["service_code"].isin(svcs)]
    # a subscription is adopted at a month's end: start <= month end < end (or no end)
    base = months[0].year * 12 + months[0].month
    lo = (s["start_date"].dt.year * 12 + s["start_date"].dt.month - base).to_numpy()
    end = s["end_date"].dt.year * 12 + s["end_date"].dt.month - base - 1
    hi = end.fillna(n_months - 1).astype("int64").to_numpy()
    lo, hi = np.clip(lo, 0, n_months), np.clip(hi, -1, n_months - 1)
    n = np.maximum(hi - lo + 1, 0)
    rows = np.repeat(np.arange(len(s)), n)
    offs = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    sub = pd.DataFrame({"m": lo[rows] + offs, "agency_id": s["agency_id"].to_numpy()[rows],
                        "service_code": s["service_code"].to_numpy()[rows], "units": s["units"].to_numpy()[rows]})
    adopted = sub.groupby(["agency_id", "service_code", "m"], as_index=False)["units"].sum()
    # the primary metric's value that month
    u = t["usage"]
    u = u[u["agency_id"].isin(ags["agency_id"]) & u["service_code"].isin(svcs)]
    prim = t["services"].set_index("service_code")["primary_metric"]
    keep = np.zeros(len(u), dtype=bool)
    for svc, metric in prim.items():
        keep |= ((u["service_code"] == svc) & (u["metric"] == metric)).to_numpy()
    u = u[keep]
    u = u.assign(m=(u["month"].dt.year - months[0].year) * 12 + u["month"].dt.month - months[0].month)
    pv = u.groupby(["agency_id", "service_code", "m"], as_index=False, observed=True)["value"].sum()
    pv = pv.astype({"agency_id": object, "service_code": object})
    df = adopted.merge(pv, on=["agency_id", "service_code", "m"], how="left").rename(columns={"value": "primary_value"})
    thr = df["service_code"].map(t["services"].set_index("service_code")["active_threshold"])
    df["active"] = (df["primary_value"] > thr).fillna(False).astype(bool)
    # idle runs: consecutive idle months (a month not adopted breaks the run)
    df = df.sort_values(["agency_id", "service_code", "m"]).reset_index(drop=True)
    idle = df[~df["active"]]
    island = idle["m"] - idle.groupby(["agency_id", "service_code"]).cumcount()
    runs = idle.groupby([idle["agency_id"], idle["service_code"], island]).cumcount() + 1
    df["idle_months"] = 0
    df.loc[idle.index, "idle_months"] = runs.to_numpy()
    df["underused"] = df["idle_months"] >= 3
    df["month"] = months[df["m"].to_numpy()]
    return df.merge(ags[["agency_id", "province_code", "ministry_code", "level"]], on="agency_id")


@dataclass
class Period:
    start: pd.Timestamp
    end: pd.Timestamp
    as_of: pd.Timestamp
    prev: pd.Timestamp | None


def period(t) -> Period:
    ms = t["months"]
    prev = ms[-1] - pd.DateOffset(months=12)
    return Period(ms[0], ms[-1], ms[-1], prev if prev >= ms[0] else None)


def service_summary(t, f: F, fx: pd.DataFrame | None = None) -> pd.DataFrame:
    fx = facts(t, f) if fx is None else fx
    p = period(t)
    n = len(_agencies(t, f))
    rows = []
    for code in _services(t, f):
        d = fx[fx["service_code"] == code]
        now = d[d["month"] == p.as_of]
        before = d[d["month"] == p.prev] if p.prev is not None else d.iloc[:0]
        rows.append({"service_code": code, "eligible": n, "adopted": len(now), "active": int(now["active"].sum()),
                     "underused": int(now["underused"].sum()), "units": int(now["units"].sum()),
                     "eligible_prev": n if p.prev is not None else None, "adopted_prev": len(before)})
    df = pd.DataFrame(rows)
    df = df[df["eligible"] > 0].reset_index(drop=True)
    df["adoption_rate"] = df["adopted"] / df["eligible"]
    df["active_rate"] = df["active"] / df["eligible"]
    if p.prev is not None:
        df["adoption_rate_prev"] = df["adopted_prev"] / df["eligible_prev"]
        df["adoption_change"] = df["adoption_rate"] - df["adoption_rate_prev"]
        df["adopted_change"] = df["adopted"] - df["adopted_prev"]
    return df


def adoption_trend(t, f: F, fx: pd.DataFrame | None = None) -> pd.DataFrame:
    fx = facts(t, f) if fx is None else fx
    n = len(_agencies(t, f))
    g = fx.groupby(["month", "service_code"]).agg(adopted=("active", "size"), active=("active", "sum"))
    idx = pd.MultiIndex.from_product([t["months"], _services(t, f)], names=["month", "service_code"])
    df = g.reindex(idx, fill_value=0).reset_index()
    df["eligible"] = n
    df = df[df["eligible"] > 0].sort_values(["month", "service_code"])
    df["adoption_rate"] = df["adopted"] / df["eligible"]
    df["active_rate"] = df["active"] / df["eligible"]
    return df.reset_index(drop=True)


def _savings(units: pd.DataFrame, cost: pd.DataFrame) -> pd.DataFrame:
    """unit_months per row -> savings_low / mid / high (mart_savings_monthly's formula)."""
    c = units.merge(cost, on="service_code", how="left")
    hours = c["unit_months"] / 12 * c["staff_hours_saved_per_unit_year"]
    for s in ("low", "mid", "high"):
        c[f"savings_{s}"] = (c["unit_months"] * (c[f"cost_{s}_thb_per_unit_year"] / 12)
                             + hours * c["staff_cost_thb_per_hour"])
    return c


def province_measures(t, f: F, fx: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per province: adoption at the as-of month (selected services pooled), savings, feedback, events."""
    fx = facts(t, f) if fx is None else fx
    p = period(t)
    svcs = _services(t, f)
    ags = _agencies(t, f)
    elig = ags.groupby("province_code").size() * len(svcs)
    now = fx[fx["month"] == p.as_of].groupby("province_code").agg(
        adopted=("active", "size"), active=("active", "sum"), underused=("underused", "sum"))
    before = (fx[fx["month"] == p.prev].groupby("province_code").size() if p.prev is not None
              else pd.Series(dtype="int64"))
    df = pd.DataFrame({"eligible": elig}).join(now).fillna(0)
    df["adopted_prev"] = before.reindex(df.index).fillna(0)
    df["eligible_prev"] = df["eligible"]
    sav = _savings(fx.assign(unit_months=fx["units"])[["province_code", "service_code", "unit_months"]], t["cost"])
    df = df.join(sav.groupby("province_code")[["savings_low", "savings_mid", "savings_high"]].sum())
    fb = t["feedback"]
    fb = fb[(fb["response_date"] >= p.start) & (fb["response_date"] < p.end + pd.DateOffset(months=1))]
    if f.provinces:
        fb = fb[fb["province_code"].isin(f.provinces)]
    if f.services:
        fb = fb[fb["service_code"].isin(f.services)]
    if f.ministries:
        fb = fb[fb["agency_id"].isin(ags["agency_id"])]
    g = fb.groupby("province_code")
    df = df.join(pd.DataFrame({"responses": g.size(), "satisfaction_sum": g["satisfaction"].sum(),
                               "satisfied": g["satisfaction"].apply(lambda s: (s >= 4).sum())}))
    ev = t["events"]
    ev = ev[(ev["event_date"] >= p.start) & (ev["event_date"] < p.end + pd.DateOffset(months=1))]
    df = df.join(ev.groupby("province_code")["event_id"].nunique().rename("events"))
    for c in ("savings_low", "savings_mid", "savings_high", "responses", "events"):
        df[c] = df[c].fillna(0)
    df = df[df["eligible"] > 0]
    df = df.reset_index().rename(columns={"index": "province_code"})
    df = t["provinces"][["province_code", "iso_code", "name_th", "name_en", "region4", "region6"]].merge(
        df, on="province_code")
    df["adoption_rate"] = df["adopted"] / df["eligible"]
    df["active_rate"] = df["active"] / df["eligible"]
    df["adoption_rate_prev"] = df["adopted_prev"] / df["eligible_prev"]
    df["adoption_change"] = df["adoption_rate"] - df["adoption_rate_prev"]
    df["mean"] = df["satisfaction_sum"] / df["responses"].where(df["responses"] > 0)
    df["rank"] = df["adoption_rate"].rank(ascending=False, method="min").astype("Int64")
    return df


def savings_by_service(t, f: F, fx: pd.DataFrame | None = None) -> pd.DataFrame:
    fx = facts(t, f) if fx is None else fx
    sav = _savings(fx.assign(unit_months=fx["units"])[["service_code", "unit_months"]], t["cost"])
    out = sav.groupby("service_code")[["unit_months", "savings_low", "savings_mid", "savings_high"]].sum()
    return out.reindex([c for c in _services(t, f) if c in out.index]).reset_index()


def satisfaction_by_service(t, f: F) -> pd.DataFrame:
    fb = t["feedback"]
    if f.provinces:
        fb = fb[fb["province_code"].isin(f.provinces)]
    if f.services:
        fb = fb[fb["service_code"].isin(f.services)]
    if f.ministries:
        fb = fb[fb["agency_id"].isin(_agencies(t, f)["agency_id"])]
    g = fb.groupby(fb["service_code"].fillna("ALL?"))
    df = pd.DataFrame({"responses": g.size(), "satisfaction_sum": g["satisfaction"].sum(),
                       "satisfied": g["satisfaction"].apply(lambda s: (s >= 4).sum())}).reset_index()
    df = df[df["service_code"] != "ALL?"].set_index("service_code")
    df = df.reindex([c for c in t["services"]["service_code"] if c in df.index]).reset_index()
    total = {"service_code": "ALL", "responses": len(fb), "satisfaction_sum": fb["satisfaction"].sum(),
             "satisfied": int((fb["satisfaction"] >= 4).sum())}
    df = pd.concat([df, pd.DataFrame([total])], ignore_index=True)
    df["n"] = df["responses"]
    df["mean"] = df["satisfaction_sum"] / df["responses"].where(df["responses"] > 0)
    df["share_satisfied"] = df["satisfied"] / df["responses"].where(df["responses"] > 0)
    df["too_few"] = df["n"] < 10
    return df


def underused_agencies(t, f: F, fx: pd.DataFrame | None = None) -> pd.DataFrame:
    fx = facts(t, f) if fx is None else fx
    p = period(t)
    u = fx[(fx["month"] == p.as_of) & fx["underused"]]
    la = (fx[fx["active"] & (fx["month"] <= p.as_of)].groupby(["agency_id", "service_code"])["month"].max()
          .rename("last_active"))
    u = u.join(la, on=["agency_id", "service_code"])
    u = u.merge(t["agencies"][["agency_id", "agency_name", "department"]], on="agency_id")
    u["idle_since"] = [m - pd.DateOffset(months=int(k) - 1) for m, k in zip(u["month"], u["idle_months"])]
    order = t["services"].set_index("service_code")["sort_order"]
    u = u.assign(_o=u["service_code"].map(order)).sort_values(
        ["idle_months", "_o", "province_code", "agency_id"], ascending=[False, True, True, True])
    return u[["agency_id", "agency_name", "department", "province_code", "ministry_code", "level", "service_code",
              "idle_months", "units", "idle_since", "last_active"]].reset_index(drop=True)


def opportunity(t, f: F, fx: pd.DataFrame | None = None, fx_all: pd.DataFrame | None = None) -> pd.DataFrame:
    """mart_opportunity's definition, with the ministry and service filters on the agencies counted,
    the feedback and the tickets; the national saving per adopted agency-year stays national."""
    fx = facts(t, f) if fx is None else fx
    if fx_all is None:
        fx_all = fx if f == F() else facts(t, F())
    ms = t["months"]
    last, first12 = ms[-1], ms[-1] - pd.DateOffset(months=11)
    win = fx_all[(fx_all["month"] >= first12) & (fx_all["month"] <= last)]
    sav = _savings(win.assign(unit_months=win["units"])[["service_code", "unit_months"]], t["cost"])
    nat = sav.groupby("service_code")["savings_mid"].sum() / (win.groupby("service_code").size() / 12)
    f_geo_free = F(ministries=f.ministries, services=f.services)
    ags = _agencies(t, f_geo_free)
    svcs = _services(t, f)
    now = fx[fx["month"] == last] if not f.provinces else facts(t, f_geo_free).query("month == @last")
    adopted = now.groupby(["province_code", "service_code"]).size()
    elig = ags.groupby("province_code").size()
    idx = pd.MultiIndex.from_product([elig.index, svcs], names=["province_code", "service_code"])
    gap = (pd.Series(elig.reindex(idx.get_level_values(0)).to_numpy(), index=idx)
           - adopted.reindex(idx, fill_value=0))
    pot = (gap * nat.reindex(idx.get_level_values(1)).to_numpy()).groupby(level=0).sum(min_count=1)
    fb = t["feedback"]
    fb = fb[fb["issue"].notna() & (fb["issue"] != "none") & (fb["response_date"] >= first12)
            & (fb["response_date"] < last + pd.DateOffset(months=1))]
    if f.services:
        fb = fb[fb["service_code"].isin(f.services)]
    if f.ministries:
        fb = fb[fb["agency_id"].isin(ags["agency_id"])]
    tk = t["tickets"]
    tk = tk[tk["closed_at"].isna()].merge(ags[["agency_id", "province_code"]], on="agency_id")
    if f.services:
        tk = tk[tk["service_code"].isin(f.services)]
    df = pd.DataFrame({"eligible": elig, "not_adopted": gap.groupby(level=0).sum(), "potential_savings_mid_thb": pot})
    df = df.join(fb.groupby("province_code").size().rename("open_issues")).join(
        tk.groupby("province_code").size().rename("open_tickets"))
    df = df.reindex(t["provinces"]["province_code"])
    df = df.fillna({"eligible": 0, "not_adopted": 0, "potential_savings_mid_thb": 0.0, "open_issues": 0,
                    "open_tickets": 0})
    df["month"] = last
    df["score"] = df["potential_savings_mid_thb"]
    df["rank"] = df["score"].rank(ascending=False, method="min").astype(int)
    df = df.reset_index().merge(t["provinces"][["province_code", "iso_code", "name_th", "name_en", "region4",
                                                "region6"]], on="province_code")
    df = df[df["eligible"] > 0]
    if f.provinces:
        df = df[df["province_code"].isin(f.provinces)]
    return df.sort_values(["rank", "name_en"]).reset_index(drop=True)


def opportunity_issues(t, f: F) -> pd.DataFrame:
    ms = t["months"]
    last, first12 = ms[-1], ms[-1] - pd.DateOffset(months=11)
    fb = t["feedback"]
    fb = fb[fb["issue"].notna() & (fb["issue"] != "none") & (fb["response_date"] >= first12)
            & (fb["response_date"] < last + pd.DateOffset(months=1))]
    if f.provinces:
        fb = fb[fb["province_code"].isin(f.provinces)]
    if f.services:
        fb = fb[fb["service_code"].isin(f.services)]
    if f.ministries:
        fb = fb[fb["agency_id"].isin(_agencies(t, f)["agency_id"])]
    v = t["vocabularies"]
    v = v[v["vocabulary"] == "feedback_issue"][["code", "name_th", "name_en"]].rename(columns={"code": "issue"})
    g = fb.groupby(["province_code", "issue"]).size().rename("responses").reset_index().merge(v, on="issue", how="left")
    return g.sort_values(["province_code", "responses", "issue"], ascending=[True, False, True]).reset_index(drop=True)
