"""Scope and caching beside the database door: every read of egov/reads/ goes through `cached`.

`cached` wraps a read in st.cache_data keyed on its arguments, the warehouse file's identity
(db.warehouse_key(), so a newly published warehouse is read at once) and the reader's province scope.
A user limited to some provinces (egov.auth) is limited here, in the one door every read goes through,
not in the widgets: the wrapper narrows every Filters argument to the scope and empties every
`province` argument outside it. The warehouse log (WAREHOUSE_LOG) is for administrators only.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import inspect

import pandas as pd
import streamlit as st

from egov import auth, db


# A deferred download's callable runs later in a thread of its own, outside the user's session, where
# auth.current_scope() is () (nothing). deferred() captures the scope of the run that draws the button
# and every read inside the callable (nested ones too) uses it.
_NO_SCOPE = object()
_deferred_scope: contextvars.ContextVar = contextvars.ContextVar("egov_deferred_scope")


def read_scope() -> tuple[str, ...] | None:
    """The province scope of this read: the one deferred() captured, else the current user's."""
    scope = _deferred_scope.get(_NO_SCOPE)
    return auth.current_scope() if scope is _NO_SCOPE else scope


def deferred(make):
    """make (a function of no arguments that reads through egov/reads/) as a callable to run
    later from any thread, with the current user's province scope, captured now."""
    scope = auth.current_scope()

    def run():
        token = _deferred_scope.set(scope)
        try:
            return make()
        finally:
            _deferred_scope.reset(token)

    return run


NO_PROVINCE = "--"  # a province code that matches nothing: what an empty intersection becomes
WAREHOUSE_LOG = frozenset({"etl_loads", "etl_reject_files", "etl_rejects"})  # administrators only


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
        scope = read_scope()
        if scope is not None:
            args, kwargs = _scoped_arguments(sig, args, kwargs, scope)
        return cached_run(db.warehouse_key(), scope, *args, **kwargs)

    wrapper.clear = cached_run.clear
    return wrapper


def _scoped_arguments(sig: inspect.Signature, args: tuple, kwargs: dict, scope: tuple[str, ...]):
    bound = sig.bind(*args, **kwargs)
    for name, value in bound.arguments.items():
        if callable(getattr(value, "scoped", None)):  # a Filters (egov.filters imports this module)
            bound.arguments[name] = value.scoped(scope)
        elif name == "province" and value and value not in scope:
            bound.arguments[name] = NO_PROVINCE
        elif name == "provinces" and value:  # several provinces: only those in scope are read
            bound.arguments[name] = tuple(p for p in value if p in scope)
    return bound.args, bound.kwargs


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
    df["suppressed"] = small if read_scope() is not None else False
    for col in values:
        df[col] = df[col].astype("float64").mask(df["suppressed"])
    return df.drop(columns="outside")
