"""The page bench's own checks, fast and untimed: it visits every page of the dashboard, and its naive
pandas twin (bench/naive/compute.py) computes the same numbers as egov/reads/ on a ~10k-row warehouse."""

from __future__ import annotations

import ast
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from bench import pages, warehouses
from bench.naive import compute as naive
from egov.filters import Filters
from egov.reads import adoption, agencies, feedback, opportunity, savings

ROOT = Path(__file__).resolve().parents[1]


def dashboard_slugs() -> list[str]:
    tree = ast.parse((ROOT / "dashboard.py").read_text(encoding="utf-8"))
    return [node.args[1].value for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "PageDef"]


def test_bench_visits_every_page_of_the_dashboard():
    slugs = dashboard_slugs()
    assert len(slugs) >= 9
    plain = [slug for slug, path in pages.PAGES if "?" not in path]
    assert sorted(plain) == sorted(slugs)
    assert set(pages.NAIVE_PAGES) <= set(slugs)
    naive_app = (ROOT / "bench" / "naive" / "app.py").read_text(encoding="utf-8")
    for slug in pages.NAIVE_PAGES:
        assert f'"{slug}"' in naive_app


@pytest.fixture(scope="module")
def tiny_db(sample_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("bench") / "wh-10k.duckdb"
    warehouses._thin(sample_db, db)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EGOV_DB", str(db))
        yield db


def _province(db) -> str:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT province_code FROM agencies GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
                           ).fetchone()[0]
    finally:
        con.close()


def _same(a: pd.Series, b: pd.Series) -> bool:
    a, b = pd.to_numeric(a).astype(float).to_numpy(), pd.to_numeric(b).astype(float).to_numpy()
    return len(a) == len(b) and bool(np.allclose(a, b, rtol=1e-9, atol=1e-6, equal_nan=True))


def test_tiny_warehouse_is_about_10k_usage_rows(tiny_db):
    assert 5_000 <= warehouses.usage_rows(tiny_db) <= 20_000


@pytest.mark.parametrize("which", ["all", "province", "ministry_service"])
def test_naive_twin_computes_the_same_numbers_as_our_queries(tiny_db, which):
    prov = _province(tiny_db)
    nf, qf = {
        "all": (naive.F(), Filters()),
        "province": (naive.F(provinces=(prov,)), Filters(provinces=(prov,))),
        "ministry_service": (naive.F(ministries=("MOI",), services=("GIN",)),
                             Filters(ministries=("MOI",), services=("GIN",))),
    }[which]
    t = naive.load(tiny_db)
    fx = naive.facts(t, nf)

    a, b = naive.service_summary(t, nf, fx), adoption.service_summary(qf)
    assert list(a["service_code"]) == list(b["service_code"])
    for c in ("eligible", "adopted", "active", "underused", "units", "adopted_prev"):
        assert _same(a[c], b[c]), c

    a, b = naive.adoption_trend(t, nf, fx), adoption.adoption_trend(qf)
    assert list(a["service_code"]) == list(b["service_code"])
    for c in ("eligible", "adopted", "active"):
        assert _same(a[c], b[c]), c

    a, b = naive.province_measures(t, nf, fx), adoption.province_measures(qf)
    assert list(a["province_code"]) == list(b["province_code"])
    for c in ("eligible", "adopted", "active", "underused", "adopted_prev", "adoption_rate", "savings_mid",
              "responses", "events", "mean", "rank"):
        assert _same(a[c], b[c]), c

    a, b = naive.savings_by_service(t, nf, fx), savings.savings_by_service(qf)
    assert list(a["service_code"]) == list(b["service_code"]) and _same(a["savings_mid"], b["savings_mid_thb"])

    a, b = naive.satisfaction_by_service(t, nf), feedback.satisfaction_by_service(qf)
    assert list(a["service_code"]) == list(b["service_code"]) and _same(a["n"], b["n"]) and _same(a["mean"], b["mean"])

    a, b = naive.underused_agencies(t, nf, fx), agencies.underused_agencies(qf)
    assert list(a["agency_id"]) == list(b["agency_id"]) and list(a["service_code"]) == list(b["service_code"])
    assert _same(a["idle_months"], b["idle_months"]) and _same(a["units"], b["units"])
    assert list(pd.to_datetime(a["idle_since"])) == list(pd.to_datetime(b["idle_since"]))
    assert list(pd.to_datetime(a["last_active"]).fillna(pd.Timestamp(0))) == list(
        pd.to_datetime(b["last_active"]).fillna(pd.Timestamp(0)))

    a, b = naive.opportunity(t, nf, fx), opportunity.opportunity(qf)
    assert list(a["province_code"]) == list(b["province_code"])
    for c in ("eligible", "not_adopted", "potential_savings_mid_thb", "open_issues", "open_tickets", "rank"):
        assert _same(a[c], b[c]), c

    a, b = naive.opportunity_issues(t, nf), opportunity.opportunity_issues(qf)
    assert a[["province_code", "issue"]].values.tolist() == b[["province_code", "issue"]].values.tolist()
    assert _same(a["responses"], b["responses"])
