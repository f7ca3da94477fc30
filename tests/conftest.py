"""Shared fixtures: the real sample warehouse, built once per test session by the real ETL."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl import sample
from etl.load import run

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
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
