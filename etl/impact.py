"""What a load would change on screen, said before anything is published.

The next warehouse (built by etl.load with its marts, checked, not yet made live) is compared with the live
one: the as-of month, each service's national eligible / adopted / active agencies and rates (read from the
marts exactly as the dashboard reads them: sql/impact/national.sql, rates by egov.metrics), the rows the
load adds or replaces per month, and metric names or vocabulary values the warehouse has not held before.
A load that moves the as-of month by more than AS_OF_MONTHS months, or a service's national adoption or
active rate by more than RATE_POINTS percentage points, is flagged: `python -m etl check/load --strict`
then refuse it unless `--accept-changes` is given, and the Data page says so beside its confirm button.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from egov import metrics
from etl.contract import KINDS
from etl.load import LoadError, Report

SQL_DIR = Path(__file__).resolve().parent / "sql" / "impact"

# A normal load moves the as-of month by one month (a monthly export) or three (a quarter's); more than
# this is flagged: a typo in a year, or a file of another period than meant.
AS_OF_MONTHS = 3
# A month's real change in a national rate is a point or two; more than this is flagged: agencies
# dropped from a file, a metric renamed, a misread column.
RATE_POINTS = 5.0

LIVE = "impact_live"  # the live warehouse, attached read-only to the build's connection

# Per kind: the warehouse column whose month a row belongs to (agencies have none).
MONTH_COLUMN = {"agencies": None, "events": "event_date", "subscriptions": "start_date", "usage": "month",
                "feedback": "response_date", "tickets": "opened_at"}
# Columns whose distinct values a chart or a table lists: (kind, column, vocabulary of vocabularies.csv).
VALUE_COLUMNS = (("usage", "metric", None), ("events", "event_type", "event_type"),
                 ("feedback", "issue", "feedback_issue"), ("tickets", "category", "ticket_category"),
                 ("tickets", "channel", "ticket_channel"))


class ChangesFlagged(LoadError):
    """--strict was set, the load is flagged and --accept-changes was not given; nothing published."""

    def __init__(self, report: Report):
        self.report = report
        super().__init__(f"the load is flagged ({'; '.join(f.text() for f in report.impact.flags)}) and --strict "
                         "is set without --accept-changes; nothing published")


@dataclass
class ServiceChange:
    """One service's national numbers at the as-of month, before and after the load."""

    service_code: str
    eligible_before: int
    adopted_before: int
    active_before: int
    eligible_after: int
    adopted_after: int
    active_after: int

    @property
    def adoption_rate_before(self):
        return metrics.adoption_rate(self.adopted_before, self.eligible_before)

    @property
    def adoption_rate_after(self):
        return metrics.adoption_rate(self.adopted_after, self.eligible_after)

    @property
    def active_rate_before(self):
        return metrics.active_rate(self.active_before, self.eligible_before)

    @property
    def active_rate_after(self):
        return metrics.active_rate(self.active_after, self.eligible_after)


@dataclass
class Flag:
    """A change big enough to say in words: what moved (as_of, adoption_rate or active_rate), for which
    service, from what to what, and the limit it passed."""

    what: str
    service_code: str | None
    before: object
    after: object
    change: float  # months for as_of, percentage points for a rate
    limit: float

    def text(self) -> str:
        if self.what == "as_of":
            return (f"the as-of month moves from {self.before:%Y-%m} to {self.after:%Y-%m} "
                    f"({self.change:+.0f} months; more than {self.limit:.0f})")
        name = "adoption rate" if self.what == "adoption_rate" else "active rate"
        return (f"{self.service_code}'s national {name} moves from {self.before * 100:.1f}% to "
                f"{self.after * 100:.1f}% ({self.change:+.1f} points; more than {self.limit:g})")


@dataclass
class RowChange:
    kind: str
    month: dt.date | None  # None for agencies, which are not dated
    added: int  # rows with a key the live warehouse does not hold
    replaced: int  # rows whose key the live warehouse holds: its row is replaced


@dataclass
class NewValue:
    kind: str
    column: str
    value: str
    known: bool | None  # a code of the reference vocabulary (None: the column has no vocabulary)


@dataclass
class Impact:
    as_of_before: dt.date | None
    as_of_after: dt.date | None
    services: list[ServiceChange] = field(default_factory=list)
    rows: list[RowChange] = field(default_factory=list)
    new_values: list[NewValue] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return bool(self.flags)

    @property
    def as_of_months(self) -> int | None:
        """Months the as-of month moves by (None when either side has no data)."""
        if self.as_of_before is None or self.as_of_after is None:
            return None
        return months_between(self.as_of_before, self.as_of_after)


def months_between(a: dt.date, b: dt.date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def _points(before, after) -> float | None:
    return None if before is None or after is None else (after - before) * 100


def flags_of(as_of_before, as_of_after, services: list[ServiceChange]) -> list[Flag]:
    """The changes past AS_OF_MONTHS or RATE_POINTS. A first load (no data before) moves nothing on screen
    that anyone has seen, so it is not flagged."""
    out = []
    if as_of_before is not None and as_of_after is not None:
        moved = months_between(as_of_before, as_of_after)
        if abs(moved) > AS_OF_MONTHS:
            out.append(Flag("as_of", None, as_of_before, as_of_after, moved, AS_OF_MONTHS))
    if as_of_before is None:
        return out
    for s in services:
        for what in ("adoption_rate", "active_rate"):
            before, after = getattr(s, f"{what}_before"), getattr(s, f"{what}_after")
            pp = _points(before, after)
            if pp is not None and abs(pp) > RATE_POINTS + 1e-9:
                out.append(Flag(what, s.service_code, before, after, pp, RATE_POINTS))
    return out


# ---- reading the two warehouses --------------------------------------------------------------------

def _has_table(con, catalog: str, table: str) -> bool:
    return con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'main' "
                       "AND table_name = ?", [catalog, table]).fetchall()[0][0] > 0


def _national(con, catalog: str) -> tuple[dt.date | None, dict[str, tuple[int, int, int]]]:
    """(as-of month, {service: (eligible, adopted, active)}) of the warehouse attached as `catalog`."""
    if not _has_table(con, catalog, "mart_adoption_monthly"):
        return None, {}
    here = con.execute("SELECT current_database()").fetchall()[0][0]
    con.execute(f'USE "{catalog}"')  # the same SQL file reads either warehouse
    try:
        rows = con.execute((SQL_DIR / "national.sql").read_text(encoding="utf-8")).fetchall()
    finally:
        con.execute(f'USE "{here}"')
    as_of = rows[0][1] if rows else None
    return as_of, {code: (el, ad, ac) for code, _, el, ad, ac in rows}


def _row_changes(con, since: int) -> list[RowChange]:
    """Per kind and month, the rows written by this load (load_id > since) whose key the live warehouse
    does not hold (added) or holds (replaced). Identifiers come from etl.contract, never from a file."""
    out = []
    for kind in sorted(KINDS.values(), key=lambda k: k.order):
        col = MONTH_COLUMN[kind.name]
        month = f"CAST(date_trunc('month', n.{col}) AS DATE)" if col else "CAST(NULL AS DATE)"
        if _has_table(con, LIVE, kind.table):
            match = " AND ".join(f"o.{k} = n.{k}" for k in kind.key)
            held = f"EXISTS (SELECT 1 FROM {LIVE}.main.{kind.table} o WHERE {match})"
        else:
            held = "false"
        rows = con.execute(
            f"SELECT {month} AS month, count(*) FILTER (WHERE NOT held), count(*) FILTER (WHERE held) "
            f"FROM (SELECT n.*, {held} AS held FROM {kind.table} n WHERE n.load_id > ?) n "
            "GROUP BY ALL HAVING count(*) > 0 ORDER BY month NULLS FIRST", [since]).fetchall()
        out += [RowChange(kind.name, m, int(a), int(r)) for m, a, r in rows]
    return out


def _new_values(con, since: int) -> list[NewValue]:
    """Values of VALUE_COLUMNS that this load brings and the live warehouse does not hold."""
    out = []
    for kind_name, column, vocabulary in VALUE_COLUMNS:
        table = KINDS[kind_name].table
        old = (f"SELECT {column} FROM {LIVE}.main.{table}" if _has_table(con, LIVE, table)
               else f"SELECT NULL::VARCHAR AS {column} WHERE false")
        rows = con.execute(
            f"SELECT v, v IN (SELECT code FROM vocabularies WHERE vocabulary = ?) FROM ("
            f"SELECT DISTINCT {column} AS v FROM {table} WHERE load_id > ? AND {column} IS NOT NULL "
            f"EXCEPT {old}) ORDER BY v", [vocabulary, since]).fetchall()
        out += [NewValue(kind_name, column, v, None if vocabulary is None else bool(k)) for v, k in rows]
    return out


def assess(con, live: Path) -> Impact:
    """The impact of the load held by `con` (the next warehouse, marts built) against the live warehouse
    file `live` (absent: an empty one). Attaches `live` read-only for the duration and detaches it."""
    live = Path(live)
    if live.exists():
        con.execute(f"ATTACH ? AS {LIVE} (READ_ONLY)", [str(live.absolute())])
    else:
        con.execute(f"ATTACH ':memory:' AS {LIVE}")
    try:
        since = 0
        if _has_table(con, LIVE, "etl_loads"):
            since = con.execute(f"SELECT coalesce(max(load_id), 0) FROM {LIVE}.main.etl_loads").fetchall()[0][0]
        as_of_before, before = _national(con, LIVE)
        as_of_after, after = _national(con, con.execute("SELECT current_database()").fetchall()[0][0])
        services = [ServiceChange(code, *before.get(code, (0, 0, 0)), *after[code]) for code in after]
        return Impact(as_of_before, as_of_after, services, _row_changes(con, since), _new_values(con, since),
                      flags_of(as_of_before, as_of_after, services))
    finally:
        con.execute(f"DETACH {LIVE}")


def guard(*, strict: bool = False, accept_changes: bool = False):
    """etl.load.run's before_publish: put the impact on the report; under strict, refuse a flagged load
    (ChangesFlagged) unless accept_changes."""

    def before_publish(con, live: Path, report: Report) -> None:
        report.impact = assess(con, live)
        if strict and report.impact.flagged and not accept_changes:
            raise ChangesFlagged(report)

    return before_publish


# ---- the command line's words -------------------------------------------------------------------

def _month(d) -> str:
    return "-" if d is None else f"{d:%Y-%m}"


def _pct(x) -> str:
    return "-" if x is None else f"{x * 100:.1f}%"


def lines(impact: Impact | None) -> list[str]:
    """The impact as plain text lines for `python -m etl check/load`."""
    if impact is None:
        return ["what the dashboard would show: unchanged (nothing new to load)"]
    moved = impact.as_of_months
    out = [f"what the dashboard would show (national, at the as-of month): as-of month "
           f"{_month(impact.as_of_before)} -> {_month(impact.as_of_after)}"
           + ("" if moved is None else f" ({moved:+d} month{'' if abs(moved) == 1 else 's'})")]
    w = max([len(s.service_code) for s in impact.services] + [7])
    out.append(f"  {'service':<{w}}  {'eligible':>15}  {'adopted':>15}  {'active':>15}  {'adoption rate':>17}  "
               f"{'active rate':>17}")
    for s in impact.services:
        out.append(f"  {s.service_code:<{w}}  {s.eligible_before:>6,} -> {s.eligible_after:<6,}  "
                   f"{s.adopted_before:>6,} -> {s.adopted_after:<6,}  {s.active_before:>6,} -> {s.active_after:<6,}  "
                   f"{_pct(s.adoption_rate_before):>6} -> {_pct(s.adoption_rate_after):<6}  "
                   f"{_pct(s.active_rate_before):>6} -> {_pct(s.active_rate_after):<6}")
    if impact.rows:
        out.append("rows added / replaced per month:")
        for r in impact.rows:
            out.append(f"  {r.kind:<13} {_month(r.month) if r.month else '(undated)':<9}  added {r.added:>9,}  "
                       f"replaced {r.replaced:>9,}")
    if impact.new_values:
        out.append("values the warehouse has not held before:")
        for v in impact.new_values:
            tag = "" if v.known is None else ("  (in the vocabulary)" if v.known else "  (not in the vocabulary)")
            shown = repr(v.value) if len(repr(v.value)) <= 80 else repr(v.value)[:72] + f"... ({len(v.value):,} chars)"
            out.append(f"  {v.kind}.{v.column}: {shown}{tag}")
    for f in impact.flags:
        out.append(f"FLAGGED: {f.text()}")
    return out
