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
