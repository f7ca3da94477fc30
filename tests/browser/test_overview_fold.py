"""The executive's one screen: at 1440x900 and 1366x768, in Thai and in English, the Overview shows on load,
without scrolling, each service's adoption rate with its change, the savings range of the current fiscal
year and satisfaction. Each answer's element must lie inside the viewport (its bounding box) and say what
the warehouse says (read with SQL on its own connection). A screenshot of the first screen of each is kept
in tests/artifacts/overview_fold_<width>x<height>_<lang>.png."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from egov import fiscal, i18n

from .conftest import open_app

pytestmark = pytest.mark.browser

SIZES = [(1440, 900), (1366, 768)]


@pytest.fixture(scope="module")
def truth(sample_db) -> dict:
    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        (last,), = con.execute("SELECT max(month) FROM mart_adoption_monthly").fetchall()
        fy_start = dt.date(last.year if last.month >= 10 else last.year - 1, 10, 1)  # 1 October
        (low, high), = con.execute("SELECT sum(savings_low_thb), sum(savings_high_thb) FROM mart_savings_monthly "
                                   "WHERE month BETWEEN ? AND ?", [fy_start, last]).fetchall()
        (mean, share, n), = con.execute("SELECT avg(satisfaction), avg((satisfaction >= 4)::INT), count(*) "
                                        "FROM feedback").fetchall()
        services = [r[0] for r in con.execute("SELECT service_code FROM services ORDER BY sort_order").fetchall()]
    finally:
        con.close()
    return {"last": last, "low": low, "high": high, "mean": mean, "share": share, "n": n, "services": services}


def _box(page, selector: str) -> dict:
    loc = page.locator(selector)
    assert loc.count() == 1, f"no single {selector} on the Overview"
    box = loc.bounding_box()
    assert box, f"{selector} is not drawn"
    return box


def _inside(box: dict, width: int, height: int) -> bool:
    return box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= width and box["y"] + box["height"] <= height


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("width,height", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_overview_answers_without_scrolling(page, server, artifacts, truth, width, height, lang):
    page.set_viewport_size({"width": width, "height": height})
    open_app(page, server.url, "/?lang=en" if lang == "en" else "/")
    page.screenshot(path=str(artifacts / f"overview_fold_{width}x{height}_{lang}.png"))
    assert page.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollTop") == 0

    outside = []
    # each service: its card, with the adoption rate and its change (delta) inside it
    for i, code in enumerate(truth["services"]):
        card = f".st-key-ov_svc_{i}"
        box = _box(page, card)
        if not _inside(box, width, height):
            outside.append(f"{code}'s card {box}")
        text = page.locator(card).inner_text()
        assert i18n.service_label(code) in text, f"card {i} is not {code}'s: {text!r}"
        assert i18n.t("m.adoption_rate", lang) in text
        # the service's description keeps clear of the first metric's label (they once overlapped)
        head = page.locator(f"{card} .ov-svc").bounding_box()
        label = page.locator(f"{card} [data-testid='stMetricLabel']").first.bounding_box()
        assert head["y"] + head["height"] <= label["y"] + 1, f"{code}'s description runs into its metric"
        deltas = page.locator(f"{card} [data-testid='stMetricDelta']")
        assert deltas.count() == 2, f"{code}'s card shows no change of its adoption: {text!r}"
        for j in range(2):
            if not _inside(deltas.nth(j).bounding_box(), width, height):
                outside.append(f"{code}'s change #{j + 1}")

    # the current fiscal year's savings range
    sav = ".st-key-ov_fy_savings [data-testid='stMetric']"
    box = _box(page, sav)
    if not _inside(box, width, height):
        outside.append(f"the fiscal-year savings {box}")
    value = page.locator(f"{sav} [data-testid='stMetricValue']").inner_text()
    assert value == i18n.fmt_baht_range(truth["low"], truth["high"], lang), value
    label = page.locator(f"{sav} [data-testid='stMetricLabel']").inner_text()
    assert fiscal.short_label(fiscal.fiscal_year(truth["last"]), lang) in label, label

    # satisfaction: the mean score and the satisfied share
    sat = page.locator(".st-key-ov_satisfaction [data-testid='stMetricValue']")
    assert sat.count() == 2
    assert [sat.nth(k).inner_text() for k in range(2)] == [
        f"{i18n.fmt_num(truth['mean'], lang, 2)} / 5", i18n.fmt_pct(truth["share"])]
    for k in range(2):
        if not _inside(sat.nth(k).bounding_box(), width, height):
            outside.append(f"satisfaction #{k + 1}")
    assert i18n.fmt_int(truth["n"]) in page.locator(".st-key-ov_satisfaction").inner_text()

    assert not outside, f"below the fold at {width}x{height} ({lang}): {outside}"
