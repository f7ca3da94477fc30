"""The filter model: the global filters (Filters), the period they resolve to (Period) and the SQL
conditions they put on a table (where, and_). Values go to DuckDB as ? parameters; the only SQL text
composed here is fixed column names chosen from whitelists.

Conventions: snapshot numbers (eligible, adopted, active, underused) are taken at the "as-of" month,
the latest month of data within the selected period; flows (savings, feedback, events) are summed over
the whole period.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, fields

from egov import metrics
from egov.read_cache import NO_PROVINCE
from egov.reads.reference import months


REGION_COLUMNS = {"region4": "region4", "region6": "region6"}  # region system -> provinces column


STATUS_ORDER = ("active", "idle", "underused", "none")


@dataclass(frozen=True)
class Filters:
    """The global filters. Empty tuples mean "all"; None months mean "from the first" / "to the latest"."""

    start: dt.date | None = None
    end: dt.date | None = None
    region_system: str = "region4"
    regions: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    ministries: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()

    def __post_init__(self):
        if self.region_system not in REGION_COLUMNS:
            raise ValueError(f"unknown region system {self.region_system!r}")
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, (list, tuple, set)):
                object.__setattr__(self, f.name, tuple(sorted(str(x) for x in v)))
        for name in ("start", "end"):
            v = getattr(self, name)
            if isinstance(v, dt.datetime):
                v = v.date()
            if isinstance(v, dt.date):
                object.__setattr__(self, name, v.replace(day=1))

    def replace(self, **changes) -> "Filters":
        """A copy with some fields changed: f.replace(provinces=("65",))."""
        return dataclasses.replace(self, **changes)

    def scoped(self, scope: tuple[str, ...] | frozenset[str] | None) -> "Filters":
        """These filters within a province scope (None: every province): the chosen provinces that are
        in the scope, or the whole scope when none is chosen; nothing (NO_PROVINCE) when none is left."""
        if scope is None:
            return self
        allowed = set(scope)
        keep = [p for p in self.provinces if p in allowed] if self.provinces else sorted(allowed)
        return self.replace(provinces=tuple(keep) or (NO_PROVINCE,))

    @property
    def region_column(self) -> str:
        return REGION_COLUMNS[self.region_system]

    @property
    def geographic(self) -> bool:
        """True when the filter narrows the country (regions or provinces)."""
        return bool(self.regions or self.provinces)


@dataclass(frozen=True)
class Period:
    start: dt.date  # first month in the period
    end: dt.date  # last month in the period
    as_of: dt.date | None  # latest month of data in the period (None: no data in the period)
    prev: dt.date | None  # as_of minus 12 months, when the data reaches back that far

    @property
    def end_exclusive(self) -> dt.date:
        return add_months(self.end, 1)


def add_months(d: dt.date, n: int) -> dt.date:
    k = d.year * 12 + d.month - 1 + n
    return dt.date(k // 12, k % 12 + 1, 1)


def window_start(month: dt.date) -> dt.date:
    """The first month of the 12-month window ending with month: window_start() of etl/sql/definitions.sql,
    whose window_months() is metrics.WINDOW_MONTHS."""
    return add_months(month, -(metrics.WINDOW_MONTHS - 1))


def where(f: Filters, *, alias: str = "", geo: bool = True, ministry: bool = True, level: bool = True,
           service: bool = True, province_col: str = "province_code", service_col: str = "service_code"):
    """SQL conditions and parameters for the filters on a table with the usual columns."""
    a = f"{alias}." if alias else ""
    conds, params = [], []
    if geo and f.regions:
        conds.append(f"{a}{province_col} IN (SELECT province_code FROM provinces "
                     f"WHERE list_contains(?, {f.region_column}))")
        params.append(list(f.regions))
    if geo and f.provinces:
        conds.append(f"list_contains(?, {a}{province_col})")
        params.append(list(f.provinces))
    if ministry and f.ministries:
        conds.append(f"list_contains(?, {a}ministry_code)")
        params.append(list(f.ministries))
    if level and f.levels:
        conds.append(f"list_contains(?, coalesce({a}level, 'unknown'))")
        params.append(list(f.levels))
    if service and f.services:
        conds.append(f"list_contains(?, {a}{service_col})")
        params.append(list(f.services))
    return conds, params


def and_(conds: list[str]) -> str:
    return " AND ".join(conds) if conds else "TRUE"


def period(f: Filters) -> Period:
    """The filter's period resolved against the months of the data."""
    ms = months()
    if not ms:
        start = f.start or dt.date(1900, 1, 1)
        return Period(start, f.end or start, None, None)
    start = f.start or ms[0]
    end = f.end or ms[-1]
    inside = [m for m in ms if start <= m <= end]
    as_of = inside[-1] if inside else None
    prev = add_months(as_of, -12) if as_of else None
    return Period(start, end, as_of, prev if prev and prev >= ms[0] else None)
