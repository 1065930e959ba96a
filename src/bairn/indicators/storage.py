"""Where computed results live in the store: numbers keyed by small integers, labels kept once.

`result_values` holds one row per indicator × area × period × category with integer keys; the
labels live in four small tables (`result_indicators`, `result_areas`, `result_periods`,
`result_categories`) whose keys are given on first sight and never change. The view
`indicator_results` joins them back into the long table every reader uses (same columns as the
flat table it replaced); a CPC of one council is listed in `result_area_aliases` and its rows are
its council's. Why: the engine writes millions of rows a run, and seven text columns
cost several times the numbers themselves to write (docs/indicators.md, "Performance").
"""

from __future__ import annotations

import json

import duckdb

from bairn.indicators.catalogue import load_catalogue
from bairn.store import Store

LABEL_TABLES = {
    # table: (key column, label columns, the label columns that identify a row)
    "result_indicators": ("indicator_key", ("indicator_id",), ("indicator_id",)),
    "result_areas": ("area_key", ("area_code", "area_type"), ("area_code",)),
    "result_periods": ("period_key", ("period", "period_kind"), ("period",)),
    "result_categories": ("category_key", ("breakdown", "category"), ("breakdown", "category")),
}
VALUE_COLUMNS = (
    "numerator DOUBLE, denominator DOUBLE, value DOUBLE, lower95 DOUBLE, upper95 DOUBLE, "
    "run_id BIGINT NOT NULL"
)
# A CPC of one council has exactly its council's figures (see sqlgen.areas_sql): its rows are
# the council's, shown under the CPC's label, rather than written twice.
RESULTS_VIEW = """
CREATE OR REPLACE VIEW indicator_results AS
SELECT i.indicator_id, a.area_code, a.area_type, p.period, p.period_kind, c.breakdown,
       c.category, v.numerator, v.denominator, v.value, v.lower95, v.upper95, v.run_id
FROM (
    SELECT * FROM result_values
    UNION ALL
    SELECT v.* REPLACE (x.area_key AS area_key)
    FROM result_values v JOIN result_area_aliases x ON x.council_key = v.area_key
) v
JOIN result_indicators i USING (indicator_key)
JOIN result_areas a USING (area_key)
JOIN result_periods p USING (period_key)
JOIN result_categories c USING (category_key)
"""
ALIASES_DDL = """
CREATE TABLE IF NOT EXISTS result_area_aliases (
    area_key INTEGER PRIMARY KEY, council_key INTEGER NOT NULL
)
"""
RUNS_DDL = """
CREATE TABLE IF NOT EXISTS indicator_runs (
    run_id BIGINT PRIMARY KEY, catalogue_version VARCHAR NOT NULL, computed_at TIMESTAMP NOT NULL,
    indicators JSON NOT NULL, parameters JSON NOT NULL, submissions JSON NOT NULL,
    rows BIGINT NOT NULL
)
"""


def ensure_results_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the results tables and view; a store written by an earlier Bairn, whose results
    were one flat table, has them moved into the keyed tables (same rows, same run ids)."""
    flat = _is_flat_table(con)
    con.execute("BEGIN TRANSACTION")
    try:
        if flat:
            con.execute("ALTER TABLE indicator_results RENAME TO indicator_results_flat")
        for table, (key, labels, _) in LABEL_TABLES.items():
            columns = ", ".join(f"{c} VARCHAR NOT NULL" for c in labels)
            con.execute(
                f"CREATE TABLE IF NOT EXISTS {table} ({key} INTEGER PRIMARY KEY, {columns})"
            )
        keys = ", ".join(f"{key} INTEGER NOT NULL" for key, _, _ in LABEL_TABLES.values())
        con.execute(f"CREATE TABLE IF NOT EXISTS result_values ({keys}, {VALUE_COLUMNS})")
        con.execute(RUNS_DDL)
        con.execute(ALIASES_DDL)
        con.execute(RESULTS_VIEW)  # always this code's definition of the view
        if flat:
            _move_flat_results(con)
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def set_area_aliases(con: duckdb.DuckDBPyConnection, source: str) -> None:
    """Record which areas show another area's rows: `source` gives (area_key, council_key)."""
    con.execute("DELETE FROM result_area_aliases")
    con.execute(f"INSERT INTO result_area_aliases SELECT area_key, council_key FROM ({source})")


def has_results(con: duckdb.DuckDBPyConnection) -> bool:
    names = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views()").fetchall()}
    return "indicator_results" in names or _is_flat_table(con)


def add_labels(con: duckdb.DuckDBPyConnection, table: str, source: str) -> None:
    """Give keys to the labels in `source` (a query with the table's label columns) that the
    table does not hold yet; keys already given stay as they are."""
    key, labels, identity = LABEL_TABLES[table]
    cols = ", ".join(labels)
    match = " AND ".join(f"t.{c} = s.{c}" for c in identity)
    con.execute(f"""
        INSERT INTO {table} ({key}, {cols})
        SELECT (SELECT coalesce(max({key}), 0) FROM {table})
               + row_number() OVER (ORDER BY {", ".join(identity)}), {cols}
        FROM (SELECT DISTINCT {cols} FROM ({source})) s
        WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {match})
    """)


def _is_flat_table(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM duckdb_tables() "
            "WHERE table_name = 'indicator_results' AND NOT temporary"
        ).fetchall()[0][0]
    )


def _move_flat_results(con: duckdb.DuckDBPyConnection) -> None:
    flat = "indicator_results_flat"
    for table in LABEL_TABLES:
        add_labels(con, table, f"SELECT * FROM {flat}")
    # the flat table held every area's rows, CPCs of one council included: keep them as rows
    con.execute(f"""
        INSERT INTO result_values
        SELECT i.indicator_key, a.area_key, p.period_key, c.category_key, f.numerator,
               f.denominator, f.value, f.lower95, f.upper95, f.run_id
        FROM {flat} f
        JOIN result_indicators i USING (indicator_id)
        JOIN result_areas a USING (area_code)
        JOIN result_periods p USING (period)
        JOIN result_categories c USING (breakdown, category)
    """)
    con.execute(f"DROP TABLE {flat}")


def latest_run(store: Store) -> dict | None:
    tables = {r[0] for r in store.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if "indicator_runs" not in tables:
        return None
    cur = store.con.execute("SELECT * FROM indicator_runs ORDER BY run_id DESC LIMIT 1")
    names = [d[0] for d in cur.description]
    rows = cur.fetchall()
    return dict(zip(names, rows[0], strict=True)) if rows else None


def is_current(store: Store) -> bool:
    """Results are current when the last run covered the whole catalogue, under this catalogue
    version, from exactly the submissions now current."""
    run = latest_run(store)
    if run is None:
        return False
    catalogue = load_catalogue()
    current = [
        r[0]
        for r in store.con.execute(
            "SELECT submission_id FROM submissions WHERE status = 'current' ORDER BY 1"
        ).fetchall()
    ]
    return (
        run["catalogue_version"] == catalogue.version
        and json.loads(run["submissions"]) == current
        and set(json.loads(run["indicators"])) == set(catalogue.indicators)
        and json.loads(run["parameters"]) == {}
    )
