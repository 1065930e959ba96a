"""Checks the readers make while reading a file: columns, row shapes, unrecognised files.
They are registered like every rule so that the report, the docs and the packs list them."""

from __future__ import annotations

from bairn.ingest.registry import reader_check

UNKNOWN_COLUMN = reader_check(
    "S01",
    name="unknown-column",
    severity="warning",
    message="Column '{value}' is not a field of {table} in version {version} of the standard, "
    "so it is ignored; {advice}.",
    description="A column whose name matches no field of the table (names are compared "
    "case- and space-insensitively) is ignored.",
)
MISSING_REQUIRED_COLUMN = reader_check(
    "S02",
    name="missing-required-column",
    severity="error",
    message="Column {column} is missing, and {table} needs it in version {version} of the "
    "standard; add the column{hint}.",
    description="Every required field of a submitted table must have a column.",
)
MISSING_OPTIONAL_COLUMN = reader_check(
    "S03",
    name="missing-optional-column",
    severity="warning",
    message="Column {column} is missing, so it is treated as empty; add it if your system "
    "records it.",
    description="An optional field without a column is treated as empty in every row.",
)
DUPLICATE_COLUMN = reader_check(
    "S04",
    name="duplicate-column",
    severity="error",
    message="Column {column} appears more than once (as {value}); keep only one of them.",
    description="Two columns whose names normalise to the same field; only the first is read.",
)
MALFORMED_ROW = reader_check(
    "S05",
    name="malformed-row",
    severity="error",
    message="This row has {found} values but the header has {expected} columns; check for an "
    "unquoted comma or semicolon in a value, or a line cut short.",
    description="A CSV row with more or fewer values than the header is not read.",
)
UNRECOGNISED_FILE = reader_check(
    "S06",
    name="unrecognised-file",
    severity="warning",
    message="{value} is not named after a table of the standard, so it is ignored; name it "
    "after its table (children, concerns, irds, …) or remove it.",
    description="A file in a folder, or a sheet of a workbook, whose name matches no table "
    "(or former table name) is ignored.",
)
