"""Helpers the page tests share: read the warehouse independently, and read what AppTest rendered."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import duckdb
import numpy as np
from streamlit.testing.v1 import AppTest


def sql(db: Path, q: str, params=None) -> list[tuple]:
    """A query on the warehouse file, read-only, bypassing the app's own connection."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH '{db}' AS w (READ_ONLY)")
        con.execute("USE w")
        return con.execute(q, params or []).fetchall()
    finally:
        con.close()


def ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def arr(x) -> list:
    """A plotly data array: a list, or the typed-array form {"dtype", "bdata"} plotly uses for numpy."""
    if isinstance(x, dict) and "bdata" in x:
        a = np.frombuffer(base64.b64decode(x["bdata"]), dtype=np.dtype(x["dtype"]))
        if "shape" in x:  # 2-D arrays, e.g. a heatmap's z
            a = a.reshape([int(n) for n in str(x["shape"]).split(",")])
        return a.tolist()
    return list(x)
