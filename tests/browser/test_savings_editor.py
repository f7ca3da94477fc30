"""The Savings page's assumption editor worked the way a person works it: a double-click on GIN's mid-case
cost, a new number typed and Enter, moves the mid-case total to what the warehouse's unit-months give under
the new cost (and leaves the low and high cases); the reset button brings the warehouse's numbers back.
The session copy, its coercion and the reset live in egov/assumptions.py; this drives them through the page.
"""

from __future__ import annotations

import duckdb
import pytest

from egov import i18n

from .conftest import open_app, screenshot, wait_idle

pytestmark = pytest.mark.browser

MAIN = "[data-testid='stMain']"
# the editor's columns as pages/savings.py sizes them: service 100 px, unit 110 px, then 125 px per number
MID_X = 100 + 110 + 125 + 62
ROW_Y = 35 + 17  # the header row is 35 px; the first row's middle


@pytest.fixture(scope="module")
def gin(sample_db) -> dict:
    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        um, = con.execute("SELECT sum(unit_months) FROM mart_savings_monthly WHERE service_code = 'GIN'").fetchone()
        low, mid, high = con.execute("SELECT sum(savings_low_thb), sum(savings_mid_thb), sum(savings_high_thb) "
                                     "FROM mart_savings_monthly").fetchone()
        cost, = con.execute("SELECT cost_mid_thb_per_unit_year FROM cost_assumptions "
                            "WHERE service_code = 'GIN'").fetchone()
        first, = con.execute("SELECT service_code FROM services ORDER BY sort_order LIMIT 1").fetchone()
    finally:
        con.close()
    return {"um": um, "low": low, "mid": mid, "high": high, "cost": cost, "first": first}


def totals(page) -> list[str]:
    """The three savings totals (low, mid, high) at the top of the page."""
    return [v.strip() for v in page.locator(f"{MAIN} [data-testid='stMetricValue']").all_inner_texts()[:3]]


def test_edit_a_cost_in_the_grid_then_reset(page, server, gin, artifacts):
    assert gin["first"] == "GIN"  # the editor's first row is the one edited below
    open_app(page, server.url, "/savings")
    before = totals(page)
    assert before == [i18n.fmt_baht(gin[c], "th", unit=False) for c in ("low", "mid", "high")]
    reset = page.locator(f"{MAIN} .st-key-sv_reset button")
    assert reset.is_disabled()

    grid = page.locator(f"{MAIN} .st-key-sv_editor_0 [data-testid='stDataFrame']")
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.dblclick(box["x"] + MID_X, box["y"] + ROW_Y)
    new_cost = gin["cost"] * 2
    page.wait_for_timeout(300)  # the cell's editor opens
    page.keyboard.press("Control+A")
    page.keyboard.type(str(int(new_cost)), delay=80)  # a person's pace: the editor drops keys typed faster
    page.keyboard.press("Enter")
    wait_idle(page)
    page.wait_for_function(f"() => !document.querySelector(\"{MAIN} .st-key-sv_reset button\").disabled",
                           timeout=30_000)
    wait_idle(page)
    expected_mid = gin["mid"] + gin["um"] * (new_cost - gin["cost"]) / 12
    after = totals(page)
    screenshot(page, "savings_edited", artifacts)
    assert after == [before[0], i18n.fmt_baht(expected_mid, "th", unit=False), before[2]]
    assert page.get_by_text(i18n.t("sv.edited", "th", default=i18n.fmt_baht(gin["mid"], "th"))).count() == 1

    reset.click()
    wait_idle(page)
    page.wait_for_function(f"() => document.querySelector(\"{MAIN} .st-key-sv_reset button\").disabled",
                           timeout=30_000)
    assert totals(page) == before
