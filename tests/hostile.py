"""A corpus of hostile and broken input files, written at test time (nothing big is committed).

One function per case; each writes its file into the folder it is given and returns the path. The
expected outcome of every case is in tests/test_hostile.py and the table of docs/RELIABILITY.md.
Valid rows refer to the agencies of tests/fixtures/messy/agencies_th.csv (AG001 ...) and of
agencies_csv (AGH000 ... AGH099), and carry the metrics of data/reference/metrics.csv.
"""

from __future__ import annotations

import functools
import io
import random
import struct
import zipfile
import zlib
from pathlib import Path

USAGE_HEADER = "month,agency_id,service,metric,value"
FEEDBACK_HEADER = "response_id,date,province,satisfaction,comment"
THAI_LINE = "2557-01,AG001,GIN,traffic_gb,๑๒\n"  # Thai digits: not ASCII, so it shows an encoding
CP874_HEADER = "เดือน,รหัสหน่วยงาน,บริการ,ตัวชี้วัด,ค่า\n"


# (service, metric) of data/reference/metrics.csv: usage rows take real metrics, which are checked
PAIRS = [("GIN", "traffic_gb"), ("GIN", "uptime_pct"), ("GCLOUD", "vm_hours"), ("GCLOUD", "storage_gb"),
         ("MAILGOTHAI", "active_mailboxes"), ("MAILGOTHAI", "messages_sent"), ("GOVMON", "devices_reporting"),
         ("GOVMON", "alerts")]
AGENCIES = 100


def agencies_csv(d: Path) -> Path:
    """The agencies AGH000 ... AGH099 that the usage rows of _usage_rows spread over."""
    p = d / "hostile_agencies.csv"
    p.write_text("agency_id,agency_name,ministry,province\n"
                 + "".join(f"AGH{a:03d},หน่วยงาน {a},มท.,65\n" for a in range(AGENCIES)), encoding="utf-8")
    return p


def _usage_row(k: int) -> str:
    """Row k of a usage file: a key of its own (agency, metric and month from k) up to 800 x 444 rows."""
    service, metric = PAIRS[(k // AGENCIES) % len(PAIRS)]
    month = k // (AGENCIES * len(PAIRS))
    return f"{2000 + month // 12}-{1 + month % 12:02d},AGH{k % AGENCIES:03d},{service},{metric},{k % 100}\n"


def _usage_rows(n: int, start: int = 0) -> str:
    return "".join(_usage_row(start + i) for i in range(n))


# --- workbooks --------------------------------------------------------------------------------------


def _workbook_bytes(rows: list[list], sheet: str = "usage") -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _good_workbook(n: int = 200) -> bytes:
    return _workbook_bytes([USAGE_HEADER.split(",")] + [_usage_row(i).strip().split(",") for i in range(n)])


def truncated_xlsx(d: Path) -> Path:
    """A workbook cut short mid-download: the zip's central directory is gone."""
    data = _good_workbook()
    p = d / "truncated.xlsx"
    p.write_bytes(data[: len(data) * 6 // 10])
    return p


def corrupt_xlsx(d: Path) -> Path:
    """A workbook whose sheet's compressed bytes were overwritten (a bad disk block): the zip directory
    is intact, the deflate stream is not."""
    data = bytearray(_good_workbook(2000))
    zf = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = zf.getinfo("xl/worksheets/sheet1.xml")
    # data starts after the local header: 30 bytes + name + extra
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26: info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len
    rng = random.Random(11)
    for i in range(start + 40, start + info.compress_size - 40):
        data[i] = rng.randrange(256)
    p = d / "corrupt.xlsx"
    p.write_bytes(bytes(data))
    return p


def xlsx_without_sheet_xml(d: Path) -> Path:
    """A zip whose workbook names a sheet that is not in the archive."""
    src = zipfile.ZipFile(io.BytesIO(_good_workbook()))
    p = d / "missing_sheet.xlsx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                out.writestr(info.filename, src.read(info.filename))
    return p


def csv_named_xlsx(d: Path) -> Path:
    """A CSV export given the wrong extension."""
    p = d / "renamed.xlsx"
    p.write_text(USAGE_HEADER + "\n" + _usage_rows(3), encoding="utf-8")
    return p


def empty_xlsx(d: Path) -> Path:
    p = d / "zero_bytes.xlsx"
    p.write_bytes(b"")
    return p


def header_only_xlsx(d: Path) -> Path:
    p = d / "header_only.xlsx"
    p.write_bytes(_workbook_bytes([USAGE_HEADER.split(",")]))
    return p


def thousands_of_columns_xlsx(d: Path) -> Path:
    """3,000 columns, the contract's five among them at the far right; two data rows."""
    extra = [f"x{i}" for i in range(2995)]
    rows = [extra + USAGE_HEADER.split(",")]
    rows += [[f"v{i}" for i in range(2995)] + [f"2014-0{n + 1}", "AG001", "GIN", "traffic_gb", n] for n in range(2)]
    p = d / "wide.xlsx"
    p.write_bytes(_workbook_bytes(rows))
    return p


def formulas_xlsx(d: Path) -> Path:
    """Formulas in cells, written by xlsxwriter with the value Excel would have saved beside them (the
    first two rows) and by a tool that saves no value (the third). Formulas are never evaluated: a cell
    reads as its saved value, and a formula without one reads as an empty cell."""
    import xlsxwriter

    p = d / "formulas.xlsx"
    wb = xlsxwriter.Workbook(str(p))
    ws = wb.add_worksheet("usage")
    ws.write_row(0, 0, USAGE_HEADER.split(","))
    ws.write_row(1, 0, ["2014-01", "AG001", "GIN", "traffic_gb"])
    ws.write_formula(1, 4, "=2+3", None, 5)  # saved value 5
    ws.write_row(2, 0, ["2014-02", "AG001", "GIN", "traffic_gb"])
    ws.write_formula(2, 4, '=WEBSERVICE("http://example.invalid/x")', None, "#VALUE!")  # saved error text
    ws.write_row(3, 0, ["2014-03", "AG001", "GIN", "traffic_gb"])
    ws.write_formula(3, 4, "=1+1", None, "")  # no saved value
    ws.write_row(4, 0, ["2014-04", "AG001", "GIN"])
    ws.write_string(4, 3, '=HYPERLINK("http://example.invalid","x")')  # text that looks like a formula
    ws.write_number(4, 4, 7)
    wb.close()
    return p


def many_members_xlsx(d: Path, members: int = 20_000) -> Path:
    """A zip of 20,000 tiny members: opening every entry would take long before any sheet is read."""
    p = d / "many_members.xlsx"
    src = zipfile.ZipFile(io.BytesIO(_good_workbook(5)))
    with zipfile.ZipFile(p, "w", zipfile.ZIP_STORED) as out:
        for info in src.infolist():
            out.writestr(info.filename, src.read(info.filename))
        for i in range(members):
            out.writestr(f"xl/media/pad{i}.bin", b"")
    return p


# --- the zip bomb -----------------------------------------------------------------------------------

_BOMB_BLOCK = 1 << 20  # one MiB of sheet XML, compressed once and repeated


@functools.cache
def _deflate_repeat(head: bytes, block: bytes, times: int) -> tuple[bytes, int, int]:
    """(raw deflate stream, CRC-32, size) of head + block * times, without compressing `times` blocks:
    after a full flush the compressor forgets everything, so each block compresses to the same bytes.
    Cached: the CRC of 3.5 GiB takes a second or two."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    one = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    tail = c.flush(zlib.Z_FINISH)  # an empty final block
    crc = zlib.crc32(head)
    for _ in range(times):  # a correct CRC, so nothing but its size gives the member away
        crc = zlib.crc32(block, crc)
    return start + one * times + tail, crc, len(head) + len(block) * times


def _zip_member(name: str, data: bytes, crc: int, size: int, offset: int) -> tuple[bytes, bytes]:
    """(local header + data, central directory entry) for a deflated member, sizes as given."""
    n = name.encode()
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(n), 0) + n + data
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size, len(n),
                          0, 0, 0, 0, 0, offset) + n
    return local, central


def zip_bomb_xlsx(d: Path, gib: float = 3.5, declared: int | None = None, name: str = "zip_bomb.xlsx") -> Path:
    """A well-formed workbook whose sheet XML inflates to `gib` GiB (about 290 times its compressed size)
    from 13 MB on disk. With `declared` set, the zip's directory lies and gives that as the sheet's size."""
    src = zipfile.ZipFile(io.BytesIO(_good_workbook(1)))
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
    row = b'<row><c t="inlineStr"><is><t>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</t></is></c></row>'
    block = row * (_BOMB_BLOCK // len(row))
    # Valid XML rows with no end: a reader that inflated it would parse rows until memory ran out.
    members = []
    for info in src.infolist():
        raw = src.read(info.filename)
        if info.filename == "xl/worksheets/sheet1.xml":
            data, crc, size = _deflate_repeat(head, block, int(gib * (1 << 30)) // len(block))
            members.append((info.filename, data, crc, size if declared is None else declared))
        else:
            c = zlib.compressobj(9, zlib.DEFLATED, -15)
            members.append((info.filename, c.compress(raw) + c.flush(), zlib.crc32(raw), len(raw)))
    p = d / name
    with open(p, "wb") as f:
        centrals = []
        for name, data, crc, size in members:
            local, central = _zip_member(name, data, crc, size, f.tell())
            f.write(local)
            centrals.append(central)
        cd_start = f.tell()
        for c in centrals:
            f.write(c)
        f.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(centrals), len(centrals), f.tell() - cd_start,
                            cd_start, 0))
    return p


def zip_bomb_lying_xlsx(d: Path) -> Path:
    """The bomb again, its zip directory claiming the sheet is 40 KB."""
    return zip_bomb_xlsx(d, declared=40_000, name="zip_bomb_lying.xlsx")


def small_zip_bomb_xlsx(d: Path) -> Path:
    """A bomb under the size limit (256 MiB inflated from 0.9 MB): caught by its compression ratio."""
    return zip_bomb_xlsx(d, gib=0.25, name="zip_bomb_small.xlsx")


# --- not text ---------------------------------------------------------------------------------------


def png_named_csv(d: Path) -> Path:
    p = d / "chart.csv"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(1).randbytes(4000))
    return p


def random_bytes_without_nul_csv(d: Path) -> Path:
    """High bytes and no NUL: neither the binary check nor UTF-8 catches it at once; cp874 must refuse."""
    rng = random.Random(2)
    p = d / "noise.csv"
    p.write_bytes(bytes(rng.choice(range(0xDB, 0xDF)) for _ in range(3000)))
    return p


def xlsx_named_csv(d: Path) -> Path:
    p = d / "workbook.csv"
    p.write_bytes(_good_workbook(5))
    return p


def nul_after_first_mib_csv(d: Path) -> Path:
    """Text for the first 1.5 MiB, then a run of NUL bytes (a file cut by a crash and padded)."""
    p = d / "nul_tail.csv"
    body = USAGE_HEADER + "\n" + _usage_rows(60_000)
    p.write_bytes(body.encode() + b"\x00" * 5000 + b"\n" + _usage_rows(2, 60_000).encode())
    return p


# --- encodings --------------------------------------------------------------------------------------


def utf16_csv(d: Path) -> Path:
    """Excel's "Unicode text": UTF-16 with a BOM."""
    p = d / "utf16.csv"
    p.write_bytes((USAGE_HEADER + "\n" + THAI_LINE).encode("utf-16"))
    return p


def utf16_without_bom_csv(d: Path) -> Path:
    p = d / "utf16le.csv"
    p.write_bytes((USAGE_HEADER + "\n" + THAI_LINE).encode("utf-16-le"))
    return p


def mixed_utf8_then_cp874_csv(d: Path) -> Path:
    """UTF-8 Thai on line 2, the same line saved as cp874 on line 4 (a file pasted together)."""
    p = d / "mixed_head.csv"
    p.write_bytes((USAGE_HEADER + "\n" + THAI_LINE + "2014-02,AG001,GIN,x,1\n").encode()
                  + "ก.พ. 2557,AG001,GIN,traffic_gb,3\n".encode("cp874"))
    return p


def mixed_utf8_then_cp874_late_csv(d: Path) -> Path:
    """UTF-8 for the first 1.5 MiB (past what the encoding sniff reads), then one cp874 line."""
    p = d / "mixed_late.csv"
    body = (USAGE_HEADER + "\n" + THAI_LINE + _usage_rows(60_000)).encode()
    p.write_bytes(body + "ก.พ. 2557,AG001,GIN,late,3\n".encode("cp874") + _usage_rows(1, 70_000).encode())
    return p


def _cp874_head() -> bytes:
    return (CP874_HEADER + "ก.พ. 2557,AG001,GIN,traffic_gb,3\n" + _usage_rows(60_000)).encode("cp874")


def mixed_cp874_then_utf8_late_csv(d: Path) -> Path:
    """cp874 for the first 1.5 MiB, then a line saved as UTF-8 whose bytes all mean something in cp874:
    read as cp874 it would load as mojibake ('๑๒' as 'เน‘เน’') without a word."""
    p = d / "mixed_late_cp874.csv"
    p.write_bytes(_cp874_head() + THAI_LINE.encode() + _usage_rows(1, 70_000).encode())
    return p


def cp874_undefined_byte_late_csv(d: Path) -> Path:
    """cp874 for the first 1.5 MiB, then a byte cp874 does not define (a UTF-8 'ค' has one)."""
    p = d / "undefined_late_cp874.csv"
    p.write_bytes(_cp874_head() + "มี.ค. 2557,AG001,GIN,late,4\n".encode() + _usage_rows(1, 70_000).encode())
    return p


def latin1_csv(d: Path) -> Path:
    """Windows-1252 text (an English export with accents): no byte is undefined in cp874, so it would load
    as Thai nonsense ('Café' as 'Caf้') without a word."""
    p = d / "latin1.csv"
    p.write_bytes((USAGE_HEADER + "\n" + _usage_rows(2) + "2014-03,AG001,GIN,Café visits,3\n").encode("cp1252"))
    return p


def latin1_late_csv(d: Path) -> Path:
    """Thai cp874 for the first 1.5 MiB (past the encoding sniff), then a line in Windows-1252."""
    p = d / "latin1_late.csv"
    p.write_bytes(_cp874_head() + "2014-03,AG001,GIN,São Paulo,3\n".encode("cp1252") + _usage_rows(1, 70_000).encode())
    return p


# --- shapes -----------------------------------------------------------------------------------------


def enormous_field_csv(d: Path) -> Path:
    """One 12 MB field on line 3, past the 10 MB a CSV line may hold."""
    p = d / "huge_field.csv"
    p.write_text(USAGE_HEADER + "\n" + _usage_rows(1) + "2014-02,AG001,GIN,big," + "9" * 12_000_000 + "\n"
                 + _usage_rows(1, 5), encoding="utf-8")
    return p


def large_comment_csv(d: Path) -> Path:
    """A feedback comment of 500,000 characters (1.5 MB, under the line limit): free text, kept as written."""
    p = d / "long_comment.csv"
    p.write_text(FEEDBACK_HEADER + "\nF1,2014-06-12,Chon Buri,5," + "ดี" * 250_000 + "\n"
                 "F2,2014-06-13,Chon Buri,4,ok\n", encoding="utf-8")
    return p


def enormous_row_csv(d: Path) -> Path:
    """A row of 20,000 fields under a header of five: refused as longer than its header (the fields past the
    first few of those are not read)."""
    p = d / "huge_row.csv"
    p.write_text(USAGE_HEADER + "\n" + _usage_rows(1) + ",".join(["7"] * 20_000) + "\n" + _usage_rows(1, 3),
                 encoding="utf-8")
    return p


def unterminated_quote_csv(d: Path) -> Path:
    """A quote opened on line 3 and never closed: the rest of the file would be one field."""
    p = d / "open_quote.csv"
    p.write_text(USAGE_HEADER + "\n" + _usage_rows(1) + '2014-02,AG001,GIN,"oops,1\n' + _usage_rows(50, 10),
                 encoding="utf-8")
    return p


def header_only_csv(d: Path) -> Path:
    p = d / "header_only.csv"
    p.write_text(USAGE_HEADER + "\n", encoding="utf-8")
    return p


def blank_lines_only_csv(d: Path) -> Path:
    p = d / "blank.csv"
    p.write_text("\n \r\n\t\n", encoding="utf-8")
    return p


def thousands_of_columns_csv(d: Path) -> Path:
    """12,000 columns, the contract's five among them at the far right of a 210 KB header; two data rows."""
    p = d / "wide.csv"
    extra = [f"extra_column_{i}" for i in range(11_995)]
    lines = [",".join(extra + USAGE_HEADER.split(","))]
    lines += [",".join(["v"] * 11_995 + [f"2014-0{n + 1}", "AG001", "GIN", "traffic_gb", str(n)]) for n in range(2)]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def thousands_of_unknown_columns_csv(d: Path) -> Path:
    p = d / "wide_unknown.csv"
    p.write_text(",".join(f"x{i}" for i in range(10_000)) + "\n" + ",".join(["1"] * 10_000) + "\n", encoding="utf-8")
    return p


def formulas_csv(d: Path) -> Path:
    """Spreadsheet formulas typed into a CSV: text, never evaluated."""
    p = d / "formulas.csv"
    p.write_text(USAGE_HEADER + "\n"
                 "2014-01,AG001,GIN,traffic_gb,=1+1\n"
                 "2014-02,AG001,GIN,traffic_gb,@SUM(1)\n"
                 '2014-03,AG001,GIN,"=HYPERLINK(""http://example.invalid"",""x"")",5\n'
                 "=TODAY(),AG001,GIN,traffic_gb,6\n", encoding="utf-8")
    return p


CASES = [
    truncated_xlsx, corrupt_xlsx, xlsx_without_sheet_xml, csv_named_xlsx, empty_xlsx, header_only_xlsx,
    thousands_of_columns_xlsx, formulas_xlsx, many_members_xlsx, zip_bomb_xlsx, zip_bomb_lying_xlsx,
    small_zip_bomb_xlsx,
    png_named_csv, random_bytes_without_nul_csv, xlsx_named_csv, nul_after_first_mib_csv,
    utf16_csv, utf16_without_bom_csv, mixed_utf8_then_cp874_csv, mixed_utf8_then_cp874_late_csv,
    mixed_cp874_then_utf8_late_csv, cp874_undefined_byte_late_csv, latin1_csv, latin1_late_csv,
    enormous_field_csv, large_comment_csv, enormous_row_csv, unterminated_quote_csv, header_only_csv,
    blank_lines_only_csv, thousands_of_columns_csv, thousands_of_unknown_columns_csv, formulas_csv,
]
