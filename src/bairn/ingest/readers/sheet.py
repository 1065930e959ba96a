"""What each format's reader returns: one table of text as found in one file or sheet."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa


@dataclass
class RawSheet:
    """`file` is the name shown in the report; `name` the file stem or sheet name used to tell
    which table it holds; `columns[i]` holds the text under `header[i]`; `rows` the row number
    the user sees for each record; `malformed` (row, values found) for rows not read."""

    file: str
    name: str
    header: list[str | None]
    columns: list[pa.Array | pa.ChunkedArray]
    rows: pa.Array
    malformed: list[tuple[int, int]] = field(default_factory=list)
    header_row: int | None = 1  # the header's row number (None for Parquet: no header row)
    fallback_name: str | None = None  # the workbook's file stem for a single-sheet workbook
