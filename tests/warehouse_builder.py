"""Small hand-made warehouses for tests, and a large synthetic one for timing the marts.

    wh = WarehouseBuilder(tmp_path / "w.duckdb")          # schema.sql + reference tables
    wh.agency("A1", province="65").subscription("A1", "GIN", "2014-01-15")
    wh.usage_series("A1", "GIN", "2014-01", [0, 0, 0, 0])   # the service's primary metric
    con = wh.build()                                         # runs etl.marts.build_marts
    wh.checks()                                              # etl.marts.run_checks -> [] when all pass

Reference tables come from data/reference/*.csv (read with pandas, only the schema's columns); when a
CSV is missing, a few built-in rows stand in. Tests that assert baht set their own cost assumptions
with .cost(...), so they do not move when the assumptions CSV is revised.

Timing at national scale (about 10 million usage rows):
    .venv/bin/python tests/warehouse_builder.py --bench /tmp/egov_bench.duckdb
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import duckdb
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from etl import marts  # noqa: E402

SCHEMA = ROOT / "etl" / "sql" / "schema.sql"
REFERENCE = ROOT / "data" / "reference"
REFERENCE_TABLES = ("provinces", "regions", "ministries", "services", "cost_assumptions", "vocabularies")

# Stand-ins used only while a reference CSV does not exist.
FALLBACK = {
    "provinces": [
        ("10", "TH-10", "กรุงเทพมหานคร", "Bangkok", "central", "central"),
        ("50", "TH-50", "เชียงใหม่", "Chiang Mai", "north", "north"),
        ("64", "TH-64", "สุโขทัย", "Sukhothai", "north", "central"),
        ("65", "TH-65", "พิษณุโลก", "Phitsanulok", "north", "central"),
        ("90", "TH-90", "สงขลา", "Songkhla", "south", "south"),
    ],
    "cost_assumptions": [
        ("GIN", 36000.0, 96000.0, 180000.0, 24.0, 200.0, "test stand-in", True),
        ("GCLOUD", 18000.0, 42000.0, 84000.0, 20.0, 200.0, "test stand-in", True),
        ("MAILGOTHAI", 1500.0, 2300.0, 3100.0, 1.0, 200.0, "test stand-in", True),
        ("GOVMON", 12000.0, 30000.0, 60000.0, 12.0, 200.0, "test stand-in", True),
    ],
}


def _month(value) -> str:
    """'2014-03' or '2014-03-xx' -> '2014-03-01'."""
    s = str(value)
    return s[:7] + "-01"


def _add_months(month: str, k: int) -> str:
    y, m = int(month[:4]), int(month[5:7])
    y, m = divmod(y * 12 + (m - 1) + k, 12)
    return f"{y:04d}-{m + 1:02d}-01"


def load_reference(con, tables=REFERENCE_TABLES) -> None:
    """Fill the reference tables from data/reference/*.csv (or the stand-ins)."""
    for table in tables:
        cols = con.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = ? ORDER BY ordinal_position", [table]).fetchall()
        con.execute(f"DELETE FROM {table}")
        path = REFERENCE / f"{table}.csv"
        if path.exists():
            df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
            df = df.loc[:, [c for c, _ in cols if c in df.columns]].replace({"": None})
            select = ", ".join(f"CAST({c} AS {t}) AS {c}" if c in df.columns else f"NULL AS {c}"
                               for c, t in cols)
            con.register("_ref_df", df)
            con.execute(f"INSERT INTO {table} SELECT {select} FROM _ref_df")
            con.unregister("_ref_df")
        elif table in FALLBACK:
            rows = FALLBACK[table]
            marks = ", ".join("?" * len(rows[0]))
            con.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


class WarehouseBuilder:
    """A DuckDB warehouse (schema.sql applied, reference filled) to which tests add rows by hand."""

    def __init__(self, path: str | Path = ":memory:", reference: bool = True):
        self.path = str(path)
        self.con = duckdb.connect(self.path)
        self.con.execute(SCHEMA.read_text(encoding="utf-8"))
        if reference:
            load_reference(self.con)
        self._next = 0

    # --- reference overrides ---------------------------------------------------------------
    def cost(self, service: str, low: float, mid: float, high: float, staff_hours: float,
             staff_cost: float) -> "WarehouseBuilder":
        self.con.execute("DELETE FROM cost_assumptions WHERE service_code = ?", [service])
        self.con.execute("INSERT INTO cost_assumptions VALUES (?, ?, ?, ?, ?, ?, 'test', true)",
                         [service, low, mid, high, staff_hours, staff_cost])
        return self

    def primary_metric(self, service: str) -> str:
        return self.con.execute("SELECT primary_metric FROM services WHERE service_code = ?",
                                [service]).fetchone()[0]

    # --- core rows -----------------------------------------------------------------------------
    def agency(self, agency_id: str, province: str = "10", ministry: str = "MDES",
               level: str | None = "provincial", name: str | None = None,
               department: str | None = None) -> "WarehouseBuilder":
        self.con.execute("INSERT INTO agencies VALUES (?, ?, ?, ?, ?, ?, 0)",
                         [agency_id, name or f"Agency {agency_id}", ministry, department, province, level])
        return self

    def agencies(self, prefix: str, n: int, **kw) -> list[str]:
        ids = [f"{prefix}{i}" for i in range(1, n + 1)]
        for a in ids:
            self.agency(a, **kw)
        return ids

    def subscription(self, agency_id: str, service: str, start, end=None,
                     units: int = 1) -> "WarehouseBuilder":
        self.con.execute("INSERT INTO subscriptions VALUES (?, ?, CAST(? AS DATE), CAST(? AS DATE), ?, 0)",
                         [agency_id, service, str(start), None if end is None else str(end), units])
        return self

    def usage(self, month, agency_id: str, service: str, value: float,
              metric: str | None = None) -> "WarehouseBuilder":
        self.con.execute("INSERT INTO usage_monthly VALUES (CAST(? AS DATE), ?, ?, ?, ?, 0)",
                         [_month(month), agency_id, service, metric or self.primary_metric(service), value])
        return self

    def usage_series(self, agency_id: str, service: str, first_month, values,
                     metric: str | None = None) -> "WarehouseBuilder":
        """One usage row per value, for consecutive months from first_month."""
        m0 = _month(first_month)
        for k, v in enumerate(values):
            self.usage(_add_months(m0, k), agency_id, service, v, metric)
        return self

    def feedback(self, date, province: str, satisfaction: int, service: str | None = None,
                 issue: str | None = None, event_id: str | None = None, agency_id: str | None = None,
                 response_id: str | None = None) -> "WarehouseBuilder":
        self._next += 1
        self.con.execute(
            "INSERT INTO feedback VALUES (?, CAST(? AS DATE), ?, ?, ?, ?, ?, ?, NULL, 0, NULL)",
            [response_id or f"R{self._next}", str(date), event_id, agency_id, province, service,
             satisfaction, issue])
        return self

    def event(self, event_id: str, date, province: str, event_type: str = "roadshow") -> "WarehouseBuilder":
        self.con.execute("INSERT INTO events VALUES (?, CAST(? AS DATE), ?, ?, NULL, NULL, NULL, 0)",
                         [event_id, str(date), province, event_type])
        return self

    def ticket(self, ticket_id: str, opened_at, closed_at=None, agency_id: str | None = None,
               service: str = "GIN", category: str | None = "connectivity",
               channel: str | None = "phone") -> "WarehouseBuilder":
        self.con.execute(
            "INSERT INTO tickets VALUES (?, CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP), ?, ?, ?, ?, 0)",
            [ticket_id, str(opened_at), None if closed_at is None else str(closed_at), agency_id,
             service, category, channel])
        return self

    # --- build and read -------------------------------------------------------------------------
    def build(self):
        marts.build_marts(self.con)
        return self.con

    def checks(self) -> list[str]:
        return marts.run_checks(self.con)

    def df(self, sql: str, params=None) -> pd.DataFrame:
        return self.con.execute(sql, params or []).df()

    def one(self, sql: str, params=None):
        return self.con.execute(sql, params or []).fetchone()

    def close(self) -> None:
        self.con.close()


# --- national-scale synthetic warehouse -----------------------------------------------------------

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


def bench(path: str, agencies: int = 31_000) -> None:
    p = Path(path)
    for f in (p, Path(str(p) + ".wal")):
        f.unlink(missing_ok=True)
    wh = WarehouseBuilder(p)
    t0 = time.perf_counter()
    synthetic(wh.con, agencies=agencies)
    wh.con.execute("CHECKPOINT")
    t1 = time.perf_counter()
    counts = {t: wh.one(f"SELECT count(*) FROM {t}")[0]
              for t in ("agencies", "subscriptions", "usage_monthly", "feedback", "events", "tickets")}
    print(f"synthetic warehouse in {t1 - t0:.1f} s: {counts}")
    t2 = time.perf_counter()
    wh.build()
    t3 = time.perf_counter()
    for t in ("fct_agency_service_month", "mart_adoption_monthly", "mart_savings_monthly",
              "mart_tickets_monthly", "mart_roadshow_impact", "mart_opportunity"):
        print(f"  {t}: {wh.one(f'SELECT count(*) FROM {t}')[0]:,} rows")
    print(f"build_marts: {t3 - t2:.1f} s")
    failures = wh.checks()
    t4 = time.perf_counter()
    print(f"run_checks: {t4 - t3:.1f} s, failures: {failures}")
    wh.close()


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bench", metavar="DB", required=True, help="scratch DuckDB file to create (e.g. under /tmp)")
    ap.add_argument("--agencies", type=int, default=31_000)
    args = ap.parse_args()
    bench(args.bench, args.agencies)
