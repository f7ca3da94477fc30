"""Reads of the data page: the load history, rejected rows and freshness. They describe the whole
warehouse and take no filters; the load history and rejects are for administrators
(read_cache.WAREHOUSE_LOG)."""

from __future__ import annotations

import pandas as pd

from egov import db
from egov.read_cache import cached


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
