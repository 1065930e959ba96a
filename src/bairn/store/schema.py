"""The store's schema, generated from the standard: one table per standard table, every field of
every version (older submissions leave newer fields empty), plus the columns the store adds."""

from __future__ import annotations

from bairn.standard import Standard, Table, load_standard

SCHEMA_VERSION = 2
DUCKDB_TYPES = {"string": "VARCHAR", "code": "VARCHAR", "date": "DATE", "integer": "INTEGER"}

# Columns the store adds to each record table: the council that submitted the row, the date that
# places it in a period (its own or its parent's), the submission it came from and, on a table
# with a child, the child's number (`child_keys`). A child is named by two strings (council and
# the council's pseudonymous id); the indicators join every event to its child, and joining on
# one integer costs about half as much as on the two strings (child_keys.py).
STORE_COLUMNS = {
    "council_code": "VARCHAR", "event_date": "DATE", "submission_id": "BIGINT",
    "child_key": "BIGINT",
}  # fmt: skip

METADATA_DDL = """
CREATE SEQUENCE IF NOT EXISTS submission_ids START 1;
CREATE TABLE IF NOT EXISTS submissions (
    submission_id BIGINT PRIMARY KEY,
    area_code VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    loaded_at TIMESTAMP NOT NULL,
    loaded_by VARCHAR NOT NULL,
    standard_version VARCHAR NOT NULL,
    files JSON NOT NULL,
    row_counts JSON NOT NULL,
    status VARCHAR NOT NULL,
    replaced_by BIGINT
);
CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS child_keys (
    council_code VARCHAR NOT NULL,
    child_id VARCHAR NOT NULL,
    child_key BIGINT NOT NULL
);
"""


def record_columns(table: Table) -> list[tuple[str, str]]:
    """(name, DuckDB type) of every column the store keeps for `table`, in a stable order."""
    cols = [(f.name, DUCKDB_TYPES[f.type]) for f in table.all_fields]
    names = {name for name, _ in cols}
    for name, sql_type in STORE_COLUMNS.items():
        if name == "event_date" and table.period_date is None:
            continue
        if name == "child_key" and "child_id" not in names:
            continue
        if name not in names:
            cols.append((name, sql_type))
    return cols


def create_statements(standard: Standard | None = None) -> list[str]:
    standard = standard or load_standard()
    statements = [s.strip() for s in METADATA_DDL.split(";") if s.strip()]
    for table in sorted(standard.tables.values(), key=lambda t: t.order):
        cols = ",\n    ".join(f"{name} {sql_type}" for name, sql_type in record_columns(table))
        statements.append(f"CREATE TABLE IF NOT EXISTS {table.name} (\n    {cols}\n)")
    return statements
