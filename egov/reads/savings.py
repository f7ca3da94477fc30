"""Savings reads: per service and fiscal year from mart_savings_monthly, and the unit-months the savings
page prices again (priced: the savings macros of etl/sql/definitions.sql, which the mart applies to the
loaded assumptions) under the assumptions edited in the session."""

from __future__ import annotations

import pandas as pd

from egov import db, fiscal, metrics
from egov.filters import Filters, and_, period, where
from egov.read_cache import cached
from egov.reads.reference import cost_assumptions, services


@cached
def savings_by_service(f: Filters, assumptions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Savings over the period per service: unit-months, staff hours, low / mid / high baht; from the mart
    (the loaded assumptions), or recomputed under assumptions edited for the session."""
    if assumptions is not None:
        return savings_by(savings_unit_months(f), assumptions, "service_code")
    p = period(f)
    conds, params = where(f)
    return db.query(
        f"""SELECT m.service_code, sum(unit_months) AS unit_months, sum(staff_hours_saved) AS staff_hours_saved,
                   sum(savings_low_thb) AS savings_low_thb, sum(savings_mid_thb) AS savings_mid_thb,
                   sum(savings_high_thb) AS savings_high_thb
            FROM mart_savings_monthly m JOIN services s USING (service_code)
            WHERE month BETWEEN ? AND ? AND {and_(conds)}
            GROUP BY m.service_code, s.sort_order ORDER BY s.sort_order""",
        [p.start, p.end] + params,
    )


@cached
def savings_by_fiscal_year(f: Filters, assumptions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Savings per Thai fiscal year (egov.fiscal), from the first month of data up to the period's as-of
    month, under the filter's area, ministry, service and level (a fiscal year is read whole, whatever the
    period's start). The mart's own baht summed per month and service, then per fiscal year; under
    assumptions edited for the session, priced() on the same unit-months. Columns: fiscal_year
    (CE), first_month, last_month, months, unit_months, staff_hours_saved, savings_low_thb,
    savings_mid_thb, savings_high_thb; oldest first. Empty when the period has no data."""
    cols = ["unit_months", "staff_hours_saved", "savings_low_thb", "savings_mid_thb", "savings_high_thb"]
    as_of = period(f).as_of
    if as_of is None:
        return pd.DataFrame(columns=["fiscal_year", "first_month", "last_month", "months", *cols])
    conds, params = where(f)
    monthly = db.query(
        f"""SELECT month, service_code, sum(unit_months) AS unit_months, sum(staff_hours_saved) AS staff_hours_saved,
                   sum(savings_low_thb) AS savings_low_thb, sum(savings_mid_thb) AS savings_mid_thb,
                   sum(savings_high_thb) AS savings_high_thb
            FROM mart_savings_monthly WHERE month <= ? AND {and_(conds)}
            GROUP BY ALL ORDER BY month, service_code""",
        [as_of] + params,
    )
    if assumptions is not None:
        monthly = priced(monthly, assumptions)
    monthly["month"] = pd.to_datetime(monthly["month"]).dt.date
    monthly["fiscal_year"] = monthly["month"].map(fiscal.fiscal_year)
    out = monthly.groupby("fiscal_year").agg(first_month=("month", "min"), last_month=("month", "max"),
                                             months=("month", "nunique"), **{c: (c, "sum") for c in cols})
    return out.reset_index().sort_values("fiscal_year").reset_index(drop=True)


@cached
def savings_unit_months(f: Filters) -> pd.DataFrame:
    """unit_months over the period per province, ministry and service (mart_savings_monthly), with the
    mart's own low / mid / high baht (the default assumptions)."""
    p = period(f)
    conds, params = where(f)
    return db.query(
        f"""SELECT province_code, ministry_code, service_code, CAST(sum(unit_months) AS BIGINT) AS unit_months,
                   sum(savings_low_thb) AS mart_low_thb, sum(savings_mid_thb) AS mart_mid_thb,
                   sum(savings_high_thb) AS mart_high_thb
            FROM mart_savings_monthly WHERE month BETWEEN ? AND ? AND {and_(conds)}
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


# The savings macros over rows given as ? lists (service_code, unit_months) under assumptions given as ? lists
# (one element per service, in metrics.ASSUMPTION_COLUMNS order); u.i keeps the rows' order.
_PRICE = """
    WITH a AS (
        SELECT unnest(?::VARCHAR[]) AS service_code, unnest(?::DOUBLE[]) AS cost_low_thb_per_unit_year,
               unnest(?::DOUBLE[]) AS cost_mid_thb_per_unit_year, unnest(?::DOUBLE[]) AS cost_high_thb_per_unit_year,
               unnest(?::DOUBLE[]) AS staff_hours_saved_per_unit_year, unnest(?::DOUBLE[]) AS staff_cost_thb_per_hour
    ), u AS (
        SELECT unnest(?::VARCHAR[]) AS service_code, unnest(?::DOUBLE[]) AS unit_months, unnest(range(?)) AS i
    )
    SELECT staff_hours_saved(u.unit_months, a.staff_hours_saved_per_unit_year) AS staff_hours_saved,
           savings_thb(u.unit_months, a.cost_low_thb_per_unit_year, a.staff_hours_saved_per_unit_year,
                       a.staff_cost_thb_per_hour) AS savings_low_thb,
           savings_thb(u.unit_months, a.cost_mid_thb_per_unit_year, a.staff_hours_saved_per_unit_year,
                       a.staff_cost_thb_per_hour) AS savings_mid_thb,
           savings_thb(u.unit_months, a.cost_high_thb_per_unit_year, a.staff_hours_saved_per_unit_year,
                       a.staff_cost_thb_per_hour) AS savings_high_thb
    FROM u LEFT JOIN a USING (service_code) ORDER BY u.i"""


@cached
def priced(units: pd.DataFrame, assumptions: pd.DataFrame | None = None) -> pd.DataFrame:
    """units (service_code, unit_months, any other columns) with staff_hours_saved and savings_low_thb /
    savings_mid_thb / savings_high_thb (replaced if present; NaN for a service without assumptions) under
    assumptions (one row per service, index or column service_code, metrics.ASSUMPTION_COLUMNS; None: the
    loaded cost_assumptions): the staff_hours_saved and savings_thb macros of etl/sql/definitions.sql, which
    mart_savings_monthly applies to the loaded assumptions, given the numbers as ? parameters."""
    df = units
    if assumptions is None:
        assumptions = cost_assumptions()
    a = assumptions.reset_index() if "service_code" not in assumptions.columns else assumptions
    missing = [c for c in metrics.ASSUMPTION_COLUMNS if c not in a.columns]
    if missing:
        raise ValueError(f"assumptions lack columns: {missing}")
    if not {"unit_months", "service_code"} <= set(df.columns):
        raise ValueError("units needs columns unit_months and service_code")
    a = a.drop_duplicates("service_code", keep="last")
    params = [a["service_code"].astype(str).tolist()]
    params += [pd.to_numeric(a[c]).astype("float64").tolist() for c in metrics.ASSUMPTION_COLUMNS[1:]]
    params += [df["service_code"].astype(object).where(df["service_code"].notna(), None).tolist(),
               pd.to_numeric(df["unit_months"]).astype("float64").tolist(), len(df)]
    got = db.query(_PRICE, params)
    out = df.copy()
    for c in got.columns:
        out[c] = got[c].to_numpy(dtype="float64")
    return out


def savings_by(units: pd.DataFrame, assumptions: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """priced() applied to savings_unit_months() under assumptions (index or column service_code),
    summed by 'service_code', 'province_code' or 'ministry_code' (None: one total row). Columns: the key,
    unit_months, staff_hours_saved, savings_low_thb, savings_mid_thb, savings_high_thb; most saved first
    (services in their own order)."""
    cols = list(SAVINGS_COLUMNS)
    s = priced(units[["province_code", "ministry_code", "service_code", "unit_months"]], assumptions)
    if by is None:
        return savings_total(s)
    out = s.groupby(by, sort=False)[cols].sum(min_count=1).reset_index()
    if by == "service_code":
        order = {c: i for i, c in enumerate(services()["service_code"])}
        return out.sort_values(by, key=lambda c: c.map(order)).reset_index(drop=True)
    return out.sort_values(["savings_mid_thb", by], ascending=[False, True]).reset_index(drop=True)


SAVINGS_COLUMNS = ("unit_months", "staff_hours_saved", "savings_low_thb", "savings_mid_thb", "savings_high_thb")


def savings_total(frame: pd.DataFrame, min_count: int = 0) -> pd.DataFrame:
    """The one total of a savings frame (savings_by_service, savings_by_fiscal_year, priced ...): one row,
    each of SAVINGS_COLUMNS summed over its rows; a column with fewer than min_count values totals NaN
    (shown as a dash), else 0.0 when it has none. The overview, the savings page, the agency profile
    and the briefing show their totals through it, and savings_by gives it as its one total row."""
    return pd.DataFrame({c: [float(frame[c].sum(min_count=min_count)) if c in frame.columns
                             else (float("nan") if min_count else 0.0)] for c in SAVINGS_COLUMNS})
