"""The cost assumptions savings are computed with: the warehouse's, unless the user edited them for this
session on the Savings page. Every page that shows savings reads them here, so one edit shows everywhere;
the Savings page's editor keeps the session's copy here too (start_session, editor_frame, take_edit,
reset)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from egov import i18n, metrics
from egov.reads import savings

SESSION_KEY = "sv_assumptions"  # the session's numbers per service (index service_code)
NUMBERS = list(metrics.ASSUMPTION_COLUMNS[1:])
VERSION = "sv_editor_version"  # bumped by reset(), so the editor starts afresh
BASE = "sv_assumptions_base"  # the warehouse's numbers the session's were taken from


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


# ---- the editor (the Savings page) -------------------------------------------------------------------

def _warehouse_numbers() -> pd.DataFrame:
    return default()[NUMBERS].astype("float64")


def start_session() -> None:
    """The session's copy of the numbers, taken from the warehouse's when there is none that fits the
    loaded services, or when the session had not edited them and a new load changed the warehouse's."""
    ss = st.session_state
    base = _warehouse_numbers()
    held = ss.get(SESSION_KEY)
    if (not isinstance(held, pd.DataFrame) or list(held.index) != list(base.index)
            or (held.equals(ss.get(BASE)) and not base.equals(ss.get(BASE)))):
        ss[SESSION_KEY] = base
    ss[BASE] = base
    ss.setdefault(VERSION, 0)


def reset() -> None:
    """Back to the warehouse's numbers (the reset button's on_click), in a new editor."""
    st.session_state[SESSION_KEY] = _warehouse_numbers()
    st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1


def editor_key() -> str:
    """The editor's widget key: a new one after each reset()."""
    return f"sv_editor_{st.session_state[VERSION]}"


def editor_frame(lang: str) -> pd.DataFrame:
    """What the editor shows (index service_code): service, unit, the session's NUMBERS, source (in
    words)."""
    a = default()
    frame = pd.DataFrame({"service": [i18n.service_label(c) for c in a.index],
                          "unit": a["unit_en" if lang == "en" else "unit_th"]}, index=a.index)
    sources = pd.Series([i18n.assumption_source(c, src, lang) for c, src in a["source"].items()],
                        index=a.index, name="source")
    return frame.join(st.session_state[SESSION_KEY][NUMBERS]).join(sources)


def take_edit(frame: pd.DataFrame) -> None:
    """The editor's frame back into the session: every number as a float; a cleared, non-numeric or
    negative cell keeps the value it had."""
    held = st.session_state[SESSION_KEY][NUMBERS]
    new = frame[NUMBERS].apply(pd.to_numeric, errors="coerce").astype("float64")
    new = new.where(new.notna() & (new >= 0), held)
    if not new.equals(held):
        st.session_state[SESSION_KEY] = new


def out_of_order(a: pd.DataFrame) -> list[str]:
    """The services (codes) whose costs are not low <= mid <= high."""
    low, mid, high = (f"cost_{s}_thb_per_unit_year" for s in ("low", "mid", "high"))
    return [code for code, r in a.iterrows() if not (r[low] <= r[mid] <= r[high])]


def example(a: pd.DataFrame, unit_months: int = 10 * 12) -> tuple[str, pd.Series, pd.Series]:
    """A worked example under assumptions a: its first service's code, that service's assumptions, and
    the savings of unit_months of it (savings.savings_by, the page's own arithmetic)."""
    code = a.index[0]
    units = pd.DataFrame({"province_code": [None], "ministry_code": [None], "service_code": [code],
                          "unit_months": [unit_months]})
    return code, a.loc[code], savings.savings_by(units, a).iloc[0]
