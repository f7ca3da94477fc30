"""Every SQL read of the dashboard, parameterized by a Filters value.

Each public function returns a DataFrame (or a small value) and is cached with st.cache_data keyed on
its arguments plus the warehouse file's identity (db.warehouse_key()), so a newly published warehouse
is read at once and the same filter is never computed twice. Values go to DuckDB as ? parameters; the
only SQL text composed here is fixed column names chosen from whitelists.

Conventions: snapshot numbers (eligible, adopted, active, underused) are taken at the "as-of" month,
the latest month of data within the selected period; flows (savings, feedback, events) are summed
over the whole period. Rates come from egov.metrics, the one place they are defined.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import inspect
import contextvars
import dataclasses
from dataclasses import dataclass, fields

import pandas as pd
import streamlit as st

from egov import auth, db, metrics
from etl.normalize import thai_digits

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


def cached(fn):
    """st.cache_data keyed on the arguments and the warehouse file's identity."""

    def run(wkey, scope, *args, **kwargs):
        return fn(*args, **kwargs)

    # One cache per query function: Streamlit keys a cache on module, qualname and source.
    digest = hashlib.sha1(inspect.getsource(fn).encode()).hexdigest()[:10]
    run.__module__ = fn.__module__
    run.__qualname__ = f"{fn.__qualname__}_{digest}"
    run.__name__ = fn.__name__
    cached_run = st.cache_data(max_entries=256, show_spinner=False)(run)

    sig = inspect.signature(fn)

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if fn.__name__ in WAREHOUSE_LOG:
            auth.require("warehouse_log")
        scope = _read_scope()
        if scope is not None:
            args, kwargs = _scoped_arguments(sig, args, kwargs, scope)
        return cached_run(db.warehouse_key(), scope, *args, **kwargs)

    wrapper.clear = cached_run.clear
    return wrapper


# A deferred download's callable runs later in a thread of its own, outside the user's session, where
# auth.current_scope() is () (nothing). deferred() captures the scope of the run that draws the button
# and every read inside the callable (nested ones too) uses it.
_NO_SCOPE = object()
_deferred_scope: contextvars.ContextVar = contextvars.ContextVar("egov_deferred_scope")


def _read_scope() -> tuple[str, ...] | None:
    """The province scope of this read: the one deferred() captured, else the current user's."""
    scope = _deferred_scope.get(_NO_SCOPE)
    return auth.current_scope() if scope is _NO_SCOPE else scope


def deferred(make):
    """make (a function of no arguments that reads through the queries here) as a callable to run
    later from any thread, with the current user's province scope, captured now."""
    scope = auth.current_scope()

    def run():
        token = _deferred_scope.set(scope)
        try:
            return make()
        finally:
            _deferred_scope.reset(token)

    return run


# ---- the province scope --------------------------------------------------------------------------
# A user limited to some provinces (egov.auth) is limited here, in the one door every read goes
# through, not in the widgets: the cached wrapper narrows every Filters argument to the scope and
# empties every `province` argument outside it, and the scope is part of every cache key.

NO_PROVINCE = "--"  # a province code that matches nothing: what an empty intersection becomes
WAREHOUSE_LOG = frozenset({"etl_loads", "etl_reject_files", "etl_rejects"})  # administrators only


def _scoped_arguments(sig: inspect.Signature, args: tuple, kwargs: dict, scope: tuple[str, ...]):
    bound = sig.bind(*args, **kwargs)
    for name, value in bound.arguments.items():
        if isinstance(value, Filters):
            bound.arguments[name] = value.scoped(scope)
        elif name == "province" and value and value not in scope:
            bound.arguments[name] = NO_PROVINCE
        elif name == "provinces" and value:  # several provinces: only those in scope are read
            bound.arguments[name] = tuple(p for p in value if p in scope)
    return bound.args, bound.kwargs


# ---- filter clauses ------------------------------------------------------------------------------

def _where(f: Filters, *, alias: str = "", geo: bool = True, ministry: bool = True, level: bool = True,
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


def _and(conds: list[str]) -> str:
    return " AND ".join(conds) if conds else "TRUE"


# ---- reference and status ------------------------------------------------------------------------

@cached
def services() -> pd.DataFrame:
    return db.query("SELECT service_code, name_th, name_en, unit_th, unit_en, primary_metric, active_threshold, "
                    "colour, sort_order FROM services ORDER BY sort_order, service_code")


def service_colours() -> dict[str, str]:
    s = services()
    return dict(zip(s.service_code, s.colour))


@cached
def provinces() -> pd.DataFrame:
    return db.query("SELECT province_code, iso_code, name_th, name_en, region4, region6 FROM provinces "
                    "ORDER BY province_code")


@cached
def regions() -> pd.DataFrame:
    return db.query("SELECT system, region_code, name_th, name_en FROM regions ORDER BY system, rowid")


@cached
def ministries() -> pd.DataFrame:
    return db.query("SELECT ministry_code, name_th, name_en, short_th, short_en, sort_order FROM ministries "
                    "ORDER BY sort_order, ministry_code")


@cached
def vocabulary(name: str) -> pd.DataFrame:
    return db.query("SELECT code, name_th, name_en FROM vocabularies WHERE vocabulary = ? ORDER BY rowid", [name])


@cached
def levels() -> list[str]:
    """Agency levels present in the data, in the vocabulary's order ('unknown' last)."""
    present = set(db.query("SELECT DISTINCT level FROM mart_adoption_monthly")["level"].dropna())
    order = list(vocabulary("level")["code"]) + ["unknown"]
    return [c for c in order if c in present] + sorted(present - set(order))


@cached
def months() -> list[dt.date]:
    df = db.query("SELECT DISTINCT month FROM mart_adoption_monthly ORDER BY month")
    return [pd.Timestamp(m).date() for m in df["month"]]


@cached
def cost_assumptions() -> pd.DataFrame:
    return db.query("SELECT * FROM cost_assumptions c JOIN services s USING (service_code) "
                    "ORDER BY s.sort_order").loc[:, lambda d: [c for c in d.columns if c in (
                        "service_code", "cost_low_thb_per_unit_year", "cost_mid_thb_per_unit_year",
                        "cost_high_thb_per_unit_year", "staff_hours_saved_per_unit_year",
                        "staff_cost_thb_per_hour", "source", "is_assumption", "unit_th", "unit_en")]]


@cached
def warehouse_status() -> dict:
    """Whether the data is sample data, its latest month and the last load time."""
    have = db.tables()
    sample = False
    if "warehouse_info" in have:
        info = db.query("SELECT value FROM warehouse_info WHERE key = 'sample'")
        sample = bool(len(info)) and str(info["value"].iloc[0]).strip().lower() in ("true", "1", "yes")
    latest = db.query("SELECT max(month) AS m FROM mart_adoption_monthly")["m"].iloc[0]
    loaded = None
    if "etl_loads" in have:
        loaded = db.query("SELECT max(finished_at) AS t FROM etl_loads")["t"].iloc[0]
    return {
        "sample": sample,
        "latest_month": None if pd.isna(latest) else pd.Timestamp(latest).date(),
        "last_load": None if pd.isna(loaded) else pd.Timestamp(loaded).to_pydatetime(),
    }


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


@cached
def agency_count(f: Filters) -> int:
    """Eligible agencies: those in the filter (area, ministry, level)."""
    conds, params = _where(f, alias="a", service=False)
    return int(db.query(f"SELECT count(*) AS n FROM agencies a WHERE {_and(conds)}", params)["n"].iloc[0])


def is_empty(f: Filters) -> bool:
    """True when the filter leaves nothing to show: no month of data in the period or no agency."""
    return period(f).as_of is None or agency_count(f) == 0


# ---- adoption ------------------------------------------------------------------------------------

def _with_rates(df: pd.DataFrame, prev: bool = False) -> pd.DataFrame:
    df["adoption_rate"] = metrics.adoption_rate(df["adopted"], df["eligible"])
    df["active_rate"] = metrics.active_rate(df["active"], df["eligible"])
    if prev:
        df["adoption_rate_prev"] = metrics.adoption_rate(df["adopted_prev"], df["eligible_prev"])
        df["adoption_change"] = df["adoption_rate"] - df["adoption_rate_prev"]
        df["adopted_change"] = df["adopted"] - df["adopted_prev"]
    return df


_SNAPSHOT = """
    CAST(sum(eligible) FILTER (WHERE month = ?) AS BIGINT) AS eligible,
    CAST(sum(adopted) FILTER (WHERE month = ?) AS BIGINT) AS adopted,
    CAST(sum(active) FILTER (WHERE month = ?) AS BIGINT) AS active,
    CAST(sum(underused) FILTER (WHERE month = ?) AS BIGINT) AS underused,
    CAST(sum(units) FILTER (WHERE month = ?) AS BIGINT) AS units,
    CAST(sum(eligible) FILTER (WHERE month = ?) AS BIGINT) AS eligible_prev,
    CAST(sum(adopted) FILTER (WHERE month = ?) AS BIGINT) AS adopted_prev
"""


def _snapshot_params(p: Period) -> list:
    return [p.as_of] * 5 + [p.prev] * 2


@cached
def service_summary(f: Filters) -> pd.DataFrame:
    """Per service at the as-of month: eligible, adopted, active, underused, units, the rates, and the
    change in adopted agencies and adoption rate over the 12 months before."""
    p = period(f)
    if p.as_of is None:
        return pd.DataFrame()
    conds, params = _where(f)
    df = db.query(
        f"""SELECT m.service_code, {_SNAPSHOT}
            FROM mart_adoption_monthly m JOIN services s USING (service_code)
            WHERE month IN (?, ?) AND {_and(conds)}
            GROUP BY m.service_code, s.sort_order ORDER BY s.sort_order""",
        _snapshot_params(p) + [p.as_of, p.prev] + params,
    )
    df = df[df["eligible"].fillna(0) > 0].reset_index(drop=True)
    return _with_rates(df, prev=True)


@cached
def adoption_trend(f: Filters) -> pd.DataFrame:
    """Per month and service over the period: eligible, adopted, active and the rates."""
    p = period(f)
    conds, params = _where(f)
    df = db.query(
        f"""SELECT month, service_code, CAST(sum(eligible) AS BIGINT) AS eligible,
                   CAST(sum(adopted) AS BIGINT) AS adopted, CAST(sum(active) AS BIGINT) AS active
            FROM mart_adoption_monthly WHERE month BETWEEN ? AND ? AND {_and(conds)}
            GROUP BY ALL HAVING sum(eligible) > 0 ORDER BY month, service_code""",
        [p.start, p.end] + params,
    )
    return _with_rates(df)


@cached
def province_measures(f: Filters, service: str | None = None) -> pd.DataFrame:
    """One row per province in the filter: adoption at the as-of month (for one service, or all the
    selected services pooled as agency-service pairs: eligible and adopted count pairs, agencies counts
    the agencies), savings, satisfaction and events over the period."""
    p = period(f)
    if p.as_of is None:
        return pd.DataFrame()
    if service:
        f = f.replace(services=(service,))
    conds, params = _where(f)
    fb_sql, fb_params = _feedback_source(f, p)
    ev_conds, ev_params = _where(f, alias="e", ministry=False, level=False, service=False)
    sv_conds, sv_params = _where(f)
    df = db.query(
        f"""WITH a AS (
                SELECT province_code, {_SNAPSHOT}
                FROM mart_adoption_monthly WHERE month IN (?, ?) AND {_and(conds)} GROUP BY province_code
            ), ag AS (
                -- every agency is eligible for every service, so one service's eligible is the agencies
                SELECT province_code, CAST(max(n) AS BIGINT) AS agencies FROM (
                    SELECT province_code, service_code, sum(eligible) AS n FROM mart_adoption_monthly
                    WHERE month = ? AND {_and(conds)} GROUP BY province_code, service_code
                ) GROUP BY province_code
            ), s AS (
                SELECT province_code, sum(savings_low_thb) AS savings_low, sum(savings_mid_thb) AS savings_mid,
                       sum(savings_high_thb) AS savings_high
                FROM mart_savings_monthly WHERE month BETWEEN ? AND ? AND {_and(sv_conds)} GROUP BY province_code
            ), fb AS (
                SELECT province_code, count(*) AS responses, sum(satisfaction) AS satisfaction_sum,
                       count(*) FILTER (WHERE satisfaction >= 4) AS satisfied
                FROM ({fb_sql}) GROUP BY province_code
            ), ev AS (
                SELECT province_code, count(DISTINCT event_id) AS events
                FROM events e WHERE event_date >= ? AND event_date < ? AND {_and(ev_conds)} GROUP BY province_code
            )
            SELECT p.province_code, p.iso_code, p.name_th, p.name_en, p.region4, p.region6, a.* EXCLUDE (province_code),
                   ag.agencies,
                   coalesce(s.savings_low, 0) AS savings_low, coalesce(s.savings_mid, 0) AS savings_mid,
                   coalesce(s.savings_high, 0) AS savings_high,
                   coalesce(fb.responses, 0) AS responses, fb.satisfaction_sum, fb.satisfied,
                   coalesce(ev.events, 0) AS events
            FROM provinces p JOIN a USING (province_code) JOIN ag USING (province_code)
            LEFT JOIN s USING (province_code) LEFT JOIN fb USING (province_code) LEFT JOIN ev USING (province_code)
            WHERE a.eligible > 0 ORDER BY p.province_code""",
        _snapshot_params(p) + [p.as_of, p.prev] + params + [p.as_of] + params + [p.start, p.end] + sv_params + fb_params
        + [p.start, p.end_exclusive] + ev_params,
    )
    df = _satisfaction(_with_rates(df, prev=True))
    df["rank"] = df["adoption_rate"].rank(ascending=False, method="min").astype("Int64")
    return df


@cached
def _area_comparison(f: Filters, province: str) -> pd.DataFrame:
    """area_comparison() before the benchmark floor, with `outside`: the eligible agencies of each row
    that lie outside the reader's province scope (every one when there is no scope)."""
    p = period(f)
    if p.as_of is None:
        return pd.DataFrame()
    conds, params = _where(f, geo=False)
    rc = f.region_column
    scope = list(_read_scope() or ())
    rows = []
    for area, cond, extra in (
        ("province", "province_code = ?", [province]),
        ("region", f"province_code IN (SELECT province_code FROM provinces WHERE {rc} = "
                   f"(SELECT {rc} FROM provinces WHERE province_code = ?))", [province]),
        ("nation", "TRUE", []),
    ):
        d = db.query(
            f"""SELECT ? AS area, m.service_code, CAST(sum(eligible) AS BIGINT) AS eligible,
                       CAST(sum(adopted) AS BIGINT) AS adopted, CAST(sum(active) AS BIGINT) AS active,
                       CAST(coalesce(sum(eligible) FILTER (WHERE NOT list_contains(?, province_code)), 0)
                            AS BIGINT) AS outside
                FROM mart_adoption_monthly m JOIN services s USING (service_code)
                WHERE month = ? AND {cond} AND {_and(conds)}
                GROUP BY m.service_code, s.sort_order ORDER BY s.sort_order""",
            [area, scope, p.as_of] + extra + params,
        )
        rows.append(d)
    df = pd.concat(rows, ignore_index=True)
    return _with_rates(df[df["eligible"] > 0].reset_index(drop=True))


def area_comparison(f: Filters, province: str) -> pd.DataFrame:
    """Adoption per service at the as-of month for a province, its region (in the filter's region
    system) and the nation; the other filters (ministry, level, service) apply to all three. A region or
    nation row that rests on fewer than auth.benchmark_min() agencies outside the reader's scope is
    suppressed (benchmark_floor)."""
    return benchmark_floor(_area_comparison(f, province), ["eligible", "adopted", "active", "adoption_rate",
                                                           "active_rate"])


# ---- benchmarks outside the scope ------------------------------------------------------------------
# A province-scoped reader sees region and nation benchmarks: sums over provinces they may not see. With
# a ministry and level filter such a sum can rest on one agency of another province, whose figures are
# then the benchmark minus the reader's own. A benchmark row is suppressed when the agencies (or, for
# satisfaction, the responding agencies and anonymous responses) outside the scope number 1 to k-1.

def benchmark_floor(df: pd.DataFrame, values: list[str]) -> pd.DataFrame:
    """df (area, ..., outside) with `suppressed` set and the values blanked on the rows, other than the
    province's own, whose `outside` count is above 0 and below auth.benchmark_min(); nothing is suppressed
    for a reader with no scope. `outside` is dropped."""
    if df.empty:
        return df.assign(suppressed=pd.Series(dtype=bool)).drop(columns="outside", errors="ignore")
    df = df.copy()
    k = auth.benchmark_min()
    small = (df["area"] != "province") & (df["outside"] > 0) & (df["outside"] < k)
    df["suppressed"] = small if _read_scope() is not None else False
    for col in values:
        df[col] = df[col].astype("float64").mask(df["suppressed"])
    return df.drop(columns="outside")


# ---- savings, feedback, events -------------------------------------------------------------------

@cached
def savings_by_service(f: Filters, assumptions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Savings over the period per service: unit-months, staff hours, low / mid / high baht; from the mart
    (the loaded assumptions), or recomputed under assumptions edited for the session."""
    if assumptions is not None:
        return savings_by(savings_unit_months(f), assumptions, "service_code")
    p = period(f)
    conds, params = _where(f)
    return db.query(
        f"""SELECT m.service_code, sum(unit_months) AS unit_months, sum(staff_hours_saved) AS staff_hours_saved,
                   sum(savings_low_thb) AS savings_low_thb, sum(savings_mid_thb) AS savings_mid_thb,
                   sum(savings_high_thb) AS savings_high_thb
            FROM mart_savings_monthly m JOIN services s USING (service_code)
            WHERE month BETWEEN ? AND ? AND {_and(conds)}
            GROUP BY m.service_code, s.sort_order ORDER BY s.sort_order""",
        [p.start, p.end] + params,
    )


@cached
def savings_by_fiscal_year(f: Filters, assumptions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Savings per Thai fiscal year (egov.fiscal), from the first month of data up to the period's as-of
    month, under the filter's area, ministry, service and level (a fiscal year is read whole, whatever the
    period's start). The mart's own baht summed per month and service, then per fiscal year; under
    assumptions edited for the session, metrics.savings on the same unit-months. Columns: fiscal_year
    (CE), first_month, last_month, months, unit_months, staff_hours_saved, savings_low_thb,
    savings_mid_thb, savings_high_thb; oldest first. Empty when the period has no data."""
    from egov import fiscal

    cols = ["unit_months", "staff_hours_saved", "savings_low_thb", "savings_mid_thb", "savings_high_thb"]
    as_of = period(f).as_of
    if as_of is None:
        return pd.DataFrame(columns=["fiscal_year", "first_month", "last_month", "months", *cols])
    conds, params = _where(f)
    monthly = db.query(
        f"""SELECT month, service_code, sum(unit_months) AS unit_months, sum(staff_hours_saved) AS staff_hours_saved,
                   sum(savings_low_thb) AS savings_low_thb, sum(savings_mid_thb) AS savings_mid_thb,
                   sum(savings_high_thb) AS savings_high_thb
            FROM mart_savings_monthly WHERE month <= ? AND {_and(conds)}
            GROUP BY ALL ORDER BY month, service_code""",
        [as_of] + params,
    )
    if assumptions is not None:
        a = assumptions.reset_index() if "service_code" not in assumptions.columns else assumptions
        monthly = metrics.savings(monthly, a)
    monthly["month"] = pd.to_datetime(monthly["month"]).dt.date
    monthly["fiscal_year"] = monthly["month"].map(fiscal.fiscal_year)
    out = monthly.groupby("fiscal_year").agg(first_month=("month", "min"), last_month=("month", "max"),
                                             months=("month", "nunique"), **{c: (c, "sum") for c in cols})
    return out.reset_index().sort_values("fiscal_year").reset_index(drop=True)


def _feedback_source(f: Filters, p: Period, extra: str = "TRUE") -> tuple[str, list]:
    """Feedback rows in the period and filter. Read from the core table (not mart_feedback_monthly)
    so that the ministry and level filters apply through the responding agency; a response without an
    agency counts only when neither of those filters is set. For row-level reads (comments); counts
    and sums read _feedback_cells."""
    conds, params = _where(f, alias="fb", ministry=False, level=False)
    if f.ministries:
        conds.append("list_contains(?, a.ministry_code)")
        params.append(list(f.ministries))
    if f.levels:
        conds.append("list_contains(?, coalesce(a.level, 'unknown'))")
        params.append(list(f.levels))
    # agencies only when a filter needs them (agency_id is unique there: the LEFT JOIN adds no rows)
    join = " LEFT JOIN agencies a USING (agency_id)" if f.ministries or f.levels else ""
    sql = (f"SELECT fb.* FROM feedback fb{join} "
           f"WHERE fb.response_date >= ? AND fb.response_date < ? AND {_and(conds)} AND {extra}")
    return sql, [p.start, p.end_exclusive] + params


# The cells of mart_feedback_monthly, one per response: what a warehouse published before the mart had
# ministry_code and level reads instead (until its next load), with the same filters and the same sums.
_FEEDBACK_ROWS_AS_CELLS = """(
    SELECT CAST(date_trunc('month', fb.response_date) AS DATE) AS month, fb.province_code, a.ministry_code,
           coalesce(a.level, 'unknown') AS level, fb.service_code, fb.event_id, fb.issue, 1 AS responses,
           fb.satisfaction AS satisfaction_sum, CAST(fb.satisfaction >= 4 AS INTEGER) AS satisfied
    FROM feedback fb LEFT JOIN agencies a USING (agency_id))"""


@cached
def _feedback_mart() -> bool:
    """True when mart_feedback_monthly has the ministry and level columns (etl/sql/marts/
    40_mart_feedback_monthly.sql); a warehouse published by an older ETL has not, until its next load."""
    return not db.query("SELECT 1 FROM duckdb_columns() WHERE database_name = ? AND schema_name = 'main' "
                        "AND table_name = 'mart_feedback_monthly' AND column_name IN ('ministry_code', 'level') "
                        "HAVING count(*) = 2", [db.ALIAS]).empty


def _feedback_cells(f: Filters, p: Period, extra: str = "TRUE") -> tuple[str, list]:
    """Cells of mart_feedback_monthly (month x province x ministry x level x service x event x issue, with
    responses, satisfaction_sum, satisfied) in the period and filter, as alias c: the responses of
    _feedback_source, counted from the mart with no join to agencies."""
    conds, params = _where(f, alias="c")
    src = "mart_feedback_monthly" if _feedback_mart() else _FEEDBACK_ROWS_AS_CELLS
    sql = f"SELECT c.* FROM {src} c WHERE c.month >= ? AND c.month < ? AND {_and(conds)} AND {extra}"
    return sql, [p.start, p.end_exclusive] + params


_CELL_SUMS = ("CAST(sum(c.responses) AS BIGINT) AS responses, CAST(sum(c.satisfaction_sum) AS BIGINT) AS "
              "satisfaction_sum, CAST(sum(c.satisfied) AS BIGINT) AS satisfied")  # over _feedback_cells


def _satisfaction(df: pd.DataFrame) -> pd.DataFrame:
    out = []
    for row in df.itertuples(index=False):
        s = metrics.satisfaction_summary(row.responses, row.satisfaction_sum, row.satisfied)
        out.append({"mean": s["mean"], "share_satisfied": s["share_satisfied"], "n": s["n"],
                    "too_few": s["too_few"]})
    return pd.concat([df.reset_index(drop=True), pd.DataFrame(out, columns=["mean", "share_satisfied", "n",
                                                                            "too_few"])], axis=1)


@cached
def satisfaction_by_service(f: Filters) -> pd.DataFrame:
    """Satisfaction over the period per service, plus a row with service_code 'ALL' for every response
    (including those naming no service, counted in its no_service). Columns: responses, satisfaction_sum,
    satisfied, mean, share_satisfied, n, too_few (metrics.satisfaction_summary), no_service."""
    p = period(f)
    sql, params = _feedback_cells(f, p)
    df = db.query(
        f"""SELECT c.service_code, {_CELL_SUMS}
            FROM ({sql}) c LEFT JOIN services s USING (service_code)
            GROUP BY c.service_code, s.sort_order ORDER BY s.sort_order NULLS LAST""",
        params,
    )
    total = pd.DataFrame([{"service_code": "ALL", "responses": int(df["responses"].sum()),
                           "satisfaction_sum": int(df["satisfaction_sum"].sum()),
                           "satisfied": int(df["satisfied"].sum()),
                           "no_service": int(df.loc[df["service_code"].isna(), "responses"].sum())}])
    df = pd.concat([df[df["service_code"].notna()], total], ignore_index=True)
    return _satisfaction(df)


@cached
def _area_satisfaction(f: Filters, province: str) -> pd.DataFrame:
    """area_satisfaction() before the benchmark floor, with `outside`: the responding agencies plus the
    responses naming no agency outside the reader's province scope."""
    p = period(f)
    sql, params = _feedback_source(f.replace(regions=(), provinces=()), p)
    rc = f.region_column
    scope = list(_read_scope() or ())
    sums = ("count(*), CAST(sum(satisfaction) AS BIGINT), count(*) FILTER (WHERE satisfaction >= 4), "
            "count(DISTINCT agency_id) FILTER (WHERE NOT list_contains(?, province_code)) "
            "+ count(*) FILTER (WHERE agency_id IS NULL AND NOT list_contains(?, province_code))")
    df = db.query(
        f"""WITH fb AS ({sql}), reg AS (SELECT province_code FROM provinces WHERE {rc} =
                (SELECT {rc} FROM provinces WHERE province_code = ?))
            SELECT 'province' AS area, {sums} FROM fb WHERE province_code = ?
            UNION ALL
            SELECT 'region', {sums} FROM fb WHERE province_code IN (SELECT province_code FROM reg)
            UNION ALL
            SELECT 'nation', {sums} FROM fb""",
        params + [province, scope, scope, province, scope, scope, scope, scope],
    )
    df.columns = ["area", "responses", "satisfaction_sum", "satisfied", "outside"]
    return _satisfaction(df)


def area_satisfaction(f: Filters, province: str) -> pd.DataFrame:
    """Satisfaction over the period in a province, its region and the nation (other filters apply); a
    region or nation row resting on fewer than auth.benchmark_min() agencies or responses outside the
    reader's scope is suppressed (benchmark_floor)."""
    df = benchmark_floor(_area_satisfaction(f, province), ["responses", "satisfaction_sum", "satisfied", "mean",
                                                           "share_satisfied", "n"])
    df.loc[df["suppressed"], "too_few"] = False
    return df


@cached
def feedback_issues(f: Filters, province: str | None = None) -> pd.DataFrame:
    """Responses per issue over the period (issue 'none' and blank left out), with Thai/English labels."""
    p = period(f)
    extra = "c.province_code = ?" if province else "TRUE"
    sql, params = _feedback_cells(f, p, extra)
    return db.query(
        f"""SELECT c.issue, v.name_th, v.name_en, CAST(sum(c.responses) AS BIGINT) AS responses
            FROM ({sql}) c LEFT JOIN vocabularies v ON v.vocabulary = 'feedback_issue' AND v.code = c.issue
            WHERE c.issue IS NOT NULL AND c.issue <> 'none'
            GROUP BY ALL ORDER BY responses DESC, c.issue""",
        params + ([province] if province else []),
    )


@cached
def events(f: Filters, province: str | None = None, types: tuple[str, ...] = ()) -> pd.DataFrame:
    """Events (one row per event and province) in the period and area, with province and type names;
    types: only these event types (all when empty)."""
    p = period(f)
    conds, params = _where(f, alias="e", ministry=False, level=False, service=False)
    if province:
        conds.append("e.province_code = ?")
        params.append(province)
    if types:
        conds.append("list_contains(?, e.event_type)")
        params.append(list(types))
    return db.query(
        f"""SELECT e.event_id, e.event_date, e.province_code, p.name_th AS province_th, p.name_en AS province_en,
                   e.event_type, v.name_th AS type_th, v.name_en AS type_en, e.title, e.attendees,
                   e.agencies_attended
            FROM events e JOIN provinces p USING (province_code)
            LEFT JOIN vocabularies v ON v.vocabulary = 'event_type' AND v.code = e.event_type
            WHERE e.event_date >= ? AND e.event_date < ? AND {_and(conds)}
            ORDER BY e.event_date, e.event_id, e.province_code""",
        [p.start, p.end_exclusive] + params,
    )


# ---- ministries and agencies ---------------------------------------------------------------------

@cached
def ministry_service(f: Filters) -> pd.DataFrame:
    """Adoption per ministry and service at the as-of month."""
    p = period(f)
    if p.as_of is None:
        return pd.DataFrame()
    conds, params = _where(f, alias="m")  # qualified: services s has a service_code too
    df = db.query(
        f"""SELECT m.ministry_code, mi.name_th, mi.name_en, mi.short_th, mi.short_en, m.service_code,
                   CAST(sum(eligible) AS BIGINT) AS eligible, CAST(sum(adopted) AS BIGINT) AS adopted,
                   CAST(sum(active) AS BIGINT) AS active, CAST(sum(underused) AS BIGINT) AS underused
            FROM mart_adoption_monthly m JOIN ministries mi USING (ministry_code)
            JOIN services s ON s.service_code = m.service_code
            WHERE month = ? AND {_and(conds)}
            GROUP BY m.ministry_code, mi.name_th, mi.name_en, mi.short_th, mi.short_en, m.service_code,
                     mi.sort_order, s.sort_order
            HAVING sum(eligible) > 0
            ORDER BY mi.sort_order, s.sort_order""",
        [p.as_of] + params,
    )
    return _with_rates(df)


@cached
def department_service(f: Filters, ministry: str) -> pd.DataFrame:
    """Adoption per department of one ministry and service at the as-of month."""
    p = period(f)
    if p.as_of is None:
        return pd.DataFrame()
    a_conds, a_params = _where(f, alias="a", service=False)
    s_conds, s_params = _where(f, alias="s", geo=False, ministry=False, level=False)
    df = db.query(
        f"""SELECT coalesce(a.department, '') AS department, s.service_code, count(*) AS eligible,
                   count(*) FILTER (WHERE fs.adopted) AS adopted, count(*) FILTER (WHERE fs.active) AS active,
                   count(*) FILTER (WHERE fs.underused) AS underused
            FROM agencies a CROSS JOIN services s
            LEFT JOIN fct_agency_service_month fs
              ON fs.agency_id = a.agency_id AND fs.service_code = s.service_code AND fs.month = ?
            WHERE a.ministry_code = ? AND {_and(a_conds)} AND {_and(s_conds)}
            GROUP BY 1, s.service_code, s.sort_order ORDER BY department, s.sort_order""",
        [p.as_of, ministry] + a_params + s_params,
    )
    return _with_rates(df)


AGENCY_PAGE_SIZE = 50  # agencies per page of a drill-down's list (egov/paging.py)


def _agency_conds(f: Filters, province: str | None, ministry: str | None, department: str | None,
                  needle: str = "") -> tuple[list[str], list]:
    """Conditions on agencies a: the filter, one province / ministry / department, and a search: the
    agency's name or id contains needle, literally (no wildcards: % _ ' are characters like any other),
    ignoring case (Thai digits in needle match the Arabic digits of an id)."""
    conds, params = _where(f, alias="a", service=False)
    for col, val in (("province_code", province), ("ministry_code", ministry)):
        if val:
            conds.append(f"a.{col} = ?")
            params.append(val)
    if department is not None:
        conds.append("coalesce(a.department, '') = ?")
        params.append(department)
    if needle:
        conds.append("(contains(lower(a.agency_name), lower(?)) OR contains(lower(a.agency_id), lower(?)))")
        params += [needle, thai_digits(needle)]
    return conds, params


@cached
def agency_status(f: Filters, province: str | None = None, ministry: str | None = None,
                  department: str | None = None, needle: str = "", limit: int | None = None,
                  offset: int = 0) -> pd.DataFrame:
    """One row per agency in the filter (optionally one province / ministry / department, and those whose
    name or id contains needle) with one column per selected service holding its status at the as-of
    month: active, idle (adopted, not active), underused (idle for 3 months or more) or none; plus
    services_adopted. Ordered by province, ministry, agency id; limit / offset give one page of that
    order (agency_count_matching counts them all), limit None every agency."""
    p = period(f)
    if p.as_of is None:
        return pd.DataFrame()
    conds, params = _agency_conds(f, province, ministry, department, needle)
    s_conds, s_params = _where(f, alias="s", geo=False, ministry=False, level=False)
    # the page of agencies first (a few dozen rows), then their statuses: the fact table is probed for
    # those agencies only
    long = db.query(
        f"""WITH pg AS (
                SELECT a.agency_id, a.agency_name, a.ministry_code, a.department, a.province_code,
                       coalesce(a.level, 'unknown') AS level
                FROM agencies a WHERE {_and(conds)}
                ORDER BY a.province_code, a.ministry_code, a.agency_id LIMIT ? OFFSET ?)
            SELECT pg.*, s.service_code,
                   CASE WHEN fs.underused THEN 'underused' WHEN fs.active THEN 'active'
                        WHEN fs.adopted THEN 'idle' ELSE 'none' END AS status
            FROM pg CROSS JOIN services s
            LEFT JOIN fct_agency_service_month fs
              ON fs.agency_id = pg.agency_id AND fs.service_code = s.service_code AND fs.month = ?
            WHERE {_and(s_conds)}
            ORDER BY pg.province_code, pg.ministry_code, pg.agency_id, s.sort_order""",
        params + [None if limit is None else int(limit), max(int(offset), 0), p.as_of] + s_params,
    )
    if long.empty:
        return long
    keys = ["agency_id", "agency_name", "ministry_code", "department", "province_code", "level"]
    svc_order = [c for c in services()["service_code"] if c in set(long["service_code"])]
    wide = long.pivot(index="agency_id", columns="service_code", values="status")[svc_order]
    wide.columns.name = None
    out = long.drop_duplicates("agency_id")[keys].merge(wide, left_on="agency_id", right_index=True)
    out["services_adopted"] = (out[svc_order] != "none").sum(axis=1)
    return out.reset_index(drop=True)


@cached
def agency_count_matching(f: Filters, province: str | None = None, ministry: str | None = None,
                          department: str | None = None, needle: str = "") -> int:
    """The number of agencies agency_status() lists for the same arguments (all its pages)."""
    if period(f).as_of is None:
        return 0
    conds, params = _agency_conds(f, province, ministry, department, needle)
    s_conds, s_params = _where(f, alias="s", geo=False, ministry=False, level=False)
    return int(db.query(
        f"""SELECT count(*) AS n FROM agencies a
            WHERE {_and(conds)} AND EXISTS (SELECT 1 FROM services s WHERE {_and(s_conds)})""",
        params + s_params,
    )["n"].iloc[0])


# ---- display tables: the frames pages show and offer for download (localized headers) -----------

def _pct(s: pd.Series) -> pd.Series:
    return (pd.to_numeric(s, errors="coerce") * 100).round(1)


def service_summary_table(f: Filters, lang: str, assumptions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The overview's per-service numbers as one table."""
    from egov import i18n

    t = functools.partial(i18n.t, lang=lang)
    s = service_summary(f)
    sav = savings_by_service(f, assumptions).set_index("service_code")
    sat = satisfaction_by_service(f).set_index("service_code")
    out = pd.DataFrame({
        t("service"): s["service_code"].map(i18n.service_label),
        t("m.eligible"): s["eligible"],
        t("m.adopted"): s["adopted"],
        t("m.active"): s["active"],
        t("m.underused"): s["underused"],
        t("m.adoption_rate") + " (%)": _pct(s["adoption_rate"]),
        t("m.active_rate") + " (%)": _pct(s["active_rate"]),
        t("m.change_12m") + f" ({t('unit.pp')})": (s["adoption_change"] * 100).round(1),
        t("m.savings_low") + f" ({t('unit.baht')})": s["service_code"].map(sav["savings_low_thb"]).round(0),
        t("m.savings_mid") + f" ({t('unit.baht')})": s["service_code"].map(sav["savings_mid_thb"]).round(0),
        t("m.savings_high") + f" ({t('unit.baht')})": s["service_code"].map(sav["savings_high_thb"]).round(0),
        t("m.satisfaction_long"): s["service_code"].map(sat["mean"]).round(2),
        t("m.responses"): s["service_code"].map(sat["n"]).fillna(0).astype(int),
    })
    return out


def assumptions_table(lang: str) -> pd.DataFrame:
    from egov import i18n

    a = cost_assumptions()
    th = lang != "en"
    return pd.DataFrame({
        i18n.t("service", lang): a["service_code"].map(i18n.service_label),
        ("หน่วย" if th else "Unit"): a["unit_th" if th else "unit_en"],
        ("ต่ำ (บาท/หน่วย/ปี)" if th else "Low (THB/unit/year)"): a["cost_low_thb_per_unit_year"],
        ("กลาง (บาท/หน่วย/ปี)" if th else "Mid (THB/unit/year)"): a["cost_mid_thb_per_unit_year"],
        ("สูง (บาท/หน่วย/ปี)" if th else "High (THB/unit/year)"): a["cost_high_thb_per_unit_year"],
        ("ชั่วโมงงานที่ประหยัด/หน่วย/ปี" if th else "Staff hours saved/unit/year"):
            a["staff_hours_saved_per_unit_year"],
        ("ค่าแรง (บาท/ชั่วโมง)" if th else "Staff cost (THB/hour)"): a["staff_cost_thb_per_hour"],
        ("ที่มา" if th else "Source"): [i18n.assumption_source(c, src, lang) for c, src in zip(a["service_code"], a["source"])],
    })


MEASURES = {  # measure -> (label key, column, kind, definition key in egov.definitions.METRICS)
    "adoption_rate": ("m.adoption_rate", "adoption_rate", "pct", "adoption_rate"),
    "active_rate": ("m.active_rate", "active_rate", "pct", "active_rate"),
    "adoption_change": ("m.change_12m", "adoption_change", "pp", "adoption_rate"),
    "adopted": ("m.adopted_pairs", "adopted", "int", "adopted"),
    "underused": ("m.underused", "underused", "int", "underused"),
    "savings_mid": ("m.savings_mid", "savings_mid", "baht", "savings"),
    "satisfaction": ("m.satisfaction_long", "mean", "num", "satisfaction_mean"),
    "events": ("m.events", "events", "int", "events"),
}


def format_measure(values: pd.Series, kind: str, lang: str) -> pd.Series:
    from egov import i18n

    fmt = {"pct": i18n.fmt_pct, "pp": i18n.fmt_pp, "int": i18n.fmt_int, "baht": i18n.fmt_baht,
           "num": lambda v, lg: i18n.fmt_num(v, lg, 2)}[kind]
    return values.map(lambda v: fmt(v, lang))


def province_ranking_table(prov: pd.DataFrame, lang: str, measure: str = "adoption_rate") -> pd.DataFrame:
    """province_measures() sorted by a measure (best first), with 'label' and 'text' columns for
    charts and the localized ranking columns."""
    from egov import i18n

    _, col, kind, _ = MEASURES[measure]
    d = prov.sort_values([col, "name_en"], ascending=[False, True], na_position="last").reset_index(drop=True)
    d["label"] = d[i18n.name_col(lang)]
    d["text"] = format_measure(d[col], kind, lang)
    if measure == "adoption_rate":
        d["text"] = d["text"] + " · " + d["adopted"].map(i18n.fmt_int) + "/" + d["eligible"].map(i18n.fmt_int)
    return d


def pooled_label(measure: str, pooled: bool) -> tuple[str, str]:
    """A measure's (label key, definition key); the adoption rate over all the selected services pooled
    is service coverage (definitions 'coverage'), not one service's adoption rate."""
    label_key, _, _, def_key = MEASURES[measure]
    if pooled and measure == "adoption_rate":
        return "m.coverage", "coverage"
    return label_key, def_key


def ranking_display(prov: pd.DataFrame, lang: str, measure: str, region_system: str,
                    pooled: bool = True) -> pd.DataFrame:
    """The provinces page's ranking table: agencies, agency x service pairs, pairs adopted and the rate
    (service coverage when pooled over the selected services)."""
    from egov import i18n

    t = functools.partial(i18n.t, lang=lang)
    _, col, kind, _ = MEASURES[measure]
    label_key, _ = pooled_label(measure, pooled)
    rate_key, _ = pooled_label("adoption_rate", pooled)
    d = province_ranking_table(prov, lang, measure)
    reg = regions()
    reg = reg[reg["system"] == region_system].set_index("region_code")[i18n.name_col(lang)]
    value = d[col]
    if kind in ("pct", "pp"):
        value = (value * 100).round(1)
    elif kind in ("baht", "num"):
        value = value.round(2 if kind == "num" else 0)
    suffix = {"pct": " (%)", "pp": f" ({t('unit.pp')})", "baht": f" ({t('unit.baht')})"}.get(kind, "")
    return pd.DataFrame({
        t("rank"): range(1, len(d) + 1),
        t("province"): d[i18n.name_col(lang)],
        t("region"): d[REGION_COLUMNS[region_system]].map(reg),
        t(label_key) + suffix: value,
        t("n_agencies"): d["agencies"],
        t("m.eligible_pairs"): d["eligible"],
        t("m.adopted_pairs"): d["adopted"],
        t(rate_key) + " (%)": _pct(d["adoption_rate"]),
    })


def agency_display(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """agency_status() with names and statuses in words."""
    from egov import i18n

    t = functools.partial(i18n.t, lang=lang)
    svc_cols = [c for c in services()["service_code"] if c in df.columns]
    prov = provinces().set_index("province_code")[i18n.name_col(lang)]
    mins = ministries().set_index("ministry_code")["short_en" if lang == "en" else "short_th"]
    lvl = vocabulary("level").set_index("code")[i18n.name_col(lang)]
    out = pd.DataFrame({
        t("agency_id"): df["agency_id"],
        t("agency"): df["agency_name"],
        t("ministry"): df["ministry_code"].map(mins).fillna(df["ministry_code"]),
        t("department"): df["department"].fillna(""),
        t("province"): df["province_code"].map(prov),
        t("level"): df["level"].map(lvl).fillna(t("unknown")),
    })
    for c in svc_cols:
        out[i18n.service_label(c)] = df[c].map(lambda s: t(f"status.{s}"))
    out[t("status.adopted_count")] = df["services_adopted"]
    return out


# ---- province boundaries -------------------------------------------------------------------------

GEOJSON_PATHS = (db.ROOT / "data" / "reference" / "thailand_provinces.geojson",)


@st.cache_resource(show_spinner=False)
def province_geojson() -> dict | None:
    """The 77 province boundaries, each feature with properties.iso_code ('TH-65'); None if no file.

    Reads data/reference/thailand_provinces.geojson; a file keyed by ISO (the superset copy, with
    properties ISO and NAME_1) is accepted too. Coordinates are rounded to 4 decimals (about 10 m),
    which halves what the browser receives."""
    import json

    for path in GEOJSON_PATHS:
        if path.exists():
            gj = json.loads(path.read_text(encoding="utf-8"))
            break
    else:
        return None

    def rnd(c):
        return [rnd(x) for x in c] if isinstance(c[0], list) else [round(c[0], 4), round(c[1], 4)]

    for feat in gj.get("features", []):
        props = feat.setdefault("properties", {})
        if "iso_code" not in props and "ISO" in props:
            props["iso_code"] = props["ISO"]
        geom = feat.get("geometry") or {}
        if geom.get("coordinates"):
            geom["coordinates"] = rnd(geom["coordinates"])
    return gj


def satisfaction_display(sat: pd.DataFrame, lang: str, area_names: dict[str, str]) -> pd.DataFrame:
    """area_satisfaction() as a table; too few responses said in words."""
    from egov import i18n

    t = functools.partial(i18n.t, lang=lang)
    return pd.DataFrame({
        t("pv.who"): sat["area"].map(area_names),
        t("m.satisfaction_long"): sat["mean"].round(2),
        t("m.satisfied_share") + " (%)": _pct(sat["share_satisfied"]),
        t("m.responses"): sat["n"],
        t("note"): sat.apply(lambda r: t("benchmark.hidden", k=auth.benchmark_min()) if r.get("suppressed") is True
                             else t("too_few", n=int(r["n"])) if r["too_few"] and r["n"] else "", axis=1),
    })


def events_display(ev: pd.DataFrame, lang: str) -> pd.DataFrame:
    from egov import i18n

    t = functools.partial(i18n.t, lang=lang)
    en = lang == "en"
    return pd.DataFrame({
        t("date"): _day(ev["event_date"]),
        t("pv.event_type"): ev["type_en" if en else "type_th"].fillna(ev["event_type"]),
        t("pv.title"): ev["title"].fillna(""),
        t("province"): ev["province_en" if en else "province_th"],
        t("pv.attendees"): ev["attendees"],
        t("pv.agencies_attended"): ev["agencies_attended"],
    })


def rate_matrix_display(df: pd.DataFrame, row: str, row_title: str, lang: str) -> pd.DataFrame:
    """A long rows x services frame (adopted, eligible, adoption_rate) as a wide table: per service the
    rate in % and adopted/eligible."""
    from egov import i18n

    rows = list(dict.fromkeys(df[row]))
    out = pd.DataFrame({row_title: rows})
    eligible = df.groupby(row, sort=False)["eligible"].max()
    out[i18n.t("m.eligible", lang)] = out[row_title].map(eligible)
    for code in dict.fromkeys(df["service_code"]):
        d = df[df["service_code"] == code].set_index(row)
        label = i18n.service_label(code)
        out[f"{label} (%)"] = out[row_title].map(_pct(d["adoption_rate"]))
        out[f"{label} ({i18n.t('m.adopted', lang)})"] = out[row_title].map(d["adopted"])
    return out


# --- briefing
# Reads for the บรรยายสรุป Briefing page; egov/briefing.py turns them (with the queries above) into slides.

@cached
def briefing_comments(f: Filters, province: str | None, limit: int = 300) -> pd.DataFrame:
    """Feedback with a written comment from one province (None: the filter's own area) over the period,
    newest first."""
    p = period(f)
    g = f if province is None else Filters(**{**f.__dict__, "regions": (), "provinces": (province,)})
    sql, params = _feedback_source(g, p, "nullif(trim(fb.comment), '') IS NOT NULL")
    return db.query(
        f"""SELECT response_id, response_date, event_id, service_code, satisfaction, issue, trim(comment) AS comment
            FROM ({sql}) ORDER BY response_date DESC, response_id LIMIT ?""",
        params + [int(limit)],
    )


@cached
def briefing_event_feedback(province: str, event_id: str) -> pd.DataFrame:
    """Every response collected at one event in one province (whatever its date), newest first."""
    return db.query(
        """SELECT response_id, response_date, service_code, satisfaction, issue, trim(comment) AS comment
           FROM feedback WHERE province_code = ? AND event_id = ? ORDER BY response_date DESC, response_id""",
        [province, event_id],
    )


@cached
def briefing_event_impact(province: str, event_id: str) -> pd.DataFrame:
    """mart_roadshow_impact for one event in one province, one row per service (service order)."""
    return db.query(
        """SELECT i.service_code, i.event_date, i.rate_before, i.rate_after, i.change_visited, i.change_others,
                  i.impact_pp
           FROM mart_roadshow_impact i JOIN services s USING (service_code)
           WHERE i.province_code = ? AND i.event_id = ? ORDER BY s.sort_order""",
        [province, event_id],
    )


@cached
def briefing_opportunity(province: str) -> pd.DataFrame:
    """The province's row of mart_opportunity (latest month of data) and n_ranked, the provinces ranked."""
    return db.query(
        """SELECT o.*, (SELECT count(*) FROM mart_opportunity) AS n_ranked
           FROM mart_opportunity o WHERE o.province_code = ?""",
        [province],
    )


@cached
def briefing_opportunities(provinces: tuple[str, ...]) -> pd.DataFrame:
    """mart_opportunity rows of several provinces (best rank first), with n_ranked, the provinces ranked."""
    return db.query(
        """SELECT o.*, (SELECT count(*) FROM mart_opportunity) AS n_ranked
           FROM mart_opportunity o WHERE list_contains(?, o.province_code) ORDER BY o.rank, o.province_code""",
        [list(provinces)],
    )


# --- underuse
# Reads of the การใช้งานต่ำและโอกาส Underuse and opportunity page: services that sit idle as an action
# list, and provinces ranked by opportunity with the open problems there.

def _month(s: pd.Series) -> pd.Series:
    """A column of months as dates (datetime64, the first day of each month), not text: export.table(...,
    months=...) shows them as 'มี.ค. 2557' / 'Mar 2014' and a click on the header sorts them in time."""
    return pd.to_datetime(s).dt.to_period("M").dt.to_timestamp()


def _day(s: pd.Series) -> pd.Series:
    """A column of days as dates (datetime64), not text: export.table shows them in the reader's format
    ('8 ม.ค. 2556') and a click on the header sorts them in time."""
    return pd.to_datetime(s).dt.normalize()


@cached
def underused_agencies(f: Filters) -> pd.DataFrame:
    """The action list: one row per agency and service underused at the as-of month (adopted but not
    active for 3+ consecutive months: fct_agency_service_month.underused), with idle_months, units,
    idle_since (first month of the idle run) and last_active (the latest month up to the as-of month
    in which the service was active for the agency; NaT when never). Most idle first."""
    p = period(f)
    if p.as_of is None:
        return pd.DataFrame()
    conds, params = _where(f, alias="u")
    if "mart_underused" in db.tables():
        # the underused rows with idle_since and last_active, stored in month order
        # (etl/sql/marts/80_mart_underused.sql): one month of a small mart instead of two scans of the
        # agency-grain fact table, which grows with the data (10.9 M usage rows: 89 -> 9 ms of CPU)
        return db.query(
            f"""SELECT u.agency_id, a.agency_name, a.department, u.province_code, u.ministry_code,
                       coalesce(u.level, 'unknown') AS level, u.service_code, u.idle_months, u.units,
                       u.idle_since, u.last_active
                FROM mart_underused u JOIN agencies a ON a.agency_id = u.agency_id
                JOIN services s ON s.service_code = u.service_code
                WHERE u.month = ? AND {_and(conds)}
                ORDER BY u.idle_months DESC, s.sort_order, u.province_code, u.agency_id""",
            [p.as_of] + params,
        )
    # a warehouse published before mart_underused existed (until its next load)
    return db.query(
        f"""WITH u AS (
                SELECT u.* FROM fct_agency_service_month u WHERE u.month = ? AND u.underused AND {_and(conds)}
            ), la AS (
                SELECT x.agency_id, x.service_code, max(x.month) AS last_active
                FROM fct_agency_service_month x SEMI JOIN u ON u.agency_id = x.agency_id
                     AND u.service_code = x.service_code
                WHERE x.active AND x.month <= ? GROUP BY ALL
            )
            SELECT u.agency_id, a.agency_name, a.department, u.province_code, u.ministry_code,
                   coalesce(u.level, 'unknown') AS level, u.service_code, u.idle_months, u.units,
                   CAST(u.month - to_months(u.idle_months - 1) AS DATE) AS idle_since, la.last_active
            FROM u JOIN agencies a ON a.agency_id = u.agency_id JOIN services s ON s.service_code = u.service_code
            LEFT JOIN la ON la.agency_id = u.agency_id AND la.service_code = u.service_code
            ORDER BY u.idle_months DESC, s.sort_order, u.province_code, u.agency_id""",
        [p.as_of] + params + [p.as_of],
    )


def underused_display(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """underused_agencies() as the action list's table (names; idle since and last active as months, dates
    that sort in time, shown by export.table(..., months=underused_months(lang)); last active missing when the
    service was never active)."""
    from egov import i18n

    t = functools.partial(i18n.t, lang=lang)
    en = lang == "en"
    prov = provinces().set_index("province_code")[i18n.name_col(lang)]
    mins = ministries().set_index("ministry_code")["short_en" if en else "short_th"]
    unit = services().set_index("service_code")["unit_en" if en else "unit_th"]
    return pd.DataFrame({
        t("agency_id"): df["agency_id"],
        t("agency"): df["agency_name"],
        t("province"): df["province_code"].map(prov),
        t("ministry"): df["ministry_code"].map(mins).fillna(df["ministry_code"]),
        t("service"): df["service_code"].map(i18n.service_label),
        t("un.idle_months"): df["idle_months"].astype("int64"),
        t("un.units"): df["units"].astype("int64"),
        t("un.unit"): df["service_code"].map(unit),
        t("un.idle_since"): _month(df["idle_since"]),
        t("un.last_active"): _month(df["last_active"]),
    })


def underused_months(lang: str) -> list[str]:
    """The columns of underused_display() that hold months."""
    from egov import i18n

    return [i18n.t("un.idle_since", lang), i18n.t("un.last_active", lang)]


def underused_by_province(df: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Counts of underused agency-service pairs per province and service, from underused_agencies():
    (long: label, province_code, service_code, n, total; provinces with the most first) and the wide
    table (province, one column per service, total)."""
    from egov import i18n

    t = functools.partial(i18n.t, lang=lang)
    names = provinces().set_index("province_code")[i18n.name_col(lang)]
    present = set(df["service_code"].unique())  # unique() first: iterating 50,000 arrow strings is slow
    order = [c for c in services()["service_code"] if c in present]
    wide = (df.groupby(["province_code", "service_code"]).size().unstack(fill_value=0)
            .reindex(columns=order, fill_value=0))
    wide["total"] = wide.sum(axis=1)
    wide = wide.assign(name=wide.index.map(names)).sort_values(["total", "name"], ascending=[False, True])
    long = (wide.reset_index().melt(id_vars=["province_code", "name", "total"], value_vars=order,
                                    var_name="service_code", value_name="n")
            .rename(columns={"name": "label"}))
    long = long[long["n"] > 0].reset_index(drop=True)
    table = pd.DataFrame({t("province"): wide["name"].to_numpy()})
    for c in order:
        table[i18n.service_label(c)] = wide[c].to_numpy()
    table[t("un.total")] = wide["total"].to_numpy()
    return long, table


def _opportunity_sql(f: Filters) -> tuple[str, list]:
    """mart_opportunity's definition (etl/sql/marts/70_mart_opportunity.sql) with the ministry, level
    and service filters applied to the agencies counted, the feedback and the tickets. The national
    mean saving per adopted agency-year stays national (it prices a service, whoever adopts it).
    A test proves it reproduces the mart when the filter keeps every agency and service."""
    m_conds, m_params = _where(f, alias="m", geo=False)
    a_conds, a_params = _where(f, alias="a", geo=False, service=False)
    fb_conds, fb_params = _where(f, alias="fb", geo=False, ministry=False, level=False)
    if f.ministries:
        fb_conds.append("list_contains(?, a.ministry_code)")
        fb_params.append(list(f.ministries))
    if f.levels:
        fb_conds.append("list_contains(?, a.level)")
        fb_params.append(list(f.levels))
    t_conds, t_params = _where(f, alias="a", geo=False, service=False)
    if f.services:
        t_conds.append("list_contains(?, t.service_code)")
        t_params.append(list(f.services))
    sql = f"""
        WITH last AS (
            SELECT max(month) AS last_month, CAST(max(month) - INTERVAL 11 MONTH AS DATE) AS first_month_12
            FROM mart_adoption_monthly
        ), national AS (
            SELECT s.service_code, sv.savings_mid / nullif(ad.agency_months / 12, 0) AS mid_per_agency_year
            FROM services AS s
            LEFT JOIN (SELECT service_code, sum(savings_mid_thb) AS savings_mid FROM mart_savings_monthly, last
                       WHERE month BETWEEN last.first_month_12 AND last.last_month GROUP BY ALL) AS sv
              ON sv.service_code = s.service_code
            LEFT JOIN (SELECT service_code, CAST(sum(adopted) AS DOUBLE) AS agency_months
                       FROM mart_adoption_monthly, last
                       WHERE month BETWEEN last.first_month_12 AND last.last_month GROUP BY ALL) AS ad
              ON ad.service_code = s.service_code
        ), gap AS (
            SELECT m.province_code, CAST(sum(m.eligible - m.adopted) AS BIGINT) AS not_adopted,
                   sum((m.eligible - m.adopted) * n.mid_per_agency_year) AS potential_savings_mid_thb
            FROM mart_adoption_monthly AS m JOIN last ON m.month = last.last_month
            LEFT JOIN national AS n ON n.service_code = m.service_code
            WHERE {_and(m_conds)} GROUP BY ALL
        ), eligible AS (
            SELECT a.province_code, count(*) AS eligible FROM dim_agency AS a WHERE {_and(a_conds)} GROUP BY ALL
        ), issues AS (
            SELECT fb.province_code, count(*) AS open_issues
            FROM feedback AS fb LEFT JOIN dim_agency AS a ON a.agency_id = fb.agency_id, last
            WHERE fb.issue IS NOT NULL AND fb.issue <> 'none' AND fb.response_date >= last.first_month_12
              AND fb.response_date <= last_day(last.last_month) AND {_and(fb_conds)}
            GROUP BY ALL
        ), tix AS (
            SELECT a.province_code, count(*) AS open_tickets
            FROM tickets AS t JOIN dim_agency AS a ON a.agency_id = t.agency_id
            WHERE t.closed_at IS NULL AND {_and(t_conds)} GROUP BY ALL
        ), province AS (
            SELECT province_code FROM provinces UNION SELECT province_code FROM dim_agency
        ), scored AS (
            SELECT p.province_code, last.last_month AS month, coalesce(e.eligible, 0) AS eligible,
                   coalesce(g.not_adopted, 0) AS not_adopted,
                   coalesce(g.potential_savings_mid_thb, 0.0) AS potential_savings_mid_thb,
                   coalesce(i.open_issues, 0) AS open_issues, coalesce(k.open_tickets, 0) AS open_tickets
            FROM province AS p CROSS JOIN last
            LEFT JOIN eligible AS e ON e.province_code = p.province_code
            LEFT JOIN gap AS g ON g.province_code = p.province_code
            LEFT JOIN issues AS i ON i.province_code = p.province_code
            LEFT JOIN tix AS k ON k.province_code = p.province_code
            WHERE last.last_month IS NOT NULL
        )
        SELECT *, potential_savings_mid_thb AS score,
               CAST(rank() OVER (ORDER BY potential_savings_mid_thb DESC) AS INTEGER) AS rank
        FROM scored"""
    return sql, m_params + a_params + fb_params + t_params


@cached
def opportunity(f: Filters) -> pd.DataFrame:
    """Provinces in the filter's area ranked by opportunity at the latest month of the data (whatever
    the period: it is about where to go next): mart_opportunity, or its definition recomputed under
    the ministry, level and service filters when any is set. rank is among all provinces under those
    filters; provinces without an eligible agency are left out."""
    if f.ministries or f.levels or f.services:
        src, params = _opportunity_sql(f)
    else:
        src, params = "SELECT * FROM mart_opportunity", []
    g_conds, g_params = _where(f, alias="o", ministry=False, level=False, service=False)
    return db.query(
        f"""SELECT o.province_code, p.iso_code, p.name_th, p.name_en, p.region4, p.region6, o.month, o.eligible,
                   o.not_adopted, o.potential_savings_mid_thb, o.open_issues, o.open_tickets, o.score, o.rank
            FROM ({src}) o JOIN provinces p ON p.province_code = o.province_code
            WHERE o.eligible > 0 AND {_and(g_conds)} ORDER BY o.rank, p.name_en""",
        params + g_params,
    )


@cached
def opportunity_issues(f: Filters) -> pd.DataFrame:
    """Feedback naming a problem in the 12 months to the latest month of the data, per province and
    issue (the open_issues of opportunity(), by category), under the filters."""
    conds, params = _where(f, alias="fb", ministry=False, level=False)
    if f.ministries:
        conds.append("list_contains(?, a.ministry_code)")
        params.append(list(f.ministries))
    if f.levels:
        conds.append("list_contains(?, a.level)")
        params.append(list(f.levels))
    return db.query(
        f"""WITH last AS (SELECT max(month) AS last_month,
                                 CAST(max(month) - INTERVAL 11 MONTH AS DATE) AS first_month_12
                          FROM mart_adoption_monthly)
            SELECT fb.province_code, fb.issue, v.name_th, v.name_en, count(*) AS responses
            FROM feedback fb LEFT JOIN dim_agency a ON a.agency_id = fb.agency_id CROSS JOIN last
            LEFT JOIN vocabularies v ON v.vocabulary = 'feedback_issue' AND v.code = fb.issue
            WHERE fb.issue IS NOT NULL AND fb.issue <> 'none' AND fb.response_date >= last.first_month_12
              AND fb.response_date <= last_day(last.last_month) AND {_and(conds)}
            GROUP BY ALL ORDER BY fb.province_code, responses DESC, fb.issue""",
        params,
    )


def opportunity_display(opp: pd.DataFrame, issues: pd.DataFrame, lang: str, region_system: str) -> pd.DataFrame:
    """The opportunity ranking as a table: rank, province, region, the measures, the main problems in
    words, then one column per problem category (for the download)."""
    from egov import i18n

    t = functools.partial(i18n.t, lang=lang)
    name = i18n.name_col(lang)
    reg = regions()
    reg = reg[reg["system"] == region_system].set_index("region_code")[name]
    iss = issues.assign(label=issues[name].fillna(issues["issue"]))
    top = (iss.groupby("province_code", sort=False)
           .apply(lambda g: " · ".join(f"{r.label} ({r.responses})" for r in g.head(3).itertuples()),
                  include_groups=False) if len(iss) else pd.Series(dtype=object))
    out = pd.DataFrame({
        t("rank"): opp["rank"].to_numpy(),
        t("province"): opp[name].to_numpy(),
        t("region"): opp[REGION_COLUMNS[region_system]].map(reg).to_numpy(),
        t("m.eligible"): opp["eligible"].to_numpy(),
        t("op.not_adopted"): opp["not_adopted"].to_numpy(),
        t("op.potential") + f" ({t('unit.baht')})": opp["potential_savings_mid_thb"].round(0).to_numpy(),
        t("op.open_issues"): opp["open_issues"].to_numpy(),
        t("op.open_tickets"): opp["open_tickets"].to_numpy(),
        t("op.main_problems"): opp["province_code"].map(top).astype(object).fillna("").to_numpy(),
    })
    if len(iss):
        wide = iss.pivot_table(index="province_code", columns="label", values="responses", aggfunc="sum",
                               fill_value=0)
        for c in wide.columns:
            out[f"{t('op.problem')}: {c}"] = opp["province_code"].map(wide[c]).fillna(0).astype("int64").to_numpy()
    return out


# --- savings
# Reads of the ประหยัดงบประมาณ Savings page. The page recomputes savings with egov.metrics.savings
# from unit_months (mart_savings_monthly) and the assumptions edited in the session.

@cached
def savings_unit_months(f: Filters) -> pd.DataFrame:
    """unit_months over the period per province, ministry and service (mart_savings_monthly), with the
    mart's own low / mid / high baht (the default assumptions)."""
    p = period(f)
    conds, params = _where(f)
    return db.query(
        f"""SELECT province_code, ministry_code, service_code, CAST(sum(unit_months) AS BIGINT) AS unit_months,
                   sum(savings_low_thb) AS mart_low_thb, sum(savings_mid_thb) AS mart_mid_thb,
                   sum(savings_high_thb) AS mart_high_thb
            FROM mart_savings_monthly WHERE month BETWEEN ? AND ? AND {_and(conds)}
            GROUP BY ALL ORDER BY province_code, ministry_code, service_code""",
        [p.start, p.end] + params,
    )


def default_assumptions() -> pd.DataFrame:
    """cost_assumptions as loaded (index service_code, services order): the metrics.ASSUMPTION_COLUMNS,
    source, unit_th, unit_en."""
    a = cost_assumptions()
    cols = [c for c in ("cost_low_thb_per_unit_year", "cost_mid_thb_per_unit_year", "cost_high_thb_per_unit_year",
                        "staff_hours_saved_per_unit_year", "staff_cost_thb_per_hour", "source", "unit_th", "unit_en")
            if c in a.columns]
    return a.set_index("service_code")[cols].copy()


def savings_by(units: pd.DataFrame, assumptions: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """metrics.savings applied to savings_unit_months() under assumptions (index or column service_code),
    summed by 'service_code', 'province_code' or 'ministry_code' (None: one total row). Columns: the key,
    unit_months, staff_hours_saved, savings_low_thb, savings_mid_thb, savings_high_thb; most saved first
    (services in their own order)."""
    a = assumptions.reset_index() if "service_code" not in assumptions.columns else assumptions
    cols = ["unit_months", "staff_hours_saved", "savings_low_thb", "savings_mid_thb", "savings_high_thb"]
    s = metrics.savings(units[["province_code", "ministry_code", "service_code", "unit_months"]], a)
    if by is None:
        return s[cols].sum().to_frame().T
    out = s.groupby(by, sort=False)[cols].sum(min_count=1).reset_index()
    if by == "service_code":
        order = {c: i for i, c in enumerate(services()["service_code"])}
        return out.sort_values(by, key=lambda c: c.map(order)).reset_index(drop=True)
    return out.sort_values(["savings_mid_thb", by], ascending=[False, True]).reset_index(drop=True)


def savings_labels(df: pd.DataFrame, by: str, lang: str) -> pd.Series:
    """The names of savings_by()'s keys in lang (service brand names, province names, ministry names)."""
    from egov import i18n

    if by == "service_code":
        return df[by].map(i18n.service_label)
    if by == "province_code":
        return df[by].map(provinces().set_index("province_code")[i18n.name_col(lang)]).fillna(df[by])
    return df[by].map(ministries().set_index("ministry_code")[i18n.name_col(lang)]).fillna(df[by])


def savings_display(df: pd.DataFrame, by: str, lang: str) -> pd.DataFrame:
    """savings_by() as a table with localized headers; baht rounded."""
    from egov import i18n

    t = functools.partial(i18n.t, lang=lang)
    title = {"service_code": t("service"), "province_code": t("province"), "ministry_code": t("ministry")}[by]
    out = pd.DataFrame({title: savings_labels(df, by, lang)})
    if by == "service_code":
        out[t("un.unit")] = df[by].map(services().set_index("service_code")["unit_en" if lang == "en" else "unit_th"])
    out[t("sv.unit_months")] = df["unit_months"].astype("int64")
    out[t("sv.staff_hours")] = df["staff_hours_saved"].round(0)
    for s in ("low", "mid", "high"):
        out[t(f"sv.{s}") + f" ({t('unit.baht')})"] = df[f"savings_{s}_thb"].round(0)
    return out


def assumptions_display(a: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Assumptions (default_assumptions() shape, possibly edited) as a table to download."""
    from egov import i18n

    t = functools.partial(i18n.t, lang=lang)
    a = a.reset_index() if "service_code" not in a.columns else a
    return pd.DataFrame({
        t("service"): a["service_code"].map(i18n.service_label),
        t("un.unit"): a["unit_en" if lang == "en" else "unit_th"],
        t("sv.cost_low"): a["cost_low_thb_per_unit_year"],
        t("sv.cost_mid"): a["cost_mid_thb_per_unit_year"],
        t("sv.cost_high"): a["cost_high_thb_per_unit_year"],
        t("sv.hours_saved"): a["staff_hours_saved_per_unit_year"],
        t("sv.staff_cost"): a["staff_cost_thb_per_hour"],
        t("sv.source"): [i18n.assumption_source(c, src, lang) for c, src in zip(a["service_code"], a["source"])],
    })


# --- roadshows
# Reads of the โรดโชว์ Roadshows page. Events are filtered by period and area (events() above); the
# impact estimate by service; the feedback collected at each event by every filter.

@cached
def roadshow_impact(f: Filters) -> pd.DataFrame:
    """mart_roadshow_impact (an estimate) for the events in the period and area, selected services."""
    p = period(f)
    conds, params = _where(f, alias="i", ministry=False, level=False)
    return db.query(
        f"""SELECT i.event_id, i.province_code, i.event_date, i.service_code, i.rate_before, i.rate_after,
                   i.change_visited, i.change_others, i.impact_pp
            FROM mart_roadshow_impact i JOIN services s ON s.service_code = i.service_code
            WHERE i.event_date >= ? AND i.event_date < ? AND {_and(conds)}
            ORDER BY i.event_date, i.event_id, i.province_code, s.sort_order""",
        [p.start, p.end_exclusive] + params,
    )


def _event_feedback_source(f: Filters) -> tuple[str, list]:
    """Feedback collected at the events in the period and area (joined on event and province, whatever
    the response date); service, ministry and level filters apply to the responses."""
    p = period(f)
    e_conds, e_params = _where(f, alias="e", ministry=False, level=False, service=False)
    conds, params = _where(f, alias="fb", geo=False, ministry=False, level=False)
    if f.ministries:
        conds.append("list_contains(?, a.ministry_code)")
        params.append(list(f.ministries))
    if f.levels:
        conds.append("list_contains(?, coalesce(a.level, 'unknown'))")
        params.append(list(f.levels))
    sql = (f"SELECT fb.* FROM feedback fb JOIN events e ON e.event_id = fb.event_id "
           f"AND e.province_code = fb.province_code LEFT JOIN agencies a ON a.agency_id = fb.agency_id "
           f"WHERE e.event_date >= ? AND e.event_date < ? AND {_and(e_conds)} AND {_and(conds)}")
    return sql, [p.start, p.end_exclusive] + e_params + params


@cached
def event_feedback(f: Filters) -> pd.DataFrame:
    """Per event and province: responses, satisfaction_sum, satisfied, and mean, share_satisfied, n,
    too_few (metrics.satisfaction_summary)."""
    sql, params = _event_feedback_source(f)
    df = db.query(
        f"""SELECT event_id, province_code, count(*) AS responses,
                   CAST(sum(satisfaction) AS BIGINT) AS satisfaction_sum,
                   count(*) FILTER (WHERE satisfaction >= 4) AS satisfied
            FROM ({sql}) GROUP BY ALL ORDER BY event_id, province_code""",
        params,
    )
    return _satisfaction(df)


@cached
def event_issues(f: Filters) -> pd.DataFrame:
    """Problems raised at the events (issue not blank nor 'none'): event, province, issue, names, responses."""
    sql, params = _event_feedback_source(f)
    return db.query(
        f"""SELECT fb.event_id, fb.province_code, fb.issue, v.name_th, v.name_en, count(*) AS responses
            FROM ({sql}) fb LEFT JOIN vocabularies v ON v.vocabulary = 'feedback_issue' AND v.code = fb.issue
            WHERE fb.issue IS NOT NULL AND fb.issue <> 'none'
            GROUP BY ALL ORDER BY fb.event_id, fb.province_code, responses DESC, fb.issue""",
        params,
    )


def roadshow_by_province(ev: pd.DataFrame) -> pd.DataFrame:
    """events() summed per province: iso_code, names, events (distinct), attendees, agencies_attended."""
    prov = provinces()
    g = ev.groupby("province_code").agg(events=("event_id", "nunique"), attendees=("attendees", "sum"),
                                        agencies_attended=("agencies_attended", "sum")).reset_index()
    return prov.merge(g, on="province_code")


def impact_display(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """roadshow_impact() rows of one event and province as a table: per service the adoption rate 3 months
    before and 6 after in the visited province (%), its change and the change in provinces not visited
    (percentage points), and the impact estimate (pp)."""
    from egov import i18n

    t = functools.partial(i18n.t, lang=lang)
    return pd.DataFrame({
        t("service"): df["service_code"].map(i18n.service_label).to_numpy(),
        t("rs.before") + " (%)": _pct(df["rate_before"]).to_numpy(),
        t("rs.after") + " (%)": _pct(df["rate_after"]).to_numpy(),
        t("rs.change_visited") + f" ({t('unit.pp')})": (df["change_visited"] * 100).round(1).to_numpy(),
        t("rs.change_others") + f" ({t('unit.pp')})": (df["change_others"] * 100).round(1).to_numpy(),
        t("rs.impact_short") + f" ({t('unit.pp')})": df["impact_pp"].round(1).to_numpy(),
    })


def roadshow_display(ev: pd.DataFrame, impact: pd.DataFrame, fb: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per event and province: date, event, type, province, attendance, the impact estimate per
    service (percentage points) and the feedback collected there."""
    from egov import i18n

    t = functools.partial(i18n.t, lang=lang)
    en = lang == "en"
    key = ["event_id", "province_code"]
    out = pd.DataFrame({
        t("date"): _day(ev["event_date"]).to_numpy(),
        t("rs.event_id"): ev["event_id"].to_numpy(),
        t("pv.title"): ev["title"].fillna("").to_numpy(),
        t("pv.event_type"): ev["type_en" if en else "type_th"].fillna(ev["event_type"]).to_numpy(),
        t("province"): ev["province_en" if en else "province_th"].to_numpy(),
        t("pv.attendees"): ev["attendees"].to_numpy(),
        t("pv.agencies_attended"): ev["agencies_attended"].to_numpy(),
    })
    idx = pd.MultiIndex.from_frame(ev[key])
    for code in dict.fromkeys(impact["service_code"]):
        d = impact[impact["service_code"] == code].set_index(key)["impact_pp"]
        # a number, NaN when not estimated (export.table draws a dash, the downloads an empty cell)
        d = pd.to_numeric(d.reindex(idx), errors="coerce").astype("float64")
        out[f"{t('rs.impact_short')} {i18n.service_label(code)} ({t('unit.pp')})"] = d.round(1).to_numpy()
    f2 = fb.set_index(key).reindex(idx)
    n = f2["n"].fillna(0).astype("int64")
    out[t("m.responses")] = n.to_numpy()
    out[t("m.satisfaction_long")] = f2["mean"].astype("float64").round(2).to_numpy()
    out[t("m.satisfied_share") + " (%)"] = _pct(f2["share_satisfied"]).to_numpy()
    out[t("note")] = [t("no_responses") if k == 0 else (t("too_few", n=int(k)) if k < metrics.MIN_RESPONSES else "")
                      for k in n]
    return out


# --- feedback
# Reads for the ความคิดเห็นและการสนับสนุน Feedback and support page (pages/feedback.py): satisfaction by
# province and event, the comment search, and the contact center's tickets. Tickets are read from the
# core table (not mart_tickets_monthly) so that the ministry and level filters apply through the
# ticket's agency, and so that the median time to resolve can be taken.

SEARCH_MAX_CHARS = 100
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


@cached
def satisfaction_by_province(f: Filters) -> pd.DataFrame:
    """Satisfaction over the period per province with responses: province_code, name_th, name_en and the
    columns of satisfaction_by_service (mean, share_satisfied, n, too_few from metrics.satisfaction_summary)."""
    p = period(f)
    sql, params = _feedback_cells(f, p)
    df = db.query(
        f"""SELECT c.province_code, pr.name_th, pr.name_en, {_CELL_SUMS}
            FROM ({sql}) c JOIN provinces pr USING (province_code)
            GROUP BY c.province_code, pr.name_th, pr.name_en ORDER BY c.province_code""",
        params,
    )
    return _satisfaction(df)


@cached
def satisfaction_by_event(f: Filters) -> pd.DataFrame:
    """Satisfaction over the period per event and province (responses naming an event), newest event
    first, with the event's date, type and title (NULL when the event itself was not loaded)."""
    p = period(f)
    sql, params = _feedback_cells(f, p, "c.event_id IS NOT NULL")
    df = db.query(
        f"""SELECT c.event_id, c.province_code, pr.name_th AS province_th, pr.name_en AS province_en,
                   min(e.event_date) AS event_date, min(e.event_type) AS event_type, min(v.name_th) AS type_th,
                   min(v.name_en) AS type_en, min(e.title) AS title, {_CELL_SUMS}
            FROM ({sql}) c JOIN provinces pr USING (province_code)
            LEFT JOIN events e ON e.event_id = c.event_id AND e.province_code = c.province_code
            LEFT JOIN vocabularies v ON v.vocabulary = 'event_type' AND v.code = e.event_type
            GROUP BY c.event_id, c.province_code, pr.name_th, pr.name_en
            ORDER BY event_date DESC NULLS LAST, c.event_id, c.province_code""",
        params,
    )
    return _satisfaction(df)


@cached
def feedback_issue_totals(f: Filters) -> dict:
    """Responses over the period in the filter: all, those saying 'none' (no problem) and those leaving
    the issue blank: the denominators of the issue chart."""
    p = period(f)
    sql, params = _feedback_cells(f, p)
    r = db.query(
        f"""SELECT coalesce(sum(responses), 0) AS n, coalesce(sum(responses) FILTER (WHERE issue = 'none'), 0) AS none,
                   coalesce(sum(responses) FILTER (WHERE issue IS NULL), 0) AS blank FROM ({sql})""",
        params,
    ).iloc[0]
    return {k: int(r[k]) for k in ("n", "none", "blank")}


def normalize_search(text: str | None) -> str:
    """A search as typed, made comparable: NFC, invisible characters dropped, whitespace (NBSP too)
    collapsed, at most SEARCH_MAX_CHARS characters."""
    import unicodedata

    s = unicodedata.normalize("NFC", str(text or "")).translate(_INVISIBLE)
    return " ".join(s.split())[:SEARCH_MAX_CHARS]


def comment_search(f: Filters, text: str | None, limit: int | None = 500) -> pd.DataFrame:
    """Comments over the period in the filter that contain text (literally, ignoring case: no
    wildcards, the text travels as a ? parameter), newest first, at most limit rows (None: all). The
    column matches holds the number found in all. An empty text finds every comment."""
    return _comment_search(f, normalize_search(text), None if limit is None else int(limit))


@cached
def _comment_search(f: Filters, needle: str, limit: int | None) -> pd.DataFrame:
    p = period(f)
    sql, params = _feedback_source(f, p, "nullif(trim(fb.comment), '') IS NOT NULL")
    return db.query(
        f"""SELECT fb.response_id, fb.response_date, fb.province_code, pr.name_th AS province_th,
                   pr.name_en AS province_en, fb.service_code, fb.satisfaction, fb.issue,
                   v.name_th AS issue_th, v.name_en AS issue_en, trim(fb.comment) AS comment,
                   count(*) OVER () AS matches
            FROM ({sql}) fb JOIN provinces pr USING (province_code)
            LEFT JOIN vocabularies v ON v.vocabulary = 'feedback_issue' AND v.code = fb.issue
            WHERE contains(lower(fb.comment), lower(?))
            ORDER BY fb.response_date DESC, fb.response_id LIMIT ?""",
        params + [needle, limit],
    )


def _ticket_source(f: Filters) -> tuple[str, list]:
    """Tickets in the filter, whatever their dates: area, ministry and level through the ticket's agency
    (a ticket naming no known agency counts only when none of those filters is set), service on the
    ticket. Columns: ticket_id, opened_at, closed_at, service_code, category, channel, hours (opened to
    closed; NULL while open). Agencies are joined only when an area, ministry or level filter is set
    (10.9 M usage rows: 108 k tickets against 55 k agencies, about a third of each ticket query's CPU)."""
    conds, params = _where(f, alias="a", service=False)
    join = ""
    if conds:
        conds.append("a.agency_id IS NOT NULL")
        join = " JOIN agencies a ON a.agency_id = tk.agency_id"  # the LEFT JOIN's NULL rows were refused anyway
    s_conds, s_params = _where(f, alias="tk", geo=False, ministry=False, level=False)
    sql = (f"SELECT tk.ticket_id, tk.opened_at, tk.closed_at, tk.service_code, tk.category, tk.channel, "
           f"date_diff('microsecond', tk.opened_at, tk.closed_at) / 3600e6 AS hours "
           f"FROM tickets tk{join} "
           f"WHERE {_and(conds)} AND {_and(s_conds)}")
    return sql, params + s_params


_TICKET_MEASURES = """
    count(*) FILTER (WHERE opened_at >= ? AND opened_at < ?) AS opened,
    count(*) FILTER (WHERE closed_at >= ? AND closed_at < ?) AS closed,
    median(hours) FILTER (WHERE closed_at >= ? AND closed_at < ?) AS median_hours,
    avg(hours) FILTER (WHERE closed_at >= ? AND closed_at < ?) AS mean_hours,
    count(*) FILTER (WHERE opened_at < ? AND (closed_at IS NULL OR closed_at >= ?)) AS backlog_end
"""


def _ticket_measure_params(p: Period) -> list:
    return [p.start, p.end_exclusive] * 4 + [p.end_exclusive] * 2


@cached
def ticket_summary(f: Filters) -> pd.DataFrame:
    """One row: tickets opened and closed in the period, median and mean hours to resolve (tickets
    closed in the period), backlog at the end of the period's last month, and all_tickets in the
    filter whatever their dates."""
    p = period(f)
    sql, params = _ticket_source(f)
    return db.query(f"SELECT {_TICKET_MEASURES}, count(*) AS all_tickets FROM ({sql})",
                    _ticket_measure_params(p) + params)


@cached
def ticket_monthly(f: Filters) -> pd.DataFrame:
    """Per month of the period from the first ticket on: opened, closed, hours_sum, median_hours and
    mean_hours (over the tickets closed that month), backlog_end (opened by the month's end, not
    closed by then)."""
    p = period(f)
    sql, params = _ticket_source(f)
    return db.query(
        f"""WITH tk AS ({sql}),
            b AS (SELECT CASE WHEN count(*) > 0 THEN greatest(CAST(? AS DATE),
                                 CAST(date_trunc('month', min(opened_at)) AS DATE)) END AS first FROM tk),
            months AS (SELECT CAST(g.m AS DATE) AS month
                       FROM b, generate_series(b.first, CAST(? AS DATE), INTERVAL 1 MONTH) AS g(m)
                       WHERE b.first IS NOT NULL),
            o AS (SELECT CAST(date_trunc('month', opened_at) AS DATE) AS month, count(*) AS opened FROM tk GROUP BY 1),
            c AS (SELECT CAST(date_trunc('month', closed_at) AS DATE) AS month, count(*) AS closed,
                         sum(hours) AS hours_sum, median(hours) AS median_hours, avg(hours) AS mean_hours
                  FROM tk WHERE closed_at IS NOT NULL GROUP BY 1),
            -- open at a month's end = opened by then - closed by then (a ticket is never closed before it
            -- was opened: the data check valid_tickets): running sums of o and c, not a months x tickets join
            bl AS (SELECT m.month, CAST(coalesce((SELECT sum(o.opened) FROM o WHERE o.month <= m.month), 0)
                                        - coalesce((SELECT sum(c.closed) FROM c WHERE c.month <= m.month), 0)
                                   AS BIGINT) AS backlog_end FROM months m)
            SELECT m.month, coalesce(o.opened, 0) AS opened, coalesce(c.closed, 0) AS closed, c.hours_sum,
                   c.median_hours, c.mean_hours, bl.backlog_end
            FROM months m LEFT JOIN o USING (month) LEFT JOIN c USING (month) LEFT JOIN bl USING (month)
            ORDER BY m.month""",
        params + [p.start, p.end],
    )


@cached
def ticket_hourly(f: Filters) -> pd.DataFrame:
    """Tickets opened in the period per weekday (1 = Monday) and hour (0-23): all 7 x 24 cells."""
    p = period(f)
    sql, params = _ticket_source(f)
    return db.query(
        f"""WITH tk AS ({sql}),
            c AS (SELECT CAST(isodow(opened_at) AS INTEGER) AS weekday, CAST(hour(opened_at) AS INTEGER) AS hour,
                         count(*) AS tickets
                  FROM tk WHERE opened_at >= ? AND opened_at < ? GROUP BY ALL)
            SELECT w.weekday, h.hour, coalesce(c.tickets, 0) AS tickets
            FROM (SELECT CAST(range AS INTEGER) AS weekday FROM range(1, 8)) w
            CROSS JOIN (SELECT CAST(range AS INTEGER) AS hour FROM range(0, 24)) h
            LEFT JOIN c USING (weekday, hour) ORDER BY w.weekday, h.hour""",
        params + [p.start, p.end_exclusive],
    )


TICKET_BREAKDOWNS = {"category": "ticket_category", "channel": "ticket_channel"}  # column -> vocabulary


@cached
def ticket_breakdown(f: Filters, by: str) -> pd.DataFrame:
    """Per ticket category or channel (by): code, name_th, name_en and the ticket_summary measures,
    most opened first; rows with nothing in the period are left out."""
    if by not in TICKET_BREAKDOWNS:
        raise ValueError(f"unknown breakdown {by!r}")
    p = period(f)
    sql, params = _ticket_source(f)
    return db.query(
        f"""SELECT tk.{by} AS code, v.name_th, v.name_en, {_TICKET_MEASURES}
            FROM ({sql}) tk LEFT JOIN vocabularies v ON v.vocabulary = ? AND v.code = tk.{by}
            GROUP BY ALL HAVING opened > 0 OR closed > 0 OR backlog_end > 0
            ORDER BY opened DESC, code""",
        _ticket_measure_params(p) + params + [TICKET_BREAKDOWNS[by]],
    )


# Display tables of the feedback page (localized headers; every one downloadable).

def _sat_columns(df: pd.DataFrame, lang: str) -> dict:
    from egov import i18n

    t = functools.partial(i18n.t, lang=lang)
    return {
        t("m.satisfaction_long"): df["mean"].astype("float64").round(2),
        t("m.satisfied_share") + " (%)": _pct(df["share_satisfied"]),
        t("m.responses"): df["n"],
        t("note"): df.apply(lambda r: t("too_few", n=int(r["n"])) if r["too_few"] else "", axis=1),
    }


def satisfaction_service_display(sat: pd.DataFrame, lang: str) -> pd.DataFrame:
    """satisfaction_by_service() as a table: one row per service, then the total."""
    from egov import i18n

    t = functools.partial(i18n.t, lang=lang)
    label = sat["service_code"].map(lambda c: t("fb.no_service") if pd.isna(c) else (
        t("all_services") if c == "ALL" else i18n.service_label(c)))
    return pd.DataFrame({t("service"): label, **_sat_columns(sat, lang)})


def satisfaction_province_display(sat: pd.DataFrame, lang: str) -> pd.DataFrame:
    from egov import i18n

    t = functools.partial(i18n.t, lang=lang)
    return pd.DataFrame({t("province"): sat[i18n.name_col(lang)], **_sat_columns(sat, lang)})


def satisfaction_event_display(sat: pd.DataFrame, lang: str) -> pd.DataFrame:
    from egov import i18n

    t = functools.partial(i18n.t, lang=lang)
    en = lang == "en"
    return pd.DataFrame({
        t("date"): _day(sat["event_date"]),
        t("fb.event"): sat["title"].fillna(sat["event_id"]),
        t("pv.event_type"): sat["type_en" if en else "type_th"].fillna(sat["event_type"]).fillna(""),
        t("province"): sat["province_en" if en else "province_th"],
        t("fb.event_id"): sat["event_id"],
        **_sat_columns(sat, lang),
    })


def issues_display(issues: pd.DataFrame, responses: int, lang: str) -> pd.DataFrame:
    """feedback_issues() as a table: the problem in words, responses naming it, share of all responses."""
    from egov import i18n

    t = functools.partial(i18n.t, lang=lang)
    share = issues["responses"] / responses if responses else float("nan")
    return pd.DataFrame({
        t("fb.issue"): issues[i18n.name_col(lang)].fillna(issues["issue"]),
        t("m.responses"): issues["responses"],
        t("fb.share_of_responses"): (share * 100).round(1),
    })


def comments_display(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    from egov import i18n

    t = functools.partial(i18n.t, lang=lang)
    en = lang == "en"
    return pd.DataFrame({
        t("date"): _day(df["response_date"]),
        t("province"): df["province_en" if en else "province_th"],
        t("service"): df["service_code"].map(lambda c: "" if pd.isna(c) else i18n.service_label(c)),
        t("fb.score"): df["satisfaction"].astype("Int64"),
        t("fb.issue"): df["issue_en" if en else "issue_th"].fillna(df["issue"]).fillna(""),
        t("fb.comment"): df["comment"],
    })


def _ticket_columns(df: pd.DataFrame, lang: str) -> dict:
    from egov import i18n

    t = functools.partial(i18n.t, lang=lang)
    return {
        t("fb.t_opened"): df["opened"].astype("Int64"),
        t("fb.t_closed"): df["closed"].astype("Int64"),
        t("fb.t_median"): pd.to_numeric(df["median_hours"]).round(1),
        t("fb.t_mean"): pd.to_numeric(df["mean_hours"]).round(1),
        t("fb.t_backlog"): df["backlog_end"].astype("Int64"),
    }


def ticket_monthly_display(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    from egov import i18n

    return pd.DataFrame({i18n.t("month", lang): df["month"].map(lambda v: i18n.fmt_month(v, lang)),
                         **_ticket_columns(df, lang)})


def ticket_breakdown_display(df: pd.DataFrame, by: str, lang: str) -> pd.DataFrame:
    from egov import i18n

    title = i18n.t("fb.category" if by == "category" else "fb.channel", lang)
    label = df[i18n.name_col(lang)].fillna(df["code"]).fillna(i18n.t("unknown", lang))
    return pd.DataFrame({title: label, **_ticket_columns(df, lang)})


# --- data
# Reads for the ข้อมูล Data page (pages/data.py): the load history, rejected rows and freshness. They
# describe the whole warehouse and take no filters.

# kind -> (table, date column, monthly); agencies carry no date.
FRESHNESS_SOURCES = {
    "agencies": ("agencies", None, False),
    "subscriptions": ("subscriptions", "start_date", False),
    "usage": ("usage_monthly", "month", True),
    "feedback": ("feedback", "response_date", False),
    "events": ("events", "event_date", False),
    "tickets": ("tickets", "opened_at", False),
}
REJECTS_SHOWN = 20_000


@cached
def etl_loads() -> pd.DataFrame:
    """Every load, newest first: load_id, file, sheet, kind, rows_read, rows_loaded, rows_rejected,
    started_at, finished_at, encoding (sheet and encoding NULL when the warehouse does not keep them)."""
    cols = ["load_id", "file", "sheet", "kind", "rows_read", "rows_loaded", "rows_rejected", "started_at",
            "finished_at", "encoding"]
    if "etl_loads" not in db.tables():
        return pd.DataFrame(columns=cols)
    have = set(db.query("SELECT column_name FROM duckdb_columns() WHERE database_name = ? AND table_name = ?",
                        [db.ALIAS, "etl_loads"])["column_name"])
    select = ", ".join(c if c in have else f"NULL AS {c}" for c in cols)  # fixed names, not user input
    return db.query(f"SELECT {select} FROM etl_loads ORDER BY load_id DESC")


@cached
def etl_reject_files() -> pd.DataFrame:
    """The files with rejected values: file, rejects (values), latest load_id; most recent first."""
    if "etl_rejects" not in db.tables():
        return pd.DataFrame(columns=["file", "rejects", "load_id"])
    return db.query("SELECT file, count(*) AS rejects, max(load_id) AS load_id FROM etl_rejects "
                    "GROUP BY file ORDER BY load_id DESC, file")


@cached
def etl_rejects(file: str | None = None, limit: int = REJECTS_SHOWN) -> pd.DataFrame:
    """Rejected values (of one file, or all), newest load first, at most limit rows; the column total
    holds the number in all. Columns: load_id, file, line, column_name, raw_value, reason, suggestion,
    loaded_at."""
    cols = ["load_id", "file", "line", "column_name", "raw_value", "reason", "suggestion", "loaded_at", "total"]
    have = db.tables()
    if "etl_rejects" not in have:
        return pd.DataFrame(columns=cols)
    where, params = ("WHERE r.file = ?", [file]) if file else ("", [])
    loaded = "l.finished_at" if "etl_loads" in have else "NULL"
    join = "LEFT JOIN etl_loads l USING (load_id)" if "etl_loads" in have else ""
    return db.query(
        f"""SELECT r.load_id, r.file, r.line, r.column_name, r.raw_value, r.reason, r.suggestion,
                   {loaded} AS loaded_at, count(*) OVER () AS total
            FROM etl_rejects r {join} {where}
            ORDER BY r.load_id DESC, r.file, r.line, r.column_name LIMIT ?""",
        params + [int(limit)],
    )


@cached
def freshness() -> pd.DataFrame:
    """Per source kind: rows, latest (the latest date or month in the data; NULL for agencies), monthly,
    last_load (the latest load of that kind) and loads."""
    have = db.tables()
    parts = []
    for kind, (table, col, monthly) in FRESHNESS_SOURCES.items():  # fixed names, not user input
        if table not in have:
            continue
        latest = f"CAST(max({col}) AS DATE)" if col else "CAST(NULL AS DATE)"
        parts.append(f"SELECT '{kind}' AS kind, count(*) AS rows, {latest} AS latest, {monthly} AS monthly "
                     f"FROM {table}")
    if not parts:
        return pd.DataFrame(columns=["kind", "rows", "latest", "monthly", "last_load", "loads"])
    loads = ("(SELECT kind, max(finished_at) AS last_load, count(*) AS loads FROM etl_loads GROUP BY kind)"
             if "etl_loads" in have else
             "(SELECT NULL::VARCHAR AS kind, NULL::TIMESTAMP AS last_load, 0 AS loads WHERE FALSE)")
    df = db.query(f"SELECT s.*, l.last_load, coalesce(l.loads, 0) AS loads FROM ({' UNION ALL '.join(parts)}) s "
                  f"LEFT JOIN {loads} l USING (kind)")
    order = {k: i for i, k in enumerate(FRESHNESS_SOURCES)}
    return df.sort_values("kind", key=lambda s: s.map(order)).reset_index(drop=True)


FRESH_MONTHS = 2  # a source is current when its latest data is no more than this many months old


def _months_between(a: dt.date, b: dt.date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def _age(latest, today: dt.date, lang: str) -> str:
    from egov import i18n

    if latest is None or pd.isna(latest):
        return ""
    latest = pd.Timestamp(latest).date()
    days = (today - latest).days
    if days < 62:
        return i18n.t("dt.age_days", lang, n=i18n.fmt_int(max(days, 0)))
    months = _months_between(latest, today)
    if months < 12:
        return i18n.t("dt.age_months", lang, n=months)
    return i18n.t("dt.age_years", lang, y=months // 12, m=months % 12)


def freshness_display(fr: pd.DataFrame, today: dt.date, lang: str) -> tuple[pd.DataFrame, list[str]]:
    """freshness() as a table against today, and the names of the sources older than FRESH_MONTHS."""
    from egov import i18n

    t = functools.partial(i18n.t, lang=lang)
    rows, stale = [], []
    for r in fr.itertuples(index=False):
        source = t(f"kind.{r.kind}")
        has_date = FRESHNESS_SOURCES.get(r.kind, (None, None, False))[1] is not None
        latest = None if pd.isna(r.latest) else pd.Timestamp(r.latest).date()
        if not r.rows:
            shown, status = t("dt.fresh_none"), t("dt.fresh_none")
        elif not has_date:
            shown, status = t("dt.no_date"), ""
        else:
            shown = i18n.fmt_month(latest, lang) if r.monthly else i18n.fmt_date(latest, lang)
            ok = _months_between(latest, today) <= FRESH_MONTHS
            status = t("dt.fresh_ok") if ok else t("dt.fresh_old", n=FRESH_MONTHS)
            if not ok:
                stale.append(source)
        rows.append({
            t("dt.source"): source,
            t("dt.latest"): shown,
            t("dt.age"): _age(latest, today, lang) if has_date and r.rows else "",
            t("dt.status"): status,
            t("dt.rows"): int(r.rows),
            t("dt.last_load"): i18n.fmt_datetime(r.last_load, lang),
        })
    return pd.DataFrame(rows), stale


def file_label(path, sheet=None) -> str:
    """The file as the load reports name it: its name, with the sheet in brackets for a workbook."""
    import os

    base = os.path.basename(str(path).replace("\\", "/"))
    return f"{base} [{sheet}]" if sheet is not None and not pd.isna(sheet) and str(sheet) else base


def loads_display(loads: pd.DataFrame, lang: str) -> pd.DataFrame:
    """etl_loads() as a table: newest first, times in the reader's era."""
    from egov import i18n

    t = functools.partial(i18n.t, lang=lang)
    seconds = (pd.to_datetime(loads["finished_at"]) - pd.to_datetime(loads["started_at"])).dt.total_seconds()
    return pd.DataFrame({
        t("dt.load_id"): loads["load_id"].astype("Int64"),
        t("dt.file"): [file_label(p, s) for p, s in zip(loads["file"], loads["sheet"])],
        t("dt.kind"): loads["kind"].map(lambda k: t(f"kind.{k}")),
        t("dt.read"): loads["rows_read"].astype("Int64"),
        t("dt.loaded"): loads["rows_loaded"].astype("Int64"),
        t("dt.rejected"): loads["rows_rejected"].astype("Int64"),
        t("dt.started"): loads["started_at"].map(lambda v: i18n.fmt_datetime(v, lang)),
        t("dt.seconds"): seconds.round(1),
        t("dt.encoding"): loads["encoding"].fillna(""),
    })


def reject_column(name, lang: str) -> str:
    """A column of the input contract as the reader knows it: 'จังหวัด (province)' in Thai."""
    from etl.contract import KINDS

    if name is None or pd.isna(name):
        return ""
    thai = {c.name: c.thai for k in KINDS.values() for c in k.columns}
    return f"{thai[name]} ({name})" if lang != "en" and name in thai else str(name)


def rejects_display(rej: pd.DataFrame, lang: str) -> pd.DataFrame:
    """etl_rejects() as a table (reasons and columns in the reader's language)."""
    from egov import i18n

    t = functools.partial(i18n.t, lang=lang)
    return pd.DataFrame({
        t("dt.file"): rej["file"],
        t("dt.line"): rej["line"].astype("Int64"),
        t("dt.column"): rej["column_name"].map(lambda c: reject_column(c, lang)),
        t("dt.raw"): rej["raw_value"].fillna(""),
        t("dt.reason"): rej["reason"].map(lambda r: i18n.reject_reason(r, lang)),
        t("dt.suggestion"): rej["suggestion"].fillna(""),
        t("dt.load_id"): rej["load_id"].astype("Int64"),
        t("dt.loaded_at"): rej["loaded_at"].map(lambda v: i18n.fmt_datetime(v, lang)),
    })


def definition_entries(lang: str) -> list[dict]:
    """Every metric of egov.definitions.METRICS in lang: key, term (the words before "คือ" / ":"),
    text (the rest) and where it is computed."""
    from egov.definitions import METRICS

    out = []
    for key, e in METRICS.items():
        full = (e.get("en") if lang == "en" else e.get("th")) or e.get("th") or e.get("en") or ""
        sep = ": " if lang == "en" else " คือ "
        term, _, rest = full.partition(sep)
        if not rest:
            term, rest = key, full
        out.append({"key": key, "term": term.strip(), "text": rest.strip(), "where": e.get("where", "")})
    return out


def definitions_display(lang: str) -> pd.DataFrame:
    from egov import i18n

    t = functools.partial(i18n.t, lang=lang)
    rows = definition_entries(lang)
    return pd.DataFrame({
        t("dt.term"): [r["term"] for r in rows],
        t("dt.definition"): [r["text"] for r in rows],
        t("dt.where"): [r["where"] for r in rows],
        t("dt.key"): [r["key"] for r in rows],
    })
