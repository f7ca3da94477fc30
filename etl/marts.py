"""Build the marts and run the data tests.

The metric definitions are DuckDB macros in etl/sql/definitions.sql, created in the warehouse before the
marts on every build (`definitions`): the marts call them unfiltered and the dashboard's reads call
them with filters, so they are stored in every warehouse the loader publishes.

The marts are SQL models, one per file in etl/sql/marts/ (run in file-name order, each a
``CREATE OR REPLACE TABLE ... AS ...``); the data tests are SELECTs in etl/sql/checks/ that return the
offending rows (no rows = pass), dbt style. Every definition lives in the SQL, not here.

Incremental builds (docs/SCALING.md): a model whose file says ``-- incremental: month`` computes only the
months from ``marts_since()`` on; in a full build that is NULL (every month). When the loader allows it
(`allow_incremental`) and only usage rows changed since the marts were last built by a load (`record_state`),
those models delete their months from the first month touched on and insert them again; every other model is
always rebuilt whole (they read small tables). Anything else (agencies, subscriptions, services, cost
assumptions, the mart SQL itself, a warehouse built elsewhere, a month range that moved its start) is a full
build. tests/test_incremental.py proves both give the same rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

SQL_DIR = Path(__file__).resolve().parent / "sql"
MARTS_DIR = SQL_DIR / "marts"
CHECKS_DIR = SQL_DIR / "checks"
DEFINITIONS = SQL_DIR / "definitions.sql"


_AFTER = re.compile(r"^-- after: (\w+)\s*$", re.M)


def definitions() -> list[tuple[str | None, str]]:
    """The statements of etl/sql/definitions.sql (separated by a line holding only ';'), each with the
    table it waits for: DuckDB binds a macro's tables when it is created, so a macro reading a mart says
    `-- after: <table>` and is created as soon as that mart is built; one without is created first."""
    text = DEFINITIONS.read_text(encoding="utf-8")
    out = []
    for chunk in re.split(r"^;\s*$", text, flags=re.M):
        if not re.search(r"^CREATE", chunk, re.M):
            continue  # the comments after the last statement
        after = _AFTER.search(chunk)
        out.append((after[1] if after else None, chunk.strip()))
    return out


def _create_definitions(con, after: str | None) -> None:
    for waits_for, sql in definitions():
        if waits_for == after:
            try:
                con.execute(sql)
            except Exception as exc:  # name the file, as a failing mart does
                raise RuntimeError(f"{DEFINITIONS.name} failed: {exc}") from exc


def mart_files() -> list[Path]:
    """The mart models, in build order (file name)."""
    return sorted(MARTS_DIR.glob("*.sql"), key=lambda p: p.name)


def check_files() -> list[Path]:
    """The data tests, in file-name order."""
    return sorted(CHECKS_DIR.glob("*.sql"), key=lambda p: p.name)


INCREMENTAL = "-- incremental: month"
_CREATE = re.compile(r"^CREATE OR REPLACE TABLE (\w+) AS\s*$", re.M)
# The tables the incremental models read besides usage_monthly and each other: a change to any is a full build.
INPUTS = ("agencies", "subscriptions", "services", "cost_assumptions")
STATE_KEY = "marts_state"


def allow_incremental(con) -> None:
    """Let the next build_marts(con) be incremental when it can (the loader, without --rebuild)."""
    con.execute("SET VARIABLE marts_allow_incremental = true")


def _fingerprint(con) -> str:
    """What the incremental models depend on besides usage rows: their SQL (the definitions' too) and the
    INPUTS tables' rows."""
    h = hashlib.sha256()
    for path in [DEFINITIONS, *mart_files()]:
        h.update(path.read_bytes())
    for table in INPUTS:
        # the row count, and the XOR and the sum of the rows' hashes (the tables have keys: no row twice)
        rows = con.execute(f"SELECT count(*), bit_xor(hash(t)), sum(hash(t)::HUGEINT) FROM {table} t").fetchall()
        h.update(repr(rows).encode())
    return h.hexdigest()


def record_state(con) -> None:
    """After a successful build by the loader: what the marts now reflect (every load up to the latest)."""
    through = con.execute("SELECT coalesce(max(load_id), 0) FROM etl_loads").fetchall()[0][0]
    con.execute("INSERT OR REPLACE INTO warehouse_info VALUES (?, ?)",
                [STATE_KEY, json.dumps({"inputs": _fingerprint(con), "through_load": through})])


def state_current(con) -> bool:
    """Whether the recorded state matches the warehouse's inputs and mart SQL (the next load may then be
    incremental)."""
    state = _recorded(con)
    return state is not None and state.get("inputs") == _fingerprint(con)


def _recorded(con) -> dict | None:
    try:
        row = con.execute("SELECT value FROM warehouse_info WHERE key = ?", [STATE_KEY]).fetchall()
    except Exception:  # no warehouse_info table: never built by the loader
        return None
    return json.loads(row[0][0]) if row else None


def _months(con) -> tuple:
    try:
        return con.execute("SELECT min(month), max(month), count(*) FROM dim_month").fetchall()[0]
    except Exception:
        return (None, None, 0)


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _since(con, state: dict | None, before: tuple) -> dt.date | None:
    """The first month the incremental models must redo, or None for a full build. Called once dim_month
    is rebuilt; before: dim_month's (first, last, count) as the previous build left it."""
    if state is None or state.get("inputs") != _fingerprint(con):
        return None
    if any(con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND NOT temporary",
                       [t]).fetchall()[0][0] == 0 for t in _incremental_tables()):
        return None
    after = _months(con)
    if before[0] is None or after[0] != before[0] or after[1] < before[1]:
        return None  # the data's first month moved, or months went away: every month may differ
    firsts = [con.execute("SELECT min(month) FROM usage_monthly WHERE load_id > ?",
                          [state["through_load"]]).fetchall()[0][0]]
    if after[1] > before[1]:
        firsts.append(_next_month(before[1]))  # months new at the end: subscriptions are active in them
    firsts = [m for m in firsts if m is not None]
    return min(firsts) if firsts else _next_month(after[1])  # nothing touched: no month to redo


def _incremental_tables() -> list[str]:
    out = []
    for path in mart_files():
        sql = path.read_text(encoding="utf-8")
        if INCREMENTAL in sql:
            out.append(_CREATE.search(sql)[1])
    return out


def _incremental_sql(sql: str) -> list[str]:
    """`CREATE OR REPLACE TABLE t AS <query>` as: delete t's months from marts_since() on, insert <query>."""
    m = _CREATE.search(sql)
    query = sql[m.end():].strip().rstrip(";").rstrip()
    return [f"DELETE FROM {m[1]} WHERE month >= getvariable('marts_since')",
            f"INSERT INTO {m[1]} SELECT * FROM (\n{query}\n)"]


# idle_months at the month before marts_since(), the run an incremental build continues; empty in a full build
_CARRY = ("CREATE OR REPLACE TEMP TABLE marts_idle_carry AS SELECT agency_id, service_code, idle_months "
          "FROM {source} WHERE month = CAST(getvariable('marts_since') - INTERVAL 1 MONTH AS DATE) AND idle_months > 0")


def build_marts(con) -> list[str]:
    """Create the definitions (definitions()) and execute every etl/sql/marts/*.sql in file-name
    order on a DuckDB connection; incremental when
    allow_incremental(con) was called and the recorded state allows it (see the module's doc).

    Returns the model names built. A failing model raises, naming its file. Sets the variable
    checks_since (NULL after a full build) for run_checks.
    """
    allowed = con.execute("SELECT getvariable('marts_allow_incremental')").fetchall()[0][0]
    state = _recorded(con) if allowed else None
    before = _months(con) if state else (None, None, 0)
    con.execute("SET VARIABLE marts_since = CAST(NULL AS DATE)")
    # the definitions, in full and incremental builds alike: those reading no mart first, the others
    # as soon as the mart they read is built (definitions())
    waiting = {after for after, _ in definitions()} - {None}
    _create_definitions(con, None)
    built = []
    since, decided = None, False
    for path in mart_files():
        sql = path.read_text(encoding="utf-8")
        if INCREMENTAL in sql and not decided:  # dim_month is built by now
            decided = True
            since = _since(con, state, before) if state else None
            con.execute("SET VARIABLE marts_since = CAST(? AS DATE)", [since])
            con.execute(_CARRY.format(source="fct_agency_service_month" if since else
                                      "(SELECT NULL::VARCHAR AS agency_id, NULL::VARCHAR AS service_code, "
                                      "0 AS idle_months, NULL::DATE AS month WHERE false)"))
        try:
            for statement in (_incremental_sql(sql) if since and INCREMENTAL in sql else [sql]):
                con.execute(statement)
        except Exception as exc:  # re-raise with the file that failed
            raise RuntimeError(f"mart {path.name} failed: {exc}") from exc
        built.append(path.stem)
        table = _CREATE.search(sql)[1]
        if table in waiting:
            waiting.discard(table)
            _create_definitions(con, table)
    if waiting:
        raise RuntimeError(f"{DEFINITIONS.name}: no mart builds {sorted(waiting)}")
    con.execute("SET VARIABLE checks_since = CAST(? AS DATE)", [since])
    return built


def _check_sql(path: Path) -> str:
    # The check is wrapped in a subquery: drop a trailing ';' and end on a new line so that a
    # trailing '--' comment cannot swallow the closing parenthesis.
    return path.read_text(encoding="utf-8").strip().rstrip(";").rstrip()


def run_check(con, path: Path) -> str | None:
    """Run one data test; None when it passes, else "<name>: N rows, e.g. <first row>"."""
    sql = _check_sql(path)
    cur = con.execute(f"SELECT count(*) OVER () AS __rows, * FROM (\n{sql}\n) LIMIT 1")
    row = cur.fetchone()
    if row is None:
        return None
    names = [d[0] for d in cur.description][1:]
    first = ", ".join(f"{n}={v!r}" for n, v in zip(names, row[1:]))
    return f"{path.stem}: {row[0]} rows, e.g. {first}"


def run_checks(con) -> list[str]:
    """Run every etl/sql/checks/*.sql; one message per failing check, [] when all pass.

    A check whose SQL itself fails (e.g. a missing table) is reported as failing, not raised.
    """
    failures = []
    for path in check_files():
        try:
            message = run_check(con, path)
        except Exception as exc:
            message = f"{path.stem}: error {type(exc).__name__}: {exc}"
        if message:
            failures.append(message)
    return failures
