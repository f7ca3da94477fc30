"""`python -m etl export --parquet DIR`: the published warehouse as Hive-partitioned Parquet.

So that another engine (DuckDB on a bigger machine, Spark, Trino, pandas/pyarrow) can read the data,
or take on the heavy aggregation of the marts (docs/SCALING.md). Layout, one directory per table:

    DIR/_export.json                                          what was written (tables, columns, rows, files, bytes)
    DIR/_ddl_spark.sql, DIR/_ddl_trino.sql                    external-table DDL for Spark SQL and Trino (Hive)
    DIR/usage_monthly/year=2014/service_code=GIN/data_0.parquet
    DIR/provinces/provinces.parquet                           a small table: one file in its own directory

- The big tables (PARTITIONS) are split by year (derived from their date column) and, where they have
  one, service_code: the dashboard and the marts filter by period and service, and a year x service
  file of the national data holds a few hundred thousand rows. As in every Hive layout, the partition
  columns live in the directory names only, not inside the files. Every other table is one file.
- The warehouse is read through a READ_ONLY ATTACH of the published file: a publish during the export
  replaces the file's name, not the file we hold open, so the export is one consistent version. The
  manifest's `source` describes that version (its size and mtime, taken when the path still named the
  file just attached, and its last load from its own etl_loads), never the file the path names by the
  time the export ends.
- Atomic: everything is written into a hidden folder beside DIR (`.DIR.export-*`), checked (rows in
  the files = rows in the warehouse), then renamed into place. A reader sees no DIR, the previous
  export or the new one, never half of one. DIR must not exist or be empty; with overwrite=True an
  existing *export* (it holds _export.json) is swapped for the new one in one atomic exchange
  (renameat2 RENAME_EXCHANGE on Linux) and then deleted. A non-empty folder that is not an export is
  never replaced, overwrite or not.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import errno
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from etl.publish import exclusive, fsync_dir

MANIFEST = "_export.json"
ALIAS = "wh"
# table -> (the date or timestamp column the `year` partition is derived from, further partition columns)
PARTITIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "usage_monthly": ("month", ("service_code",)),
    "fct_agency_service_month": ("month", ("service_code",)),
    "mart_adoption_monthly": ("month", ("service_code",)),
    "mart_savings_monthly": ("month", ("service_code",)),
    "tickets": ("opened_at", ()),
}
# DuckDB type of each partition column as Spark/Trino DDL and readers should declare it
PARTITION_TYPES = {"year": "INTEGER", "service_code": "VARCHAR"}


class ExportError(Exception):
    """The export could not be made; the message is one line for the user."""


@dataclass
class TableExport:
    name: str
    rows: int
    files: int
    bytes: int
    partition_by: list[str] = field(default_factory=list)
    columns: list[tuple[str, str]] = field(default_factory=list)  # (name, DuckDB type) in warehouse order


@dataclass
class ExportReport:
    out: Path
    tables: list[TableExport]
    seconds: float
    replaced: bool  # an earlier export at `out` was replaced

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)

    @property
    def files(self) -> int:
        return sum(t.files for t in self.tables)

    @property
    def bytes(self) -> int:
        return sum(t.bytes for t in self.tables)


def _q(path: Path | str) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _is_empty_dir(p: Path) -> bool:
    return p.is_dir() and not any(p.iterdir())


def _check_target(out: Path, overwrite: bool) -> None:
    if not out.exists():
        return
    if not out.is_dir():
        raise ExportError(f"{out} exists and is not a folder")
    if _is_empty_dir(out):
        return
    if not overwrite:
        raise ExportError(f"{out} is not empty; use --overwrite to replace an earlier export")
    if not (out / MANIFEST).is_file():
        raise ExportError(f"{out} is not empty and holds no {MANIFEST}: not an earlier export, not replaced")


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False when the system cannot."""
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(a))


def _swap_in(tmp: Path, out: Path) -> bool:
    """Make tmp live as out. Returns True when an earlier export was replaced (it is then at tmp)."""
    if not out.exists() or _is_empty_dir(out):
        os.rename(tmp, out)  # rename(2) replaces an empty directory atomically
        return False
    if not _exchange(tmp, out):
        # no RENAME_EXCHANGE (not Linux, or a file system without it): two renames, a moment without `out`
        aside = tmp.with_name(tmp.name + ".old")
        os.rename(out, aside)
        os.rename(tmp, out)
        os.rename(aside, tmp)
    return True


def _write_table(con, name: str, columns: list[tuple[str, str]], dest: Path) -> TableExport:
    src = f"{ALIAS}.main.{_ident(name)}"
    dest.mkdir()
    spec = PARTITIONS.get(name)
    names = [c for c, _ in columns]
    if spec and spec[0] in names:
        date_col, extra = spec
        keys = ["year", *[k for k in extra if k in names]]
        con.execute(f"COPY (SELECT *, CAST(year({_ident(date_col)}) AS INTEGER) AS year FROM {src}) "
                    f"TO {_q(dest)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY ({', '.join(keys)}), "
                    "OVERWRITE_OR_IGNORE)")
    else:
        keys = []
        con.execute(f"COPY {src} TO {_q(dest / (name + '.parquet'))} (FORMAT parquet, COMPRESSION zstd)")
    files = sorted(dest.rglob("*.parquet"))
    rows = con.execute(f"SELECT count(*) FROM {src}").fetchone()[0]
    written = 0
    if files:
        written = con.execute("SELECT coalesce(sum(num_rows), 0) FROM parquet_file_metadata(?)",
                              [[str(f) for f in files]]).fetchone()[0]
    if written != rows:
        raise ExportError(f"{name}: {written:,} rows in the Parquet files, {rows:,} in the warehouse")
    return TableExport(name, rows, len(files), sum(f.stat().st_size for f in files), keys, columns)


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino, a.st_size, a.st_mtime_ns) == (b.st_dev, b.st_ino, b.st_size, b.st_mtime_ns)


def _attach(con, db: Path, tries: int = 5) -> os.stat_result:
    """ATTACH db READ_ONLY as ALIAS and return the stat of the file attached: the path is stat'ed before
    and after the ATTACH, and a publish in between (a new file under the name) means attach again."""
    for _ in range(tries):
        before = db.stat()
        con.execute(f"ATTACH {_q(db)} AS {ALIAS} (READ_ONLY)")
        if _same_file(before, db.stat()):
            return before
        con.execute(f"DETACH {ALIAS}")
    raise ExportError(f"{db}: replaced {tries} times while being opened; try again when the load is done")


def _last_load(con) -> dict | None:
    """The newest etl_loads row of the attached warehouse: which load this version is."""
    has = con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'main' "
                      "AND table_name = 'etl_loads'", [ALIAS]).fetchone()[0]
    if not has:
        return None
    row = con.execute(f"SELECT max(load_id), max(finished_at), count(*) FROM {ALIAS}.main.etl_loads").fetchone()
    return {"load_id": row[0], "finished_at": row[1].isoformat() if row[1] else None, "loads": row[2]}


def export_parquet(db: Path, out: Path, overwrite: bool = False) -> ExportReport:
    """Write every table of the warehouse `db` under `out` as Parquet (see the module docstring)."""
    t0 = time.perf_counter()
    db, out = Path(db).absolute(), Path(out).absolute()
    if not db.is_file():
        raise ExportError(f"{db}: no warehouse (run `python -m etl load` first)")
    _check_target(out, overwrite)
    out.parent.mkdir(parents=True, exist_ok=True)
    with exclusive(out.parent / f".{out.name}.export.lock",
                   ExportError(f"{out}: another export to this folder is running")):
        for stale in out.parent.glob(f".{out.name}.export-*"):  # left by a killed export; we hold the lock
            shutil.rmtree(stale, ignore_errors=True)
        _check_target(out, overwrite)  # again, under the lock
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.export-", dir=out.parent))
        try:
            con = duckdb.connect(":memory:")
            try:
                st = _attach(con, db)  # the version read, whatever a publish does to the name meanwhile
                last_load = _last_load(con)
                cols = con.execute(
                    "SELECT table_name, list(column_name ORDER BY column_index), list(data_type ORDER BY column_index) "
                    "FROM duckdb_columns() WHERE database_name = ? AND schema_name = 'main' "
                    "GROUP BY table_name ORDER BY table_name", [ALIAS]).fetchall()
                tables = [_write_table(con, name, list(zip(names, types)), tmp / name) for name, names, types in cols]
            finally:
                con.close()
            manifest = {
                "format": "parquet", "layout": "hive", "compression": "zstd",
                "created_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                "source": {"path": str(db), "size": st.st_size,
                           "mtime": dt.datetime.fromtimestamp(st.st_mtime, dt.timezone.utc).isoformat(),
                           "last_load": last_load},
                "duckdb": duckdb.__version__,
                "partition_types": PARTITION_TYPES,
                "tables": {t.name: {"rows": t.rows, "files": t.files, "bytes": t.bytes,
                                    "partition_by": t.partition_by,
                                    "year_from": PARTITIONS[t.name][0] if t.partition_by else None,
                                    "columns": [[c, ty] for c, ty in t.columns]} for t in tables},
            }
            (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            for engine in ("spark", "trino"):
                (tmp / f"_ddl_{engine}.sql").write_text(ddl(manifest, out, engine), encoding="utf-8")
            os.chmod(tmp, 0o755)  # mkdtemp makes it 0700; the export is for other engines and users to read
            fsync_dir(tmp)
            _check_target(out, overwrite)  # a folder that appeared meanwhile is not silently replaced
            replaced = _swap_in(tmp, out)
            fsync_dir(out.parent)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)  # the half-written export, or the replaced one
    return ExportReport(out, tables, time.perf_counter() - t0, replaced)


_SPARK_TYPES = {"VARCHAR": "STRING", "INTEGER": "INT", "TIMESTAMP": "TIMESTAMP_NTZ"}
_TRINO_TYPES = {"TIMESTAMP": "timestamp(6)"}


def ddl(manifest: dict, out: Path, engine: str, schema: str = "egov") -> str:
    """CREATE TABLE statements over the export for Spark SQL (3.4+) or Trino's Hive connector: external
    tables at out/<table>, partition columns last, then the partitions registered. Written beside the
    data as _ddl_spark.sql and _ddl_trino.sql; replace the location prefix when the files move."""
    out = Path(out).absolute()
    lines = [f"-- {engine} DDL for the Parquet export at {out} (python -m etl export); schema {schema}", ""]
    if engine == "spark":
        lines.append(f"CREATE DATABASE IF NOT EXISTS {schema};")
    for name, t in manifest["tables"].items():
        keys = t["partition_by"]
        cols = [(c, ty) for c, ty in t["columns"] if c not in keys]
        cols += [(k, manifest["partition_types"][k]) for k in keys]
        if engine == "spark":
            body = ",\n  ".join(f"`{c}` {_SPARK_TYPES.get(ty, ty)}" for c, ty in cols)
            part = f"\nPARTITIONED BY ({', '.join(keys)})" if keys else ""
            lines.append(f"CREATE TABLE IF NOT EXISTS {schema}.{name} (\n  {body}\n) USING PARQUET{part}\n"
                         f"LOCATION '{out / name}';")
            if keys:
                lines.append(f"ALTER TABLE {schema}.{name} RECOVER PARTITIONS;")
        else:
            body = ",\n  ".join(f'"{c}" {_TRINO_TYPES.get(ty, ty.lower())}' for c, ty in cols)
            part = f",\n  partitioned_by = ARRAY[{', '.join(repr(k) for k in keys)}]" if keys else ""
            lines.append(f"CREATE TABLE IF NOT EXISTS hive.{schema}.{name} (\n  {body}\n) WITH (\n  format = 'PARQUET'"
                         f"{part},\n  external_location = 'file://{out / name}'\n);")
            if keys:
                lines.append(f"CALL hive.system.sync_partition_metadata('{schema}', '{name}', 'FULL');")
        lines.append("")
    return "\n".join(lines)


def read_manifest(out: Path) -> dict:
    return json.loads((Path(out) / MANIFEST).read_text(encoding="utf-8"))


def parquet_views(con, out: Path, tables: list[str] | None = None) -> list[str]:
    """CREATE VIEW <table> over the export at `out` for each table (default: all), with the warehouse's
    columns, order and types (partition columns typed from the manifest, `year` left out): the marts'
    SQL then runs on the Parquet files unchanged. Returns the view names."""
    manifest = read_manifest(out)
    made = []
    for name, t in manifest["tables"].items():
        if tables is not None and name not in tables:
            continue
        cols = ", ".join(_ident(c) for c, _ in t["columns"])
        if t["partition_by"]:
            hive_types = "{" + ", ".join(f"'{k}': '{manifest['partition_types'][k]}'" for k in t["partition_by"]) + "}"
            glob = Path(out) / name / "/".join("*" for _ in t["partition_by"]) / "*.parquet"
            src = f"read_parquet({_q(glob)}, hive_partitioning = true, hive_types = {hive_types})"
        else:
            src = f"read_parquet({_q(Path(out) / name / (name + '.parquet'))})"
        if t["partition_by"] and not t["files"]:  # an empty partitioned table: no file to read the schema from
            src = "(SELECT " + ", ".join(f"CAST(NULL AS {ty}) AS {_ident(c)}" for c, ty in t["columns"]) + " LIMIT 0)"
        con.execute(f"CREATE OR REPLACE VIEW {_ident(name)} AS SELECT {cols} FROM {src}")
        made.append(name)
    return made
