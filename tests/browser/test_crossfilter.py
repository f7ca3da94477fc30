"""Cross-filtering, clicked in Chromium: a Ministries heatmap cell, an Overview province bar, an Overview
trend point and a Provinces map province each set their global filter (ministry + service, province,
the period's month, province). After each click the test changes another sidebar control and checks the
sidebar, the numbers (against the warehouse, read with SQL) and the URL; then it undoes the click in the
sidebar. Plotly draws SVG: a point is clicked where its bounding box (or its axis position) is on screen.

Keyboard: plotly's charts take no focus and have no keyboard selection; the sidebar controls are the
keyboard way to the same filters (tests/browser/test_sidebar.py)."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from egov import fiscal, i18n

from .conftest import main_text, map_point, open_app, wait_idle
from .test_flows import MAIN, chosen, pick, query
from .test_sidebar import click_choice, eligible_shown, period_caption, remove_chip, thumb_months, type_and_enter

pytestmark = pytest.mark.browser


def sql(db, q: str, params: list | None = None):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(q, params or []).fetchall()
    finally:
        con.close()


def first_trace(page, field: str):
    """A field of the first chart's first trace, once that chart is drawn (a rerun redraws it)."""
    return page.wait_for_function(
        """(field) => { const gd = document.querySelector("[data-testid='stMain'] .js-plotly-plot");
                        return gd && gd._fullData && gd._fullData[0] ? {v: gd._fullData[0][field]} : null }""",
        arg=field).json_value()["v"]


def chart(page, n: int = 0):
    return page.locator(f"{MAIN} [data-testid='stPlotlyChart']").nth(n)


def click_at_data(page, which: int, trace: int, point: int) -> dict:
    """Hover then click point `point` of trace `trace` of the `which`-th chart, found from its axes; returns
    the point's x, y and customdata."""
    chart(page, which).scroll_into_view_if_needed()
    info = page.evaluate("""([which, trace, point]) => {
      const gd = document.querySelectorAll("[data-testid='stMain'] [data-testid='stPlotlyChart'] .js-plotly-plot")[which];
      const t = gd._fullData[trace];
      const xa = gd._fullLayout[t.xaxis.replace('x', 'xaxis')], ya = gd._fullLayout[t.yaxis.replace('y', 'yaxis')];
      const box = gd.querySelector('.nsewdrag').getBoundingClientRect();
      return {px: box.left + xa.l2p(xa.d2l(t.x[point])), py: box.top + ya.l2p(ya.d2l(t.y[point])),
              x: t.x[point], y: t.y[point], customdata: t.customdata ? t.customdata[point] : null};
    }""", [which, trace, point])
    page.mouse.move(info["px"], info["py"])
    page.wait_for_timeout(250)  # plotly's hover, which its click selection reads
    page.mouse.click(info["px"], info["py"])
    wait_idle(page)
    return info


# ---- a Ministries heatmap cell -> ministry and service -----------------------------------------------

def test_heatmap_cell_filters_ministry_and_service(page, server, sample_db):
    open_app(page, server.url, "/ministries")
    rows = sql(sample_db, "SELECT m.ministry_code, m.name_th FROM ministries m ORDER BY m.ministry_code")
    names = dict(rows)
    # the second row's second cell (the overlay trace #1 carries [ministry, service] per cell)
    n_cells = page.wait_for_function("""() => { const gd = document.querySelector("[data-testid='stMain'] .js-plotly-plot");
      return gd && gd._fullData && gd._fullData[1] && gd._fullData[1].x.length }""").json_value()
    assert n_cells >= 8, "the heatmap has too few cells to click"
    info = click_at_data(page, 0, 1, 5)
    ministry, service = info["customdata"]

    q = query(page.url)
    assert q.get("min") == [ministry] and q.get("svc") == [service], page.url
    assert chosen(page, "กระทรวง") == [names[ministry]]
    assert chosen(page, "บริการ") == [i18n.service_label(service)]
    # the heatmap is now that one cell, with the warehouse's numbers
    (adopted, eligible), = sql(sample_db, """
        SELECT sum(adopted), sum(eligible) FROM mart_adoption_monthly
        WHERE ministry_code = ? AND service_code = ?
          AND month = (SELECT max(month) FROM mart_adoption_monthly)""", [ministry, service])
    cells = first_trace(page, "text")
    assert cells == [[f"{i18n.fmt_pct(adopted / eligible, 'th', 0)} ({i18n.fmt_int(adopted)}/{i18n.fmt_int(eligible)})"]]

    # another control: the region system; the click's filter stays, in the sidebar and the URL
    click_choice(page, i18n.t("filters.region6_short", "th"))
    q = query(page.url)
    assert q.get("rs") == ["region6"] and q.get("min") == [ministry] and q.get("svc") == [service], page.url
    assert chosen(page, "กระทรวง") == [names[ministry]]

    # undone in the sidebar: the chip's remove button
    remove_chip(page, "บริการ", i18n.service_label(service))
    q = query(page.url)
    assert "svc" not in q and q.get("min") == [ministry], page.url
    n_services = sql(sample_db, "SELECT count(*) FROM services")[0][0]
    assert len(first_trace(page, "x")) == n_services


# ---- an Overview province bar -> province --------------------------------------------------------------

def _bar_chart_index(page) -> int:
    return page.evaluate("""() => [...document.querySelectorAll("[data-testid='stMain'] [data-testid='stPlotlyChart'] .js-plotly-plot")]
      .findIndex(gd => gd._fullData[0].type === 'bar' && gd._fullData[0].orientation === 'h')""")


def test_province_bar_filters_the_province(page, server, sample_db):
    open_app(page, server.url)
    which = _bar_chart_index(page)
    assert which >= 0, "the Overview shows no province bars"
    bar = chart(page, which).locator("g.trace.bars g.point path").first
    bar.scroll_into_view_if_needed()
    code = page.evaluate("(i) => document.querySelectorAll(\"[data-testid='stMain'] .js-plotly-plot\")[i]._fullData[0].customdata[0]",
                         which)
    name = sql(sample_db, "SELECT name_th FROM provinces WHERE province_code = ?", [code])[0][0]
    box = bar.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(250)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    wait_idle(page)

    assert query(page.url).get("prov") == [code], page.url
    assert chosen(page, "จังหวัด") == [name]
    agencies = sql(sample_db, "SELECT count(*) FROM agencies WHERE province_code = ?", [code])[0][0]
    assert eligible_shown(page) == agencies  # every agency is eligible for the first service (GIN)

    # another control: a fiscal-year preset, typed and chosen; the province stays
    pick(page, "เลือกช่วงเวลา", "ปีงบประมาณ พ.ศ. 2557")
    q = query(page.url)
    assert q.get("per") == ["fy2014"] and q.get("prov") == [code], page.url
    assert chosen(page, "จังหวัด") == [name]
    assert period_caption(page)[1:] == (dt.date(2013, 10, 1), dt.date(2014, 9, 1))

    remove_chip(page, "จังหวัด", name)
    assert "prov" not in query(page.url)
    assert eligible_shown(page) == sql(sample_db, "SELECT count(*) FROM agencies")[0][0]


# ---- an Overview trend point -> the period of that month ---------------------------------------------

def test_trend_point_sets_the_period_to_its_month(page, server, sample_db):
    open_app(page, server.url)
    which = page.evaluate("""() => [...document.querySelectorAll("[data-testid='stMain'] [data-testid='stPlotlyChart'] .js-plotly-plot")]
      .findIndex(gd => gd._fullData.some(t => t.type === 'scatter' && (t.mode || '').startsWith('lines')))""")
    assert which >= 0, "the Overview shows no trend"
    n = page.evaluate("(i) => document.querySelectorAll(\"[data-testid='stMain'] .js-plotly-plot\")[i]._fullData[0].x.length",
                      which)
    info = click_at_data(page, which, 0, n // 2)  # the first service's middle month
    month = info["customdata"]
    first = dt.date(int(month[:4]), int(month[5:7]), 1)

    q = query(page.url)
    assert q.get("from") == [month] and q.get("to") == [month] and "per" not in q, page.url
    assert thumb_months(page) == (first, first)
    assert period_caption(page) == (first, first, first)

    # another control: the region system; the month stays
    click_choice(page, i18n.t("filters.region6_short", "th"))
    q = query(page.url)
    assert q.get("from") == [month] and q.get("to") == [month] and q.get("rs") == ["region6"], page.url
    assert thumb_months(page) == (first, first)

    # undone with the sidebar's own control: the preset "everything"
    months = [r[0] for r in sql(sample_db, "SELECT DISTINCT month FROM mart_adoption_monthly ORDER BY 1")]
    pick(page, "เลือกช่วงเวลา", fiscal.preset_label(fiscal.ALL, months, "th"))
    assert not {"from", "to", "per"} & set(query(page.url)), page.url


# ---- a Provinces map province -> province (and its profile) -----------------------------------------

def test_map_click_filters_the_province(page, server, sample_db):
    open_app(page, server.url, "/provinces")
    iso, code = "TH-50", "50"
    name = sql(sample_db, "SELECT name_th FROM provinces WHERE province_code = ?", [code])[0][0]
    point = map_point(page, iso)
    page.mouse.click(point["x"], point["y"])
    wait_idle(page)
    q = query(page.url)
    assert q.get("prov") == [code] and q.get("p") == [code], page.url
    assert chosen(page, "จังหวัด") == [name]
    assert f"ข้อมูลจังหวัด{name}" in main_text(page)
    agencies = sql(sample_db, "SELECT count(*) FROM agencies WHERE province_code = ?", [code])[0][0]
    assert i18n.fmt_int(agencies) in page.locator(f"{MAIN} [data-testid='stMetricValue']").first.inner_text()

    # another control: a service chosen in the sidebar; the province stays
    type_and_enter(page, "บริการ", "GIN")
    q = query(page.url)
    assert q.get("prov") == [code] and q.get("svc") == ["GIN"], page.url
    assert chosen(page, "จังหวัด") == [name]

    remove_chip(page, "จังหวัด", name)
    assert "prov" not in query(page.url)
