"""The dashboard's one door to the warehouse.

An in-memory DuckDB connection ATTACHes the warehouse file READ_ONLY (never duckdb.connect(path,
read_only=True), which hands back a stale cached database while any connection to the path is open).
The connection is cached per file identity (inode, mtime_ns, size): when the ETL publishes a new
warehouse with os.replace, the key changes and the next query opens the new file. Every query runs
on its own cursor (a shared connection across sessions fails with "connection is busy"), and every
value travels as a ? parameter: no user value is ever formatted into SQL.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = Path("data") / "warehouse" / "adoption.duckdb"
ALIAS = "wh"


class WarehouseMissing(RuntimeError):
    """The warehouse file does not exist (no load has been published yet)."""


def db_path() -> Path:
    """EGOV_DB, or data/warehouse/adoption.duckdb; a relative path is taken from the repository root."""
    p = Path(os.environ.get("EGOV_DB") or DEFAULT_DB)
    return p if p.is_absolute() else ROOT / p


def warehouse_key() -> tuple[str, int, int, int] | None:
    """(path, inode, mtime_ns, size) of the warehouse file, None when it is missing.

    Part of every cache key, so a newly published warehouse is read at once."""
    p = db_path()
    try:
        s = p.stat()
    except FileNotFoundError:
        return None
    return (str(p), s.st_ino, s.st_mtime_ns, s.st_size)


# The replaced connection is not closed explicitly: another session may still be running a query on a
# cursor of it. It is released when the last cursor is gone (the old file stays readable until then).
@st.cache_resource(max_entries=1, show_spinner=False)
def _connection(key: tuple[str, int, int, int]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    path = key[0].replace("'", "''")  # the path is ours, not the user's; quoted for safety all the same
    con.execute(f"ATTACH '{path}' AS {ALIAS} (READ_ONLY)")
    return con


def cursor() -> duckdb.DuckDBPyConnection:
    """A fresh cursor on the current warehouse, with the warehouse as its default catalog."""
    key = warehouse_key()
    if key is None:
        raise WarehouseMissing(str(db_path()))
    cur = _connection(key).cursor()
    cur.execute(f"USE {ALIAS}")  # USE does not carry over to cursors: set it on each one
    return cur


def query(sql: str, params: list | tuple | None = None) -> pd.DataFrame:
    """Run one read with ? parameters and return a DataFrame."""
    cur = cursor()
    try:
        return cur.execute(sql, list(params or [])).df()
    finally:
        cur.close()


def tables() -> set[str]:
    """Names of the tables in the warehouse."""
    df = query("SELECT table_name FROM duckdb_tables() WHERE database_name = ?", [ALIAS])
    return set(df["table_name"])
