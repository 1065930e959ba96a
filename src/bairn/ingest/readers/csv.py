"""CSV reader: UTF-8 (with or without BOM) or UTF-16 with a BOM, comma, semicolon or tab,
quoted fields (with line breaks inside quotes), CRLF or LF.

Every value is read as text. Row numbers are those a spreadsheet shows: the header is row 1, the
first record row 2; a line break inside a quoted value does not start a new row. A fast Arrow
parser reads regular files; any irregularity (a row of the wrong length, an odd header) sends the
file through Python's csv module, which reports each malformed row exactly.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from bairn.errors import BairnError
from bairn.ingest.readers.sheet import RawSheet

MAX_FIELD = 1 << 20  # characters; a longer value means this is not an extract
DELIMITERS = (",", ";", "\t")


def _decode(path: Path, raw: bytes) -> str:
    name = path.name
    if not raw.strip():
        raise BairnError(f"{name} is empty; export the table again with its header row.")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise BairnError(
                f"{name} starts like UTF-16 text but is not; save it as 'CSV UTF-8'."
            ) from None
    if b"\x00" in raw[:65536]:
        raise BairnError(
            f"{name} is not a text file (it holds binary data); give a CSV, XLSX or Parquet file."
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start : exc.start + 1].hex()
        raise BairnError(
            f"{name} is not UTF-8 text (line {line} has the byte 0x{byte}); in Excel use "
            "Save As › 'CSV UTF-8', or convert the file to UTF-8."
        ) from None


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(path: Path, raw: bytes | None = None) -> RawSheet:
    """Read one CSV file into text columns; raise BairnError when it is not a readable CSV."""
    raw = path.read_bytes() if raw is None else raw
    text = _decode(path, raw)
    first_line = text.split("\n", 1)[0].rstrip("\r")
    delimiter = _delimiter(first_line)
    csv.field_size_limit(MAX_FIELD)
    try:
        header = next(csv.reader(io.StringIO(text), delimiter=delimiter))
    except (csv.Error, StopIteration):
        header = []
    if not any(h.strip() for h in header):
        raise BairnError(
            f"{path.name} has no header row in its first line; the first line must name the "
            "columns (child_id, …)."
        )
    simple = header == next(csv.reader([first_line], delimiter=delimiter), None)
    utf8 = raw[3:] if raw.startswith(codecs.BOM_UTF8) else raw
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        utf8 = text.encode("utf-8")
    sheet = _fast(path, utf8, header, delimiter) if simple else None
    return sheet or _exact(path, text, header, delimiter)


def _fast(path: Path, data: bytes, header: list[str], delimiter: str) -> RawSheet | None:
    """Arrow's parser; None when the file has any irregularity the exact reader must report."""
    names = [f"c{i}" for i in range(len(header))]
    irregular: list[int] = []

    def on_invalid(row: object) -> str:
        irregular.append(1)
        return "skip"

    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=1 << 22),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                newlines_in_values=True,
                ignore_empty_lines=False,
                invalid_row_handler=on_invalid,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowException, ValueError):
        return None
    if irregular or _too_long(table):
        return None
    rows = pa.array(np.arange(2, table.num_rows + 2, dtype=np.int64))
    return RawSheet(path.name, path.stem, header, list(table.columns), rows, [])


def _too_long(table: pa.Table) -> bool:
    import pyarrow.compute as pc

    return any(
        len(col) and (pc.max(pc.utf8_length(col)).as_py() or 0) > MAX_FIELD for col in table.columns
    )


def _exact(path: Path, text: str, header: list[str], delimiter: str) -> RawSheet:
    """Python's csv module, row by row: exact row numbers and a report of each malformed row."""
    width = len(header)
    columns: list[list[str]] = [[] for _ in range(width)]
    rows: list[int] = []
    malformed: list[tuple[int, int]] = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            if number == 1 or not record:
                continue
            if len(record) != width:
                malformed.append((number, len(record)))
                continue
            rows.append(number)
            for i, value in enumerate(record):
                columns[i].append(value)
    except csv.Error as exc:
        raise BairnError(
            f"{path.name} cannot be read as CSV at line {reader.line_num} ({exc}); "
            "check the file is a table exported from your system."
        ) from None
    arrays = [pa.array(c, pa.string()) for c in columns]
    return RawSheet(path.name, path.stem, header, arrays, pa.array(rows, pa.int64()), malformed)
