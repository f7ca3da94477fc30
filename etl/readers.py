"""Read input files into DuckDB as raw text tables, one per CSV file or XLSX sheet.

Every cell arrives as VARCHAR; normalisation happens afterwards, in etl.stage. A raw table has
columns c<i> (by header position; a CSV keeps only the positions the contract maps) and `_line`, the
line of the row in its file (header = line 1).
Raw tables are TEMPORARY: in memory (spilled to DuckDB's temp directory if need be), never written to
the warehouse file, which made them several times faster than tables in an attached scratch database.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
from python_calamine import CalamineWorkbook

from etl.contract import HeaderMatch, describe_header_problem, match_header

SUFFIXES = (".csv", ".xlsx")
_SNIFF_BYTES = 1 << 20
_CHUNK = 1 << 22


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


def detect_encoding(path: Path) -> str:
    """utf-8 (a BOM is skipped by the reader) when the first MiB decodes as UTF-8, else cp874."""
    with open(path, "rb") as f:
        head = f.read(_SNIFF_BYTES)
    if b"\x00" in head:
        raise FileError(f"{path}: binary data, not a CSV text file")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        head.decode("cp874")
        return "cp874"
    except UnicodeDecodeError as e:
        raise FileError(f"{path}: neither UTF-8 nor Thai Windows (cp874) text (byte {e.start})") from e


def _csv_header(path: Path, encoding: str) -> tuple[list[str], str]:
    """The header cells and the delimiter, read with Python's csv module from the file's start."""
    with open(path, encoding="utf-8-sig" if encoding == "utf-8" else encoding, errors="replace", newline="") as f:
        sample = f.read(64 * 1024)
    if not sample.strip():
        raise FileError(f"{path}: empty file")
    first = sample.splitlines()[0]
    delim = max(",;\t|", key=first.count)
    if first.count(delim) == 0:
        delim = ","
    header = next(csv.reader(io.StringIO(sample), delimiter=delim))
    return header, delim


def transcode_to_utf8(src: Path, dst: Path, encoding: str) -> None:
    """Stream a cp874 file into UTF-8, since DuckDB reads only UTF-8 and Latin-1 offline."""
    with open(src, encoding=encoding, newline="") as fin, open(dst, "w", encoding="utf-8", newline="") as fout:
        while chunk := fin.read(_CHUNK):
            fout.write(chunk)


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
    names = [f"c{i}" for i in range(len(source.header))]
    # Only the columns of the contract are kept: DuckDB then skips the others while parsing.
    keep = ", ".join(f"c{i}" for i, name in enumerate(source.match.columns) if name)
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {table}_csv AS SELECT {keep} FROM read_csv(?, header = true, "
            "all_varchar = true, delim = ?, quote = '\"', escape = '\"', names = ?, null_padding = true, "
            "strict_mode = false, max_line_size = 10000000)",
            [str(path), delim, names],
        )
    except Exception as e:  # duckdb raises several error classes for unreadable input
        raise FileError(f"{source.path}: cannot be read as CSV: {str(e).splitlines()[0]}") from e
    # Insertion order is preserved, so rowid is the record's position after the header line.
    con.execute(f"CREATE OR REPLACE TEMP VIEW {table} AS SELECT *, rowid + 2 AS _line FROM {table}_csv")


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


def open_xlsx(path: Path) -> list[tuple[Source, list[list]]]:
    """Every sheet whose header is a known kind; sheets with other headers are skipped."""
    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as e:
        raise FileError(f"{path}: cannot be read as an Excel workbook: {str(e).splitlines()[0]}") from e
    found, problems = [], []
    for name in wb.sheet_names:
        try:
            rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as e:
            raise FileError(f"{path} [{name}]: cannot be read: {str(e).splitlines()[0]}") from e
        if not rows:
            continue
        header = [_cell_text(c) or "" for c in rows[0]]
        match = match_header(header)
        if match is None:
            problems.append(f"[{name}] {describe_header_problem(header)}")
            continue
        found.append((Source(path, name, None, tuple(header), match), rows[1:]))
    if not found:
        raise FileError(f"{path}: no sheet has a known header: " + "; ".join(problems or ["workbook is empty"]))
    return found


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
