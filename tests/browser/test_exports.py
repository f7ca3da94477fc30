"""Downloads as a person gets them (issue 13, item 9): clicked in Chromium, read back with openpyxl.
The comments download holds every matching comment, not the 500 the page shows; dates are Excel date
cells with the Buddhist-Era text beside them; a table drawn with fewer columns says which it leaves out
and its download holds them."""

from __future__ import annotations

import io
import re

import duckdb
import openpyxl
import pytest

from .conftest import goto_page, main_text, open_app, screenshot, wait_idle

pytestmark = pytest.mark.browser

MAIN = "[data-testid='stMain']"


def xlsx_of(page, key: str):
    """The workbook the Excel button of the table with key `key` (egov.export.table) downloads."""
    button = page.locator(f"{MAIN} .st-key-dl_xlsx_{key} button")
    with page.expect_download(timeout=60_000) as info:
        button.click()
    dl = info.value
    assert dl.failure() is None, dl.failure()
    return openpyxl.load_workbook(io.BytesIO(open(dl.path(), "rb").read())).active


def test_comments_download_holds_every_matching_comment(page, server, sample_db, artifacts):
    with duckdb.connect(str(sample_db), read_only=True) as con:
        every = con.execute("SELECT count(*) FROM feedback WHERE nullif(trim(comment), '') IS NOT NULL").fetchone()[0]
        training = con.execute("SELECT count(*) FROM feedback WHERE contains(lower(comment), 'อบรม')").fetchone()[0]
    assert every > 500 and 0 < training
    open_app(page, server.url)
    goto_page(page, "ความคิดเห็นและการสนับสนุน")
    text = main_text(page)
    assert f"แสดง 500 รายการล่าสุด (ไฟล์ดาวน์โหลดมีครบทั้ง {every:,} รายการ)" in text
    ws = xlsx_of(page, "fb_comments")
    header = [c.value for c in ws[1]]
    assert header[:2] == ["วันที่", "วันที่ (พ.ศ.)"] and "ข้อเสนอแนะ" in header
    assert ws.max_row - 1 == every  # every comment, not the 500 shown
    dates = [r[0] for r in ws.iter_rows(min_row=2)]
    assert all(c.is_date and c.number_format == "d mmm yyyy" for c in dates)
    assert dates[0].value >= dates[-1].value  # newest first, as on the page
    assert re.fullmatch(r"\d{1,2} \S+ 25\d\d", ws.cell(2, 2).value)  # the Buddhist-Era text beside it
    screenshot(page, "exports_feedback_th", artifacts)

    # a search: the download holds exactly the comments found
    box = page.locator(f"{MAIN} .st-key-fb_q input")
    box.click()
    box.fill("อบรม")
    box.press("Enter")
    wait_idle(page)
    assert f"พบ {training:,} ข้อเสนอแนะที่มีคำว่า “อบรม”" in main_text(page)
    ws = xlsx_of(page, "fb_comments")
    assert ws.max_row - 1 == training
    col = [c.value for c in ws[1]].index("ข้อเสนอแนะ") + 1
    assert all("อบรม" in ws.cell(r, col).value for r in range(2, ws.max_row + 1))
    wait_idle(page)


def test_narrow_ranking_names_its_hidden_columns_and_downloads_them(page, server, sample_db, artifacts):
    with duckdb.connect(str(sample_db), read_only=True) as con:
        agencies = con.execute("SELECT count(*) FROM agencies WHERE province_code = '65'").fetchone()[0]
    open_app(page, server.url, "/provinces?lang=en")
    text = main_text(page)
    assert ("Columns not shown in this table (they are in the downloads): Region · Agencies · "
            "Agency × service pairs · Adoptions (agency × service)") in text
    assert "Eligible agencies" not in text
    ws = xlsx_of(page, "pv_rank")
    header = [c.value for c in ws[1]]
    assert header == ["Rank", "Province", "Region", "Service coverage (%)", "Agencies", "Agency × service pairs",
                      "Adoptions (agency × service)"]
    rows = {r[1]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert ws.max_row - 1 == 77 and rows["Phitsanulok"][4] == agencies and rows["Phitsanulok"][5] == agencies * 4
    screenshot(page, "exports_provinces_en", artifacts)
    wait_idle(page)
