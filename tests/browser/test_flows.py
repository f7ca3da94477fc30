"""What people do with the dashboard, in a real browser, offline: filter and share the link (and keep it
across pages), open a province's profile and share it, switch language (every page in English) and back,
download a table as CSV and XLSX, and walk through the briefing and download it as PPTX and PDF, reading
the Thai back out of both. (Clicking a province on the map is in test_pages.)"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import duckdb
import pytest

from .conftest import (CHARTS_JS, DEPS_HINT, THAI, chart_problems, goto_page, main_text, nav_links, open_app,
                       screenshot, ui_text_problems, wait_idle)

pytestmark = pytest.mark.browser

SIDEBAR = "[data-testid='stSidebar']"
MAIN = "[data-testid='stMain']"
_THAI_WORD = re.compile(r"[\u0E00-\u0E7F]+")


@dataclass(frozen=True)
class Province:
    code: str
    name_th: str
    name_en: str
    agencies: int


@dataclass(frozen=True)
class Facts:
    """What the tests need to know from the sample warehouse, read once (the connection is not kept open)."""

    province: Province
    province_names: dict[str, str]  # Thai name -> code
    thai_data_words: set[str]  # Thai words of data that exists only in Thai (names, titles, comments)


@pytest.fixture(scope="module")
def facts(sample_db) -> Facts:
    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        # Phitsanulok (65), the province DESIGN.md uses as its example, when the sample has agencies there
        row = con.execute(
            "SELECT p.province_code, p.name_th, p.name_en, count(*) AS n FROM agencies a JOIN provinces p "
            "USING (province_code) GROUP BY 1, 2, 3 ORDER BY (p.province_code = '65') DESC, n DESC LIMIT 1").fetchone()
        names = dict(con.execute("SELECT name_th, province_code FROM provinces").fetchall())
        words = set()
        for table, col in (("agencies", "agency_name"), ("agencies", "department"), ("events", "title"),
                           ("feedback", "comment")):
            for (value,) in con.execute(f"SELECT DISTINCT {col} FROM {table} WHERE {col} IS NOT NULL").fetchall():
                words.update(_THAI_WORD.findall(str(value)))
    finally:
        con.close()
    return Facts(Province(*row), names, words)


@pytest.fixture(scope="module")
def province(facts) -> Province:
    return facts.province


@pytest.fixture(scope="module")
def province_names(facts) -> dict[str, str]:
    return facts.province_names


def h1(page) -> str:
    """The page's title ('' when it has none)."""
    titles = page.locator(f"{MAIN} h1")
    return titles.first.inner_text().strip() if titles.count() else ""


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query)


def metrics(page) -> list[str]:
    return page.locator(f"{MAIN} [data-testid='stMetricValue']").all_inner_texts()


def pick(page, label: str, option: str, where: str = SIDEBAR) -> None:
    """Choose `option` in the multiselect or selectbox labelled `label` (typing to filter, then clicking)."""
    box = page.locator(where).get_by_role("combobox", name=label, exact=True)
    assert box.count() == 1, f"no single widget labelled {label!r} in {where}"
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    wait_idle(page)


def chosen(page, label: str, where: str = SIDEBAR) -> list[str]:
    """The tags of a multiselect (or the value of a selectbox) labelled `label`."""
    widget = page.locator(where).locator("[data-testid='stMultiSelect'], [data-testid='stSelectbox']").filter(
        has=page.get_by_role("combobox", name=label, exact=True))
    tags = widget.locator("[data-testid='stMultiSelectTagsContainer'] [data-tag]")
    if tags.count():
        return [tags.nth(i).get_attribute("aria-label") for i in range(tags.count())]
    return [widget.get_by_role("combobox").input_value()]


# ---- filters and shared links ----------------------------------------------------------------------

def test_filter_changes_numbers_url_and_shared_link(page, new_page, server, province, artifacts):
    open_app(page, server.url)
    before = metrics(page)
    assert len(before) >= 4, f"the overview shows too few numbers: {before}"
    assert "prov" not in query(page.url)

    pick(page, "จังหวัด", province.name_th)
    assert query(page.url).get("prov") == [province.code], f"the URL does not carry the province: {page.url}"
    after = metrics(page)
    assert after != before, f"the overview's numbers did not change with the province filter: {after}"
    text = main_text(page)
    assert f"จาก {province.agencies:,} หน่วยงาน" in text, (
        f"the overview should count the {province.agencies} agencies of {province.name_th} as eligible")
    screenshot(page, "overview_filtered", artifacts)

    # the shared link reopens the same view in another session
    shared = page.url
    other = new_page()
    open_app(other, shared)
    assert chosen(other, "จังหวัด") == [province.name_th], "the shared link did not restore the province filter"
    assert query(other.url).get("prov") == [province.code], f"the reopened URL lost the filter: {other.url}"
    assert metrics(other) == after, "the shared link shows other numbers than the page it was copied from"

    # and the filter is kept across pages (sidebar state and URL)
    goto_page(page, "จังหวัด")
    assert chosen(page, "จังหวัด") == [province.name_th], "the province filter was lost on the next page"
    assert query(page.url).get("prov") == [province.code], f"the URL lost the filter on the next page: {page.url}"


def test_province_profile_from_list_and_shared_link(page, new_page, server, province):
    open_app(page, server.url, "/provinces")
    pick(page, "เลือกจังหวัดเพื่อดูรายละเอียด", province.name_th, where=MAIN)
    heading = f"ข้อมูลจังหวัด{province.name_th}"
    assert heading in main_text(page), f"choosing {province.name_th} did not open its profile"
    assert query(page.url).get("p") == [province.code], f"the URL does not carry the chosen province: {page.url}"

    other = new_page()
    other.goto(page.url)
    wait_idle(other)
    assert heading in main_text(other), "the shared link of a province profile did not reopen the profile"


# ---- language ----------------------------------------------------------------------------------------

# Thai that may stay on an English page: the language switch names itself in both languages, and data
# that exists only in Thai (agency and department names, event titles, comments) is shown as it is.
ALLOWED_THAI_IN_ENGLISH = {"ภาษา", "ไทย"}


def test_switch_language_and_back(page, new_page, server, artifacts, facts):
    open_app(page, server.url)
    thai_titles = [link["title"] for link in nav_links(page)]
    page.locator(SIDEBAR).get_by_role("radio", name="English", exact=True).click()
    wait_idle(page)

    titles = [link["title"] for link in nav_links(page)]
    assert {"Overview", "Provinces", "Ministries"} <= set(titles), f"the navigation is not in English: {titles}"
    assert h1(page) == "Overview"
    assert query(page.url).get("lang") == ["en"], f"the URL does not carry the language: {page.url}"
    assert "Filters" in page.locator(SIDEBAR).inner_text()

    # every page, in English: English heading, no Thai left in the main area or the sidebar's filters
    leftovers = {}
    for title, thai in zip(titles, thai_titles):
        goto_page(page, title)
        heading = h1(page)
        sidebar = page.locator("[data-testid='stSidebarUserContent']")
        shown = sidebar.count() and sidebar.is_visible()  # hidden in the briefing's presenter mode
        words = set(_THAI_WORD.findall(main_text(page) + ("\n" + sidebar.inner_text() if shown else "")))
        words -= facts.thai_data_words | ALLOWED_THAI_IN_ENGLISH
        problems = ui_text_problems(page, "en")
        if heading != title or words or problems:
            leftovers[f"{thai} / {title}"] = "; ".join([f"heading {heading!r}, Thai words: {sorted(words)[:15]}"]
                                                       + problems)
        screenshot(page, f"{(urlparse(page.url).path.strip('/') or 'overview')}_en", artifacts)
    assert not leftovers, "English pages that are not (all) English:\n" + "\n".join(
        f"- {k}: {v}" for k, v in leftovers.items())

    # a shared English link opens in English
    other = new_page()
    other.goto(page.url)
    wait_idle(other)
    assert [link["title"] for link in nav_links(other)] == titles, "a shared ?lang=en link did not open in English"

    # and back to Thai
    goto_page(page, "Overview")
    page.locator(SIDEBAR).get_by_role("radio", name="ไทย", exact=True).click()
    wait_idle(page)
    assert [link["title"] for link in nav_links(page)] == thai_titles
    assert h1(page) == "ภาพรวม"
    assert "lang" not in query(page.url), f"Thai is the default: no lang in the URL, got {page.url}"
    assert "ตัวกรอง" in page.locator(SIDEBAR).inner_text()


# ---- table downloads ---------------------------------------------------------------------------------

def download(page, button_text: str, tmp_path: Path, timeout: float = 30_000) -> Path:
    button = page.locator(f"{MAIN} [data-testid='stDownloadButton']").filter(has_text=button_text).first
    with page.expect_download(timeout=timeout) as info:
        button.click()
    dl = info.value
    assert dl.failure() is None, f"download failed: {dl.failure()}"
    out = tmp_path / dl.suggested_filename
    dl.save_as(out)
    return out


def test_download_table_csv_and_xlsx(page, server, province_names, tmp_path):
    """The province ranking as CSV (UTF-8 with BOM, Thai readable) and XLSX (openpyxl opens it), same rows."""
    import openpyxl

    open_app(page, server.url, "/provinces")
    csv_path = download(page, "ดาวน์โหลด CSV", tmp_path)
    xlsx_path = download(page, "ดาวน์โหลด Excel", tmp_path)
    assert csv_path.suffix == ".csv" and xlsx_path.suffix == ".xlsx", (csv_path.name, xlsx_path.name)

    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "the CSV has no UTF-8 BOM (Excel would garble the Thai)"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert any(THAI.search(h) for h in header), f"the CSV header is not in Thai: {header}"
    assert len(body) >= 10, f"the ranking CSV has only {len(body)} rows"
    names = {cell for row in body for cell in row if cell in province_names}
    assert len(names) == len(body), f"not every CSV row names a Thai province: {body[:3]}"

    wb = openpyxl.load_workbook(xlsx_path, read_only=True)
    ws = wb.worksheets[0]
    xrows = [["" if v is None else v for v in r] for r in ws.iter_rows(values_only=True)]
    wb.close()
    assert [str(v) for v in xrows[0]] == header, f"XLSX and CSV headers differ: {xrows[0]} vs {header}"
    assert len(xrows) - 1 == len(body), f"XLSX has {len(xrows) - 1} rows, CSV {len(body)}"
    for i, (crow, xrow) in enumerate(zip(body, xrows[1:]), start=2):
        for col, c, x in zip(header, crow, xrow):
            same = (float(c) == pytest.approx(x)) if isinstance(x, (int, float)) and c else str(x) == c
            assert same, f"row {i}, column {col!r}: CSV has {c!r}, XLSX has {x!r}"


# ---- the briefing pack -----------------------------------------------------------------------------

BRIEFING_TITLE = "บรรยายสรุป"
_MARKS = re.compile(r"[\uF700-\uF8FF\u0E31\u0E34-\u0E3A\u0E47-\u0E4E\s\u200b-\u200d\ufeff]")


def _loose(s: str) -> str:
    """pypdf drops or maps Thai tone marks and above/below vowels to private-use glyph codes, and splits
    sara am: compare the base letters only (pdftotext, checked strictly, covers the marks)."""
    return _MARKS.sub("", unicodedata.normalize("NFKC", s))


def _strict(s: str) -> str:
    return re.sub(r"[\s\u200b-\u200d\ufeff]", "", unicodedata.normalize("NFC", s))


def _pptx_text(path: Path) -> tuple[str, int, bool]:
    """All text of a presentation (text frames, tables, groups, chart titles and categories), the number of
    native charts, and whether a complex-script (a:cs) typeface is set anywhere."""
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    prs = Presentation(str(path))
    parts, charts = [], 0

    def walk(shapes):
        nonlocal charts
        for sh in shapes:
            if sh.shape_type == MSO_SHAPE_TYPE.GROUP:
                walk(sh.shapes)
            if getattr(sh, "has_text_frame", False) and sh.has_text_frame:
                parts.append(sh.text_frame.text)
            if getattr(sh, "has_table", False) and sh.has_table:
                parts.extend(c.text for r in sh.table.rows for c in r.cells)
            if getattr(sh, "has_chart", False) and sh.has_chart:
                charts += 1
                ch = sh.chart
                if ch.has_title and ch.chart_title.has_text_frame:
                    parts.append(ch.chart_title.text_frame.text)
                for plot in ch.plots:
                    parts.extend(str(c) for c in plot.categories)

    for slide in prs.slides:
        walk(slide.shapes)
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    xml = b"".join(part.blob for part in prs.part.package.iter_parts() if part.partname.endswith(".xml"))
    cs = re.search(rb'<a:cs typeface="[^"]+"', xml) is not None
    return "\n".join(parts), charts, cs


def _briefing_link(page) -> dict | None:
    return next((x for x in nav_links(page) if x["title"] == BRIEFING_TITLE or x["slug"] == "briefing"), None)


def test_briefing_downloads_pptx_and_pdf_with_thai(page, server, province, province_names, tmp_path, artifacts):
    open_app(page, server.url)
    link = _briefing_link(page)
    if link is None:  # never skipped: the pack is what presenters take to a seminar
        pytest.fail(f"the navigation has no {BRIEFING_TITLE} (briefing) page: {[x['title'] for x in nav_links(page)]}",
                    pytrace=False)
    goto_page(page, link["title"])

    # choose the province when the page offers a choice, else take the one it shows
    combos = page.locator(MAIN).get_by_role("combobox")
    for i in range(combos.count()):
        label = combos.nth(i).get_attribute("aria-label") or ""
        if "จังหวัด" in label:
            pick(page, label, province.name_th, where=MAIN)
            break
    # choosing a province turns presenter mode on (only the slide): its ✕ gives the controls back
    leave = page.locator(".st-key-br_exit_btn").get_by_role("button")
    if leave.count() and leave.first.is_visible():
        leave.first.click()
        wait_idle(page)
    text = main_text(page)
    shown = [n for n in province_names if n in text]
    assert shown, f"the briefing names no province: {text[:300]!r}"
    name = province.name_th if province.name_th in shown else max(shown, key=len)

    # every screen of the story renders (presenter mode: the sidebar is hidden), one screenshot each
    code, screens, problems = province_names[name], 0, {}
    next_button = page.locator(f"{MAIN} [data-testid='stButton'] button").filter(has_text="ถัดไป")
    while True:
        screens += 1
        found = [f"exception: {e[:300]!r}" for e in page.locator("[data-testid='stException']").all_inner_texts()]
        found += [f"error box: {e[:300]!r}" for e in
                  page.locator(f"{MAIN} [data-testid='stAlertContentError']").all_inner_texts()]
        found += chart_problems(page.evaluate(CHARTS_JS)) + ui_text_problems(page, "th")
        if found:
            problems[screens] = found
        screenshot(page, f"briefing_{code}_{screens}", artifacts)
        if not next_button.count() or next_button.first.is_disabled() or screens >= 20:
            break
        next_button.first.click()
        wait_idle(page)
    assert not problems, f"briefing screens with problems: {problems}"
    assert screens >= 2, "the briefing has a single screen (no 'ถัดไป' button?)"

    def fetch(kind: str) -> Path:
        pattern = re.compile(kind, re.I)
        buttons = page.locator(f"{MAIN} [data-testid='stDownloadButton']").filter(has_text=pattern)
        if not buttons.count():  # a pack built on demand: press its button first
            makers = page.locator(f"{MAIN} [data-testid='stButton'] button").filter(has_text=pattern)
            assert makers.count(), f"the briefing page has no {kind} download (nor a button to make one)"
            makers.first.click()
            wait_idle(page, timeout=120_000)
            buttons = page.locator(f"{MAIN} [data-testid='stDownloadButton']").filter(has_text=pattern)
        assert buttons.count(), f"the briefing page has no {kind} download button"
        with page.expect_download(timeout=120_000) as info:
            buttons.first.click()
        dl = info.value
        assert dl.failure() is None, f"{kind} download failed: {dl.failure()}"
        out = tmp_path / dl.suggested_filename
        dl.save_as(out)
        shutil.copy(out, artifacts / f"briefing{out.suffix}")
        return out

    pptx_path = fetch("pptx|powerpoint")
    assert pptx_path.read_bytes()[:2] == b"PK", f"{pptx_path.name} is not a PPTX (zip) file"
    text, charts, cs = _pptx_text(pptx_path)
    assert _strict(name) in _strict(text), f"the PPTX does not name {name}: {text[:400]!r}"
    assert len(THAI.findall(text)) > 50, "the PPTX has hardly any Thai text"
    assert charts >= 1, "the PPTX has no native (editable) chart"
    assert cs, "the PPTX sets no complex-script font (a:cs): PowerPoint would draw the Thai in a fallback font"

    pdf_path = fetch("pdf")
    assert pdf_path.read_bytes()[:5] == b"%PDF-", f"{pdf_path.name} is not a PDF"
    from pypdf import PdfReader

    reader = PdfReader(str(pdf_path))
    assert len(reader.pages) >= 2, f"the PDF has {len(reader.pages)} page(s): the briefing has {screens} screens"
    ptext = "\n".join(p.extract_text() or "" for p in reader.pages)
    assert _loose(name) in _loose(ptext), f"pypdf finds no {name} in the PDF: {ptext[:400]!r}"
    if not shutil.which("pdftotext"):
        pytest.fail(f"pdftotext (poppler-utils) is missing: {DEPS_HINT}", pytrace=False)
    strict = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf_path), "-"], capture_output=True, text=True,
                            timeout=60).stdout
    assert _strict(name) in _strict(strict), (
        f"the PDF's Thai does not extract exactly (tone marks or vowels lost?): {strict[:400]!r}")
    if shutil.which("pdftoppm"):  # the first page as an artifact, to look at
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf_path),
                        str(artifacts / "briefing_pdf")], timeout=60, check=False)
