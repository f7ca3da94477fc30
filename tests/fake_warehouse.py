"""A small, deterministic warehouse for the dashboard tests.

Builds a DuckDB file with etl/sql/schema.sql, the reference tables, plausible synthetic core rows
and the marts of docs/DATA.md. The marts come from the ETL's own SQL (etl.marts.build_marts) when it
is importable and works, else from the simple stand-in SQL below, which follows the same definitions.
Reference tables come from data/reference/*.csv (provinces from geothai if that file is missing).

    python tests/fake_warehouse.py /tmp/egov_fake.duckdb [--no-sample-flag]
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import sys
from pathlib import Path

import duckdb
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
REF = ROOT / "data" / "reference"
FIRST_MONTH = dt.date(2012, 1, 1)
LAST_MONTH = dt.date(2014, 12, 1)
SEED = 20140701

# Regions by DOPA code for the stand-in provinces table (the real one is data/reference/provinces.csv).
_C6_CENTRAL_60S = {"60", "61", "62", "64", "65", "66", "67"}
_C6_CENTRAL_70S = {"72", "73", "74", "75"}


def _regions(code: str) -> tuple[str, str]:
    n = int(code)
    if n < 20:
        return "central", "central"
    if n < 30:
        return "central", "east"
    if n < 50:
        return "northeast", "northeast"
    if n < 60:
        return "north", "north"
    if n < 70:
        return "north", ("central" if code in _C6_CENTRAL_60S else "west")
    if n < 80:
        return "central", ("central" if code in _C6_CENTRAL_70S else "west")
    return "south", "south"


REGIONS = [
    ("region4", "central", "ภาคกลาง", "Central"),
    ("region4", "north", "ภาคเหนือ", "North"),
    ("region4", "northeast", "ภาคตะวันออกเฉียงเหนือ", "Northeast"),
    ("region4", "south", "ภาคใต้", "South"),
    ("region6", "central", "ภาคกลาง", "Central"),
    ("region6", "north", "ภาคเหนือ", "North"),
    ("region6", "northeast", "ภาคตะวันออกเฉียงเหนือ", "Northeast"),
    ("region6", "east", "ภาคตะวันออก", "East"),
    ("region6", "west", "ภาคตะวันตก", "West"),
    ("region6", "south", "ภาคใต้", "South"),
]

# (ministry, department, provincial office prefix) used to make agencies.
OFFICES = [
    ("MOI", "สำนักงานปลัดกระทรวงมหาดไทย", "ศาลากลางจังหวัด"),
    ("MOPH", "สำนักงานปลัดกระทรวงสาธารณสุข", "สำนักงานสาธารณสุขจังหวัด"),
    ("MOE", "สำนักงานปลัดกระทรวงศึกษาธิการ", "สำนักงานศึกษาธิการจังหวัด"),
    ("MOF", "กรมบัญชีกลาง", "สำนักงานคลังจังหวัด"),
    ("MOAC", "สำนักงานปลัดกระทรวงเกษตรและสหกรณ์", "สำนักงานเกษตรจังหวัด"),
    ("MOL", "สำนักงานปลัดกระทรวงแรงงาน", "สำนักงานแรงงานจังหวัด"),
]
CENTRAL = [
    ("OPM", "สำนักเลขาธิการนายกรัฐมนตรี"),
    ("OPM", "กรมประชาสัมพันธ์"),
    ("MOF", "กรมสรรพากร"),
    ("MOF", "กรมศุลกากร"),
    ("MOF", "กรมบัญชีกลาง"),
    ("MOPH", "กรมควบคุมโรค"),
    ("MOPH", "กรมการแพทย์"),
    ("MOE", "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน"),
    ("MDES", "สำนักงานปลัดกระทรวงเทคโนโลยีสารสนเทศและการสื่อสาร"),
    ("MDES", "กรมอุตุนิยมวิทยา"),
    ("MOI", "กรมการปกครอง"),
    ("MOI", "กรมส่งเสริมการปกครองท้องถิ่น"),
    ("MOT", "กรมทางหลวง"),
    ("MOC", "กรมพัฒนาธุรกิจการค้า"),
    ("MOJ", "กรมคุมประพฤติ"),
    ("MNRE", "กรมป่าไม้"),
]
COMMENTS = [
    "อยากให้มีการอบรมการใช้งาน G-Cloud เพิ่มเติม",
    "เราเตอร์ GIN ติดตั้งแล้วแต่ยังไม่ได้เชื่อมระบบงาน",
    "อีเมลกลางใช้งานสะดวก ขอเพิ่มพื้นที่กล่องจดหมาย",
    "ความเร็วเครือข่ายไม่เพียงพอช่วงเช้า",
    "เจ้าหน้าที่ให้คำแนะนำดีมาก",
    "ยังไม่เข้าใจว่า GovMon ต้องติดตั้งอะไรที่หน่วยงาน",
    "=HYPERLINK(\"http://example.invalid\",\"คลิก\")",
    "",
]
COSTS = [  # service, low, mid, high (THB per unit-year), staff hours saved per unit-year, THB per hour
    ("GIN", 60000, 90000, 120000, 40, 300),
    ("GCLOUD", 30000, 45000, 60000, 20, 300),
    ("MAILGOTHAI", 600, 1000, 1500, 1, 300),
    ("GOVMON", 8000, 12000, 18000, 10, 300),
]


def _months() -> list[dt.date]:
    out, m = [], FIRST_MONTH
    while m <= LAST_MONTH:
        out.append(m)
        m = dt.date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    return out


def _read_csv(name: str) -> list[dict]:
    with open(REF / name, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _provinces() -> pd.DataFrame:
    path = REF / "provinces.csv"
    if path.exists():  # the real reference, once it lands
        df = pd.read_csv(path, dtype=str)
        cols = ["province_code", "iso_code", "name_th", "name_en", "region4", "region6"]
        if set(cols) <= set(df.columns):
            return df[cols]
    import geothai

    rows = []
    for p in geothai.provinces():
        r4, r6 = _regions(p.code)
        rows.append((p.code, f"TH-{p.code}", p.name_th, p.name_en, r4, r6))
    return pd.DataFrame(rows, columns=["province_code", "iso_code", "name_th", "name_en", "region4", "region6"])


def _regions_table(prov: pd.DataFrame) -> pd.DataFrame:
    path = REF / "regions.csv"
    if path.exists():
        df = pd.read_csv(path, dtype=str)
        if {"system", "region_code", "name_th", "name_en"} <= set(df.columns):
            return df[["system", "region_code", "name_th", "name_en"]]
    return pd.DataFrame(REGIONS, columns=["system", "region_code", "name_th", "name_en"])


def generate(rng: random.Random) -> dict[str, pd.DataFrame]:
    """Core and reference rows, deterministic for a given generator."""
    prov = _provinces()
    months = _months()
    services = _read_csv("services.csv")
    svc_codes = [s["service_code"] for s in services]

    agencies = []
    for code, name_th in zip(prov.province_code, prov.name_th):
        if code == "10":
            for i, (mcode, dept) in enumerate(CENTRAL):
                agencies.append((f"C{i + 1:03d}", dept, mcode, dept, "10", "central"))
        n_off = 3 + int(code) % 4
        for j, (mcode, dept, prefix) in enumerate(OFFICES[:n_off]):
            agencies.append((f"P{code}{j + 1:02d}", f"{prefix}{name_th}", mcode, dept, code, "provincial"))
        for j in range(1 + int(code) % 3):
            name = f"องค์การบริหารส่วนจังหวัด{name_th}" if j == 0 else f"เทศบาลนคร{name_th} {j}"
            agencies.append((f"L{code}{j + 1:02d}", name, "MOI", "กรมส่งเสริมการปกครองท้องถิ่น", code, "local"))
    # messy but legal rows: no level, a name that looks like a spreadsheet formula
    agencies.append(("X0001", "-สำนักงานทดลองระบบ (ไม่ระบุระดับ)", "MDES", None, "65", None))
    ag = pd.DataFrame(agencies, columns=["agency_id", "agency_name", "ministry_code", "department", "province_code", "level"])
    ag["load_id"] = 1

    events, ev_no = [], 0
    types = ["roadshow", "roadshow", "seminar", "site_visit", "training"]
    for code in rng.sample(list(prov.province_code), 30):
        ev_no += 1
        d = dt.date(2013, 1, 1) + dt.timedelta(days=rng.randrange(0, 660))
        etype = rng.choice(types)
        eid = f"EV{ev_no:03d}"
        title = f"{'โรดโชว์' if etype == 'roadshow' else 'สัมมนา'} บริการ EGA จังหวัด{prov.set_index('province_code').name_th[code]}"
        events.append((eid, d, code, etype, title, rng.randrange(30, 300), rng.randrange(5, 40)))
        if ev_no % 7 == 0:  # one event spanning two provinces
            other = str(int(code) + 1) if str(int(code) + 1) in set(prov.province_code) else "65"
            if other != code:
                events.append((eid, d, other, etype, title, rng.randrange(20, 100), rng.randrange(3, 15)))
    ev = pd.DataFrame(events, columns=["event_id", "event_date", "province_code", "event_type", "title",
                                       "attendees", "agencies_attended"])
    ev["load_id"] = 4
    first_visit = ev.groupby("province_code").event_date.min().to_dict()

    # propensity per province: some provinces keen, some not
    keen = {code: rng.uniform(0.15, 0.95) for code in prov.province_code}
    svc_base = {"GIN": 0.9, "GCLOUD": 0.45, "MAILGOTHAI": 0.75, "GOVMON": 0.35}
    subs, usage = [], []
    for a in ag.itertuples():
        for s in svc_codes:
            visit = first_visit.get(a.province_code)
            p_adopt = svc_base.get(s, 0.5) * (0.4 + keen[a.province_code]) + (0.15 if visit else 0)
            if rng.random() > p_adopt:
                continue
            start = months[rng.randrange(0, len(months))] + dt.timedelta(days=rng.randrange(0, 27))
            if visit and start > visit and rng.random() < 0.6:  # a roadshow brings adoption forward
                start = visit + dt.timedelta(days=rng.randrange(10, 150))
            if s == "GIN" and rng.random() < 0.5:  # GIN came first
                start = dt.date(2011, rng.randrange(1, 13), 15)
            end = None
            if rng.random() < 0.08:
                end = start + dt.timedelta(days=rng.randrange(120, 700))
            units = {"GIN": 1 + rng.randrange(0, 3), "GCLOUD": 1 + rng.randrange(0, 6),
                     "MAILGOTHAI": 20 + rng.randrange(0, 400), "GOVMON": 2 + rng.randrange(0, 20)}.get(s, 1)
            subs.append((a.agency_id, s, start, end, units))
            idle_agency = rng.random() < 0.2  # the router that sits idle
            for m in months:
                month_end = dt.date(m.year + (m.month == 12), m.month % 12 + 1, 1) - dt.timedelta(days=1)
                if not (start <= month_end and (end is None or end > month_end)):
                    continue
                if rng.random() < 0.05:
                    continue  # not reported this month
                active = rng.random() < (0.15 if idle_agency else 0.9)
                metric = next(x["primary_metric"] for x in services if x["service_code"] == s)
                thr = float(next(x["active_threshold"] for x in services if x["service_code"] == s))
                value = round(thr + 1 + rng.random() * 500, 1) if active else 0.0
                usage.append((m, a.agency_id, s, metric, value))
    sub = pd.DataFrame(subs, columns=["agency_id", "service_code", "start_date", "end_date", "units"])
    sub["load_id"] = 2
    use = pd.DataFrame(usage, columns=["month", "agency_id", "service_code", "metric", "value"])
    use["load_id"] = 3


    issues = ["router_underused", "misunderstanding", "training", "bandwidth", "support", "budget", "none", None]
    fb = []
    ag_by_prov = ag.groupby("province_code").agency_id.apply(list).to_dict()
    for e in ev.itertuples():
        for k in range(rng.randrange(4, 26)):
            fb.append((f"R{e.event_id}-{e.province_code}-{k:02d}", e.event_date, e.event_id,
                       rng.choice(ag_by_prov[e.province_code]), e.province_code,
                       rng.choice(svc_codes + [None]), rng.choice([2, 3, 3, 4, 4, 4, 5, 5, 5, 1]),
                       rng.choice(issues), rng.choice(COMMENTS) or None))
    fbd = pd.DataFrame(fb, columns=["response_id", "response_date", "event_id", "agency_id", "province_code",
                                    "service_code", "satisfaction", "issue", "comment"])
    fbd["load_id"] = 5

    cats = ["connectivity", "account", "configuration", "performance", "security", "request"]
    chans = ["phone", "email", "web", "walk_in"]
    tk = []
    for i in range(600):
        opened = dt.datetime(2012, 1, 1) + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 1095))
        closed = opened + dt.timedelta(hours=rng.randrange(1, 240)) if rng.random() < 0.93 else None
        tk.append((f"T{i:05d}", opened, closed, rng.choice(list(ag.agency_id)), rng.choice(svc_codes),
                   rng.choice(cats), rng.choice(chans)))
    tkd = pd.DataFrame(tk, columns=["ticket_id", "opened_at", "closed_at", "agency_id", "service_code", "category",
                                    "channel"])
    tkd["load_id"] = 6

    t0 = dt.datetime(2015, 1, 12, 9, 30)
    loads = []
    for i, (kind, df) in enumerate([("agencies", ag), ("subscriptions", sub), ("usage", use), ("events", ev),
                                    ("feedback", fbd), ("tickets", tkd)]):
        rej = 2 if kind == "feedback" else 0
        loads.append((i + 1, f"data/sample/{kind}.csv", f"{i:064x}", kind, len(df) + rej, len(df), rej,
                      t0 + dt.timedelta(minutes=i), t0 + dt.timedelta(minutes=i, seconds=20), None, "utf-8"))
    loads_df = pd.DataFrame(loads, columns=["load_id", "file", "sha256", "kind", "rows_read", "rows_loaded",
                                            "rows_rejected", "started_at", "finished_at", "sheet", "encoding"])
    rejects = pd.DataFrame([(5, "data/sample/feedback.csv", 17, "province", "Phitsanuloke", "unknown province",
                             "Phitsanulok"),
                            (5, "data/sample/feedback.csv", 44, "satisfaction", "๖", "satisfaction out of 1-5", None)],
                           columns=["load_id", "file", "line", "column_name", "raw_value", "reason", "suggestion"])

    ministries = pd.DataFrame(_read_csv("ministries.csv")).drop(columns=["aliases"])
    ministries["sort_order"] = ministries.sort_order.astype(int)
    svc = pd.DataFrame(services).drop(columns=["aliases"])
    svc["active_threshold"] = svc.active_threshold.astype(float)
    svc["sort_order"] = svc.sort_order.astype(int)
    voc = pd.DataFrame(_read_csv("vocabularies.csv")).drop(columns=["aliases"])
    cost_cols = ["service_code", "cost_low_thb_per_unit_year", "cost_mid_thb_per_unit_year",
                 "cost_high_thb_per_unit_year", "staff_hours_saved_per_unit_year", "staff_cost_thb_per_hour",
                 "source", "is_assumption"]
    if (REF / "cost_assumptions.csv").exists():
        costs = pd.read_csv(REF / "cost_assumptions.csv")[cost_cols]
        costs["is_assumption"] = costs.is_assumption.astype(str).str.lower().eq("true")
    else:
        costs = pd.DataFrame([c + ("assumption (test warehouse)", True) for c in COSTS], columns=cost_cols)
    return {
        "provinces": prov, "regions": _regions_table(prov), "ministries": ministries, "services": svc,
        "cost_assumptions": costs, "vocabularies": voc, "agencies": ag, "subscriptions": sub,
        "usage_monthly": use, "feedback": fbd, "events": ev, "tickets": tkd, "etl_loads": loads_df,
        "etl_rejects": rejects,
    }


STANDIN_MARTS = """
CREATE OR REPLACE TABLE fct_agency_service_month AS
WITH months AS (
    SELECT unnest(generate_series(DATE '{first}', DATE '{last}', INTERVAL 1 MONTH))::DATE AS month
), sub AS (
    SELECT m.month, s.agency_id, s.service_code, sum(s.units)::BIGINT AS units
    FROM months m JOIN subscriptions s
      ON s.start_date <= last_day(m.month) AND (s.end_date IS NULL OR s.end_date > last_day(m.month))
    GROUP BY ALL
), use AS (
    SELECT u.month, u.agency_id, u.service_code, sum(u.value) AS primary_value
    FROM usage_monthly u JOIN services sv ON sv.service_code = u.service_code AND u.metric = sv.primary_metric
    GROUP BY ALL
), base AS (
    SELECT month, agency_id, service_code, sub.units IS NOT NULL AS adopted, coalesce(sub.units, 0) AS units,
           use.primary_value
    FROM sub FULL JOIN use USING (month, agency_id, service_code)
), flagged AS (
    SELECT b.*, a.province_code, a.ministry_code, coalesce(a.level, 'unknown') AS level,
           b.adopted AND coalesce(b.primary_value, 0) > sv.active_threshold AS active,
           year(b.month) * 12 + month(b.month) AS mi
    FROM base b JOIN agencies a USING (agency_id) JOIN services sv USING (service_code)
), idle AS (
    SELECT *, adopted AND NOT active AS is_idle FROM flagged
), islands AS (
    SELECT *, CASE WHEN is_idle THEN mi - row_number() OVER (PARTITION BY agency_id, service_code, is_idle ORDER BY mi) END AS isl
    FROM idle
)
SELECT month, agency_id, service_code, province_code, ministry_code, level, adopted, units, primary_value, active,
       CASE WHEN is_idle THEN row_number() OVER (PARTITION BY agency_id, service_code, isl ORDER BY mi) ELSE 0 END
           AS idle_months,
       is_idle AND (CASE WHEN is_idle THEN row_number() OVER (PARTITION BY agency_id, service_code, isl ORDER BY mi)
                    ELSE 0 END) >= 3 AS underused
FROM islands;

CREATE OR REPLACE TABLE mart_adoption_monthly AS
WITH months AS (
    SELECT unnest(generate_series(DATE '{first}', DATE '{last}', INTERVAL 1 MONTH))::DATE AS month
), cells AS (
    SELECT province_code, ministry_code, coalesce(level, 'unknown') AS level, count(*) AS eligible
    FROM agencies GROUP BY ALL
), agg AS (
    SELECT month, province_code, ministry_code, level, service_code,
           count(*) FILTER (WHERE adopted) AS adopted, count(*) FILTER (WHERE active) AS active,
           count(*) FILTER (WHERE underused) AS underused, sum(units) AS units
    FROM fct_agency_service_month GROUP BY ALL
)
SELECT m.month, c.province_code, c.ministry_code, c.level, s.service_code, c.eligible,
       coalesce(agg.adopted, 0) AS adopted, coalesce(agg.active, 0) AS active,
       coalesce(agg.underused, 0) AS underused, coalesce(agg.units, 0) AS units
FROM months m CROSS JOIN cells c CROSS JOIN services s
LEFT JOIN agg ON agg.month = m.month AND agg.province_code = c.province_code
    AND agg.ministry_code = c.ministry_code AND agg.level = c.level AND agg.service_code = s.service_code;

CREATE OR REPLACE TABLE mart_savings_monthly AS
SELECT a.month, a.province_code, a.ministry_code, a.level, a.service_code, a.units::DOUBLE AS unit_months,
       a.units * c.staff_hours_saved_per_unit_year / 12 AS staff_hours_saved,
       a.units * (c.cost_low_thb_per_unit_year + c.staff_hours_saved_per_unit_year * c.staff_cost_thb_per_hour) / 12
           AS savings_low_thb,
       a.units * (c.cost_mid_thb_per_unit_year + c.staff_hours_saved_per_unit_year * c.staff_cost_thb_per_hour) / 12
           AS savings_mid_thb,
       a.units * (c.cost_high_thb_per_unit_year + c.staff_hours_saved_per_unit_year * c.staff_cost_thb_per_hour) / 12
           AS savings_high_thb
FROM mart_adoption_monthly a JOIN cost_assumptions c USING (service_code)
WHERE a.units > 0;

CREATE OR REPLACE TABLE mart_feedback_monthly AS
SELECT date_trunc('month', response_date)::DATE AS month, province_code, service_code, event_id, issue,
       count(*) AS responses, sum(satisfaction) AS satisfaction_sum,
       count(*) FILTER (WHERE satisfaction >= 4) AS satisfied
FROM feedback GROUP BY ALL;

CREATE OR REPLACE TABLE mart_tickets_monthly AS
WITH t AS (
    SELECT t.*, a.province_code FROM tickets t LEFT JOIN agencies a USING (agency_id)
), months AS (
    SELECT unnest(generate_series(DATE '{first}', DATE '{last}', INTERVAL 1 MONTH))::DATE AS month
)
SELECT m.month, t.province_code, t.service_code, t.category, t.channel,
       count(*) FILTER (WHERE date_trunc('month', t.opened_at) = m.month) AS opened,
       count(*) FILTER (WHERE date_trunc('month', t.closed_at) = m.month) AS closed,
       coalesce(sum(epoch(t.closed_at - t.opened_at) / 3600)
                FILTER (WHERE date_trunc('month', t.closed_at) = m.month), 0) AS hours_to_close_sum,
       count(*) FILTER (WHERE t.opened_at < last_day(m.month) + 1
                        AND (t.closed_at IS NULL OR t.closed_at >= last_day(m.month) + 1)) AS backlog_end
FROM months m JOIN t ON t.opened_at < last_day(m.month) + 1
GROUP BY ALL HAVING opened > 0 OR closed > 0 OR backlog_end > 0;

CREATE OR REPLACE TABLE mart_tickets_hourly AS
SELECT a.province_code, t.service_code, isodow(t.opened_at) AS weekday, hour(t.opened_at) AS hour,
       count(*) AS tickets
FROM tickets t LEFT JOIN agencies a USING (agency_id) GROUP BY ALL;

CREATE OR REPLACE TABLE mart_roadshow_impact AS
WITH prov AS (
    SELECT month, province_code, service_code, sum(adopted) / sum(eligible) AS rate
    FROM mart_adoption_monthly GROUP BY ALL
), ev AS (
    SELECT DISTINCT event_id, province_code, event_date, date_trunc('month', event_date)::DATE AS m
    FROM events WHERE event_type IN ('roadshow', 'seminar')
), pairs AS (
    SELECT ev.event_id, ev.province_code, ev.event_date, s.service_code,
           b.rate AS rate_before, af.rate AS rate_after
    FROM ev CROSS JOIN services s
    JOIN prov b ON b.province_code = ev.province_code AND b.service_code = s.service_code
        AND b.month = ev.m - INTERVAL 3 MONTH
    JOIN prov af ON af.province_code = ev.province_code AND af.service_code = s.service_code
        AND af.month = ev.m + INTERVAL 6 MONTH
), others AS (
    SELECT ev.event_id, ev.province_code AS visited, s.service_code, avg(af.rate - b.rate) AS change_others
    FROM ev CROSS JOIN services s
    JOIN prov b ON b.service_code = s.service_code AND b.month = ev.m - INTERVAL 3 MONTH
    JOIN prov af ON af.service_code = s.service_code AND af.month = ev.m + INTERVAL 6 MONTH
        AND af.province_code = b.province_code
    WHERE b.province_code NOT IN (
        SELECT e2.province_code FROM ev e2
        WHERE e2.m BETWEEN ev.m - INTERVAL 3 MONTH AND ev.m + INTERVAL 6 MONTH)
    GROUP BY ALL
)
SELECT p.event_id, p.province_code, p.event_date, p.service_code, p.rate_before, p.rate_after,
       p.rate_after - p.rate_before AS change_visited, o.change_others,
       100 * ((p.rate_after - p.rate_before) - o.change_others) AS impact_pp
FROM pairs p LEFT JOIN others o
  ON o.event_id = p.event_id AND o.visited = p.province_code AND o.service_code = p.service_code;

CREATE OR REPLACE TABLE mart_opportunity AS
WITH latest AS (SELECT max(month) AS m FROM mart_adoption_monthly),
gap AS (
    SELECT a.province_code, a.month, sum(a.eligible) AS eligible, sum(a.eligible - a.adopted) AS not_adopted,
           sum((a.eligible - a.adopted) * c.cost_mid_thb_per_unit_year) AS potential_savings_mid_thb
    FROM mart_adoption_monthly a JOIN cost_assumptions c USING (service_code)
    WHERE a.month = (SELECT m FROM latest) GROUP BY ALL
), iss AS (
    SELECT province_code, count(*) AS open_issues FROM feedback
    WHERE issue IS NOT NULL AND issue <> 'none'
      AND response_date > (SELECT m FROM latest) - INTERVAL 12 MONTH GROUP BY ALL
), tk AS (
    SELECT a.province_code, count(*) AS open_tickets FROM tickets t JOIN agencies a USING (agency_id)
    WHERE t.closed_at IS NULL GROUP BY ALL
)
SELECT g.province_code, g.month, g.eligible, g.not_adopted, g.potential_savings_mid_thb,
       coalesce(iss.open_issues, 0) AS open_issues, coalesce(tk.open_tickets, 0) AS open_tickets,
       g.potential_savings_mid_thb / 1e6 * (1 + coalesce(iss.open_issues, 0) / 10) AS score,
       rank() OVER (ORDER BY g.potential_savings_mid_thb / 1e6 * (1 + coalesce(iss.open_issues, 0) / 10) DESC) AS rank
FROM gap g LEFT JOIN iss USING (province_code) LEFT JOIN tk USING (province_code);
"""


def _build_marts(con: duckdb.DuckDBPyConnection, use_etl: bool) -> str:
    if use_etl:
        try:
            sys.path.insert(0, str(ROOT))
            from etl.marts import build_marts  # type: ignore

            build_marts(con)
            return "etl"
        except Exception as exc:  # not there yet, or not working yet: fall back
            print(f"fake_warehouse: etl marts unavailable ({type(exc).__name__}: {exc}); using stand-in",
                  file=sys.stderr)
    con.execute(STANDIN_MARTS.format(first=FIRST_MONTH.isoformat(), last=LAST_MONTH.isoformat()))
    return "standin"


def build(path: str | os.PathLike, *, sample: bool = True, use_etl: bool | None = None) -> Path:
    """Write the test warehouse to `path` (replacing it) and return the path."""
    if use_etl is None:  # the ETL's marts when they work; EGOV_FAKE_ETL_MARTS=0 forces the stand-in
        use_etl = os.environ.get("EGOV_FAKE_ETL_MARTS", "1") == "1"
    path = Path(path)
    tmp = path.with_name(path.name + ".building")
    for p in (tmp, Path(str(tmp) + ".wal")):
        if p.exists():
            p.unlink()
    data = generate(random.Random(SEED))
    con = duckdb.connect(str(tmp))
    try:
        con.execute((ROOT / "etl" / "sql" / "schema.sql").read_text(encoding="utf-8"))
        for table, df in data.items():
            cols = list(df.columns)
            con.register("_df", df)
            con.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(cols)} FROM _df")
            con.unregister("_df")
        _build_marts(con, use_etl)
        if sample:
            con.execute("CREATE OR REPLACE TABLE warehouse_info (key VARCHAR, value VARCHAR)")
            con.execute("INSERT INTO warehouse_info VALUES ('sample', 'true'), ('seed', ?)", [str(SEED)])
        con.execute("CHECKPOINT")
    finally:
        con.close()
    os.replace(tmp, path)
    return path


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/egov_fake.duckdb"
    print(build(out, sample="--no-sample-flag" not in sys.argv))
