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
from etl.stage import nonblank_sql, staging_sql, unmapped_values, usage_rules

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
    skipped: str | None = None  # why the file was not loaded (again)
    load_id: int | None = None  # its row of etl_loads; None when skipped


@dataclass
class Report:
    files: list[FileReport] = field(default_factory=list)
    rejects: list[tuple] = field(default_factory=list)  # (file, line, column, raw, reason, suggestion)
    published: bool = False
    check_failures: list[str] = field(default_factory=list)
    # (file, column, value as written, rows): answers outside an open vocabulary, to extend it by
    unmapped: list[tuple[str, str, str, int]] = field(default_factory=list)
    # wall seconds per stage of run(): copy (of the live warehouse), load (read, judge, merge), marts,
    # checks, publish (checkpoint, fsync, rename); and the process's CPU seconds (all threads) per stage,
    # which a shared machine distorts less than wall time
    seconds: dict[str, float] = field(default_factory=dict)
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    impact: object | None = None  # etl.impact.Impact, when run() was given its before_publish
    # the first month the incremental marts were rebuilt from; None: a full build (or none at all)
    marts_since: dt.date | None = None
    copied_by: str | None = None  # how the live warehouse was copied to build beside it (etl.publish.Next)

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
    if kind.name == "usage":
        rules += usage_rules()
    if kind.name == "subscriptions":
        rules.append(("end_date", "CASE WHEN s.end_date < s.start_date THEN 'end date before start date' END"))
    if kind.name == "tickets":
        rules.append(("closed_at", "CASE WHEN s.closed_at < s.opened_at THEN 'closed before opened' END"))
    return rules


def _warehouse_values(kind: Kind, source: Source) -> dict[str, str]:
    """Warehouse column -> SQL over the checked row `s`, with the kind's defaults and derivations."""
    out = {}
    for col in kind.columns:
        out[kind.renames.get(col.name, col.name)] = f"s.{col.name}"
    for col, target in kind.kept_text.items():
        out[target] = f"s.{col}__text"
    if kind.name == "subscriptions":
        out["units"] = "coalesce(s.units, 1)"
    if kind.name == "usage":
        out["metric"] = "lower(s.metric)"
    if kind.name == "feedback":
        # A response without an id gets one from where it stands, its file (and sheet) name and line, and
        # its date: reloading or correcting the file replaces it, while the same answers in another file, or
        # in a later month's file of the same name, stay apart. (From the content alone, two anonymous "5,
        # no comment" answers in two files were one response.) The name enters as its digest: hex only.
        where = hashlib.md5(source.label.encode("utf-8")).hexdigest()
        out["response_id"] = (f"coalesce(s.response_id, 'R-' || left(md5('{where}|' || s._line || '|' || "
                              "coalesce(s.date::VARCHAR, '')), 12) || '-' || s._line)")
    return out


def _forget_content_ids(con, chk: str, refused: int) -> None:
    """Warehouses loaded before response ids came from file, line and date hold anonymous responses under
    an id made from their content (and order among identical ones in the file). Loading the file again
    takes those out first, so that its responses are not counted twice under old and new ids."""
    content = ("concat_ws('|', s.date, s.event_id, s.agency_id, s.province, s.service, s.satisfaction, s.issue, "
               "s.comment)")
    con.execute(f"DELETE FROM feedback WHERE response_id IN (SELECT 'R-' || left(md5({content}), 12) || '-' || "
                f"row_number() OVER (PARTITION BY {content} ORDER BY s._line) FROM {chk} s WHERE s.response_id IS NULL"
                + (" AND s._problems IS NULL)" if refused else ")"))


def _long_rows(con, source: Source, raw: str) -> str | None:
    """`<raw>_long` (_line, _more): the CSV rows with values past the header's last field, or None when
    there are none (a scan of one column that is NULL on every other row)."""
    if source.sheet is not None or not con.execute(f"SELECT count(_more) FROM {raw}").fetchall()[0][0]:
        return None
    con.execute(f"CREATE OR REPLACE TEMP TABLE {raw}_long AS SELECT _line, _more FROM {raw} WHERE _more IS NOT NULL")
    return f"{raw}_long"


def _long_row_rule(source: Source, delim: str) -> tuple[str, str, str]:
    """(column, reason, suggestion) SQL for a row longer than its header, over `s._more`: named by the last
    column, where the extra fields most likely come from; the suggestion is that value quoted as CSV wants."""
    last = source.match.columns[-1] or _UNNAMED  # an extra column's header is named by _rejects_table
    reason = "more fields than the header: quote a value that holds " + ("a tab" if delim == "\t" else f"'{delim}'")
    return (last, f"CASE WHEN s._more IS NOT NULL THEN {_sql_text(reason)} END",
            "'\"' || replace(s._more, '\"', '\"\"') || '\"'")


_UNNAMED = "_last_column"


def _sql_text(text: str) -> str:
    """A constant of our own making (never a value from a file) as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _judged_sql(con, kind: Kind, source: Source, raw: str, long_rows: tuple[str, str] | None = None) -> str:
    """Every row of the raw table judged once: `_line`, the typed contract columns and `_problems`, NULL
    for a good row, else the list of its problems (column, reason, suggestion, and the raw value where it is
    not the column's own). long_rows: (table of _long_rows, delimiter) when the file has rows longer than
    its header; the join then costs a lookup in that small table per row."""
    rules = [(col, why, "NULL") for col, why in _row_rules(kind)]
    if long_rows:
        rules.append(_long_row_rule(source, long_rows[1]))
    known = KNOWN_AGENCY if kind.name in AGENCY_KINDS else None
    extra = "".join(f", {sql} AS _rule{i}, {hint} AS _hint{i}" for i, (_, sql, hint) in enumerate(rules))
    problems = [(c.name, f"{c.name}__why", f"{c.name}__hint", "NULL") for c in kind.columns]
    problems += [(col, f"_rule{i}", f"_hint{i}", "_more" if long_rows and i == len(rules) - 1 else "NULL")
                 for i, (col, _, _) in enumerate(rules)]
    # One NULL column for a good row rather than a reason and a suggestion per column.
    refusal = (f"CASE WHEN {' OR '.join(f'{why} IS NOT NULL' for _, why, _, _ in problems)} THEN list_filter(["
               + ", ".join(f"{{'column_name': {_sql_text(col)}, 'reason': {why}, 'suggestion': {hint}::VARCHAR, "
                           f"'raw_value': {value}::VARCHAR}}" for col, why, hint, value in problems)
               + "], lambda p: p.reason IS NOT NULL) END")
    staged = f"({staging_sql(con, kind, source.match.columns, raw, known)}) s"
    if long_rows:
        staged = f"(SELECT s.*, w._more FROM {staged} LEFT JOIN {long_rows[0]} w ON w._line = s._line) s"
    kept = "".join(f", {c}__text" for c in kind.kept_text)
    return (f"SELECT _line, {', '.join(c.name for c in kind.columns)}{kept}, {refusal} AS _problems "
            f"FROM (SELECT s.*{extra} FROM {staged})")


@dataclass
class Batch:
    """The loads of one run so far, per warehouse table: a key two of its files bring is a duplicate."""

    first_load: int
    loads: dict[str, list[tuple[int, Source, object]]] = field(default_factory=dict)


def _load_source(con, source: Source, extra, raw: str, load_id: int, report: Report, batch: Batch,
                 scratch: Path) -> FileReport:
    kind = KINDS[source.match.kind]
    long_rows = _long_rows(con, source, raw)
    judged = _judged_sql(con, kind, source, raw, long_rows and (long_rows, extra))
    earlier = batch.loads.get(kind.table, [])
    if not _has_primary_key(con, kind.table):
        loaded = _insert_first(con, kind, source, raw, judged, load_id, report, batch.first_load if earlier else None)
        if loaded is not None:
            return loaded
    return _judge_first(con, kind, source, raw, judged, load_id, report, earlier, scratch)


def _judge_first(con, kind: Kind, source: Source, raw: str, judged: str, load_id: int,
                 report: Report, earlier: list[tuple[int, Source, object]], scratch: Path) -> FileReport:
    """Judge every row once into `<raw>_chk`, then refuse, dedupe and upsert from it. earlier: the loads of
    this batch into the same table, whose keys this file may not bring again."""
    chk = f"{raw}_chk"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {chk} AS {judged}")
    rows_read, refused = con.execute(f"SELECT count(*), count(_problems) FROM {chk}").fetchall()[0]
    rej = _rejects_table(con, source, raw, chk if refused else None)

    values = _warehouse_values(kind, source)
    good = f"{raw}_good"
    con.execute(f"CREATE OR REPLACE TEMP VIEW {good} AS SELECT s._line, "
                + ", ".join(f"{sql} AS {name}" for name, sql in values.items())
                + f" FROM {chk} s" + (" WHERE _problems IS NULL" if refused else ""))
    good, duplicates = _refuse_duplicates(con, kind, good, rej)
    if earlier:
        good, crossed = _refuse_batch_duplicates(con, kind, raw, good, rej, earlier, scratch)
        duplicates = duplicates or crossed

    target_cols = ", ".join(values)
    if con.execute(f"SELECT count(*) FROM {kind.table}").fetchall()[0][0]:
        if kind.name == "feedback":
            _forget_content_ids(con, chk, refused)
        # next to nothing when the key ranges do not overlap (a new month): DuckDB prunes the join by min/max
        con.execute(f"DELETE FROM {kind.table} t USING {good} g WHERE {_key_match(kind)}")
    loaded = con.execute(f"INSERT INTO {kind.table} ({target_cols}, load_id) SELECT {target_cols}, ? FROM {good}",
                         [load_id]).fetchall()[0][0]
    if refused or duplicates:
        _record_rejects(con, source, rej, load_id, report)
    return FileReport(source.label, kind.name, rows_read, loaded, rows_read - loaded)


def _insert_first(con, kind: Kind, source: Source, raw: str, judged: str, load_id: int,
                  report: Report, batch_first: int | None) -> FileReport | None:
    """For a table without a key constraint (usage_monthly, the largest by far): the good rows go
    straight from the judging into the table, and duplicates and replaced rows are settled after. This
    spares writing the judged rows to a temporary table and reading them back. A duplicate key in the
    file, or a key an earlier file of the batch (its loads from batch_first on) brought, takes the rows out
    again and returns None: the judge-first path then names the lines. The result is the same either way; a
    failure anywhere fails the load, whose build is then thrown away."""
    values = _warehouse_values(kind, source)
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
    in_range = f"FROM {kind.table} WHERE load_id <> ? AND {first} BETWEEN ? AND ?"
    if con.execute(f"SELECT count(*) {in_range}", [load_id, lo, hi]).fetchall()[0][0]:
        if batch_first is not None and con.execute(
                f"SELECT count(*) {in_range} AND load_id >= ?", [load_id, lo, hi, batch_first]).fetchall()[0][0] \
                and con.execute(f"SELECT count(*) FROM {kind.table} t SEMI JOIN (SELECT {keys} FROM {kind.table} "
                                f"WHERE load_id = ?) g ON {_key_match(kind)} WHERE t.load_id >= ? AND t.load_id <> ?",
                                [load_id, batch_first, load_id]).fetchall()[0][0]:
            con.execute(f"DELETE FROM {kind.table} WHERE load_id = ?", [load_id])
            return None
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
        con.execute(f"INSERT INTO {rej} SELECT _line, p.column_name, p.raw_value, p.reason, p.suggestion "
                    f"FROM (SELECT _line, unnest(_problems) AS p FROM {chk} WHERE _problems IS NOT NULL)")
        _fill_raw_values(con, source, raw, rej)
        con.execute(f"UPDATE {rej} SET column_name = ? WHERE column_name = ?", [source.header[-1], _UNNAMED])
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
        f"SELECT _line, min(_line) OVER (PARTITION BY {keys}) AS first_line, {_key_text(kind, '')}"
        f" AS key_text FROM {good}) WHERE _line <> first_line")
    con.execute(f"INSERT INTO {rej} SELECT _line, ?, key_text, 'duplicate key: same as line ' || first_line, NULL "
                f"FROM {good}_dup", [", ".join(kind.key)])
    return f"(SELECT * FROM {good} WHERE _line NOT IN (SELECT _line FROM {good}_dup))", True


def _key_text(kind: Kind, alias: str) -> str:
    """The key of a row as the rejects show it: '2014-04-01, AG001, GIN, traffic_gb'."""
    return " || ', ' || ".join(f"coalesce({alias}{k}::VARCHAR, '')" for k in kind.key)


def _refuse_batch_duplicates(con, kind: Kind, raw: str, good: str, rej: str,
                             earlier: list[tuple[int, Source, object]], scratch: Path) -> tuple[str, bool]:
    """A key that an earlier file or sheet of this batch loaded is as ambiguous as a key twice in one file
    (until now the last by name won, unseen): that row stands and this one is refused, naming the other's
    file and line. The other file is read and judged again to find its line, only when there is a clash.
    Returns the relation of rows to load and whether any row was refused."""
    cross = f"{raw}_cross"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {cross} AS SELECT g._line, t.load_id, "
                + ", ".join(f"g.{k}" for k in kind.key)
                + f" FROM {good} g JOIN {kind.table} t ON {_key_match(kind)} WHERE t.load_id >= ?",
                [min(load_id for load_id, _, _ in earlier)])
    clashes = {r[0] for r in con.execute(f"SELECT DISTINCT load_id FROM {cross}").fetchall()}
    if not clashes:
        return good, False
    for load_id, other, extra in earlier:
        if load_id not in clashes:
            continue
        lines = _loaded_lines(con, kind, other, extra, f"{raw}_was{load_id}", scratch)
        con.execute(
            f"INSERT INTO {rej} SELECT c._line, ?, {_key_text(kind, 'c.')}, 'duplicate key: same as ' || ? || "
            f"coalesce(' line ' || min(w._line), ''), NULL FROM {cross} c LEFT JOIN {lines} w ON "
            + " AND ".join(f"w.{k} = c.{k}" for k in kind.key)
            + " WHERE c.load_id = ? GROUP BY ALL", [", ".join(kind.key), other.label, load_id])
    return f"(SELECT * FROM {good} WHERE _line NOT IN (SELECT _line FROM {cross}))", True


def _loaded_lines(con, kind: Kind, source: Source, extra, raw: str, scratch: Path) -> str:
    """A view of the file lines and keys of the rows an earlier load of `source` brought, read and judged
    again as it was then."""
    _read(con, source, extra, raw, scratch)
    long_rows = _long_rows(con, source, raw)
    judged = _judged_sql(con, kind, source, raw, long_rows and (long_rows, extra))
    values = _warehouse_values(kind, source)
    con.execute(f"CREATE OR REPLACE TEMP VIEW {raw}_lines AS SELECT s._line, "
                + ", ".join(f"{values[k]} AS {k}" for k in kind.key)
                + f" FROM ({judged}) s WHERE s._problems IS NULL")
    return f"{raw}_lines"


def _read(con, source: Source, extra, raw: str, scratch: Path) -> None:
    if source.sheet is None:
        readers.load_csv(con, source, extra, raw, scratch)
    else:
        readers.load_rows(con, source, extra, raw)


def _fill_raw_values(con, source: Source, raw: str, rej: str) -> None:
    """Rejects carry the text as it stood in the file; fetched from the raw table for refused rows only."""
    cases = " ".join(f"WHEN '{name}' THEN r.c{i}" for i, name in enumerate(source.match.columns) if name)
    con.execute(f"UPDATE {rej} j SET raw_value = CASE j.column_name {cases} END FROM {raw} r "
                f"WHERE r._line = j._line AND j.raw_value IS NULL")


# --- the batch -------------------------------------------------------------------------------


def _open_sources(paths: list[Path]) -> list[tuple[Source, object]]:
    """Every table of every file (a hidden sheet with extra None), or FileError for the first file that
    cannot be read. A file named twice (a folder and a file in it) is read once."""
    out = []
    for path in _once(readers.expand(paths)):
        try:
            if path.suffix.lower() == ".xlsx":
                found, hidden = readers.open_workbook(path)
                out += found + [(h, None) for h in hidden]
            elif path.suffix.lower() == ".csv":
                out.append(readers.open_csv(path))
            else:
                raise FileError(f"{path}: not a .csv or .xlsx file")
        except OSError as e:  # unreadable (permissions, a folder named .csv, gone since listed)
            raise FileError(f"{path}: cannot be read: {e.strerror or e}") from e
    # Referenced kinds first (agencies before usage), then by name, so any order of arguments works.
    return sorted(out, key=lambda s: (KINDS[s[0].match.kind].order, str(s[0].path), s[0].sheet or ""))


def _once(paths: list[Path]) -> list[Path]:
    seen, out = set(), []
    for p in paths:
        if (real := p.resolve()) not in seen:
            seen.add(real)
            out.append(p)
    return out


def _unchanged_since(con, digest: str, source: Source) -> int | None:
    """The load of these very bytes (file, or sheet of it) that is still whole: it refused no row and no
    later load has replaced any row it brought (each replaced row takes the later load's load_id). Then
    loading the file again would change nothing. None when there is no such load."""
    row = con.execute(
        "SELECT load_id, rows_loaded FROM etl_loads WHERE sha256 = ? AND kind = ? AND coalesce(sheet, '') = ? "
        "AND rows_rejected = 0 ORDER BY load_id DESC LIMIT 1", [digest, source.match.kind, source.sheet or ""]
    ).fetchall()
    if not row:
        return None
    load_id, rows_loaded = row[0]
    table = KINDS[source.match.kind].table
    kept = con.execute(f"SELECT count(*) FROM {table} WHERE load_id = ?", [load_id]).fetchall()[0][0]
    return load_id if kept == rows_loaded else None


def _drop_temp(con, raw: str) -> None:
    """Free the raw table of one file and everything made from it (`<raw>_*`); they are temporary
    tables, in memory and spilled to the build folder if need be, never written to a database file."""
    for name, is_view in con.execute(
            "SELECT table_name, false FROM duckdb_tables() WHERE temporary AND (table_name = $1 OR starts_with("
            "table_name, $1 || '_')) UNION ALL SELECT view_name, true FROM duckdb_views() WHERE temporary AND ("
            "view_name = $1 OR starts_with(view_name, $1 || '_')) ORDER BY 2 DESC", [raw]).fetchall():
        con.execute(f"DROP {'VIEW' if is_view else 'TABLE'} IF EXISTS temp.main.{name}")


def apply(con, paths: list[Path], scratch: Path, on_file=None, force: bool = False) -> Report:
    """Load the files into the open warehouse connection (schema ready). Raises FileError.

    on_file(index, total, source) is called before each table is read, for progress display. force: load
    every file, also one whose earlier load is still whole (`_unchanged_since`)."""
    sources = _open_sources(paths)
    report = Report()
    batch = Batch(con.execute("SELECT coalesce(max(load_id), 0) + 1 FROM etl_loads").fetchall()[0][0])
    # what the data check loads_reconcile compares with the warehouse: the loads of this batch
    con.execute("INSERT OR REPLACE INTO warehouse_info VALUES ('batch_first_load', ?)", [str(batch.first_load)])
    # Hashing a large file takes a while; hashlib releases the GIL, so the digests are made in a
    # thread while DuckDB reads the files before them.
    with ThreadPoolExecutor(max_workers=1) as pool:
        digests = {p: pool.submit(sha256, p) for p in dict.fromkeys(s.path for s, _ in sources)}
        try:
            for index, (source, extra) in enumerate(sources, start=1):
                if on_file:
                    on_file(index, len(sources), source)
                if source.hidden:
                    report.files.append(FileReport(source.label, source.match.kind,
                                                   skipped=f"{source.hidden} sheet: not loaded"))
                    continue
                digest = digests[source.path].result()
                earlier = None if force else _unchanged_since(con, digest, source)
                if earlier is not None:
                    report.files.append(
                        FileReport(source.label, source.match.kind, skipped=f"unchanged since load {earlier}"))
                    continue
                load_id = con.execute("SELECT coalesce(max(load_id), 0) + 1 FROM etl_loads").fetchall()[0][0]
                started = dt.datetime.now()
                raw = f"raw_{load_id}"
                try:
                    _read(con, source, extra, raw, scratch)
                    fr = _load_source(con, source, extra, raw, load_id, report, batch, scratch)
                    report.unmapped += [(source.label, *u) for u in
                                        unmapped_values(con, raw, KINDS[fr.kind], source.match.columns)]
                finally:
                    _drop_temp(con, raw)
                fr.load_id = load_id
                con.execute(
                    "INSERT INTO etl_loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [load_id, str(source.path), digest, fr.kind, fr.rows_read, fr.rows_loaded, fr.rows_rejected,
                     started, dt.datetime.now(), source.sheet, source.encoding])
                batch.loads.setdefault(KINDS[fr.kind].table, []).append((load_id, source, extra))
                report.files.append(fr)
        finally:
            for f in digests.values():
                f.cancel()
    return report


def init_schema(con) -> None:
    con.execute(SCHEMA.read_text(encoding="utf-8"))
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
         progress: bool = False, on_file=None, before_publish=None, force: bool = False,
         rebuild: bool = False) -> Report:
    """The whole load. publish=False is `check`: the same work on a throw-away copy. force: load every
    file again, whatever its history (apply). rebuild: build every mart whole and run every check over the
    whole warehouse; else a load of usage rows alone redoes only the months it touched (etl.marts).

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

    existed = Path(db).exists()
    with next_warehouse(db) as nxt:
        lap("copy")
        con = duckdb.connect(str(nxt.path))
        try:
            con.execute(f"SET enable_progress_bar = {str(progress).lower()}")  # DuckDB's bar on long statements
            init_schema(con)
            fresh_usage = not con.execute("SELECT count(*) FROM usage_monthly").fetchall()[0][0]
            report = apply(con, paths, nxt.scratch, on_file, force)
            # With no usage row before the batch, every row is the batch's, whose keys apply() proved unique
            # exactly: the check unique_usage_monthly (a sort of every row's key hash) is then skipped.
            con.execute("SET VARIABLE usage_keys_by_loader = ?", [fresh_usage])
            report.seconds, report.cpu_seconds, report.copied_by = seconds, cpu, nxt.copied_by
            lap("load")
            if strict and report.rows_rejected:
                raise StrictRejects(f"{report.rows_rejected} rows rejected and --strict is set; nothing published")
            if all(f.skipped for f in report.files) and (not existed or marts.state_current(con)):
                return report  # nothing new: the live warehouse stays byte-identical (or is still not made)
            # (a live warehouse whose marts or definitions an older ETL built is rebuilt and published even so)
            if sample:
                con.execute("INSERT OR REPLACE INTO warehouse_info VALUES ('sample', 'true')")
            if not rebuild:
                marts.allow_incremental(con)
            marts.build_marts(con)
            report.marts_since = con.execute("SELECT getvariable('marts_since')").fetchall()[0][0]
            lap("marts")
            report.check_failures = marts.run_checks(con)
            lap("checks")
            if report.check_failures:
                raise LoadError("data checks failed, nothing published: " + "; ".join(report.check_failures))
            marts.record_state(con)
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
