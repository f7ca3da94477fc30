"""An agency's profile reached the way a person reaches it: a click on the agency's ID in the Ministries
drill-down opens its profile (a new tab) with the agency in the URL, beside the language and filters of
the list; a change of language keeps the agency in the URL and shows the profile in English."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import duckdb
import pytest

from .conftest import main_text, open_app, screenshot, wait_idle

pytestmark = pytest.mark.browser

SIDEBAR = "[data-testid='stSidebar']"
MAIN = "[data-testid='stMain']"


@pytest.fixture(scope="module")
def first_moi_agency(sample_db) -> tuple[str, str]:
    """The first agency of the Interior ministry's list (its order: province, ministry, agency id)."""
    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        return con.execute("SELECT agency_id, agency_name FROM agencies WHERE ministry_code = 'MOI' "
                           "ORDER BY province_code, agency_id LIMIT 1").fetchone()
    finally:
        con.close()


def _click_first_id(page) -> None:
    """Click the agency ID of the first row of the last table on the page (the agency list): the grid is
    drawn on a canvas, so the click goes to where the first cell's text is drawn."""
    grid = page.locator(f"{MAIN} [data-testid='stDataFrame']").last
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    x, y = box["x"] + 30, box["y"] + 35 + 17  # header row 35 px; the link's text starts 8 px in
    page.mouse.move(x, y)
    page.wait_for_timeout(200)  # the link is clickable once hovered
    page.mouse.click(x, y)


def test_click_an_agency_in_the_ministries_drill_down_opens_its_profile(page, server, first_moi_agency, artifacts):
    agency_id, name = first_moi_agency
    open_app(page, server.url, "/ministries?ministry=MOI&svc=GIN,GCLOUD")
    # the drill-down's tables, the agency list last (the page may rerun once the sidebar has read the link)
    page.wait_for_function(f"() => document.querySelectorAll(\"{MAIN} [data-testid='stDataFrame']\").length >= 3",
                           timeout=60_000)
    wait_idle(page)
    with page.context.expect_page() as opened:
        _click_first_id(page)
    profile = opened.value
    try:
        profile.set_viewport_size({"width": 1440, "height": 900})
        wait_idle(profile)
        url = urlparse(profile.url)
        q = parse_qs(url.query)
        assert url.path.rstrip("/").endswith("/agency"), profile.url
        assert q["agency"] == [agency_id], profile.url
        assert q["svc"] == ["GIN,GCLOUD"], profile.url  # the list's filters came along
        text = main_text(profile)
        assert name in text and "ข้อมูลหน่วยงาน" in text and "บริการที่ใช้" in text
        assert profile.locator(f"{MAIN} [data-testid='stPlotlyChart']").count() >= 1

        # English: the same agency, the URL keeps it and says en
        profile.locator(SIDEBAR).get_by_role("radio", name="English", exact=True).click()
        wait_idle(profile)
        q = parse_qs(urlparse(profile.url).query)
        assert q["agency"] == [agency_id] and q["lang"] == ["en"], profile.url
        text = main_text(profile)
        assert "Agency profile" in text and "Services subscribed" in text and name in text
        assert "Monthly usage against the active threshold" in text and "บริการที่ใช้" not in text
        screenshot(profile, "agency_profile_en", artifacts)

        # back to Thai, for the record
        profile.locator(SIDEBAR).get_by_role("radio", name="ไทย", exact=True).click()
        wait_idle(profile)
        assert "lang" not in parse_qs(urlparse(profile.url).query) and agency_id in profile.url
        screenshot(profile, "agency_profile_th", artifacts)
    finally:
        profile.close()
