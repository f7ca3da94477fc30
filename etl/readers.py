"""Read input files into DuckDB as raw text tables, one per CSV file or XLSX sheet.

Every cell arrives as VARCHAR; normalisation happens afterwards, in etl.stage. A raw table has
columns c<i> (by header position; a CSV keeps only the positions the contract maps) and `_line`, the
line of the row in its file (header = line 1); a CSV's also has `_more`, NULL unless the row has values past
the header's last field (then that field and the ones after it, as written).
Raw tables are TEMPORARY: in memory (spilled to DuckDB's temp directory if need be), never written to
the warehouse file, which made them several times faster than tables in an attached scratch database.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from etl.contract import HeaderMatch, describe_header_problem, match_header

SUFFIXES = (".csv", ".xlsx")
_SNIFF_BYTES = 1 << 20
_CHUNK = 1 << 22

# What one file may ask of the loader (docs/DATA.md, "Files refused"). A workbook over a limit is refused
# from its zip directory alone, before a byte is inflated, so a zip bomb costs neither time nor memory.
MAX_CSV_LINE = 10_000_000  # characters in one CSV record (DuckDB's max_line_size)
MAX_XLSX_PARTS = 10_000  # members of a workbook's zip archive
MAX_XLSX_BYTES = 1 << 30  # the inflated size of all of a workbook's parts together
MAX_XLSX_RATIO = 100  # inflated / compressed size of any part over 1 MiB (real workbooks: 5-20)
_RATIO_FLOOR = 1 << 20
# Fields past the header's that a CSV row is read with (raw column `_more`): a row with a value in any of them
# is refused, with them shown; fields beyond these few are not read at all.
EXTRA_FIELDS = 4
# A Thai letter in UTF-8 (U+0E00-U+0E5B); as cp874 bytes it would be เธ/เน and a rare third letter, which
# never occurs in the 20 MB of Thai text of data/reference and the sample: how a mixed file is told.
_UTF8_THAI = re.compile(rb"\xe0(?:\xb8[\x80-\xbf]|\xb9[\x80-\x9b])")


# Latin-1 / Windows-1252 text decodes as cp874 without an error, into Thai no one writes: a vowel or tone
# mark above or below (U+0E31, U+0E34-U+0E3A, U+0E47-U+0E4E) right after a Latin letter ('Café' ->
# 'Caf้', 'Garçon' -> 'Gar็on'), or a leading vowel (U+0E40-U+0E44) between two ('São' -> 'Sใo'). Thai
# text has a Thai letter under every mark, so a typo in real Thai does not look like this.
_NOT_THAI = re.compile("(?<=[A-Za-z])(?:[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]|[\u0e40-\u0e44](?=[A-Za-z]))")


def _not_thai_error(path: Path, text: str, first_line: int = 1) -> FileError | None:
    """A FileError for cp874 text that is no Thai, naming its line and the characters; None when it is."""
    m = _NOT_THAI.search(text)
    if m is None:
        return None
    line = first_line + text.count("\n", 0, m.start())
    word = (re.search(r'[^\s,;|"]{0,20}$', text[:m.start()])[0] + re.match(r'[^\s,;|"]{0,20}', text[m.start():])[0])
    return FileError(f"{path}: line {line} is not Thai Windows (cp874) text ({word.encode('cp874').decode('cp1252', 'replace')!r} "
                     "in Windows-1252?); save the file as CSV UTF-8")


class FileError(Exception):
    """A file that cannot be read at all; the message names the file and says why in one line."""


@dataclass(frozen=True)
class Source:
    """One readable table: a CSV file or one sheet of a workbook, with its recognised kind."""

    path: Path
    sheet: str | None
    encoding: str | None
    header: tuple[str, ...]
    match: HeaderMatch
    hidden: str | None = None  # 'hidden' / 'very hidden' for a workbook sheet Excel does not show: never loaded

    @property
    def label(self) -> str:
        return f"{self.path.name} [{self.sheet}]" if self.sheet else self.path.name


def expand(paths: list[Path]) -> list[Path]:
    """Files named, and the .csv/.xlsx files under directories named, in a stable order."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.suffix.lower() in SUFFIXES and f.is_file())
        elif p.exists():
            out.append(p)
        else:
            raise FileError(f"{p}: no such file")
    return out


# --- CSV -------------------------------------------------------------------------------------


def _line_at(data: bytes, pos: int, first: int = 1) -> int:
    return first + data.count(b"\n", 0, pos)


def _mixed(path: Path, utf8_line: int, other_line: int) -> FileError:
    return FileError(f"{path}: mixed encodings: line {utf8_line} is UTF-8 and line {other_line} is not; "
                     "save the whole file in one encoding (CSV UTF-8)")


def _looks_utf16(head: bytes) -> bool:
    """A UTF-16 BOM, or text whose every other byte is NUL (ASCII in UTF-16 without a BOM)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    sample = head[:1024]
    half = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return half >= 4 and max(even, odd) > half * 0.6 and min(even, odd) < half * 0.1


def detect_encoding(path: Path) -> str:
    """utf-8 (a BOM is skipped by the reader) when the first MiB decodes as UTF-8, else cp874.
    UTF-16, binary data and a mix of UTF-8 and cp874 lines are refused with the line where seen."""
    with open(path, "rb") as f:
        head = f.read(_SNIFF_BYTES)
    if _looks_utf16(head):
        raise FileError(f'{path}: UTF-16 text (Excel\'s "Unicode text"), which is not read; save it as CSV UTF-8')
    if (nul := head.find(b"\x00")) >= 0:
        if head.startswith(b"PK\x03\x04"):
            raise FileError(f"{path}: binary data, not a CSV text file: a zip archive (an .xlsx workbook named .csv?)")
        raise FileError(f"{path}: binary data, not a CSV text file (a NUL byte on line {_line_at(head, nul)})")
    try:  # a sequence cut by the end of the sniff is fine; one cut by the end of the file is not
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < _SNIFF_BYTES)
        return "utf-8"
    except UnicodeDecodeError as e:
        bad = e.start
    if thai := _UTF8_THAI.search(head):
        raise _mixed(path, _line_at(head, thai.start()), _line_at(head, bad))
    try:
        text = head.decode("cp874")
    except UnicodeDecodeError as e:
        raise FileError(f"{path}: neither UTF-8 nor Thai Windows (cp874) text (line {_line_at(head, e.start)}, "
                        f"byte {e.start})") from None
    if error := _not_thai_error(path, text):
        raise error
    return "cp874"


def _csv_header(path: Path, encoding: str) -> tuple[list[str], str]:
    """The header cells and the delimiter, read with Python's csv module from the file's start."""
    with open(path, encoding="utf-8-sig" if encoding == "utf-8" else encoding, errors="replace", newline="") as f:
        sample = f.read(64 * 1024)
        if "\n" not in sample and "\r" not in sample:  # a header longer than the sample: thousands of columns
            sample += f.readline(MAX_CSV_LINE)
    if not sample.strip():
        raise FileError(f"{path}: empty file")
    if len(sample) >= MAX_CSV_LINE:
        raise FileError(f"{path}: line 1 (the header) is longer than {MAX_CSV_LINE:,} characters")
    first = sample.splitlines()[0]
    delim = max(",;\t|", key=first.count)
    if first.count(delim) == 0:
        delim = ","
    try:
        header = next(csv.reader(io.StringIO(sample, newline=""), delimiter=delim), [])
    except csv.Error as e:
        raise FileError(f"{path}: the header cannot be read as CSV: {e}") from None
    return header, delim


def transcode_to_utf8(src: Path, dst: Path, encoding: str) -> None:
    """Stream a cp874 file into UTF-8, since DuckDB reads only UTF-8 and Latin-1 offline. A line past the
    first MiB in another encoding (UTF-8 pasted into a cp874 file) is a FileError naming it, not mojibake."""
    decode = codecs.getincrementaldecoder(encoding)().decode
    line, tail = 1, b""  # the line at the start of the chunk; the chunk before's last two bytes
    last = ""  # the text before's last character, for the Thai check across the chunks' edge
    with open(src, "rb") as fin, open(dst, "w", encoding="utf-8", newline="") as fout:
        while chunk := fin.read(_CHUNK):
            try:
                text = decode(chunk)
            except UnicodeDecodeError as e:
                raise FileError(f"{src}: line {_line_at(chunk, e.start, line)} is not Thai Windows (cp874) text "
                                "although the lines before it are; save the whole file in one encoding") from None
            if thai := _UTF8_THAI.search(tail + chunk):
                n = _line_at(tail + chunk, thai.start(), line - tail.count(b"\n"))
                raise FileError(f"{src}: mixed encodings: line {n} is UTF-8 in a Thai Windows (cp874) file; "
                                "save the whole file in one encoding (CSV UTF-8)")
            if error := _not_thai_error(src, last + text, line - last.count("\n")):
                raise error
            fout.write(text)
            line += chunk.count(b"\n")
            tail, last = chunk[-2:], text[-1:]


def open_csv(path: Path) -> tuple[Source, str]:
    encoding = detect_encoding(path)
    header, delim = _csv_header(path, encoding)
    return _source(path, None, encoding, header), delim


def load_csv(con, source: Source, delim: str, table: str, scratch: Path) -> None:
    path = source.path
    if source.encoding != "utf-8":
        utf8 = scratch / f"{table}.csv"
        transcode_to_utf8(path, utf8, source.encoding)
        path = utf8
    width = len(source.header)
    names = [f"c{i}" for i in range(width)] + [f"_x{i}" for i in range(EXTRA_FIELDS)]
    # Only the columns of the contract are kept: DuckDB then skips the others while parsing. The fields past
    # the header's are read too, into _more: a delimiter in an unquoted value (`4,ดีมาก, แต่ระบบช้ามาก`) makes
    # a row longer than its header, and its last value would otherwise be cut short without a word.
    keep = ", ".join(f"c{i}" for i, name in enumerate(source.match.columns) if name)
    extras = [f"_x{i}" for i in range(EXTRA_FIELDS)]
    tail = ", ".join(f"coalesce({c}, '')" for c in [f"c{width - 1}", *extras])
    more = (f"CASE WHEN {' OR '.join(f'{x} IS NOT NULL' for x in extras)} THEN CASE WHEN trim(concat_ws('', "
            f"{', '.join(extras)})) <> '' THEN rtrim(concat_ws($delim, {tail}), $delim) END END AS _more")
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {table}_csv AS SELECT {keep}, {more} FROM read_csv($path, header = true, "
            "all_varchar = true, delim = $delim, quote = '\"', escape = '\"', names = $names, null_padding = true, "
            "strict_mode = false, max_line_size = 10000000)",
            {"path": str(path), "delim": delim, "names": names},
        )
    except Exception as e:  # duckdb raises several error classes for unreadable input
        why = _diagnose_csv(path, delim) or str(e).splitlines()[0]
        raise FileError(f"{source.path}: cannot be read as CSV: {why}") from e
    # Insertion order is preserved, so rowid is the record's position after the header line.
    con.execute(f"CREATE OR REPLACE TEMP VIEW {table} AS SELECT *, rowid + 2 AS _line FROM {table}_csv")


def _diagnose_csv(path: Path, delim: str) -> str | None:
    """Why DuckDB could not read a (UTF-8) CSV, found again in Python so that the message names the line
    (DuckDB's names the wrong one for an overlong line). On the error path only."""
    decode, line = codecs.getincrementaldecoder("utf-8")().decode, 1
    with open(path, "rb") as f:
        while True:
            chunk = f.read(_CHUNK)
            try:
                decode(chunk, final=not chunk)
            except UnicodeDecodeError as e:
                return (f"line {_line_at(chunk, e.start, line)} is not UTF-8 although the lines before it are; "
                        "save the whole file in one encoding (CSV UTF-8)")
            if not chunk:
                break
            line += chunk.count(b"\n")
    limit = csv.field_size_limit(MAX_CSV_LINE + 1)
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader, start = csv.reader(f, delimiter=delim, strict=True), 1
            try:
                for row in reader:
                    if sum(map(len, row)) + len(row) > MAX_CSV_LINE:
                        break
                    start = reader.line_num + 1
                else:
                    return None
            except csv.Error as e:
                if "end of data" in str(e):
                    return f"a quoted field that starts on line {start} is never closed"
                if "field larger" not in str(e):
                    return None
            longer = f"the record on line {start} is longer than {MAX_CSV_LINE:,} characters"
            if reader.line_num > start:
                return f"{longer}, running on to line {reader.line_num}: a quote never closed?"
            return longer
    finally:
        csv.field_size_limit(limit)


# --- XLSX ------------------------------------------------------------------------------------


def _cell_text(v) -> str | None:
    """Workbook cells become the text a person would have typed, so one normaliser serves both."""
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, dt.datetime):
        return v.isoformat(sep=" ") if (v.hour, v.minute, v.second) != (0, 0, 0) else v.date().isoformat()
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, dt.timedelta):
        return str(v)
    return str(v)


def check_workbook(path: Path) -> None:
    """Refuse a workbook that is no zip archive, or whose zip directory asks for more than the MAX_XLSX_*
    limits (a zip bomb), before anything is inflated. The inflated sizes checked are the ones the directory
    declares; the reader (the zip crate under python-calamine) stops at a part's declared size."""
    try:
        with zipfile.ZipFile(path) as zf:
            parts = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as e:
        with open(path, "rb") as f:
            magic = f.read(4)
        why = ("the file is empty" if not magic else
               "a zip archive cut short or damaged (an incomplete download?)" if magic == b"PK\x03\x04" else
               "not a zip archive, as every .xlsx file is")
        raise FileError(f"{path}: cannot be read as an Excel workbook: {why}") from e
    refused = f"{path}: refused unopened"
    if len(parts) > MAX_XLSX_PARTS:
        raise FileError(f"{refused}: {len(parts):,} parts in its zip archive, over the limit of {MAX_XLSX_PARTS:,} "
                        "(etl.readers.MAX_XLSX_PARTS)")
    total = sum(p.file_size for p in parts)
    if total > MAX_XLSX_BYTES:
        raise FileError(f"{refused}: its parts would inflate to {total:,} bytes, over the limit of "
                        f"{MAX_XLSX_BYTES:,} (etl.readers.MAX_XLSX_BYTES); a zip bomb or an unusually large workbook")
    for p in parts:
        # deflate never grows data by more than a few bytes per 16 KiB: a smaller declared size is a lie
        if p.compress_size > p.file_size + p.file_size // 1000 + 1024 or (
                p.compress_type == zipfile.ZIP_STORED and p.compress_size != p.file_size):
            raise FileError(f"{refused}: its zip directory declares {p.filename} smaller than its compressed "
                            "data (a forged or damaged archive)")
        if p.file_size > _RATIO_FLOOR and p.file_size > MAX_XLSX_RATIO * p.compress_size:
            raise FileError(f"{refused}: {p.filename} would inflate {p.file_size / p.compress_size:,.0f} times, "
                            f"over the limit of {MAX_XLSX_RATIO} (etl.readers.MAX_XLSX_RATIO); a zip bomb?")


_HIDDEN = ((SheetVisibleEnum.Hidden, "hidden"), (SheetVisibleEnum.VeryHidden, "very hidden"))  # not hashable


def open_workbook(path: Path) -> tuple[list[tuple[Source, list[list]]], list[Source]]:
    """The sheets to load (every visible sheet whose header is a known kind, with its rows) and the hidden
    ones with a known header, which are never loaded: a sheet Excel does not show (hidden, or very hidden,
    which only a macro can show) is no one's data to publish, and may hold old rows reusing today's keys."""
    check_workbook(path)
    try:
        wb = CalamineWorkbook.from_path(str(path))
        visibility = {m.name: next((w for v, w in _HIDDEN if m.visible == v), None) for m in wb.sheets_metadata}
    except Exception as e:
        raise FileError(f"{path}: cannot be read as an Excel workbook: {str(e).splitlines()[0]}") from e
    found, hidden, problems = [], [], []
    for name in wb.sheet_names:
        try:
            # a hidden sheet is read only as far as its header, to say what it would have been
            rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=1 if visibility.get(name) else None)
        except Exception as e:
            why = ("the sheet's part is missing from the archive" if type(e).__name__ == "WorksheetNotFound"
                   else (str(e).splitlines() or [type(e).__name__])[0])
            raise FileError(f"{path} [{name}]: cannot be read: {why}") from e
        if not rows:
            continue
        header = [_cell_text(c) or "" for c in rows[0]]
        match = match_header(header)
        if match is None:
            problems.append(f"[{name}] {describe_header_problem(header)}")
        elif visibility.get(name):
            hidden.append(Source(path, name, None, tuple(header), match, visibility[name]))
        else:
            found.append((Source(path, name, None, tuple(header), match), rows[1:]))
    if not found and not hidden:
        raise FileError(f"{path}: no sheet has a known header: " + "; ".join(problems or ["workbook is empty"]))
    return found, hidden


def open_xlsx(path: Path) -> list[tuple[Source, list[list]]]:
    """Every visible sheet whose header is a known kind; sheets with other headers are skipped."""
    return open_workbook(path)[0]


def load_rows(con, source: Source, rows: list[list], table: str) -> None:
    width = len(source.header)
    cols = {f"c{i}": [] for i in range(width)}
    lines = []
    for n, row in enumerate(rows, start=2):
        cells = [_cell_text(v) for v in row[:width]]
        if not any(cells):
            continue  # blank rows in sheets are layout, not data
        cells += [None] * (width - len(cells))
        for i, v in enumerate(cells):
            cols[f"c{i}"].append(v)
        lines.append(n)
    arrow = pa.table({**{k: pa.array(v, pa.string()) for k, v in cols.items()}, "_line": pa.array(lines, pa.int64())})
    con.register("_arrow_rows", arrow)
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM _arrow_rows")
    finally:
        con.unregister("_arrow_rows")


# --- shared ----------------------------------------------------------------------------------


def _source(path: Path, sheet: str | None, encoding: str | None, header: list[str]) -> Source:
    match = match_header(header)
    if match is None:
        raise FileError(f"{path}: {describe_header_problem(header)}")
    return Source(path, sheet, encoding, tuple(header), match)
