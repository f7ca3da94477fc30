"""`python -m bench marts DB [--agencies N]`: the marts (etl/sql/marts) and the data checks timed on a
national-scale synthetic warehouse (31,000 agencies over 120 months: about 10 million usage rows), filled in
SQL straight into the core tables (no ETL load: this times the marts alone). DB is a scratch file it
replaces (e.g. under /tmp). docs/PERFORMANCE.md ("Marts and data checks") has the results.
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb

from etl import marts
from etl.load import init_schema

TABLES = ("agencies", "subscriptions", "usage_monthly", "feedback", "events", "tickets")
MARTS = ("fct_agency_service_month", "mart_adoption_monthly", "mart_savings_monthly", "mart_tickets_monthly",
         "mart_roadshow_impact", "mart_opportunity")


def synthetic(con, agencies: int = 31_000, months: int = 120, seed: int = 7) -> None:
    """Fill core tables with a deterministic national-scale warehouse, in SQL (range joins).

    agencies=31_000 over months=120 gives about 10 million usage rows (two metrics per adopted
    agency-service-month), ~80k subscriptions, 200k feedback, 3k event rows, 500k tickets.
    """
    con.execute(f"SELECT setseed({seed / 100})")
    first = "DATE '2014-01-01'"
    con.execute(f"""
        INSERT INTO agencies
        SELECT 'A' || lpad(i::VARCHAR, 6, '0'), 'Agency ' || i,
               m.codes[1 + (hash(i, 'm') % len(m.codes))::INT], NULL,
               p.codes[1 + (hash(i, 'p') % len(p.codes))::INT],
               ['central', 'provincial', 'local', NULL][1 + (i % 4)::INT], 0
        FROM range({agencies}) t(i),
             (SELECT list(province_code ORDER BY province_code) AS codes FROM provinces) p,
             (SELECT list(ministry_code ORDER BY ministry_code) AS codes FROM ministries) m
    """)
    con.execute(f"""
        INSERT INTO subscriptions
        SELECT a.agency_id, s.service_code,
               {first} + (hash(a.agency_id, s.service_code, 'start') % ({months} * 30))::INT AS start_date,
               CASE WHEN hash(a.agency_id, s.service_code, 'end') % 5 = 0
                    THEN {first} + ({months} * 30 - (hash(a.agency_id, s.service_code, 'e2') % 900))::INT END,
               1 + (hash(a.agency_id, s.service_code, 'units') % 20)::INT, 0
        FROM agencies a CROSS JOIN services s
        WHERE hash(a.agency_id, s.service_code) % 10 < 7
    """)
    # Delete subscriptions that would end before they start (the ETL rejects them).
    con.execute("DELETE FROM subscriptions WHERE end_date < start_date")
    con.execute(f"""
        INSERT INTO usage_monthly
        WITH sm AS (
            SELECT s.agency_id, s.service_code, sv.primary_metric,
                   CAST(unnest(generate_series(date_trunc('month', s.start_date),
                        least(coalesce(s.end_date, DATE '9999-01-01'),
                              {first} + INTERVAL ({months} - 1) MONTH),
                        INTERVAL 1 MONTH)) AS DATE) AS month
            FROM subscriptions s JOIN services sv USING (service_code)
        )
        SELECT month, agency_id, service_code,
               CASE WHEN k = 0 THEN primary_metric ELSE 'secondary' END,
               CASE WHEN hash(agency_id, service_code, month) % 10 < 2 THEN 0
                    ELSE (hash(agency_id, service_code, month, k) % 1000) END, 0
        FROM sm, range(2) r(k)
    """)
    con.execute(f"""
        INSERT INTO events
        SELECT 'E' || i, {first} + (hash(i, 'd') % ({months} * 30))::INT,
               p.codes[1 + (hash(i, j) % len(p.codes))::INT], 'roadshow', NULL, NULL, NULL, 0
        FROM range(1000) t(i), range(3) u(j),
             (SELECT list(province_code ORDER BY province_code) AS codes FROM provinces) p
        QUALIFY row_number() OVER (PARTITION BY 'E' || i, p.codes[1 + (hash(i, j) % len(p.codes))::INT]) = 1
    """)
    con.execute(f"""
        INSERT INTO feedback
        SELECT 'R' || i, {first} + (hash(i, 'd') % ({months} * 30))::INT, NULL, NULL,
               p.codes[1 + (hash(i, 'p') % len(p.codes))::INT],
               ['GIN', 'GCLOUD', 'MAILGOTHAI', 'GOVMON'][1 + (i % 4)::INT],
               1 + (hash(i, 's') % 5)::INT,
               ['none', 'router_underused', 'training', NULL][1 + (hash(i, 'x') % 4)::INT], NULL, 0, NULL
        FROM range(200000) t(i), (SELECT list(province_code ORDER BY province_code) AS codes FROM provinces) p
    """)
    con.execute(f"""
        INSERT INTO tickets
        SELECT 'T' || i, o, CASE WHEN hash(i, 'c') % 20 <> 0 THEN o + to_minutes((hash(i, 'h') % 20000)::BIGINT) END,
               'A' || lpad((hash(i, 'a') % {agencies})::VARCHAR, 6, '0'),
               ['GIN', 'GCLOUD', 'MAILGOTHAI', 'GOVMON'][1 + (i % 4)::INT],
               ['connectivity', 'account', 'configuration', 'performance'][1 + (hash(i, 'k') % 4)::INT],
               ['phone', 'email', 'web'][1 + (hash(i, 'n') % 3)::INT], 0
        FROM (SELECT i, CAST({first} AS TIMESTAMP) + to_minutes((hash(i, 'o') % ({months} * 30 * 1440))::BIGINT) AS o
              FROM range(500000) t(i))
    """)



def main(path: str, agencies: int = 31_000) -> int:
    p = Path(path)
    for f in (p, Path(str(p) + ".wal")):
        f.unlink(missing_ok=True)
    con = duckdb.connect(str(p))
    try:
        init_schema(con)  # schema.sql and the reference tables of data/reference
        t0 = time.perf_counter()
        synthetic(con, agencies=agencies)
        con.execute("CHECKPOINT")
        t1 = time.perf_counter()
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        print(f"synthetic warehouse in {t1 - t0:.1f} s: {counts}")
        t2 = time.perf_counter()
        marts.build_marts(con)
        t3 = time.perf_counter()
        for t in MARTS:
            print(f"  {t}: {con.execute(f'SELECT count(*) FROM {t}').fetchone()[0]:,} rows")
        print(f"build_marts: {t3 - t2:.1f} s")
        failures = marts.run_checks(con)
        t4 = time.perf_counter()
        print(f"run_checks: {t4 - t3:.1f} s, failures: {failures}")
    finally:
        con.close()
    return 0
