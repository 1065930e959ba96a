"""Tell which table a file or sheet holds, and match its columns to the table's fields.

Names compare case- and space-insensitively (`normalise_name`). A file called `children.csv`,
`Case Conferences.xlsx` or `aberdeen_meetings_2025Q1.csv` is matched to its table: first by the
whole name (or a former name), then by the longest table name found as a word inside it."""

from __future__ import annotations

import pyarrow as pa

from bairn.ingest.model import Issue, TablePart
from bairn.ingest.readers.sheet import RawSheet
from bairn.ingest.rules import structure
from bairn.standard import Standard, Table, normalise_name


def identify_table(standard: Standard, version: str, name: str) -> Table | None:
    in_version = {t.name for t in standard.tables_in(version)}
    table = standard.table_for(name)
    if table is not None:
        return table if table.name in in_version else None
    padded = f"_{normalise_name(name)}_"
    best: tuple[int, Table] | None = None
    for t in standard.tables_in(version):
        for candidate in (t.name, *t.aliases):
            if f"_{candidate}_" in padded and (best is None or len(candidate) > best[0]):
                best = (len(candidate), t)
    return best[1] if best else None


def to_part(
    standard: Standard, version: str, table: Table, sheet: RawSheet
) -> tuple[TablePart, list[Issue]]:
    """Keep the columns that are fields of `table` (renamed to the standard's names) and report
    unknown, duplicated and missing columns and malformed rows."""
    issues: list[Issue] = []
    fields = {f.name: f for f in table.fields(version)}
    all_names = {f.name for f in table.all_fields}
    chosen: dict[str, int] = {}
    seen_as: dict[str, list[str]] = {}

    def issue(check, column, value, row=None, **extra) -> None:
        message = check.message.format(
            table=table.name, column=column, value=value, version=version, **extra
        )
        issues.append(
            Issue(sheet.file, table.name, row, column, check.code, check.severity, message, value)
        )

    for i, head in enumerate(sheet.header):
        if head is None or not head.strip():
            continue
        key = normalise_name(head)
        if key in fields:
            seen_as.setdefault(key, []).append(head)
            chosen.setdefault(key, i)
            continue
        if key in all_names:
            since = table.field(key).since
            advice = f"it belongs to version {since}: give --version {since} to check it"
        else:
            advice = "remove or rename it"
        issue(structure.UNKNOWN_COLUMN, head, head, sheet.header_row, advice=advice)
    for key, heads in seen_as.items():
        if len(heads) > 1:
            issue(structure.DUPLICATE_COLUMN, key, ", ".join(heads), sheet.header_row)
    for name, f in fields.items():
        if name in chosen:
            continue
        if f.required:
            newer = f.since != standard.versions[0] and f.since == version
            hint = ", or validate against an earlier version with --version" if newer else ""
            issue(structure.MISSING_REQUIRED_COLUMN, name, None, sheet.header_row, hint=hint)
        else:
            issue(structure.MISSING_OPTIONAL_COLUMN, name, None, sheet.header_row)
    for row, found in sheet.malformed:
        issue(structure.MALFORMED_ROW, None, None, row, found=found, expected=len(sheet.header))
    arrays = {"_row": sheet.rows}
    for name, i in chosen.items():
        arrays[name] = sheet.columns[i]
    return TablePart(table.name, sheet.file, pa.table(arrays)), issues
