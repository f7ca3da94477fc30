"""Metric definitions computed in Python: rates and the satisfaction summary of sums read from the marts.

The definitions the marts and the filtered reads share (satisfied, the 12-month window, the savings
arithmetic, opportunity) are DuckDB macros in etl/sql/definitions.sql, stored in the warehouse; Python
never restates them: a read applies the macro (e.g. a `satisfied` column, savings under edited
assumptions), and the one number Python needs for its own month arithmetic, WINDOW_MONTHS, is read from
that file. egov/definitions.py points at each definition, wherever it lives.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

DEFINITIONS_SQL = Path(__file__).resolve().parents[1] / "etl" / "sql" / "definitions.sql"


def _macro_constant(name: str) -> int:
    """The integer a constant macro of etl/sql/definitions.sql returns (`CREATE OR REPLACE MACRO name() AS n`)."""
    m = re.search(rf"^CREATE OR REPLACE MACRO {name}\(\) AS (\d+)\s*$", DEFINITIONS_SQL.read_text(encoding="utf-8"),
                  re.M)
    if m is None:
        raise RuntimeError(f"{DEFINITIONS_SQL.name} defines no constant macro {name}()")
    return int(m[1])


# Satisfaction: fewer responses than this are "too few to judge".
MIN_RESPONSES = 10

# The 12-month window (the macro window_months()): the periods of that length that Python sets end with
# a month and start WINDOW_MONTHS - 1 months before it, as window_start() does in SQL.
WINDOW_MONTHS = _macro_constant("window_months")

# The savings scenarios and the numbers of a service's cost assumptions (cost_assumptions' columns, the
# arguments of the savings macros of etl/sql/definitions.sql).
SCENARIOS = ("low", "mid", "high")

ASSUMPTION_COLUMNS = (
    "service_code",
    "cost_low_thb_per_unit_year",
    "cost_mid_thb_per_unit_year",
    "cost_high_thb_per_unit_year",
    "staff_hours_saved_per_unit_year",
    "staff_cost_thb_per_hour",
)


def _is_missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA


def _ratio(numerator, denominator):
    """numerator / denominator; None (scalars) or NaN (Series) where the denominator is 0 or missing."""
    if isinstance(numerator, pd.Series) or isinstance(denominator, pd.Series):
        num = pd.to_numeric(pd.Series(numerator) if not isinstance(numerator, pd.Series) else numerator)
        den = pd.to_numeric(pd.Series(denominator) if not isinstance(denominator, pd.Series) else denominator)
        den = den.astype("float64").where(den != 0)
        return num.astype("float64") / den
    if _is_missing(numerator) or _is_missing(denominator) or denominator == 0:
        return None
    return float(numerator) / float(denominator)


def adoption_rate(adopted, eligible):
    """Adoption rate = adopted / eligible agencies; None when there are no eligible agencies.

    Works on numbers (e.g. sums over a filter of mart_adoption_monthly) and on Series, row by row
    (NaN where eligible is 0).
    """
    return _ratio(adopted, eligible)


def active_rate(active, eligible):
    """Active rate = active / eligible agencies; None when there are no eligible agencies."""
    return _ratio(active, eligible)


def satisfaction_summary(responses, satisfaction_sum, satisfied) -> dict:
    """Satisfaction from the sums of mart_feedback_monthly (numbers, or Series that are summed).

    mean = satisfaction_sum / responses (1-5), share_satisfied = satisfied / responses (share scoring
    4 or 5), n = responses, too_few = n < MIN_RESPONSES (mean and share are still given, but the UI
    marks them as too few to judge). With no responses, mean and share are None.
    """

    def total(x):
        if isinstance(x, (pd.Series, pd.DataFrame)):
            return x.sum()
        return 0 if _is_missing(x) else x

    n = int(total(responses))
    s = total(satisfaction_sum)
    k = total(satisfied)
    return {
        "mean": _ratio(s, n),
        "share_satisfied": _ratio(k, n),
        "n": n,
        "too_few": n < MIN_RESPONSES,
    }
