"""The protected public tables, kept in the store per indicator run, so that every output of the
same run (CLI, web, API, reports) publishes the same suppression pattern without redoing it."""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import pandas as pd

from bairn.disclosure import Protected, load_policy
from bairn.disclosure.records import DisclosureRecord

DDL = """
CREATE TABLE IF NOT EXISTS published_runs (
    run_id BIGINT NOT NULL, scheme_version VARCHAR NOT NULL, policy VARCHAR NOT NULL,
    policy_version VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, record JSON NOT NULL,
    PRIMARY KEY (run_id, scheme_version, policy, policy_version)
);
CREATE TABLE IF NOT EXISTS published_cells (
    run_id BIGINT NOT NULL, scheme_version VARCHAR NOT NULL, policy_version VARCHAR NOT NULL,
    row_number BIGINT NOT NULL, cells JSON NOT NULL
)
"""
NUMBERS = ("numerator", "denominator", "value", "lower95", "upper95")


def _ensure(con: duckdb.DuckDBPyConnection) -> None:
    for statement in DDL.split(";"):
        con.execute(statement)


def load_cached(store, run_id: int, scheme_version: str) -> Protected | None:
    policy = load_policy()
    if (
        store.con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'published_runs'"
        ).fetchall()[0][0]
        == 0
    ):
        return None
    found = store.con.execute(
        "SELECT record FROM published_runs WHERE run_id = ? AND scheme_version = ? "
        "AND policy = ? AND policy_version = ?",
        [run_id, scheme_version, policy.name, policy.version],
    ).fetchall()
    if not found:
        return None
    doc = json.loads(found[0][0])
    rows = store.con.execute(
        "SELECT cells FROM published_cells WHERE run_id = ? AND scheme_version = ? "
        "AND policy_version = ? ORDER BY row_number",
        [run_id, scheme_version, policy.version],
    ).fetchall()
    # one document for all rows: a parse per row was half the time of publishing for an area
    cells = json.loads("[" + ",".join(r[0] for r in rows) + "]")
    frame = pd.DataFrame(cells, columns=doc["columns"])
    record = DisclosureRecord(
        cells=pd.DataFrame(doc["cells"], columns=doc["cell_columns"]), **doc["record"]
    )
    return Protected(frame, record, policy)


def save_cached(store, run_id: int, scheme_version: str, protected: Protected) -> None:
    """Best effort: a store opened read-only (or busy) simply recomputes next time."""
    rec = protected.record
    doc = {
        "columns": list(protected.frame.columns),
        "cell_columns": list(rec.cells.columns),
        "cells": rec.cells.astype(object).where(rec.cells.notna(), None).values.tolist(),
        "record": {
            "output_id": rec.output_id, "audience": rec.audience, "policy": rec.policy,
            "policy_version": rec.policy_version, "area": rec.area, "n_cells": rec.n_cells,
            "n_suppressed": rec.n_suppressed, "n_primary": rec.n_primary,
            "n_secondary": rec.n_secondary, "audit": rec.audit, "marking": rec.marking,
            "notes": rec.notes,
        },
    }  # fmt: skip
    frame = protected.frame
    cells = pd.DataFrame(
        {
            "run_id": run_id,
            "scheme_version": scheme_version,
            "policy_version": rec.policy_version,
            "row_number": range(len(frame)),
            "cells": [json.dumps(list(map(_plain, row))) for row in frame.itertuples(index=False)],
        }
    )
    try:
        _ensure(store.con)
        store.con.register("cells_frame", cells)
        with store.transaction() as con:
            con.execute(
                "DELETE FROM published_cells WHERE run_id = ? AND scheme_version = ?",
                [run_id, scheme_version],
            )
            con.execute("INSERT INTO published_cells SELECT * FROM cells_frame")
            con.execute(
                "INSERT OR REPLACE INTO published_runs VALUES (?, ?, ?, ?, ?, ?)",
                [
                    run_id, scheme_version, rec.policy, rec.policy_version,
                    dt.datetime.now(dt.UTC).replace(tzinfo=None), json.dumps(doc, default=str),
                ],
            )  # fmt: skip
        store.con.unregister("cells_frame")
    except duckdb.Error:
        return


def _plain(value: object) -> object:
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value
