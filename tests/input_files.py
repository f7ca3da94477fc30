"""Test warehouses the one way the dashboard gets them: input files (docs/DATA.md's input contract)
loaded by the real ETL (etl.load.run).

    wh = InputFiles(tmp_path)                                # rows are kept until build()
    wh.agency("A1", province="65").subscription("A1", "GIN", "2014-01-15")
    wh.usage_series("A1", "GIN", "2014-01", [0, 0, 0, 0])   # the service's primary metric
    con = wh.build()                                         # writes the CSV files, `etl load`s them
    wh.checks()                                              # etl.marts.run_checks -> [] when all pass

build() is strict: a row the ETL refuses is an error, so a test never loses a row without saying so.
Reference tables are the ETL's own (data/reference/*.csv). A test that asserts baht sets its own cost
assumptions with .cost(...): they replace the loaded ones and the marts are rebuilt, so its numbers do not
move when the assumptions CSV is revised.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from etl import marts, reference
from etl.load import run

# The input contract's columns, by kind, in the order written (etl/contract.py's canonical names).
COLUMNS = {
    "agencies": ["agency_id", "agency_name", "ministry", "department", "province", "level"],
    "subscriptions": ["agency_id", "service", "start_date", "end_date", "units"],
    "usage": ["month", "agency_id", "service", "metric", "value"],
    "events": ["event_id", "date", "province", "event_type", "title", "attendees", "agencies_attended"],
    "feedback": ["response_id", "date", "event_id", "agency_id", "province", "service", "satisfaction", "issue",
                 "comment"],
    "tickets": ["ticket_id", "opened_at", "closed_at", "agency_id", "service", "category", "channel"],
}
COSTS = ["cost_low_thb_per_unit_year", "cost_mid_thb_per_unit_year", "cost_high_thb_per_unit_year",
         "staff_hours_saved_per_unit_year", "staff_cost_thb_per_hour"]


def _month(value) -> str:
    """'2014-03' or '2014-03-xx' -> '2014-03-01'."""
    return str(value)[:7] + "-01"


def _add_months(month: str, k: int) -> str:
    y, m = divmod(int(month[:4]) * 12 + int(month[5:7]) - 1 + k, 12)
    return f"{y:04d}-{m + 1:02d}-01"


@cache
def primary_metric(service: str) -> str:
    s = reference.services().set_index("service_code")
    return s.loc[service, "primary_metric"]


def write_csv(path: Path, columns: list[str], rows) -> Path:
    """One input file: UTF-8, a header of canonical names, None as an empty field."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(columns)
        w.writerows(["" if v is None else v for v in r] for r in rows)
    return path


class InputFiles:
    """Rows of the six input kinds, written as CSV files into a folder and loaded by the ETL."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.rows: dict[str, list[tuple]] = {kind: [] for kind in COLUMNS}
        self.costs: dict[str, tuple] = {}
        self.con: duckdb.DuckDBPyConnection | None = None
        self.report = None  # the ETL's Report of the last build()
        self._next = 0

    # --- rows ------------------------------------------------------------------------------------
    def agency(self, agency_id: str, province: str = "10", ministry: str = "MDES",
               level: str | None = "provincial", name: str | None = None,
               department: str | None = None) -> "InputFiles":
        self.rows["agencies"].append((agency_id, name or f"Agency {agency_id}", ministry, department, province,
                                      level))
        return self

    def agencies(self, prefix: str, n: int, **kw) -> list[str]:
        ids = [f"{prefix}{i}" for i in range(1, n + 1)]
        for a in ids:
            self.agency(a, **kw)
        return ids

    def subscription(self, agency_id: str, service: str, start, end=None, units: int = 1) -> "InputFiles":
        self.rows["subscriptions"].append((agency_id, service, str(start), end and str(end), units))
        return self

    def usage(self, month, agency_id: str, service: str, value: float, metric: str | None = None) -> "InputFiles":
        self.rows["usage"].append((_month(month), agency_id, service, metric or primary_metric(service), value))
        return self

    def usage_series(self, agency_id: str, service: str, first_month, values,
                     metric: str | None = None) -> "InputFiles":
        """One usage row per value, for consecutive months from first_month."""
        m0 = _month(first_month)
        for k, v in enumerate(values):
            self.usage(_add_months(m0, k), agency_id, service, v, metric)
        return self

    def feedback(self, date, province: str, satisfaction: int | str, service: str | None = None,
                 issue: str | None = None, event_id: str | None = None, agency_id: str | None = None,
                 response_id: str | None = None, comment: str | None = None) -> "InputFiles":
        self._next += 1
        self.rows["feedback"].append((response_id or f"R{self._next}", str(date), event_id, agency_id, province,
                                      service, satisfaction, issue, comment))
        return self

    def event(self, event_id: str, date, province: str, event_type: str = "roadshow", title: str | None = None,
              attendees: int | None = None, agencies_attended: int | None = None) -> "InputFiles":
        self.rows["events"].append((event_id, str(date), province, event_type, title, attendees, agencies_attended))
        return self

    def ticket(self, ticket_id: str, opened_at, closed_at=None, agency_id: str | None = None,
               service: str = "GIN", category: str | None = "connectivity",
               channel: str | None = "phone") -> "InputFiles":
        self.rows["tickets"].append((ticket_id, str(opened_at), closed_at and str(closed_at), agency_id, service,
                                     category, channel))
        return self

    def cost(self, service: str, low: float, mid: float, high: float, staff_hours: float,
             staff_cost: float) -> "InputFiles":
        """This test's own cost assumptions for a service (replacing data/reference's after the load)."""
        self.costs[service] = (low, mid, high, staff_hours, staff_cost)
        if self.con is not None:
            self._set_costs()
        return self

    # --- files and warehouse ---------------------------------------------------------------------
    def write(self) -> Path:
        """The input files (agencies.csv always, header only when there are none); returns their folder."""
        files = self.folder / "input"
        files.mkdir(parents=True, exist_ok=True)
        for kind, columns in COLUMNS.items():
            if self.rows[kind] or kind == "agencies":
                write_csv(files / f"{kind}.csv", columns, self.rows[kind])
        return files

    def build(self, strict: bool = True, sample: bool = False) -> duckdb.DuckDBPyConnection:
        """Write the files, load them with the ETL into folder/adoption.duckdb and open it read-write."""
        db = self.folder / "adoption.duckdb"
        if self.con is not None:
            self.close()
        db.unlink(missing_ok=True)
        self.report = run([self.write()], db, strict=strict, sample=sample)
        self.con = duckdb.connect(str(db))
        if self.costs:
            self._set_costs()
        return self.con

    @classmethod
    def opened(cls, db: str | Path) -> "InputFiles":
        """The helpers on a warehouse already loaded (a copy that a test may change)."""
        wh = cls(Path(db).parent)
        wh.con = duckdb.connect(str(db))
        return wh

    def _set_costs(self) -> None:
        for service, values in self.costs.items():
            self.con.execute("DELETE FROM cost_assumptions WHERE service_code = ?", [service])
            self.con.execute(f"INSERT INTO cost_assumptions (service_code, {', '.join(COSTS)}, source, is_assumption)"
                             " VALUES (?, ?, ?, ?, ?, ?, 'test', true)", [service, *values])
        self.rebuild()

    def rebuild(self) -> list[str]:
        """The marts again, whole, from the tables as they are now (after a test changed them on purpose)."""
        return marts.build_marts(self.con)

    def checks(self) -> list[str]:
        return marts.run_checks(self.con)

    def df(self, sql: str, params=None) -> pd.DataFrame:
        return self.con.execute(sql, params or []).df()

    def one(self, sql: str, params=None):
        return self.con.execute(sql, params or []).fetchone()

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None
