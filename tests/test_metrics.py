"""egov/metrics.py and egov/definitions.py."""

from __future__ import annotations

import datetime as dt
import importlib
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import streamlit as st_cache
from hypothesis import given, settings
from hypothesis import strategies as st

from egov import metrics
from egov.definitions import METRICS

ROOT = Path(__file__).resolve().parents[1]
SAVINGS_COLS = ["staff_hours_saved", "savings_low_thb", "savings_mid_thb", "savings_high_thb"]


# --- rates ----------------------------------------------------------------------------------------

def test_rates_on_numbers():
    assert metrics.adoption_rate(3, 4) == 0.75
    assert metrics.active_rate(1, 4) == 0.25
    assert metrics.adoption_rate(0, 0) is None
    assert metrics.active_rate(0, 0) is None
    assert metrics.adoption_rate(2, None) is None
    assert metrics.adoption_rate(np.int64(1), np.int64(2)) == 0.5


def test_rates_on_series_guard_zero_eligible():
    r = metrics.adoption_rate(pd.Series([1, 0, 2]), pd.Series([4, 0, 2]))
    assert r.iloc[0] == 0.25 and np.isnan(r.iloc[1]) and r.iloc[2] == 1.0


@given(st.integers(0, 10**6), st.integers(0, 10**6))
def test_adoption_rate_is_a_share(a, e):
    adopted, eligible = min(a, e), max(a, e)
    r = metrics.adoption_rate(adopted, eligible)
    if eligible == 0:
        assert r is None
    else:
        assert 0.0 <= r <= 1.0 and r == adopted / eligible


# --- savings: reads.savings.priced, the macros of etl/sql/definitions.sql given assumptions as ? lists ---

ASSUMPTIONS = pd.DataFrame({
    "service_code": ["GIN", "MAILGOTHAI"],
    "cost_low_thb_per_unit_year": [12000.0, 1200.0],
    "cost_mid_thb_per_unit_year": [24000.0, 2400.0],
    "cost_high_thb_per_unit_year": [36000.0, 3600.0],
    "staff_hours_saved_per_unit_year": [12.0, 1.0],
    "staff_cost_thb_per_hour": [100.0, 240.0],
})


@pytest.fixture
def priced(use_sample_db):
    from egov.reads import savings

    st_cache.cache_data.clear()
    return savings.priced


def test_savings_exact_baht(priced):
    df = pd.DataFrame({"service_code": ["GIN", "MAILGOTHAI", "GOVMON"], "unit_months": [3, 120, 5],
                       "label": ["a", "b", "c"]})
    out = priced(df, ASSUMPTIONS)
    assert out["label"].tolist() == ["a", "b", "c"] and "savings_mid_thb" not in df
    # GIN: 3 unit-months -> 3 staff hours (300 THB) + 3 x 1000 / 2000 / 3000
    # MailGoThai: 120 mailbox-months -> 10 staff hours (2400 THB) + 120 x 100 / 200 / 300
    assert out.loc[:1, SAVINGS_COLS].values.tolist() == [[3.0, 3300.0, 6300.0, 9300.0],
                                                         [10.0, 14400.0, 26400.0, 38400.0]]
    assert out.loc[2, SAVINGS_COLS].isna().all()   # no assumptions for GOVMON
    assert priced(df.iloc[:0], ASSUMPTIONS.set_index("service_code")).empty  # index or column service_code


def test_savings_needs_its_columns(priced):
    with pytest.raises(ValueError):
        priced(pd.DataFrame({"unit_months": [1]}), ASSUMPTIONS)
    with pytest.raises(ValueError):
        priced(pd.DataFrame({"unit_months": [1], "service_code": ["GIN"]}),
               ASSUMPTIONS.drop(columns="staff_cost_thb_per_hour"))


def test_savings_low_mid_high_are_ordered(priced):
    @given(st.integers(0, 10**7), st.lists(st.floats(0, 1e7), min_size=3, max_size=3),
           st.floats(0, 1000), st.floats(0, 5000))
    @settings(max_examples=40, deadline=None)
    def check(um, costs, hours, staff):
        low, mid, high = sorted(costs)
        a = pd.DataFrame({"service_code": ["GIN"], "cost_low_thb_per_unit_year": [low],
                          "cost_mid_thb_per_unit_year": [mid], "cost_high_thb_per_unit_year": [high],
                          "staff_hours_saved_per_unit_year": [hours], "staff_cost_thb_per_hour": [staff]})
        out = priced(pd.DataFrame({"service_code": ["GIN"], "unit_months": [um]}), a).iloc[0]
        assert 0 <= out["savings_low_thb"] <= out["savings_mid_thb"] <= out["savings_high_thb"]

    check()


def test_savings_reconciles_exactly_with_the_mart(priced, use_sample_db):
    """The mart's rows priced again under the warehouse's own assumptions: the same macro, bit for bit."""
    from egov import db

    mart = db.query("SELECT * FROM mart_savings_monthly ORDER BY ALL")
    assert len(mart) > 1000 and set(mart["service_code"]) == {"GIN", "GCLOUD", "MAILGOTHAI", "GOVMON"}
    out = priced(mart.drop(columns=SAVINGS_COLS), db.query("SELECT * FROM cost_assumptions"))
    for col in SAVINGS_COLS:
        assert np.array_equal(out[col].to_numpy(), mart[col].to_numpy()), col   # bit for bit


def test_savings_with_edited_assumptions(priced, use_sample_db):
    from egov import db

    mart = db.query("SELECT service_code, sum(unit_months) AS unit_months FROM mart_savings_monthly GROUP BY ALL")
    a = db.query("SELECT * FROM cost_assumptions")
    base = priced(mart, a).set_index("service_code")
    a.loc[a["service_code"] == "GIN", "cost_mid_thb_per_unit_year"] *= 2
    edited = priced(mart, a).set_index("service_code")
    gin_um = mart.set_index("service_code").loc["GIN", "unit_months"]
    gin_mid = a.set_index("service_code").loc["GIN", "cost_mid_thb_per_unit_year"]
    assert edited.loc["GIN", "savings_mid_thb"] - base.loc["GIN", "savings_mid_thb"] == pytest.approx(
        gin_um * gin_mid / 2 / 12)
    assert edited.loc["GCLOUD", "savings_mid_thb"] == base.loc["GCLOUD", "savings_mid_thb"]
    assert (edited["savings_low_thb"] == base["savings_low_thb"]).all()


def test_window_months_is_the_macros(use_sample_db):
    """metrics.WINDOW_MONTHS is read from definitions.sql and agrees with window_start() in the warehouse."""
    from egov import db, filters

    assert metrics.WINDOW_MONTHS == 12
    got = db.query("SELECT window_months() AS n, window_start(DATE '2016-03-01') AS w").iloc[0]
    assert int(got["n"]) == metrics.WINDOW_MONTHS
    assert pd.Timestamp(got["w"]).date() == filters.window_start(dt.date(2016, 3, 1)) == dt.date(2015, 4, 1)


# --- satisfaction ---------------------------------------------------------------------------------

def test_satisfaction_summary_on_numbers():
    s = metrics.satisfaction_summary(12, 48, 9)
    assert s == {"mean": 4.0, "share_satisfied": 0.75, "n": 12, "too_few": False}
    assert metrics.satisfaction_summary(9, 27, 3)["too_few"] is True
    assert metrics.satisfaction_summary(10, 30, 3)["too_few"] is False
    assert metrics.satisfaction_summary(0, 0, 0) == {"mean": None, "share_satisfied": None, "n": 0,
                                                      "too_few": True}


def test_satisfaction_summary_sums_mart_rows():
    rows = pd.DataFrame({"responses": [5, 1], "satisfaction_sum": [17, 2], "satisfied": [3, 0]})
    s = metrics.satisfaction_summary(rows["responses"], rows["satisfaction_sum"], rows["satisfied"])
    assert s == {"mean": 19 / 6, "share_satisfied": 0.5, "n": 6, "too_few": True}


@given(st.lists(st.integers(1, 5), max_size=40))
def test_satisfaction_summary_matches_the_scores(scores):
    s = metrics.satisfaction_summary(len(scores), sum(scores), sum(x >= 4 for x in scores))
    assert s["n"] == len(scores) and s["too_few"] == (len(scores) < 10)
    if scores:
        assert 1 <= s["mean"] <= 5 and s["mean"] == pytest.approx(np.mean(scores))
        assert s["share_satisfied"] == pytest.approx(np.mean([x >= 4 for x in scores]))


# --- definitions ----------------------------------------------------------------------------------

REQUIRED = ["eligible", "adopted", "active", "adoption_rate", "active_rate", "underused", "savings",
            "satisfaction_mean", "satisfaction_share", "too_few", "roadshow_impact", "opportunity",
            "hours_to_close", "backlog"]
THAI = re.compile(r"[\u0E00-\u0E7F]")


@pytest.mark.parametrize("key", REQUIRED)
def test_required_metric_is_defined(key):
    assert key in METRICS


@pytest.mark.parametrize("key", sorted(METRICS))
def test_definition_is_complete_and_points_at_real_code(key):
    d = METRICS[key]
    assert set(d) == {"th", "en", "where"}
    assert THAI.search(d["th"]) and d["th"].strip() == d["th"]
    assert not THAI.search(d["en"]) and d["en"].endswith(".")
    where = d["where"]
    if ":" in where and where.endswith(".sql", 0, where.index(":")):  # a macro of etl/sql/definitions.sql
        path, macro = where.split(":")
        assert path == "etl/sql/definitions.sql", where
        assert re.search(rf"^CREATE OR REPLACE MACRO {macro}\(", (ROOT / path).read_text(encoding="utf-8"), re.M), where
    elif ":" in where:
        path, func = where.split(":")
        assert (ROOT / path).is_file(), where
        module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
        assert callable(getattr(module, func)), where
    else:
        assert (ROOT / where).is_file(), where
        assert where.startswith("etl/sql/marts/")
