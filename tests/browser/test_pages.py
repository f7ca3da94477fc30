"""Every page of the navigation renders in a real browser, offline: titles, no errors, charts drawn, Thai.

The pages are discovered from the sidebar, not listed here; the issue's Thai names are checked for the
pages that exist. One screenshot per page goes to tests/artifacts/<slug>.png.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from .conftest import (CHARTS_JS, THAI, chart_problems, goto_page, main_text, map_point, nav_links, open_app, screenshot,
                       ui_text_problems, wait_idle)

pytestmark = pytest.mark.browser

# The pages of issue 3, Thai names first. A page that exists must carry its issue name.
ISSUE_PAGES = {
    "ภาพรวม": "Overview",
    "จังหวัด": "Provinces",
    "กระทรวง": "Ministries",
    "ข้อมูลหน่วยงาน": "Agency profile",
    "การใช้งานต่ำและโอกาส": "Underuse and opportunity",
    "ความคิดเห็นและการสนับสนุน": "Feedback and support",
    "ประหยัดงบประมาณ": "Savings",
    "โรดโชว์": "Roadshows",
    "บรรยายสรุป": "Briefing",
    "ข้อมูล": "Data",
}
REQUIRED = ("ภาพรวม", "จังหวัด", "กระทรวง")
# Pages that, opened from the navigation with no choice made yet, show no chart or table: the briefing
# asks for a province first (test_flows opens one and checks its charts and downloads).
NO_CHART_OR_TABLE_EXPECTED = {"บรรยายสรุป"}
ERROR_TEXTS = ("Traceback", "ไม่สามารถแสดงส่วนนี้ได้", "This part could not be shown")


@pytest.fixture(scope="module")
def tour(context, server):
    """One session for the tour of every page: the app opened at its default page."""
    pg = context.new_page()
    open_app(pg, server.url)
    yield pg
    pg.close()


@pytest.fixture(scope="module")
def nav(tour) -> list[dict]:
    """The navigation as the browser shows it on first load."""
    links = nav_links(tour)
    assert links, "the sidebar shows no navigation links"
    return links


def test_navigation_titles_are_the_issue_thai_names(nav):
    titles = [link["title"] for link in nav]
    missing = [t for t in REQUIRED if t not in titles]
    assert not missing, f"pages missing from the navigation: {missing} (navigation: {titles})"
    assert len(set(titles)) == len(titles), f"duplicate page titles: {titles}"
    not_thai = [t for t in titles if not THAI.search(t)]
    assert not not_thai, f"page titles not in Thai (Thai is the default language): {not_thai}"
    unknown = [t for t in titles if t not in ISSUE_PAGES]
    assert not unknown, (f"page titles that are not issue 3's Thai names {list(ISSUE_PAGES)}: {unknown} "
                         "(rename the page, or update ISSUE_PAGES if the name changed on purpose)")
    assert titles[0] == "ภาพรวม", f"the first (default) page should be ภาพรวม, not {titles[0]!r}"


def _page_problems(page, title: str) -> list[str]:
    problems = []
    titles = page.locator("[data-testid='stMain'] h1")
    h1 = titles.first.inner_text().strip() if titles.count() else ""
    if h1 != title:
        problems.append(f"heading is {h1!r}, navigation says {title!r}")
    if page.locator("[data-testid='stException']").count():
        problems.append("exception box: " + page.locator("[data-testid='stException']").first.inner_text()[:600])
    text = main_text(page)
    for needle in ERROR_TEXTS:
        if needle in text:
            i = text.find(needle)
            problems.append(f"error text on the page: {text[max(0, i - 100):i + 300]!r}")
    errors = page.locator("[data-testid='stMain'] [data-testid='stAlertContentError']")
    for i in range(errors.count()):
        problems.append(f"error box: {errors.nth(i).inner_text()[:300]!r}")
    problems += ui_text_problems(page, "th")
    if len(THAI.findall(text)) < 20:
        problems.append(f"hardly any Thai text on a Thai page: {text[:300]!r}")

    n_tables = page.locator("[data-testid='stMain'] [data-testid='stDataFrame'], "
                            "[data-testid='stMain'] [data-testid='stTable']").count()
    charts = page.evaluate(CHARTS_JS)
    if not charts and not n_tables and title not in NO_CHART_OR_TABLE_EXPECTED:
        problems.append("no chart and no table on the page")
    problems += chart_problems(charts)
    return problems


def test_every_page_renders(tour, nav, artifacts):
    """Visit every page from the sidebar (one session, as a user would), check it, screenshot it."""
    page = tour
    failures = {}
    for link in nav:
        title, slug = link["title"], link["slug"] or "overview"
        goto_page(page, title)
        problems = _page_problems(page, title)
        screenshot(page, slug, artifacts)
        if problems:
            failures[f"{title} (/{link['slug']})"] = problems
    assert not failures, "pages that do not render cleanly:\n" + "\n".join(
        f"- {name}:\n    " + "\n    ".join(p) for name, p in failures.items())


def test_province_map_draws_every_province_and_a_click_opens_it(page, server):
    """The choropleth is drawn offline: all 77 provinces rendered as shaded shapes, visible in the pixels;
    clicking a province opens its profile and puts it in the URL."""
    open_app(page, server.url, "/provinces")
    maps = [m for c in page.evaluate(CHARTS_JS) for m in c.get("maps", [])]
    assert maps, "the provinces page shows no map"
    features = page.evaluate("""() => {
      const gd = [...document.querySelectorAll('.js-plotly-plot')].find(g => g._fullLayout._subplots.map.length);
      const map = gd._fullLayout.map._subplot.map;
      const fills = map.queryRenderedFeatures().filter(f => f.layer.type === 'fill');
      return {fills: fills.length, colours: [...new Set(fills.map(f => f.properties.fc))].length,
              centres: [...new Set(fills.map(f => JSON.stringify(f.properties.ct)))].length};
    }""")
    assert features["centres"] >= 77, f"fewer than 77 provinces drawn on the map: {features}"
    assert features["colours"] >= 3, f"the map is not shaded by the measure: {features}"
    # the pixels really show it (WebGL could have features queued and still paint nothing)
    chart = page.locator("[data-testid='stPlotlyChart']").filter(has=page.locator("canvas")).first
    assert _distinct_colours(chart.screenshot()) >= 8, "the map area looks blank in the screenshot"

    # click inside Chiang Mai (large and convex enough for its vertex mean to fall inside it)
    iso, name, code = "TH-50", "เชียงใหม่", "50"
    point = map_point(page, iso)
    assert point["hits"], f"the map has nothing drawn where {name} should be: {point}"
    page.mouse.click(point["x"], point["y"])
    wait_idle(page)
    assert f"ข้อมูลจังหวัด{name}" in main_text(page), f"clicking {name} on the map did not open its profile"
    assert parse_qs(urlparse(page.url).query).get("p") == [code], f"the URL does not name {name}: {page.url}"


def _distinct_colours(png: bytes) -> int:
    import io

    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("RGB").resize((200, 200))
    return len([c for _, c in img.getcolors(200 * 200) if sum(c) < 3 * 235])

