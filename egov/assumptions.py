"""The cost assumptions savings are computed with: the warehouse's, unless the user edited them for this
session on the Savings page. Every page that shows savings reads them here, so one edit shows everywhere."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from egov import metrics
from egov.reads import savings

SESSION_KEY = "sv_assumptions"  # the session's numbers per service (index service_code)
NUMBERS = list(metrics.ASSUMPTION_COLUMNS[1:])


def default() -> pd.DataFrame:
    return savings.default_assumptions()


def current() -> pd.DataFrame:
    """default() with the session's edited numbers, when there are any that fit the loaded services."""
    a = default()
    held = st.session_state.get(SESSION_KEY)
    if isinstance(held, pd.DataFrame) and list(held.index) == list(a.index):
        a[NUMBERS] = held[NUMBERS]
    return a


def edited(a: pd.DataFrame) -> bool:
    return not a[NUMBERS].astype("float64").equals(default()[NUMBERS].astype("float64"))


def override() -> pd.DataFrame | None:
    """current() when the session edited the assumptions, else None (the marts' own figures stand)."""
    a = current()
    return a if edited(a) else None
