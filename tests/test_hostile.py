"""Hostile and broken input (tests/hostile.py): every file either fails with one clear line naming it
(exit 2, the published warehouse byte-identical) or loads with exactly the rejects a user would expect.
A zip bomb is refused in bounded time and memory; hypothesis feeds the readers arbitrary bytes."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import readers
from etl.cli import main
from etl.load import run
from etl.readers import FileError
from tests import hostile

ROOT = Path(__file__).resolve().parent.parent
MESSY = Path(__file__).parent / "fixtures" / "messy"
HTTP_RAW = '=HYPERLINK("http://example.invalid","x")'
WIDE = "SELECT month, value FROM usage_monthly WHERE agency_id = 'AG001' ORDER BY 1"

# case -> what follows "error: <path>" on the one line of stderr
REFUSED = {
    "truncated_xlsx": ": cannot be read as an Excel workbook: a zip archive cut short or damaged (an incomplete "
                      "download?)",
    "corrupt_xlsx": " [usage]: cannot be read: I/O error: corrupt deflate stream",
    "xlsx_without_sheet_xml": " [usage]: cannot be read: the sheet's part is missing from the archive",
    "csv_named_xlsx": ": cannot be read as an Excel workbook: not a zip archive, as every .xlsx file is",
    "empty_xlsx": ": cannot be read as an Excel workbook: the file is empty",
    "many_members_xlsx": ": refused unopened: 20,009 parts in its zip archive, over the limit of 10,000 "
                         "(etl.readers.MAX_XLSX_PARTS)",
    "zip_bomb_xlsx": ": refused unopened: its parts would inflate to 3,758,026,517 bytes, over the limit of "
                     "1,073,741,824 (etl.readers.MAX_XLSX_BYTES); a zip bomb or an unusually large workbook",
    "zip_bomb_lying_xlsx": ": refused unopened: its zip directory declares xl/worksheets/sheet1.xml smaller than "
                           "its compressed data (a forged or damaged archive)",
    "small_zip_bomb_xlsx": ": refused unopened: xl/worksheets/sheet1.xml would inflate 289 times, over the limit of "
                           "100 (etl.readers.MAX_XLSX_RATIO); a zip bomb?",
    "png_named_csv": ": binary data, not a CSV text file (a NUL byte on line 3)",
    "random_bytes_without_nul_csv": ": neither UTF-8 nor Thai Windows (cp874) text (line 1, byte 0)",
    "xlsx_named_csv": ": binary data, not a CSV text file: a zip archive (an .xlsx workbook named .csv?)",
    "utf16_csv": ': UTF-16 text (Excel\'s "Unicode text"), which is not read; save it as CSV UTF-8',
    "utf16_without_bom_csv": ': UTF-16 text (Excel\'s "Unicode text"), which is not read; save it as CSV UTF-8',
    "mixed_utf8_then_cp874_csv": ": mixed encodings: line 2 is UTF-8 and line 4 is not; save the whole file in one "
                                 "encoding (CSV UTF-8)",
    "mixed_utf8_then_cp874_late_csv": ": cannot be read as CSV: line 60003 is not UTF-8 although the lines before it "
                                      "are; save the whole file in one encoding (CSV UTF-8)",
    "mixed_cp874_then_utf8_late_csv": ": mixed encodings: line 60003 is UTF-8 in a Thai Windows (cp874) file; save "
                                      "the whole file in one encoding (CSV UTF-8)",
    "cp874_undefined_byte_late_csv": ": line 60003 is not Thai Windows (cp874) text although the lines before it "
                                     "are; save the whole file in one encoding",
    "latin1_csv": ": line 4 is not Thai Windows (cp874) text ('Café' in Windows-1252?); save the file as CSV UTF-8",
    "latin1_late_csv": ": line 60003 is not Thai Windows (cp874) text ('São' in Windows-1252?); save the file as "
                       "CSV UTF-8",
    "enormous_field_csv": ": cannot be read as CSV: the record on line 3 is longer than 10,000,000 characters",
    "unterminated_quote_csv": ": cannot be read as CSV: a quoted field that starts on line 3 is never closed",
    "blank_lines_only_csv": ": empty file",
    "thousands_of_unknown_columns_csv": ": header matches no known kind; nearest is subscriptions, which lacks "
                                        "agency_id (รหัสหน่วยงาน), service (บริการ), start_date (วันที่เริ่มใช้)",
}

# case -> (rows read, loaded, rejected), the rejects (line, column, raw value, reason), rows to find in the
# warehouse (SQL, expected). A header alone is an empty export, not an error; formulas are never evaluated.
LOADED = {
    "header_only_csv": ((0, 0, 0), [], None),
    "header_only_xlsx": ((0, 0, 0), [], None),
    "thousands_of_columns_csv": ((2, 2, 0), [], (
        WIDE, [(dt.date(2014, 1, 1), 0.0), (dt.date(2014, 2, 1), 1.0)])),
    "thousands_of_columns_xlsx": ((2, 2, 0), [], (
        WIDE, [(dt.date(2014, 1, 1), 0.0), (dt.date(2014, 2, 1), 1.0)])),
    # a saved formula result is read as the value; an error value or no saved value reads as an empty cell
    # (text that looks like a formula is no metric of the reference: refused as any unknown metric)
    "formulas_xlsx": ((4, 1, 3), [(3, "value", None, "required value missing"),
                                  (4, "value", None, "required value missing"),
                                  (5, "metric", HTTP_RAW, "unknown metric")], (
        "SELECT month, metric, value FROM usage_monthly ORDER BY 1",
        [(dt.date(2014, 1, 1), "traffic_gb", 5.0)])),
    "formulas_csv": ((4, 0, 4), [(2, "value", "=1+1", "not a number"), (3, "value", "@SUM(1)", "not a number"),
                                 (4, "metric", HTTP_RAW, "unknown metric"),
                                 (5, "month", "=TODAY()", "not a date")], (
        "SELECT month, metric, value FROM usage_monthly", [])),
    "large_comment_csv": ((2, 2, 0), [], (
        "SELECT response_id, length(comment) FROM feedback ORDER BY 1", [("F1", 500_000), ("F2", 2)])),
    # a row longer than its header is refused (its last value and the first fields past it shown), and what
    # is left of it value by value
    "enormous_row_csv": ((3, 2, 1), [(3, "agency_id", "7", "unknown agency_id: not in agencies"),
                                     (3, "metric", "7", "unknown metric"),
                                     (3, "month", "7", "not a date"),
                                     (3, "service", "7", "unknown service"),
                                     (3, "value", "7,7,7,7,7", "more fields than the header: quote a value that "
                                                               "holds ','")], None),
    # NUL bytes past the first MiB (the binary check reads that much) make their row unreadable, not the file
    "nul_after_first_mib_csv": ((60_003, 60_002, 1), [
        (60_002, "agency_id", None, "required value missing"), (60_002, "metric", None, "required value missing"),
        (60_002, "month", "\x00" * 5000, "not a date"), (60_002, "service", None, "required value missing"),
        (60_002, "value", None, "required value missing")], None),
}


def test_every_case_has_an_expected_outcome():
    names = {f.__name__ for f in hostile.CASES}
    assert names == set(REFUSED) | set(LOADED) and not set(REFUSED) & set(LOADED)
    assert len(names) == 33


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Path:
    """A published warehouse holding the agencies the good rows refer to."""
    tmp = tmp_path_factory.mktemp("live")
    db = tmp / "adoption.duckdb"
    run([MESSY / "agencies_th.csv", hostile.agencies_csv(tmp)], db)
    return db


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def without_progress(err: str) -> str:
    """stderr less the '[1/3] file.csv (usage, 0.1 MB)' lines a load prints as it reaches each table."""
    return "".join(line for line in err.splitlines(keepends=True) if not re.match(r"\[\d+/\d+\] ", line))


def no_builds(db: Path) -> bool:
    return not list(db.parent.glob(f".{db.name}.build-*"))


@pytest.mark.parametrize("case", hostile.CASES, ids=lambda f: f.__name__)
def test_hostile_file(case, live, tmp_path, capsys):
    db = tmp_path / "adoption.duckdb"
    shutil.copyfile(live, db)
    before = sha256(db)
    path = case(tmp_path)
    code = main(["load", str(path), "--db", str(db)])
    out, err = capsys.readouterr()
    if case.__name__ in REFUSED:
        assert (code, without_progress(err)) == (2, f"error: {path}{REFUSED[case.__name__]}\n")
        assert sha256(db) == before
    else:
        assert code == 0, err
        counts, rejects, rows = LOADED[case.__name__]
        con = duckdb.connect(str(db), read_only=True)
        try:
            loads = con.execute("SELECT rows_read, rows_loaded, rows_rejected FROM etl_loads WHERE file = ?",
                                [str(path)]).fetchall()
            assert loads == [counts]
            label = path.name + (" [usage]" if path.suffix == ".xlsx" else "")
            assert con.execute("SELECT line, column_name, raw_value, reason FROM etl_rejects WHERE file = ? "
                               "ORDER BY line, column_name", [label]).fetchall() == rejects
            if rows:
                assert con.execute(rows[0]).fetchall() == rows[1]
        finally:
            con.close()
        assert all(len(line) < 200 for line in out.splitlines()), "a huge raw value is shortened in the report"
    assert no_builds(db)


def _bounded_cli(db: Path, path: Path, limit: int) -> tuple[int, str, float, int]:
    """The CLI in a child whose address space is capped at `limit` bytes: (exit code, stderr, seconds,
    peak resident KiB as the child measured it)."""
    code = ("import resource, sys\n"
            f"resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))\n"
            "from etl.cli import main\n"
            "try:\n    rc = main(sys.argv[1:])\n"
            # VmHWM is this process's own peak; ru_maxrss would include the forking parent's (Linux keeps it)
            "finally:\n    peak = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')]\n"
            "    print('peak-kib', (peak or [resource.getrusage(resource.RUSAGE_SELF).ru_maxrss])[0], file=sys.stderr)\n"
            "sys.exit(rc)\n")
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-c", code, "load", str(path), "--db", str(db)], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    seconds = time.perf_counter() - t0
    lines = p.stderr.splitlines()
    peak = int(lines[-1].split()[1])
    return p.returncode, without_progress("".join(line + "\n" for line in lines[:-1])), seconds, peak


@pytest.mark.parametrize("case", [hostile.zip_bomb_xlsx, hostile.zip_bomb_lying_xlsx, hostile.small_zip_bomb_xlsx],
                         ids=lambda f: f.__name__)
def test_zip_bomb_is_refused_in_bounded_time_and_memory(case, live, tmp_path):
    """The real CLI, its address space capped at 2 GiB: inflating the 3.5 GiB sheet would need more."""
    db = tmp_path / "adoption.duckdb"
    shutil.copyfile(live, db)
    before = sha256(db)
    path = case(tmp_path)
    with zipfile.ZipFile(path) as zf:  # the bomb is real: its sheet inflates past the cap
        sheet = zf.getinfo("xl/worksheets/sheet1.xml")
        with zf.open(sheet) as f:
            assert f.read(200).startswith(b'<?xml version="1.0"')
    code, err, seconds, peak_kib = _bounded_cli(db, path, 2 << 30)
    assert (code, err) == (2, f"error: {path}{REFUSED[case.__name__]}\n")
    print(f"\n{path.name}: refused in {seconds:.1f} s, peak resident {peak_kib / 1024:.0f} MiB")
    assert seconds < 60 and peak_kib < 1 << 20  # well under a GiB resident: nothing was inflated
    assert sha256(db) == before and no_builds(db)


# --- hypothesis: arbitrary bytes into the readers ------------------------------------------------------

@pytest.fixture(scope="module")
def duck():
    con = duckdb.connect()
    yield con
    con.close()


def _read_csv(con, path: Path, scratch: Path) -> int:
    source, delim = readers.open_csv(path)
    readers.load_csv(con, source, delim, "fuzz", scratch)
    return con.execute("SELECT count(*) FROM fuzz").fetchall()[0][0]


HEADERS = [b"", hostile.USAGE_HEADER.encode() + b"\n", hostile.CP874_HEADER.encode("cp874"),
           b"\xef\xbb\xbf" + hostile.USAGE_HEADER.replace(",", ";").encode() + b"\r\n"]
CSV_BYTES = st.one_of(
    st.binary(max_size=600),
    st.tuples(st.sampled_from(HEADERS), st.binary(max_size=400)).map(b"".join),
    st.tuples(st.sampled_from(HEADERS[1:]), st.lists(st.sampled_from(
        [b",", b";", b'"', b'""', b"\n", b"\r", b"\r\n", b"\x00", b"\xe0\xb8\x81", b"\xa1", b"\xff", b"2014-01",
         b"AG001", b"GIN", b"1", b" ", b"\t", b"\xef\xbb\xbf", b"\xfe\xff"]), max_size=60).map(b"".join)).map(b"".join),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=CSV_BYTES)
def test_csv_reader_gives_rows_or_file_error(duck, tmp_path, data):
    path = tmp_path / "fuzz.csv"
    path.write_bytes(data)
    try:
        assert _read_csv(duck, path, tmp_path) >= 0
    except FileError as e:
        assert str(e).startswith(str(path)) and "\n" not in str(e)


def _workbook() -> bytes:
    return hostile._workbook_bytes([hostile.USAGE_HEADER.split(","), ["2014-01", "AG001", "GIN", "m", 1],
                                    ["ก.พ. 2557", "AG001", "GIN", "m2", "๑๒"]])


GOOD_XLSX = _workbook()
XLSX_BYTES = st.one_of(
    st.binary(max_size=400),
    st.tuples(st.integers(0, len(GOOD_XLSX)), st.lists(st.tuples(st.integers(0, len(GOOD_XLSX) - 1),
                                                                  st.integers(0, 255)), max_size=8)).map(
        lambda t: bytes(_mutate(GOOD_XLSX[: max(t[0], 30)], t[1]))),
)


def _mutate(data: bytes, flips: list[tuple[int, int]]) -> bytearray:
    out = bytearray(data)
    for i, b in flips:
        if i < len(out):
            out[i] = b
    return out


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=XLSX_BYTES)
def test_xlsx_reader_gives_rows_or_file_error(duck, tmp_path, data):
    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(data)
    try:
        for source, rows in readers.open_xlsx(path):
            readers.load_rows(duck, source, rows, "fuzz_xlsx")
    except FileError as e:
        assert str(e).startswith(str(path)) and "\n" not in str(e)


def test_intact_workbook_still_reads(duck, tmp_path):
    """The mutations above start from a workbook the reader reads."""
    path = tmp_path / "good.xlsx"
    path.write_bytes(GOOD_XLSX)
    [(source, rows)] = readers.open_xlsx(path)
    readers.load_rows(duck, source, rows, "good")
    assert duck.execute("SELECT c0, c4, _line FROM good ORDER BY _line").fetchall() == [
        ("2014-01", "1", 2), ("ก.พ. 2557", "๑๒", 3)]
    with zipfile.ZipFile(io.BytesIO(GOOD_XLSX)) as zf:
        assert len(zf.infolist()) < readers.MAX_XLSX_PARTS
