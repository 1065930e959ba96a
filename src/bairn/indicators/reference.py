"""The reference tables a run joins to (temporary, one connection): timescales, breakdown
categories and area membership, from the standard, the catalogue and `bairn.areas`."""

from __future__ import annotations

import duckdb
import pandas as pd

from bairn.areas import all_areas
from bairn.indicators.catalogue import Catalogue
from bairn.standard import load_standard, load_timescales


def timescales_table(con: duckdb.DuckDBPyConnection) -> None:
    """`timescales`: each stage's limit under each guidance, with the dates it was in force."""
    rows = [
        (g.id, st.stage, st.limit, st.unit, g.in_force_from, g.in_force_until)
        for g in load_timescales()
        for st in g.standards.values()
    ]
    frame = pd.DataFrame(
        rows,
        columns=["guidance", "stage", "limit_value", "unit", "in_force_from", "in_force_until"],
    )
    con.register("timescales_frame", frame)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE timescales AS
        SELECT guidance, stage, CAST(limit_value AS INTEGER) AS limit_value, unit,
               CAST(in_force_from AS DATE) AS in_force_from,
               CAST(in_force_until AS DATE) AS in_force_until
        FROM timescales_frame
    """)
    con.unregister("timescales_frame")


def categories_table(con: duckdb.DuckDBPyConnection, catalogue: Catalogue) -> None:
    """`categories`: every breakdown's categories from the code lists (the grid's rows)."""
    codelists = load_standard().codelists
    rows = [("total", "all")]
    for name, spec in catalogue.breakdowns.items():
        if name == "simd_quintile":
            rows += [(name, str(q)) for q in range(1, 6)]
        else:
            rows += [(name, code) for code in codelists[spec["codelist"]].values]
    frame = pd.DataFrame(rows, columns=["breakdown", "category"])
    con.register("categories_frame", frame)
    con.execute("CREATE OR REPLACE TEMP TABLE categories AS SELECT * FROM categories_frame")
    con.unregister("categories_frame")


def area_tables(con: duckdb.DuckDBPyConnection) -> None:
    """`area_members` (each area's councils) and `area_periods` (the periods all of an
    area's councils cover; needs `council_periods`)."""
    rows = [
        (council, a.code, a.type, len(a.councils))
        for a in all_areas().values()
        for council in a.councils
    ]
    frame = pd.DataFrame(rows, columns=["council_code", "area_code", "area_type", "n_members"])
    con.register("members_frame", frame)
    con.execute("CREATE OR REPLACE TEMP TABLE area_members AS SELECT * FROM members_frame")
    con.unregister("members_frame")
    # an area's figure exists for a period only when every one of its councils covers it
    con.execute("""
        CREATE OR REPLACE TEMP TABLE area_periods AS
        SELECT m.area_code, cp.period_id
        FROM area_members m JOIN council_periods cp USING (council_code)
        GROUP BY m.area_code, cp.period_id
        HAVING count(*) = any_value(m.n_members)
    """)
