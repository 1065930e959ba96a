"""Each council's child has a number in the store (`child_keys`), given once and never changed
or given to another child; every table with a child carries it as `child_key`. A child is named
by two strings (its council and the council's pseudonymous id; two councils may use the same
id), and the indicators join every event to its child: on one integer that join costs about half
as much (docs/architecture.md)."""

from __future__ import annotations

import duckdb

from bairn.standard import Standard
from bairn.store.schema import record_columns


def number_new_children(con: duckdb.DuckDBPyConnection, named: str) -> None:
    """Give the next free numbers to the children `named` (SQL with columns council_code and
    child_id; duplicates allowed) that have none yet, in order of council and id."""
    con.execute(f"""
        INSERT INTO child_keys
        SELECT council_code, child_id,
               (SELECT coalesce(max(child_key), 0) FROM child_keys)
               + row_number() OVER (ORDER BY council_code, child_id)
        FROM (SELECT DISTINCT council_code, child_id FROM ({named})) n
        WHERE NOT EXISTS (SELECT 1 FROM child_keys k
                          WHERE k.council_code = n.council_code AND k.child_id = n.child_id)
    """)


def number_unnumbered_store(con: duckdb.DuckDBPyConnection, standard: Standard) -> None:
    """Bring a store made before children were numbered (schema version 1) up to date: add the
    `child_key` columns, number every child its rows name, and fill the columns in, in one
    transaction. A no-op on a store that has them."""
    keyed = [t.name for t in standard.tables.values() if "child_key" in dict(record_columns(t))]
    having = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_columns() WHERE column_name = 'child_key' "
            "AND schema_name = 'main' AND NOT internal"
        ).fetchall()
    }
    missing = [name for name in keyed if name not in having]
    if not missing:
        return
    con.execute("BEGIN TRANSACTION")
    try:
        for name in missing:
            con.execute(f"ALTER TABLE {name} ADD COLUMN child_key BIGINT")
        number_new_children(
            con, " UNION ALL ".join(f"SELECT council_code, child_id FROM {n}" for n in keyed)
        )
        for name in missing:
            con.execute(f"""
                UPDATE {name} AS t SET child_key = k.child_key FROM child_keys k
                WHERE k.council_code = t.council_code AND k.child_id = t.child_id
            """)
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
