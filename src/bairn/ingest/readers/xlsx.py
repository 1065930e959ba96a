"""XLSX reader (openpyxl, read-only): one sheet per table, or one workbook per table. Sheets
whose names start with "_" (such as the templates' hidden code lists) are skipped. The header is
the first non-empty row; row numbers are the sheet's own."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pyarrow as pa

from bairn.errors import BairnError
from bairn.ingest.readers.sheet import RawSheet

HEADER_SEARCH_ROWS = 20  # title rows above the header are skipped, up to this row
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def cell_text(value: object) -> str | None:
    """A cell as the text a CSV export would hold: dates ISO, whole numbers without '.0'."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def read_xlsx(path: Path) -> list[RawSheet]:
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:
        raise BairnError(
            f"{path.name} is password-protected or an old Excel (.xls) file; remove the password "
            "or save it as .xlsx, then try again."
        )
    if not zipfile.is_zipfile(path):
        raise BairnError(
            f"{path.name} is not an XLSX workbook; save it from Excel as .xlsx, or export CSV."
        )
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # any failure to parse an untrusted workbook is the file's fault
        raise BairnError(
            f"{path.name} cannot be read as an XLSX workbook ({type(exc).__name__}); open it "
            "in Excel and save it again as .xlsx."
        ) from None
    try:
        visible = [ws for ws in wb.worksheets if not ws.title.startswith("_")]
        sheets = []
        for ws in visible:
            try:
                sheets.append(_sheet(path, ws, single=len(visible) == 1))
            except BairnError:
                raise
            except Exception as exc:
                raise BairnError(
                    f"Sheet {ws.title!r} of {path.name} cannot be read ({type(exc).__name__}); "
                    "open the workbook in Excel and save it again as .xlsx."
                ) from None
        return sheets
    finally:
        wb.close()


def _field_names() -> set[str]:
    from bairn.standard import load_standard

    return {f.name for t in load_standard().tables.values() for f in t.all_fields}


def _is_header(texts: list[str | None], names: set[str]) -> bool:
    from bairn.standard import normalise_name

    return any(t and normalise_name(t) in names for t in texts)


def _sheet(path: Path, ws, single: bool) -> RawSheet:
    """The header is the first row naming a field of the standard within the first rows (title
    rows above it are skipped); failing that, the first non-empty row."""
    ws.reset_dimensions()
    names = _field_names()
    grid = [
        (number, [cell_text(v) for v in values])
        for number, values in enumerate(ws.iter_rows(min_row=1, values_only=True), start=1)
    ]
    filled = [(n, t) for n, t in grid if any(x is not None and x.strip() for x in t)]
    header_row, header = None, []
    for n, texts in filled[:HEADER_SEARCH_ROWS]:
        if _is_header(texts, names):
            header_row, header = n, texts
            break
    else:
        if filled:
            header_row, header = filled[0]
    while header and (header[-1] is None or not header[-1].strip()):
        header.pop()
    columns: list[list[str | None]] = [[] for _ in header]
    rows: list[int] = []
    for n, texts in filled:
        if header_row is None or n <= header_row:
            continue
        rows.append(n)
        for i in range(len(header)):
            columns[i].append(texts[i] if i < len(texts) else None)
    return RawSheet(
        f"{path.name} [{ws.title}]",
        ws.title,
        header,
        [pa.array(c, pa.string()) for c in columns],
        pa.array(rows, pa.int64()),
        header_row=header_row,
        fallback_name=path.stem if single else None,
    )
