"""`python -m etl export --parquet DIR`: the sample warehouse as Hive-partitioned Parquet, read back
by DuckDB and pyarrow equal to the warehouse, and every mart rebuilt from the Parquet files alone
equal to the warehouse's mart (another engine can take on the marts). Refusals and atomicity too."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest

from etl import export as ex
from etl.cli import main
from etl.marts import build_marts, mart_files

MART_TABLES = [p.stem.split("_", 1)[1] for p in mart_files()]


@pytest.fixture(scope="module")
def exported(sample_db, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "parquet"
    assert main(["export", "--parquet", str(out), "--db", str(sample_db)]) == 0
    return out


@pytest.fixture(scope="module")
def wh(sample_db):
    con = duckdb.connect(":memory:")
    con.execute(f"ATTACH '{sample_db}' AS wh (READ_ONLY)")
    yield con
    con.close()


def _tables(con) -> dict[str, list[str]]:
    rows = con.execute("SELECT table_name, list(column_name ORDER BY column_index) FROM duckdb_columns() "
                       "WHERE database_name = 'wh' GROUP BY 1").fetchall()
    return dict(rows)


def _parquet_sql(out: Path, table: str, columns: list[str]) -> str:
    """The table read straight from its folder (not through etl.export's views)."""
    folder = out / table
    leaves = sorted(folder.rglob("*.parquet"))
    depth = len(leaves[0].relative_to(folder).parts) - 1
    cols = ", ".join(f'"{c}"' for c in columns)
    if depth == 0:
        return f"SELECT {cols} FROM read_parquet('{folder / (table + '.parquet')}')"
    glob = folder / "/".join(["*"] * depth) / "*.parquet"
    keys = [part.split("=")[0] for part in leaves[0].relative_to(folder).parts[:-1]]
    types = ", ".join(f"'{k}': {'INTEGER' if k == 'year' else 'VARCHAR'}" for k in keys)
    return f"SELECT {cols} FROM read_parquet('{glob}', hive_partitioning = true, hive_types = {{{types}}})"


def test_summary_printed(sample_db, tmp_path, capsys):
    assert main(["export", "--parquet", str(tmp_path / "p"), "--db", str(sample_db)]) == 0
    out = capsys.readouterr().out
    assert "usage_monthly" in out and "year/service_code" in out
    assert "total " in out and f"wrote {tmp_path / 'p'}" in out


def test_every_table_reads_back_equal(exported, wh):
    tables = _tables(wh)
    manifest = json.loads((exported / "_export.json").read_text(encoding="utf-8"))
    assert set(manifest["tables"]) == set(tables)
    assert {p.name for p in exported.iterdir()} == set(tables) | {"_export.json", "_ddl_spark.sql", "_ddl_trino.sql"}
    for table, columns in tables.items():
        rows = wh.execute(f"SELECT count(*) FROM wh.{table}").fetchone()[0]
        assert manifest["tables"][table]["rows"] == rows, table
        pq_sql = _parquet_sql(exported, table, columns)
        assert wh.execute(f"SELECT count(*) FROM ({pq_sql})").fetchone()[0] == rows, table
        for a, b in ((pq_sql, f"SELECT * FROM wh.{table}"), (f"SELECT * FROM wh.{table}", pq_sql)):
            extra = wh.execute(f"SELECT count(*) FROM ({a} EXCEPT ALL {b})").fetchone()[0]
            assert extra == 0, f"{table}: {extra} rows of one side missing from the other"
        # the types survive (partition columns are typed by hive_types)
        got = wh.execute(f"DESCRIBE {pq_sql}").fetchall()
        assert [(r[0], r[1]) for r in got] == [tuple(c) for c in manifest["tables"][table]["columns"]], table


def test_partition_layout(exported, wh):
    # usage_monthly: one folder per year and service that has rows, one file in each, without the
    # partition columns inside the file (Hive layout, as Spark and Trino expect)
    want = {(f"year={y}", f"service_code={s}") for y, s in wh.execute(
        "SELECT DISTINCT year(month), service_code FROM wh.usage_monthly").fetchall()}
    leaves = sorted((exported / "usage_monthly").rglob("*.parquet"))
    assert {f.relative_to(exported / "usage_monthly").parts[:2] for f in leaves} == want
    assert all(f.name.startswith("data_") for f in leaves)
    schema = pq.read_schema(leaves[0])
    assert "service_code" not in schema.names and "year" not in schema.names and "month" in schema.names
    for table in ("fct_agency_service_month", "mart_adoption_monthly", "mart_savings_monthly"):
        parts = {f.relative_to(exported / table).parts[:-1] for f in (exported / table).rglob("*.parquet")}
        assert parts and all(len(p) == 2 and p[0].startswith("year=") and p[1].startswith("service_code=")
                             for p in parts), table
    years = {f.parent.name for f in (exported / "tickets").rglob("*.parquet")}
    assert years == {f"year={y}" for (y,) in wh.execute("SELECT DISTINCT year(opened_at) FROM wh.tickets").fetchall()}
    # small tables: one file of their own name in their own folder
    for table in ("provinces", "agencies", "subscriptions", "mart_opportunity"):
        assert [p.name for p in (exported / table).iterdir()] == [f"{table}.parquet"]


def test_spark_and_trino_ddl(exported, wh):
    # not run against Spark or Trino here: checked for shape (one external table per table at its folder,
    # the Hive partition columns last and declared as partitions)
    spark = (exported / "_ddl_spark.sql").read_text(encoding="utf-8")
    trino = (exported / "_ddl_trino.sql").read_text(encoding="utf-8")
    for table in _tables(wh):
        assert f"CREATE TABLE IF NOT EXISTS egov.{table} (" in spark
        assert f"LOCATION '{exported / table}';" in spark
        assert f"CREATE TABLE IF NOT EXISTS hive.egov.{table} (" in trino
        assert f"external_location = 'file://{exported / table}'" in trino
    usage = spark.split("egov.usage_monthly (", 1)[1].split(";", 1)[0]
    assert usage.index("`load_id` INT,") < usage.index("`year` INT,") < usage.index("`service_code` STRING")
    assert "PARTITIONED BY (year, service_code)" in usage
    assert "ALTER TABLE egov.usage_monthly RECOVER PARTITIONS;" in spark
    assert "partitioned_by = ARRAY['year', 'service_code']" in trino
    assert "CALL hive.system.sync_partition_metadata('egov', 'usage_monthly', 'FULL');" in trino
    assert '"opened_at" timestamp(6)' in trino and "`opened_at` TIMESTAMP_NTZ" in spark


def test_pyarrow_reads_the_same(exported, wh):
    ds = pads.dataset(exported / "usage_monthly", format="parquet", partitioning="hive")
    assert ds.count_rows() == wh.execute("SELECT count(*) FROM wh.usage_monthly").fetchone()[0]
    t = ds.to_table(columns=["service_code", "value"]).group_by("service_code").aggregate([("value", "count")])
    got = dict(zip(t.column("service_code").to_pylist(), t.column("value_count").to_pylist()))
    assert got == dict(wh.execute("SELECT service_code, count(*) FROM wh.usage_monthly GROUP BY 1").fetchall())
    small = pq.read_table(exported / "provinces" / "provinces.parquet")
    assert small.num_rows == 77 and small.column_names == _tables(wh)["provinces"]


def test_marts_rebuilt_from_parquet_alone_equal_the_warehouse(exported, wh):
    # a fresh engine that sees only the Parquet files of the loaded and reference tables builds every mart
    con = duckdb.connect(":memory:")
    base = [t for t in _tables(wh) if t not in MART_TABLES]
    ex.parquet_views(con, exported, base)
    assert build_marts(con) == [p.stem for p in mart_files()]
    path = wh.execute("SELECT path FROM duckdb_databases() WHERE database_name = 'wh'").fetchone()[0]
    con.execute(f"ATTACH '{path}' AS wh (READ_ONLY)")
    for mart in MART_TABLES:
        n = con.execute(f"SELECT count(*) FROM memory.main.{mart}").fetchone()[0]
        assert n == con.execute(f"SELECT count(*) FROM wh.main.{mart}").fetchone()[0], mart
        # exact, except that a DOUBLE sum may differ in its last bits: parallel aggregation adds in no fixed
        # order (two builds of the warehouse itself differ the same way), so doubles are compared to 1e-6
        cols = ", ".join(f'round("{c}", 6)' if t == "DOUBLE" else f'"{c}"' for c, t in con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = 'wh' AND table_name = ? "
            "ORDER BY column_index", [mart]).fetchall())
        for a, b in (("memory", "wh"), ("wh", "memory")):
            extra = con.execute(f"SELECT count(*) FROM (SELECT {cols} FROM {a}.main.{mart} "
                                f"EXCEPT ALL SELECT {cols} FROM {b}.main.{mart})").fetchone()[0]
            assert extra == 0, f"{mart}: {extra} rows of {a} not in {b}"
    con.close()


def test_refuses_a_folder_that_is_not_empty(sample_db, tmp_path, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    for extra in ([], ["--overwrite"]):
        assert main(["export", "--parquet", str(out), "--db", str(sample_db), *extra]) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: ") and err.count("\n") == 1
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    assert main(["export", "--parquet", str(tmp_path / "x"), "--db", str(tmp_path / "none.duckdb")]) == 2
    assert not (tmp_path / "x").exists()


def test_an_empty_folder_is_filled(sample_db, tmp_path):
    out = tmp_path / "empty"
    out.mkdir()
    assert main(["export", "--parquet", str(out), "--db", str(sample_db)]) == 0
    assert (out / "_export.json").is_file()


def test_overwrite_replaces_an_earlier_export_whole(sample_db, tmp_path, capsys):
    out = tmp_path / "p"
    assert main(["export", "--parquet", str(out), "--db", str(sample_db)]) == 0
    (out / "usage_monthly" / "stale.parquet").write_bytes(b"old")
    assert main(["export", "--parquet", str(out), "--db", str(sample_db)]) == 2  # no --overwrite
    assert (out / "usage_monthly" / "stale.parquet").exists()
    capsys.readouterr()
    assert main(["export", "--parquet", str(out), "--db", str(sample_db), "--overwrite"]) == 0
    assert f"replaced {out}" in capsys.readouterr().out
    assert not (out / "usage_monthly" / "stale.parquet").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".p.export.lock", "p"]  # no temp or old folder left


def test_a_failed_export_leaves_nothing_half_written(sample_db, tmp_path, monkeypatch):
    out = tmp_path / "p"
    assert main(["export", "--parquet", str(out), "--db", str(sample_db)]) == 0
    before = sorted(str(p.relative_to(out)) for p in out.rglob("*"))
    real, calls = ex._write_table, []

    def failing(con, name, columns, dest):
        calls.append(name)
        if len(calls) == 5:
            raise ex.ExportError("disk full (simulated)")
        return real(con, name, columns, dest)

    monkeypatch.setattr(ex, "_write_table", failing)
    with pytest.raises(ex.ExportError):
        ex.export_parquet(sample_db, out, overwrite=True)  # the earlier export stays as it was
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*")) == before
    calls.clear()
    with pytest.raises(ex.ExportError):
        ex.export_parquet(sample_db, tmp_path / "q")  # nothing appears
    assert sorted(p.name for p in tmp_path.iterdir()) == [".p.export.lock", ".q.export.lock", "p"]


def test_a_publish_during_the_export_is_not_recorded_as_the_source(sample_db, tmp_path, monkeypatch):
    """A load publishes a new warehouse (os.replace over the name) while the export reads the old one:
    the manifest's source is the file read (its size, mtime and last load), and so are the rows."""
    import os
    import shutil

    db = tmp_path / "adoption.duckdb"
    shutil.copyfile(sample_db, db)
    old = db.stat()
    con = duckdb.connect(str(db), read_only=True)
    tickets, last = con.execute("SELECT (SELECT count(*) FROM tickets), (SELECT max(load_id) FROM etl_loads)").fetchone()
    con.close()
    newer = tmp_path / "next.duckdb"
    shutil.copyfile(sample_db, newer)
    con = duckdb.connect(str(newer))
    con.execute("DELETE FROM tickets WHERE ticket_id IN (SELECT ticket_id FROM tickets ORDER BY ticket_id LIMIT 7)")
    con.execute("INSERT INTO etl_loads SELECT load_id + 1000, file, sha256, kind, rows_read, rows_loaded, "
                "rows_rejected, started_at, finished_at + INTERVAL 1 DAY, sheet, encoding FROM etl_loads "
                "ORDER BY load_id DESC LIMIT 1")
    # a different size too: hashes do not compress, so the file grows whatever free blocks it had
    con.execute("CREATE TABLE padding AS SELECT md5(range::VARCHAR) AS x FROM range(200000)")
    con.execute("CHECKPOINT")
    con.close()
    os.utime(newer, ns=(old.st_mtime_ns + 10**12, old.st_mtime_ns + 10**12))
    real, published = ex._write_table, []

    def publish_midway(con, name, columns, dest):
        if not published:
            os.replace(newer, db)  # what etl.publish does
            published.append(db.stat())
        return real(con, name, columns, dest)

    monkeypatch.setattr(ex, "_write_table", publish_midway)
    report = ex.export_parquet(db, tmp_path / "p")
    m = ex.read_manifest(tmp_path / "p")
    assert published and published[0].st_size != old.st_size
    assert m["source"]["size"] == old.st_size
    assert m["source"]["mtime"] == dt.datetime.fromtimestamp(old.st_mtime, dt.timezone.utc).isoformat()
    assert m["source"]["last_load"]["load_id"] == last
    assert m["tables"]["tickets"]["rows"] == tickets and "padding" not in m["tables"]
    assert {t.name: t.rows for t in report.tables}["tickets"] == tickets


def test_a_publish_while_attaching_attaches_again(sample_db, tmp_path, monkeypatch):
    """The name is replaced between the stat and the ATTACH: the export attaches the new file and
    describes that one (size and last load agree with what was read)."""
    import os
    import shutil

    db = tmp_path / "adoption.duckdb"
    shutil.copyfile(sample_db, db)
    newer = tmp_path / "next.duckdb"
    shutil.copyfile(sample_db, newer)
    con = duckdb.connect(str(newer))
    con.execute("CREATE TABLE padding AS SELECT range AS x FROM range(200000)")
    con.execute("CHECKPOINT")
    con.close()
    real_stat, calls = Path.stat, []

    def stat(self, *a, **kw):
        if self == db and not calls:
            calls.append(1)
            result = real_stat(self, *a, **kw)
            os.replace(newer, db)  # published right after the first look
            return result
        return real_stat(self, *a, **kw)

    monkeypatch.setattr(Path, "stat", stat)
    ex.export_parquet(db, tmp_path / "p")
    monkeypatch.undo()
    m = ex.read_manifest(tmp_path / "p")
    assert m["source"]["size"] == db.stat().st_size and "padding" in m["tables"]
