"""Build the marts and run the data tests.

The marts are SQL models, one per file in etl/sql/marts/ (run in file-name order, each a
``CREATE OR REPLACE TABLE ... AS ...``); the data tests are SELECTs in etl/sql/checks/ that return the
offending rows (no rows = pass), dbt style. Every definition lives in the SQL, not here.
"""

from __future__ import annotations

from pathlib import Path

SQL_DIR = Path(__file__).resolve().parent / "sql"
MARTS_DIR = SQL_DIR / "marts"
CHECKS_DIR = SQL_DIR / "checks"


def mart_files() -> list[Path]:
    """The mart models, in build order (file name)."""
    return sorted(MARTS_DIR.glob("*.sql"), key=lambda p: p.name)


def check_files() -> list[Path]:
    """The data tests, in file-name order."""
    return sorted(CHECKS_DIR.glob("*.sql"), key=lambda p: p.name)


def build_marts(con) -> list[str]:
    """Execute every etl/sql/marts/*.sql in file-name order on a DuckDB connection.

    Returns the model names built. A failing model raises, naming its file.
    """
    built = []
    for path in mart_files():
        try:
            con.execute(path.read_text(encoding="utf-8"))
        except Exception as exc:  # re-raise with the file that failed
            raise RuntimeError(f"mart {path.name} failed: {exc}") from exc
        built.append(path.stem)
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
