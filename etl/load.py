"""read -> stage -> validate -> merge -> marts, into a warehouse that etl.publish makes live at once.

`run(paths, db)` is the whole `python -m etl load`: every file is read and merged into the next
warehouse; a file that cannot be read stops the batch before anything is published.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from etl import marts, readers, reference
from etl.contract import KINDS, Kind
from etl.publish import next_warehouse
from etl.readers import FileError, Source
from etl.stage import nonblank_sql, staging_sql

SCHEMA = Path(__file__).with_name("sql") / "schema.sql"


class LoadError(Exception):
    """The batch was refused; nothing was published. The message is one line for the user."""


class StrictRejects(LoadError):
    """--strict was set and rows were rejected."""


@dataclass
class FileReport:
    label: str
    kind: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    skipped: str | None = None  # why the file was not loaded again


@dataclass
class Report:
    files: list[FileReport] = field(default_factory=list)
    rejects: list[tuple] = field(default_factory=list)  # (file, line, column, raw, reason, suggestion)
    published: bool = False
    check_failures: list[str] = field(default_factory=list)
    # wall seconds per stage of run(): copy (of the live warehouse), load (read, judge, merge), marts,
    # checks, publish (checkpoint, fsync, rename); and the process's CPU seconds (all threads) per stage,
    # which a shared machine distorts less than wall time
    seconds: dict[str, float] = field(default_factory=dict)
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    impact: object | None = None  # etl.impact.Impact, when run() was given its before_publish

    @property
    def rows_rejected(self) -> int:
        return sum(f.rows_rejected for f in self.files)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 22):
            h.update(chunk)
    return h.hexdigest()


# --- per-kind rules beyond single values -----------------------------------------------------

AGENCY_KINDS = {"subscriptions", "usage", "feedback", "tickets"}
KNOWN_AGENCY = {"agency_id": ("agencies", "agency_id")}  # staging says whether each agency id is known


def _row_rules(kind: Kind) -> list[tuple[str, str]]:
    """(column, SQL reason) checks across columns or against the warehouse; s = staged row."""
    rules = []
    if kind.name in AGENCY_KINDS:
        rules.append(("agency_id", "CASE WHEN s.agency_id IS NOT NULL AND s.agency_id__why IS NULL "
                                   "AND NOT s.agency_id__known THEN 'unknown agency_id: not in agencies' END"))
    if kind.name == "subscriptions":
        rules.append(("end_date", "CASE WHEN s.end_date < s.start_date THEN 'end date before start date' END"))
    if kind.name == "tickets":
        rules.append(("closed_at", "CASE WHEN s.closed_at < s.opened_at THEN 'closed before opened' END"))
    return rules


def _warehouse_values(kind: Kind) -> dict[str, str]:
    """Warehouse column -> SQL over the checked row `s`, with the kind's defaults and derivations."""
    out = {}
    for col in kind.columns:
        out[kind.renames.get(col.name, col.name)] = f"s.{col.name}"
    if kind.name == "subscriptions":
        out["units"] = "coalesce(s.units, 1)"
    if kind.name == "usage":
        out["metric"] = "lower(s.metric)"
    if kind.name == "feedback":
        # A response without an id gets one from its content, so reloading the file is idempotent;
        # identical responses in one file stay apart by their order.
        content = "concat_ws('|', s.date, s.event_id, s.agency_id, s.province, s.service, s.satisfaction, s.issue, s.comment)"
        out["response_id"] = (f"coalesce(s.response_id, 'R-' || left(md5({content}), 12) || '-' || "
                              f"row_number() OVER (PARTITION BY s.response_id IS NULL, {content} ORDER BY s._line))")
    return out


def _judged_sql(con, kind: Kind, source: Source, raw: str) -> str:
    """Every row of the raw table judged once: `_line`, the typed contract columns and `_problems`, NULL
    for a good row, else the list of its problems (column, reason, suggestion)."""
    rules = _row_rules(kind)
    known = KNOWN_AGENCY if kind.name in AGENCY_KINDS else None
    extra = "".join(f", {sql} AS _rule{i}" for i, (_, sql) in enumerate(rules))
    problems = [(c.name, f"{c.name}__why", f"{c.name}__hint") for c in kind.columns]
    problems += [(col, f"_rule{i}", "NULL") for i, (col, _) in enumerate(rules)]
    # One NULL column for a good row rather than a reason and a suggestion per column.
    refusal = (f"CASE WHEN {' OR '.join(f'{why} IS NOT NULL' for _, why, _ in problems)} THEN list_filter(["
               + ", ".join(f"{{'column_name': '{col}', 'reason': {why}, 'suggestion': {hint}::VARCHAR}}"
                           for col, why, hint in problems)
               + "], lambda p: p.reason IS NOT NULL) END")
    return (f"SELECT _line, {', '.join(c.name for c in kind.columns)}, {refusal} AS _problems "
            f"FROM (SELECT s.*{extra} FROM ({staging_sql(con, kind, source.match.columns, raw, known)}) s)")


def _load_source(con, source: Source, raw: str, load_id: int, report: Report) -> FileReport:
    kind = KINDS[source.match.kind]
    judged = _judged_sql(con, kind, source, raw)
    if not _has_primary_key(con, kind.table):
        loaded = _insert_first(con, kind, source, raw, judged, load_id, report)
        if loaded is not None:
            return loaded
    return _judge_first(con, kind, source, raw, judged, load_id, report)


def _judge_first(con, kind: Kind, source: Source, raw: str, judged: str, load_id: int,
                 report: Report) -> FileReport:
    """Judge every row once into `<raw>_chk`, then refuse, dedupe and upsert from it."""
    chk = f"{raw}_chk"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {chk} AS {judged}")
    rows_read, refused = con.execute(f"SELECT count(*), count(_problems) FROM {chk}").fetchall()[0]
    rej = _rejects_table(con, source, raw, chk if refused else None)

    values = _warehouse_values(kind)
    good = f"{raw}_good"
    con.execute(f"CREATE OR REPLACE TEMP VIEW {good} AS SELECT s._line, "
                + ", ".join(f"{sql} AS {name}" for name, sql in values.items())
                + f" FROM {chk} s" + (" WHERE _problems IS NULL" if refused else ""))
    good, duplicates = _refuse_duplicates(con, kind, good, rej)

    target_cols = ", ".join(values)
    if con.execute(f"SELECT count(*) FROM {kind.table}").fetchall()[0][0]:
        # next to nothing when the key ranges do not overlap (a new month): DuckDB prunes the join by min/max
        con.execute(f"DELETE FROM {kind.table} t USING {good} g WHERE {_key_match(kind)}")
    loaded = con.execute(f"INSERT INTO {kind.table} ({target_cols}, load_id) SELECT {target_cols}, ? FROM {good}",
                         [load_id]).fetchall()[0][0]
    if refused or duplicates:
        _record_rejects(con, source, rej, load_id, report)
    return FileReport(source.label, kind.name, rows_read, loaded, rows_read - loaded)


def _insert_first(con, kind: Kind, source: Source, raw: str, judged: str, load_id: int,
                  report: Report) -> FileReport | None:
    """For a table without a key constraint (usage_monthly, the largest by far): the good rows go
    straight from the judging into the table, and duplicates and replaced rows are settled after. This
    spares writing the judged rows to a temporary table and reading them back. A duplicate key in the
    file takes the rows out again and returns None: the judge-first path then names the lines. The
    result is the same either way; a failure anywhere fails the load, whose build is then thrown away."""
    values = _warehouse_values(kind)
    target_cols = ", ".join(values)
    loaded = con.execute(
        f"INSERT INTO {kind.table} ({target_cols}, load_id) SELECT "
        + ", ".join(f"{sql} AS {name}" for name, sql in values.items())
        + f", ? FROM ({judged}) s WHERE s._problems IS NULL", [load_id]).fetchall()[0][0]
    keys = ", ".join(kind.key)
    if _shared_hash(con, f"SELECT hash({keys}) AS h FROM {kind.table} WHERE load_id = ?", [load_id]):
        con.execute(f"DELETE FROM {kind.table} WHERE load_id = ?", [load_id])
        return None
    rows_read = con.execute(f"SELECT count(*) FROM {raw} r WHERE {nonblank_sql(source.match.columns)}"
                            ).fetchall()[0][0]
    rej = None
    if rows_read > loaded:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {raw}_chk AS SELECT * FROM ({judged}) WHERE _problems IS NOT NULL")
        rej = _rejects_table(con, source, raw, f"{raw}_chk")
    # Rows of earlier loads with a key this file brings are replaced. Most loads bring new months: a look
    # at the range of the first key column (min/max pruned) spares the join then.
    first = kind.key[0]
    lo, hi = con.execute(f"SELECT min({first}), max({first}) FROM {kind.table} WHERE load_id = ?",
                         [load_id]).fetchall()[0]
    if con.execute(f"SELECT count(*) FROM {kind.table} WHERE load_id <> ? AND {first} BETWEEN ? AND ?",
                   [load_id, lo, hi]).fetchall()[0][0]:
        con.execute(f"DELETE FROM {kind.table} t USING (SELECT {keys} FROM {kind.table} WHERE load_id = ?) g "
                    f"WHERE t.load_id <> ? AND {_key_match(kind)}", [load_id, load_id])
    if rej:
        _record_rejects(con, source, rej, load_id, report)
    return FileReport(source.label, kind.name, rows_read, loaded, rows_read - loaded)


def _has_primary_key(con, table: str) -> bool:
    return con.execute("SELECT count(*) FROM duckdb_constraints() WHERE table_name = ? AND constraint_type = "
                       "'PRIMARY KEY'", [table]).fetchall()[0][0] > 0


def _key_match(kind: Kind) -> str:
    return " AND ".join(f"t.{k} = g.{k}" for k in kind.key)


def _rejects_table(con, source: Source, raw: str, chk: str | None) -> str:
    """`<raw>_rej`: one row per refused value, from the judged rows in `chk` (None: no refused rows yet)."""
    rej = f"{raw}_rej"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {rej} (_line BIGINT, column_name VARCHAR, raw_value VARCHAR, "
                "reason VARCHAR, suggestion VARCHAR)")
    if chk:
        con.execute(f"INSERT INTO {rej} SELECT _line, p.column_name, NULL, p.reason, p.suggestion "
                    f"FROM (SELECT _line, unnest(_problems) AS p FROM {chk} WHERE _problems IS NOT NULL)")
        _fill_raw_values(con, source, raw, rej)
    return rej


def _record_rejects(con, source: Source, rej: str, load_id: int, report: Report) -> None:
    con.execute(f"INSERT INTO etl_rejects SELECT ?, ?, _line, column_name, raw_value, reason, suggestion "
                f"FROM {rej} ORDER BY _line, column_name", [load_id, source.label])
    report.rejects += con.execute(
        f"SELECT ?, _line, column_name, raw_value, reason, suggestion FROM {rej} ORDER BY _line, column_name",
        [source.label]).fetchall()


def _shared_hash(con, sql: str, params: list) -> bool:
    """Whether two rows of `sql` (one column, h) share a hash. Equal keys have equal hashes, so when no
    two rows share a hash there is no duplicate key. Sorting the hashes is several times cheaper than
    grouping by the key (a third of the load of a large file went there)."""
    hashes = con.execute(sql, params).fetchnumpy()["h"]
    hashes.sort()
    return bool((hashes[1:] == hashes[:-1]).any())


def _refuse_duplicates(con, kind: Kind, good: str, rej: str) -> tuple[str, bool]:
    """A key twice in one file is ambiguous: the first row stands, later ones are refused.
    Returns the relation of rows to load and whether any row was refused."""
    keys = ", ".join(kind.key)
    # A shared hash (almost surely a duplicate) is settled exactly below.
    if not _shared_hash(con, f"SELECT hash({keys}) AS h FROM {good}", []):
        return good, False
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {good}_dup AS SELECT _line, first_line, key_text FROM ("
        f"SELECT _line, min(_line) OVER (PARTITION BY {keys}) AS first_line, "
        + " || ', ' || ".join(f"coalesce({k}::VARCHAR, '')" for k in kind.key)
        + f" AS key_text FROM {good}) WHERE _line <> first_line")
    con.execute(f"INSERT INTO {rej} SELECT _line, ?, key_text, 'duplicate key: same as line ' || first_line, NULL "
                f"FROM {good}_dup", [", ".join(kind.key)])
    return f"(SELECT * FROM {good} WHERE _line NOT IN (SELECT _line FROM {good}_dup))", True


def _fill_raw_values(con, source: Source, raw: str, rej: str) -> None:
    """Rejects carry the text as it stood in the file; fetched from the raw table for refused rows only."""
    cases = " ".join(f"WHEN '{name}' THEN r.c{i}" for i, name in enumerate(source.match.columns) if name)
    con.execute(f"UPDATE {rej} j SET raw_value = CASE j.column_name {cases} END FROM {raw} r "
                f"WHERE r._line = j._line AND j.raw_value IS NULL")


# --- the batch -------------------------------------------------------------------------------


def _open_sources(paths: list[Path]) -> list[tuple[Source, object]]:
    """Every readable table of every file, or FileError for the first file that cannot be read."""
    out = []
    for path in readers.expand(paths):
        try:
            if path.suffix.lower() == ".xlsx":
                out += readers.open_xlsx(path)
            elif path.suffix.lower() == ".csv":
                out.append(readers.open_csv(path))
            else:
                raise FileError(f"{path}: not a .csv or .xlsx file")
        except OSError as e:  # unreadable (permissions, a folder named .csv, gone since listed)
            raise FileError(f"{path}: cannot be read: {e.strerror or e}") from e
    # Referenced kinds first (agencies before usage), then by name, so any order of arguments works.
    return sorted(out, key=lambda s: (KINDS[s[0].match.kind].order, str(s[0].path), s[0].sheet or ""))


def _previously_clean(con, digest: str, source: Source) -> int | None:
    row = con.execute(
        "SELECT max(load_id) FROM etl_loads WHERE sha256 = ? AND kind = ? AND coalesce(sheet, '') = ? "
        "AND rows_rejected = 0", [digest, source.match.kind, source.sheet or ""]).fetchall()[0]
    return row[0]


def _drop_temp(con, raw: str) -> None:
    """Free the raw table of one file and everything made from it (`<raw>_*`); they are temporary
    tables, in memory and spilled to the build folder if need be, never written to a database file."""
    for name, is_view in con.execute(
            "SELECT table_name, false FROM duckdb_tables() WHERE temporary AND (table_name = $1 OR starts_with("
            "table_name, $1 || '_')) UNION ALL SELECT view_name, true FROM duckdb_views() WHERE temporary AND ("
            "view_name = $1 OR starts_with(view_name, $1 || '_')) ORDER BY 2 DESC", [raw]).fetchall():
        con.execute(f"DROP {'VIEW' if is_view else 'TABLE'} IF EXISTS temp.main.{name}")


def apply(con, paths: list[Path], scratch: Path, on_file=None) -> Report:
    """Load the files into the open warehouse connection (schema ready). Raises FileError.

    on_file(index, total, source) is called before each table is read, for progress display."""
    sources = _open_sources(paths)
    report = Report()
    # Hashing a large file takes a while; hashlib releases the GIL, so the digests are made in a
    # thread while DuckDB reads the files before them.
    with ThreadPoolExecutor(max_workers=1) as pool:
        digests = {p: pool.submit(sha256, p) for p in dict.fromkeys(s.path for s, _ in sources)}
        try:
            for index, (source, extra) in enumerate(sources, start=1):
                if on_file:
                    on_file(index, len(sources), source)
                digest = digests[source.path].result()
                earlier = _previously_clean(con, digest, source)
                if earlier is not None:
                    report.files.append(
                        FileReport(source.label, source.match.kind, skipped=f"unchanged since load {earlier}"))
                    continue
                load_id = con.execute("SELECT coalesce(max(load_id), 0) + 1 FROM etl_loads").fetchall()[0][0]
                started = dt.datetime.now()
                raw = f"raw_{load_id}"
                try:
                    if source.sheet is None:
                        readers.load_csv(con, source, extra, raw, scratch)
                    else:
                        readers.load_rows(con, source, extra, raw)
                    fr = _load_source(con, source, raw, load_id, report)
                finally:
                    _drop_temp(con, raw)
                con.execute(
                    "INSERT INTO etl_loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [load_id, str(source.path), digest, fr.kind, fr.rows_read, fr.rows_loaded, fr.rows_rejected,
                     started, dt.datetime.now(), source.sheet, source.encoding])
                report.files.append(fr)
        finally:
            for f in digests.values():
                f.cancel()
    return report


def init_schema(con) -> None:
    con.execute(SCHEMA.read_text(encoding="utf-8"))
    con.execute("CREATE TABLE IF NOT EXISTS warehouse_info (key VARCHAR PRIMARY KEY, value VARCHAR)")
    reference.load_reference_tables(con)


_DISK_FULL = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)


def _build_failed(e: BaseException | None) -> str | None:
    """What went wrong in one line when e comes down to the machine, not the data: a disk that refused a
    write (full, over quota, file size limit) or memory running out; else None."""
    while e is not None:
        if isinstance(e, OSError) and e.errno in _DISK_FULL:
            return f"the next warehouse could not be written beside it ({e.strerror})"
        if isinstance(e, duckdb.OutOfMemoryException):
            return f"out of memory while building the next warehouse ({str(e).splitlines()[0]})"
        if isinstance(e, duckdb.Error) and (m := re.search(r'Could not write (?:all bytes to )?file "[^"]*"[:,]? ?'
                                                          r'([^"\n]*)', str(e))):
            return f"the next warehouse could not be written beside it ({m[1].strip() or 'write failed'})"
        e = e.__cause__ or e.__context__
    return None


def run(paths: list[Path], db: Path, **options) -> Report:
    """The whole load (options as _run's). A disk that refuses a write (full, quota, size limit) or memory
    running out is a LoadError naming the warehouse; the build folder is gone and the live file untouched."""
    try:
        return _run(paths, db, **options)
    except (LoadError, FileError):
        raise
    except Exception as e:
        why = _build_failed(e)
        if why is None:
            raise
        raise LoadError(f"{db}: {why}; nothing published, the warehouse is unchanged") from e


def _run(paths: list[Path], db: Path, *, strict: bool = False, publish: bool = True, sample: bool = False,
         progress: bool = False, on_file=None, before_publish=None) -> Report:
    """The whole load. publish=False is `check`: the same work on a throw-away copy.

    before_publish(con, db, report), when given, runs on the next warehouse once it is built and checked,
    before it is published (etl.impact.guard: what the load changes on screen); raising refuses the load."""
    seconds: dict[str, float] = {}
    cpu: dict[str, float] = {}
    clock = [time.perf_counter(), time.process_time()]

    def lap(stage: str) -> None:
        now = [time.perf_counter(), time.process_time()]
        seconds[stage] = seconds.get(stage, 0.0) + now[0] - clock[0]
        cpu[stage] = cpu.get(stage, 0.0) + now[1] - clock[1]
        clock[:] = now

    with next_warehouse(db) as nxt:
        lap("copy")
        con = duckdb.connect(str(nxt.path))
        try:
            con.execute(f"SET enable_progress_bar = {str(progress).lower()}")  # DuckDB's bar on long statements
            init_schema(con)
            report = apply(con, paths, nxt.scratch, on_file)
            report.seconds, report.cpu_seconds = seconds, cpu
            lap("load")
            if strict and report.rows_rejected:
                raise StrictRejects(f"{report.rows_rejected} rows rejected and --strict is set; nothing published")
            if all(f.skipped for f in report.files):
                return report  # nothing new: the live warehouse stays byte-identical
            if sample:
                con.execute("INSERT OR REPLACE INTO warehouse_info VALUES ('sample', 'true')")
            marts.build_marts(con)
            lap("marts")
            report.check_failures = marts.run_checks(con)
            lap("checks")
            if report.check_failures:
                raise LoadError("data checks failed, nothing published: " + "; ".join(report.check_failures))
            if before_publish:
                before_publish(con, db, report)
                lap("impact")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        nxt.commit = publish
        report.published = publish
    lap("publish")
    return report
