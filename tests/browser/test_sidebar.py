"""Every sidebar control, used the way a person uses it in Chromium: a slider thumb dragged with the mouse
and moved with the arrow keys, a period preset typed and chosen, multiselects typed into (Enter) and a chip
removed, the region system and the language clicked, "clear filters" pressed. Each gesture is followed by
a change to another control, and after each the test reads what the Overview shows (the eligible-agency
count, the mid-case savings, the as-of caption) against the warehouse (SQL, independent of egov/reads/)
and the URL.

The period slider used to snap back to the whole range on every drag, and a shared from/to was dropped at
the next click on any other filter (egov/filters.py: the slider had no value=, so Streamlit decoded the two
thumbs as one value). These tests fail on that code."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import duckdb
import pytest

from egov import fiscal, i18n

from .conftest import main_text, open_app, screenshot, wait_idle
from .test_flows import SIDEBAR, chosen, pick, query

pytestmark = pytest.mark.browser

MAIN = "[data-testid='stMain']"


@dataclass(frozen=True)
class Warehouse:
    """What the sample warehouse says, read with SQL on its own connection."""

    path: str
    months: list[dt.date]

    def sql(self, q: str, params: list | None = None):
        con = duckdb.connect(self.path, read_only=True)
        try:
            return con.execute(q, params or []).fetchall()
        finally:
            con.close()

    def savings_mid(self, first: dt.date, last: dt.date, where: str = "TRUE", params: list | None = None) -> float:
        (v,), = self.sql(f"SELECT coalesce(sum(savings_mid_thb), 0) FROM mart_savings_monthly "
                         f"WHERE month BETWEEN ? AND ? AND {where}", [first, last] + (params or []))
        return v

    def agencies(self, where: str = "TRUE", params: list | None = None) -> int:
        (n,), = self.sql(f"SELECT count(*) FROM agencies WHERE {where}", params)
        return n

    def name(self, table: str, key: str, code: str, lang: str = "th", extra: str = "TRUE") -> str:
        (n,), = self.sql(f"SELECT name_{lang} FROM {table} WHERE {key} = ? AND {extra}", [code])
        return n


@pytest.fixture(scope="module")
def wh(sample_db) -> Warehouse:
    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        months = [r[0] for r in con.execute("SELECT DISTINCT month FROM mart_adoption_monthly ORDER BY 1").fetchall()]
    finally:
        con.close()
    assert len(months) > 36, "the sample warehouse should span several fiscal years"
    return Warehouse(str(sample_db), months)


# ---- what the page shows ---------------------------------------------------------------------------

def sidebar(page):
    return page.locator(SIDEBAR)


def thumbs(page):
    """The period slider's two thumbs (their hidden range inputs, which carry the focus and the value)."""
    t = sidebar(page).locator("[data-testid='stSlider']").get_by_role("slider")
    assert t.count() == 2, "the period slider should have two thumbs"
    return t


def parse_month(text: str) -> dt.date:
    """'มี.ค. 2557' or 'Mar 2014' -> 2014-03-01."""
    name, year = text.strip().rsplit(" ", 1)
    if name in i18n.TH_MONTHS:
        return dt.date(int(year) - i18n.BE_OFFSET, i18n.TH_MONTHS.index(name) + 1, 1)
    return dt.date(int(year), i18n.EN_MONTHS.index(name) + 1, 1)


def thumb_months(page) -> tuple[dt.date, dt.date]:
    t = thumbs(page)
    return parse_month(t.nth(0).get_attribute("aria-valuetext")), parse_month(t.nth(1).get_attribute("aria-valuetext"))


def metric(page, label: str) -> str:
    """The value of the metric labelled label in the main area."""
    box = page.locator(f"{MAIN} [data-testid='stMetric']").filter(
        has=page.locator("[data-testid='stMetricLabel']", has_text=label))
    assert box.count() >= 1, f"no metric labelled {label!r}"
    return box.first.locator("[data-testid='stMetricValue']").inner_text().strip()


def savings_shown(page, lang: str = "th") -> str:
    return metric(page, i18n.t("m.savings_mid", lang))


def eligible_shown(page, lang: str = "th") -> int:
    """The eligible agencies under the service cards ('จาก 1,988 หน่วยงาน')."""
    before, after = (re.escape(x) for x in i18n.t("ov.of_eligible", lang).split("{n}"))
    found = re.search(before + r"([\d,]+)" + after, main_text(page))
    assert found, "the Overview shows no eligible-agency count"
    return int(found.group(1).replace(",", ""))


def period_caption(page, lang: str = "th") -> tuple[dt.date, dt.date, dt.date]:
    """(as of, start, end) from the caption under the title."""
    cap = page.locator(f"{MAIN} [data-testid='stCaptionContainer']").first.inner_text()
    tmpl = i18n.t("app.asof", lang)
    head, rest = tmpl.split("{month}")
    mid, tail = rest.split("{start}")
    sep = tail.split("{end}")[0]
    assert cap.startswith(head), cap
    as_of, period = cap[len(head):].split(mid)
    start, end = period.split(sep)
    return parse_month(as_of), parse_month(start), parse_month(end)


def check(page, wh: Warehouse, first: dt.date, last: dt.date, eligible: int, where: str = "TRUE",
          params: list | None = None, lang: str = "th") -> None:
    """The Overview shows the period first..last (caption and thumbs), the warehouse's eligible count and its
    mid-case savings over that period under the filter (where/params on mart_savings_monthly)."""
    as_of, start, end = period_caption(page, lang)
    assert (start, end) == (first, last), f"the page shows the period {start} - {end}, expected {first} - {last}"
    assert as_of == last
    assert thumb_months(page) == (first, last), "the slider's thumbs do not show the period in use"
    assert eligible_shown(page, lang) == eligible
    assert savings_shown(page, lang) == i18n.fmt_baht(wh.savings_mid(first, last, where, params), lang)


def url_period(page) -> tuple[str | None, str | None, str | None]:
    q = query(page.url)
    return (q.get("from", [None])[0], q.get("to", [None])[0], q.get("per", [None])[0])


def drag_thumb(page, which: int, fraction: float) -> None:
    """Press the mouse on thumb `which` (0 start, 1 end), move it to `fraction` of the track, release."""
    thumb = thumbs(page).nth(which).locator("xpath=../..")  # the visible knob around the hidden input
    track = sidebar(page).locator("[data-testid='stSlider'] [role='group'] > div").first.bounding_box()
    box = thumb.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(track["x"] + track["width"] * fraction, y, steps=12)
    page.mouse.up()
    wait_idle(page)


def type_and_enter(page, label: str, text: str) -> None:
    """Click the multiselect labelled label, type text, press Enter (the first match), close the list."""
    box = sidebar(page).get_by_role("combobox", name=label, exact=True)
    box.click()
    page.keyboard.type(text)
    page.wait_for_selector("[role='option']")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_idle(page)


def remove_chip(page, label: str, chip: str) -> None:
    widget = sidebar(page).locator("[data-testid='stMultiSelect']").filter(
        has=page.get_by_role("combobox", name=label, exact=True))
    widget.get_by_role("button", name=f"Remove {chip}", exact=True).click()
    wait_idle(page)


def click_choice(page, name: str) -> None:
    sidebar(page).get_by_role("radio", name=name, exact=True).click()
    wait_idle(page)


# ---- the period slider -----------------------------------------------------------------------------

def test_drag_the_end_thumb_then_change_services(page, server, wh, artifacts):
    open_app(page, server.url)
    everyone = wh.agencies()
    first, last = wh.months[0], wh.months[-1]
    check(page, wh, first, last, everyone)
    assert url_period(page) == (None, None, None)

    drag_thumb(page, 1, 0.6)
    new_first, new_last = thumb_months(page)
    assert new_first == first and first < new_last < last, f"the drag did not hold: the end is {new_last}"
    check(page, wh, first, new_last, everyone)
    assert url_period(page) == (None, new_last.strftime("%Y-%m"), None)

    # another control: the period stays, the services filter applies on top of it
    type_and_enter(page, "บริการ", "GIN")
    assert chosen(page, "บริการ") == ["GIN"]
    check(page, wh, first, new_last, everyone, "service_code = 'GIN'")
    assert url_period(page) == (None, new_last.strftime("%Y-%m"), None)
    assert query(page.url).get("svc") == ["GIN"]
    screenshot(page, "sidebar_dragged_th", artifacts)


def test_arrow_keys_on_the_start_thumb_then_change_region_system(page, server, wh):
    open_app(page, server.url)
    thumbs(page).nth(0).focus()
    page.keyboard.press("ArrowRight")
    wait_idle(page)
    page.keyboard.press("ArrowRight")
    wait_idle(page)
    first, last = wh.months[2], wh.months[-1]
    check(page, wh, first, last, wh.agencies())
    assert url_period(page) == (first.strftime("%Y-%m"), None, None)

    click_choice(page, "6 ภาค")
    assert query(page.url).get("rs") == ["region6"]
    check(page, wh, first, last, wh.agencies())
    assert url_period(page) == (first.strftime("%Y-%m"), None, None)

    # a region of the 6-region system, typed: the period still holds and the numbers narrow to the region
    west = wh.name("regions", "region_code", "west", extra="system = 'region6'")
    type_and_enter(page, "ภาค", west)
    assert query(page.url).get("reg") == ["west"]
    inside = "province_code IN (SELECT province_code FROM provinces WHERE region6 = 'west')"
    check(page, wh, first, last, wh.agencies(inside), inside)
    assert url_period(page) == (first.strftime("%Y-%m"), None, None)

    page.keyboard.press("Escape")
    thumbs(page).nth(0).focus()
    page.keyboard.press("ArrowLeft")
    wait_idle(page)
    check(page, wh, wh.months[1], last, wh.agencies(inside), inside)
    assert url_period(page) == (wh.months[1].strftime("%Y-%m"), None, None)


def test_shared_period_link_survives_the_next_click(page, server, wh):
    first, last = dt.date(2013, 10, 1), dt.date(2014, 9, 1)
    assert first in wh.months and last in wh.months
    open_app(page, server.url, "/?from=2013-10&to=2014-09")
    check(page, wh, first, last, wh.agencies())

    moph = wh.name("ministries", "ministry_code", "MOPH")
    type_and_enter(page, "กระทรวง", moph)
    assert chosen(page, "กระทรวง") == [moph]
    check(page, wh, first, last, wh.agencies("ministry_code = 'MOPH'"), "ministry_code = 'MOPH'")
    assert url_period(page) == ("2013-10", "2014-09", None)
    assert query(page.url).get("min") == ["MOPH"]


# ---- presets of the Thai fiscal year -----------------------------------------------------------------

def test_fiscal_year_preset_then_province_then_drag(page, new_page, server, wh, artifacts):
    open_app(page, server.url)
    pick(page, "เลือกช่วงเวลา", "ปีงบประมาณ พ.ศ. 2557")
    first, last = dt.date(2013, 10, 1), dt.date(2014, 9, 1)
    check(page, wh, first, last, wh.agencies())
    assert url_period(page) == (None, None, "fy2014")

    # a province typed and entered: the fiscal year holds
    (code, name), = wh.sql("SELECT province_code, name_th FROM provinces WHERE province_code = '65'")
    type_and_enter(page, "จังหวัด", name)
    assert chosen(page, "จังหวัด") == [name]
    check(page, wh, first, last, wh.agencies("province_code = ?", [code]), "province_code = ?", [code])
    assert url_period(page) == (None, None, "fy2014") and query(page.url).get("prov") == [code]
    screenshot(page, "sidebar_fiscal_year_th", artifacts)

    # the shared link opens the same fiscal year and province
    other = new_page()
    open_app(other, page.url)
    check(other, wh, first, last, wh.agencies("province_code = ?", [code]), "province_code = ?", [code])
    assert chosen(other, "เลือกช่วงเวลา") == ["ปีงบประมาณ พ.ศ. 2557"]

    # removing the province chip: back to every agency, same fiscal year
    remove_chip(page, "จังหวัด", name)
    assert chosen(page, "จังหวัด") == [""], "the chip was not removed"  # no chip, an empty search box
    check(page, wh, first, last, wh.agencies())
    assert "prov" not in query(page.url) and url_period(page) == (None, None, "fy2014")

    # moving a thumb by hand: the preset gives way to a custom period, kept as from/to
    thumbs(page).nth(1).focus()
    page.keyboard.press("ArrowLeft")
    wait_idle(page)
    check(page, wh, first, dt.date(2014, 8, 1), wh.agencies())
    assert url_period(page) == ("2013-10", "2014-08", None)
    assert chosen(page, "เลือกช่วงเวลา") == [i18n.t("fy.custom", "th")]


@pytest.mark.parametrize("code", ["fytd", "last12", "fq2014-2", "cy2014"])
def test_other_presets_by_keyboard(page, server, wh, code):
    """Typed into the preset box and chosen with Enter; the URL carries the preset, the page its months."""
    open_app(page, server.url)
    label = fiscal.preset_label(code, wh.months, "th")
    box = sidebar(page).get_by_role("combobox", name="เลือกช่วงเวลา", exact=True)
    box.click()
    page.keyboard.type(label)
    page.get_by_role("option", name=label, exact=True).wait_for()
    page.keyboard.press("Enter")
    wait_idle(page)
    first, last = fiscal.resolve(code, wh.months)
    assert url_period(page) == (None, None, code)
    check(page, wh, first, last, wh.agencies())
    level = wh.name("vocabularies", "code", "local", extra="vocabulary = 'level'")
    type_and_enter(page, "ระดับหน่วยงาน", level)
    assert query(page.url).get("lvl") == ["local"] and url_period(page) == (None, None, code)
    check(page, wh, first, last, wh.agencies("level = 'local'"), "level = 'local'")


# ---- language and clearing -------------------------------------------------------------------------

def test_language_switch_keeps_the_period_and_filters_then_clear(page, server, wh, artifacts):
    open_app(page, server.url, "/?per=fq2014-2&svc=GCLOUD")
    first, last = dt.date(2014, 1, 1), dt.date(2014, 3, 1)
    check(page, wh, first, last, wh.agencies(), "service_code = 'GCLOUD'")

    click_choice(page, "English")
    assert query(page.url).get("lang") == ["en"]
    check(page, wh, first, last, wh.agencies(), "service_code = 'GCLOUD'", lang="en")
    assert chosen(page, "Choose a period") == ["Q2 FY2014 (Jan - Mar 2014)"]
    assert url_period(page) == (None, None, "fq2014-2") and query(page.url).get("svc") == ["GCLOUD"]
    screenshot(page, "sidebar_quarter_en", artifacts)

    # then a drag in English (the end thumb: the two sit on top of each other this close), and back to
    # Thai: the hand-set period survives both
    drag_thumb(page, 1, 0.9)
    _, new_last = thumb_months(page)
    assert last < new_last < wh.months[-1]
    check(page, wh, first, new_last, wh.agencies(), "service_code = 'GCLOUD'", lang="en")
    assert url_period(page) == ("2014-01", new_last.strftime("%Y-%m"), None)
    click_choice(page, "ไทย")
    assert "lang" not in query(page.url)
    check(page, wh, first, new_last, wh.agencies(), "service_code = 'GCLOUD'")
    assert url_period(page) == ("2014-01", new_last.strftime("%Y-%m"), None)

    sidebar(page).get_by_role("button", name="ล้างตัวกรอง", exact=True).click()
    wait_idle(page)
    check(page, wh, wh.months[0], wh.months[-1], wh.agencies())
    assert url_period(page) == (None, None, None) and "svc" not in query(page.url)
    assert chosen(page, "เลือกช่วงเวลา") == [fiscal.preset_label("all", wh.months, "th")]


# ---- savings per fiscal year, and the period every download names ------------------------------------

def test_savings_per_fiscal_year_and_the_download_names_its_period(page, server, wh, tmp_path, artifacts):
    import openpyxl

    open_app(page, server.url, "/savings?per=fy2014")
    # this fiscal year (to the period's last month), the last one, cumulative: the mart summed
    this = wh.savings_mid(fiscal.start(2014), fiscal.end(2014))
    last = wh.savings_mid(fiscal.start(2013), fiscal.end(2013))
    cumulative = wh.savings_mid(wh.months[0], fiscal.end(2014))
    assert metric(page, "ปีงบฯ 2557 ถึง ก.ย. 2557") == i18n.fmt_baht(this, "th")
    assert metric(page, "ปีงบฯ 2556") == i18n.fmt_baht(last, "th")
    assert metric(page, "สะสมถึง ก.ย. 2557") == i18n.fmt_baht(cumulative, "th")
    screenshot(page, "savings_fiscal_year_th", artifacts)

    # a province: the three figures narrow to it
    type_and_enter(page, "จังหวัด", wh.name("provinces", "province_code", "65"))
    mid = wh.savings_mid(fiscal.start(2014), fiscal.end(2014), "province_code = '65'")
    assert metric(page, "ปีงบฯ 2557 ถึง ก.ย. 2557") == i18n.fmt_baht(mid, "th")

    page.locator(MAIN).get_by_text("ตารางรายปีงบประมาณ", exact=True).click()
    wait_idle(page)
    with page.expect_download(timeout=60_000) as info:  # the file is made on the click (deferred download)
        page.locator(f"{MAIN} .st-key-egov_dl_sv_table_fiscal_year [data-testid='stDownloadButton']").filter(
            has_text="ดาวน์โหลด Excel").click()
    dl = info.value
    assert dl.suggested_filename == "savings_fiscal_year_2013-10_2014-09.xlsx"
    out = tmp_path / dl.suggested_filename
    dl.save_as(out)
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames[1] == "ช่วงเวลา"
    assert list(wb["ช่วงเวลา"].iter_rows(values_only=True))[1] == ("ปีงบประมาณ พ.ศ. 2557", "ต.ค. 2556", "ก.ย. 2557")
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    assert rows[-1][0] == "ปีงบประมาณ พ.ศ. 2557"  # fiscal years up to the period's last month
    assert rows[-1][4] == round(mid)  # the mid case, province 65
