"""Shared fixtures: test warehouses built once per test session by the real ETL from input files.

sample_db: etl.sample's small sample, loaded as `make run` loads it. synthetic_db: the deterministic rows of
tests/synthetic_files.py (every province, two rows the ETL refuses), for the tests that compute their truth
with SQL on the warehouse. Both are shared by every test of the session: a test that changes a warehouse
works on a copy (synthetic_db_copy).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from etl import sample
from etl.load import run
from tests.synthetic_files import REFUSED, generate

ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="session")
def sample_files(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    sample.generate(out, seed=7, scale="small")
    return out


@pytest.fixture(scope="session")
def sample_db(sample_files, tmp_path_factory) -> Path:
    """The small sample, loaded as `make run` loads it (marked as sample data)."""
    db = tmp_path_factory.mktemp("warehouse") / "adoption.duckdb"
    run([sample_files], db, sample=True)
    return db


@pytest.fixture
def use_sample_db(sample_db, monkeypatch) -> Path:
    monkeypatch.setenv("EGOV_DB", str(sample_db))
    return sample_db


@pytest.fixture(scope="session")
def synthetic_files(tmp_path_factory) -> Path:
    """tests/synthetic_files.py's input files (a folder of CSVs)."""
    return generate(tmp_path_factory.mktemp("synthetic")).write()


@pytest.fixture(scope="session")
def synthetic_warehouse(synthetic_files, tmp_path_factory) -> Path:
    """Those files loaded by the ETL (marked as sample data); exactly the rows meant to be refused are."""
    db = tmp_path_factory.mktemp("synthetic_wh") / "adoption.duckdb"
    report = run([synthetic_files], db, sample=True)
    assert report.rows_rejected == len(REFUSED) and not report.check_failures
    return db


@pytest.fixture(scope="module")
def synthetic_db(synthetic_warehouse) -> Path:
    """The synthetic warehouse as the dashboard's (EGOV_DB) for a module's tests, in open mode (no auth file)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EGOV_DB", str(synthetic_warehouse))
        mp.setenv("EGOV_AUTH", str(synthetic_warehouse.parent / "no-auth.toml"))
        yield synthetic_warehouse


@pytest.fixture
def synthetic_db_copy(synthetic_warehouse, tmp_path) -> Path:
    """A copy of the synthetic warehouse that a test may change."""
    return Path(shutil.copy(synthetic_warehouse, tmp_path / "adoption.duckdb"))


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
