"""Downloads: CSV with a BOM (Thai in Excel), XLSX, and no cell ever runs as a spreadsheet formula."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from egov import export

DANGEROUS = ["=1+1", "+66 2 612 6000", "-2+3", "@SUM(A1:A2)", "\t=cmd", "\r=cmd",
             '=HYPERLINK("http://example.invalid","คลิก")']


def frame() -> pd.DataFrame:
    return pd.DataFrame({
        "หน่วยงาน": ["สำนักงานจังหวัดพิษณุโลก", *DANGEROUS],
        "value": [1.5, -2, 3, 4, 5, 6, 7, 8],
        "=header": ["a", "b", "c", "d", "e", "f", "g", None],
    })


@pytest.mark.parametrize("cell", DANGEROUS)
def test_dangerous_strings_get_an_apostrophe(cell):
    assert export.neutralize_value(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["สำนักงาน", "a=b", "1+1", "", "' already", 5, -3.2, None])
def test_other_values_are_unchanged(cell):
    assert export.neutralize_value(cell) == cell


def test_neutralize_frame_keeps_numbers_and_fixes_headers():
    out = export.neutralize(frame())
    assert list(out.columns) == ["หน่วยงาน", "value", "'=header"]
    assert out["value"].tolist() == [1.5, -2, 3, 4, 5, 6, 7, 8]  # negative numbers stay numbers
    assert out["หน่วยงาน"].tolist()[1:] == ["'" + c for c in DANGEROUS]
    assert frame()["หน่วยงาน"].iloc[1] == "=1+1"  # the input is not changed


def test_csv_is_utf8_with_bom_and_neutralized():
    data = export.to_csv_bytes(frame())
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["หน่วยงาน"].iloc[0] == "สำนักงานจังหวัดพิษณุโลก"
    assert all(not str(v).startswith(export.FORMULA_START) for v in back["หน่วยงาน"])
    assert "'=header" in back.columns


def test_xlsx_has_no_formula_and_keeps_thai():
    wb = openpyxl.load_workbook(io.BytesIO(export.to_xlsx_bytes(frame(), "ตาราง/1")))
    ws = wb.active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert "สำนักงานจังหวัดพิษณุโลก" in texts
    assert "'=1+1" in texts and '\'=HYPERLINK("http://example.invalid","คลิก")' in texts
    assert ws.cell(row=2, column=2).value == 1.5  # numbers stay numbers
    assert ws.title == "ตาราง_1"


def test_file_stem():
    assert export.file_stem("agencies_65") == "agencies_65"
    assert export.file_stem("หน่วยงาน / พิษณุโลก") == "หน่วยงาน_พิษณุโลก"
    assert export.file_stem("../../etc") == "etc"


# ---- formulas after leading blanks, full-width formula characters (OWASP "CSV injection") -----------------

import unicodedata  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as hs  # noqa: E402

FORMULA_CHARS = "=+-@\uff1d\uff0b\uff0d\uff20"  # ASCII and full-width ＝ ＋ － ＠
HIDDEN = [" =1+1", "  @SUM(A1:A2)", "\n=cmd|' /C calc'!A0", "\r\n+1", " \t-2+3", "\u00a0=1+1", "\u3000=1+1",
          "\u200b=1+1", "\ufeff=1+1", "\uff1d1+1", "\uff0b1", "\uff0d1", "\uff20SUM(A1)", " \uff1dHYPERLINK(\"x\")",
          "\t", "\rtext", "\tplain"]


@pytest.mark.parametrize("cell", HIDDEN)
def test_formulas_after_blanks_and_full_width_forms_get_an_apostrophe(cell):
    assert export.neutralize_value(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["สำนักงาน = ที่ทำการ", " text", "\ntext", "a-b", "1-2", "'=quoted", "   ", "\n"])
def test_text_that_only_contains_formula_characters_later_is_unchanged(cell):
    assert export.neutralize_value(cell) == cell


def test_negative_numbers_stay_numbers_in_both_downloads():
    df = pd.DataFrame({"n": [-2, 3], "x": [-1.5, float("nan")], "s": [" -1", "-1"]})
    back = pd.read_csv(io.BytesIO(export.to_csv_bytes(df)), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert back["n"].tolist() == ["-2", "3"] and back["x"].tolist() == ["-1.5", ""]
    assert back["s"].tolist() == ["' -1", "'-1"]  # text that would run is text
    ws = openpyxl.load_workbook(io.BytesIO(export.to_xlsx_bytes(df))).active
    assert [ws.cell(row=r, column=1).value for r in (2, 3)] == [-2, 3]
    assert ws.cell(row=2, column=2).value == -1.5 and ws.cell(row=3, column=2).value is None


def _blank(c: str) -> bool:
    """White space, control and invisible format characters (zero-width space, BOM, direction marks)."""
    return c.isspace() or unicodedata.category(c) in ("Cc", "Cf")


@settings(max_examples=300, deadline=None)
@given(hs.text(alphabet=hs.sampled_from(list(FORMULA_CHARS + " \t\r\n\u00a0\u3000\u200b\ufeff'ab1ก")) | hs.characters(),
               max_size=12))
def test_no_text_cell_can_start_a_formula(cell):
    """Whatever the text: the exported cell, after its leading blanks, never starts with a formula character;
    it never starts with a tab or carriage return; and it is the original text, at most behind one apostrophe."""
    out = export.neutralize_value(cell)
    assert out in (cell, "'" + cell)
    assert not out.lstrip("".join(c for c in out if _blank(c))).startswith(tuple(FORMULA_CHARS))
    assert not out.startswith(("\t", "\r"))
    assert export.neutralize_value(out) == out  # once is enough


@settings(max_examples=50, deadline=None)
@given(hs.lists(hs.text(alphabet=hs.sampled_from(list(FORMULA_CHARS + " \t\r\nab-1")), max_size=6), min_size=1,
                max_size=5))
def test_no_downloaded_csv_cell_can_start_a_formula(cells):
    df = pd.DataFrame({"text": cells, "n": range(-len(cells), 0)})
    back = pd.read_csv(io.BytesIO(export.to_csv_bytes(df)), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    for v in back["text"]:
        assert not v.lstrip(" \t\r\n").startswith(tuple(FORMULA_CHARS)) and not v.startswith(("\t", "\r"))
    assert back["n"].tolist() == [str(i) for i in range(-len(cells), 0)]


def _dated() -> pd.DataFrame:
    return pd.DataFrame({
        "วันที่": pd.to_datetime(["2013-01-08", None, "2016-12-31"]),
        "เดือน": pd.to_datetime(["2014-03-01", "2014-04-01", "2014-05-01"]),
        "เปิด": pd.to_datetime(["2014-07-25 14:05", "2014-07-26 09:00", None]).tz_localize("Asia/Bangkok"),
        "n": [1, 2, 3],
    })


def test_xlsx_dates_are_excel_date_cells_with_the_thai_text_beside_them():
    import datetime as dt

    ws = openpyxl.load_workbook(io.BytesIO(export.to_xlsx_bytes(_dated(), "d", lang="th", months=("เดือน",)))).active
    rows = list(ws.iter_rows(values_only=False))
    assert [c.value for c in rows[0]] == ["วันที่", "วันที่ (พ.ศ.)", "เดือน", "เดือน (พ.ศ.)", "เปิด", "เปิด (พ.ศ.)", "n"]
    assert len(rows) == 4  # the header and exactly the three rows
    day, month, opened = ([r[i] for r in rows[1:]] for i in (0, 2, 4))
    assert [c.value for c in day] == [dt.datetime(2013, 1, 8), None, dt.datetime(2016, 12, 31)]
    assert day[0].is_date and day[2].is_date and day[0].number_format == "d mmm yyyy"
    assert day[1].data_type == "n" and day[1].value is None  # a missing date is an empty cell, not text
    assert [c.value for c in month] == [dt.datetime(2014, m, 1) for m in (3, 4, 5)]
    assert all(c.is_date and c.number_format == "mmm yyyy" for c in month)
    # a time zone is taken as the clock time the page shows
    assert opened[0].value == dt.datetime(2014, 7, 25, 14, 5) and opened[0].number_format == "d mmm yyyy hh:mm"
    assert [r[1].value for r in rows[1:]] == ["8 ม.ค. 2556", None, "31 ธ.ค. 2559"]
    assert [r[3].value for r in rows[1:]] == ["มี.ค. 2557", "เม.ย. 2557", "พ.ค. 2557"]
    assert rows[1][5].value == "25 ก.ค. 2557 14:05"
    assert [r[6].value for r in rows[1:]] == [1, 2, 3] and rows[1][6].data_type == "n"


def test_xlsx_in_english_has_date_cells_and_no_text_column():
    ws = openpyxl.load_workbook(io.BytesIO(export.to_xlsx_bytes(_dated(), "d", lang="en"))).active
    assert [c.value for c in ws[1]] == ["วันที่", "เดือน", "เปิด", "n"]
    assert ws["A2"].is_date and ws["B2"].is_date and ws["B2"].number_format == "d mmm yyyy"


def test_csv_keeps_the_dates_as_the_page_writes_them():
    text = export.to_csv_bytes(export.dates_as_text(_dated(), "th", months=("เดือน",))).decode("utf-8-sig")
    assert text.splitlines()[1] == "8 ม.ค. 2556,มี.ค. 2557,25 ก.ค. 2557 14:05,1"
