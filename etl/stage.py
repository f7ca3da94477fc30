"""Raw text table -> typed staging table with one reason per refused value.

Per-row Python cannot keep up with millions of rows, so values are normalised per DISTINCT raw value
(etl.normalize, in Python) and joined back in SQL; ids, free text and numbers are cleaned in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from etl.contract import Kind
from etl.normalize import NORMALIZERS, SQL_NUMBER, Invalid

SQL_TYPES = {
    "date": "DATE",
    "datetime": "TIMESTAMP",
    "month": "DATE",
    "integer": "BIGINT",
    "satisfaction": "TINYINT",
    "number": "DOUBLE",
}
ARROW_TYPES = {"date": pa.date32(), "datetime": pa.timestamp("us"), "month": pa.date32(), "integer": pa.int64(),
               "satisfaction": pa.int8()}

# Zero-width characters vanish, every kind of space becomes one space, as etl.normalize.clean_text does.
_ZERO_WIDTH = r"[\x{200B}\x{200C}\x{200D}\x{2060}\x{FEFF}]"
_SPACES = r"[\s\x{00A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]+"


def sql_clean_text(col: str) -> str:
    return (
        f"NULLIF(trim(regexp_replace(regexp_replace(nfc_normalize({col}), '{_ZERO_WIDTH}', '', 'g'), "
        f"'{_SPACES}', ' ', 'g')), '')"
    )


def sql_clean_id(col: str) -> str:
    """Identifiers: cleaned text with Thai digits as Arabic ones, so 'AG๐๐๑' and 'AG001' are one agency."""
    return f"translate({sql_clean_text(col)}, '๐๑๒๓๔๕๖๗๘๙', '0123456789')"


@dataclass
class Staged:
    table: str  # typed rows with columns <name>, <name>__raw, <name>__why, <name>__hint, _line
    rows_read: int


def _map_table(con, raw: str, src_col: str, type_: str, name: str) -> str:
    """Normalise each distinct raw value once; returns the map table (raw, val, why, hint)."""
    fn = NORMALIZERS[type_]
    values = [r[0] for r in con.execute(f"SELECT DISTINCT {src_col} FROM {raw} WHERE {src_col} IS NOT NULL").fetchall()]
    vals, whys, hints = [], [], []
    for v in values:
        try:
            out, why, hint = fn(v), None, None
        except Invalid as e:
            out, why, hint = None, e.reason, e.suggestion
        vals.append(out)
        whys.append(why)
        hints.append(hint)
    table = pa.table({
        "raw": pa.array(values, pa.string()),
        "val": pa.array(vals, ARROW_TYPES.get(type_, pa.string())),
        "why": pa.array(whys, pa.string()),
        "hint": pa.array(hints, pa.string()),
    })
    mt = f"{raw}_map_{name}"
    con.register("_map_rows", table)
    try:
        con.execute(f"CREATE OR REPLACE TABLE {mt} AS SELECT * FROM _map_rows")
    finally:
        con.unregister("_map_rows")
    return mt


def stage(con, kind: Kind, columns: tuple[str | None, ...], raw: str) -> Staged:
    """Build `<raw>_stg`: every contract column typed, with its raw text and why it was refused."""
    position = {name: f"c{i}" for i, name in enumerate(columns) if name}
    selects, joins = ["r._line"], []
    for col in kind.columns:
        src = position.get(col.name)
        sql_type = SQL_TYPES.get(col.type, "VARCHAR")
        if src is None:
            selects += [f"NULL::{sql_type} AS {col.name}", f"NULL::VARCHAR AS {col.name}__raw",
                        f"NULL::VARCHAR AS {col.name}__why", f"NULL::VARCHAR AS {col.name}__hint"]
            continue
        raw_expr = f"r.{src}"
        if col.type in NORMALIZERS:
            mt = _map_table(con, raw, src, col.type, col.name)
            alias = f"m_{col.name}"
            joins.append(f"LEFT JOIN {mt} {alias} ON {alias}.raw = r.{src}")
            val, why, hint = f"{alias}.val", f"{alias}.why", f"{alias}.hint"
        elif col.type == "number":
            cleaned = sql_clean_text(raw_expr)
            val = SQL_NUMBER(raw_expr)
            why, hint = f"CASE WHEN {cleaned} IS NOT NULL AND {val} IS NULL THEN 'not a number' END", "NULL"
        else:
            val = sql_clean_id(raw_expr) if col.type == "id" else sql_clean_text(raw_expr)
            why, hint = "NULL", "NULL"
        if col.required:
            why = f"COALESCE({why}, CASE WHEN {val} IS NULL THEN 'required value missing' END)"
        selects += [f"{val}::{sql_type} AS {col.name}", f"{raw_expr} AS {col.name}__raw",
                    f"{why} AS {col.name}__why", f"{hint} AS {col.name}__hint"]
    any_value = " OR ".join(f"r.{c} IS NOT NULL" for c in position.values())
    con.execute(
        f"CREATE OR REPLACE TABLE {raw}_stg AS SELECT {', '.join(selects)} FROM {raw} r {' '.join(joins)} "
        f"WHERE {any_value}"  # wholly blank rows are layout, not data
    )
    (n,) = con.execute(f"SELECT count(*) FROM {raw}_stg").fetchall()[0]
    return Staged(f"{raw}_stg", n)
