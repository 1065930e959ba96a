"""Parquet reader: every column turned into text (dates ISO; whole-day timestamps as dates).
Parquet has no header row, so row 1 is the first record."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from bairn.errors import BairnError
from bairn.ingest.readers.sheet import RawSheet


def _text(col: pa.ChunkedArray) -> pa.ChunkedArray:
    t = col.type
    if pa.types.is_dictionary(t):
        col = col.cast(t.value_type)
        t = t.value_type
    if pa.types.is_timestamp(t):
        day = pc.cast(col.cast(pa.timestamp(t.unit)), pa.date32())
        back = pc.cast(day, pa.timestamp(t.unit))
        if pc.all(
            pc.or_kleene(pc.is_null(col), pc.equal(back, col.cast(pa.timestamp(t.unit))))
        ).as_py():
            return day.cast(pa.string())
    if pa.types.is_floating(t):
        whole = pc.equal(pc.floor(col), col)
        if pc.all(pc.or_kleene(pc.is_null(col), whole)).as_py():
            return col.cast(pa.int64()).cast(pa.string())
    return col.cast(pa.string())


def read_parquet(path: Path) -> RawSheet:
    with path.open("rb") as fh:
        head = fh.read(4)
    if head != b"PAR1":
        raise BairnError(f"{path.name} is not a Parquet file; give a CSV, XLSX or Parquet file.")
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError, ValueError) as exc:
        first = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise BairnError(f"{path.name} cannot be read as Parquet ({first}).") from None
    columns = []
    for name, col in zip(table.column_names, table.columns, strict=True):
        try:
            columns.append(_text(col))
        except (pa.ArrowException, ValueError):
            raise BairnError(
                f"Column {name!r} of {path.name} has type {col.type}, which Bairn cannot read; "
                "write it as text, a number or a date."
            ) from None
    rows = pa.array(np.arange(1, table.num_rows + 1, dtype=np.int64))
    return RawSheet(path.name, path.stem, list(table.column_names), columns, rows, header_row=None)
