"""Set-based replacement of submissions inside one open transaction (see Store.load)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping

import duckdb

from bairn.errors import BairnError
from bairn.periods import Period
from bairn.standard import Standard, Table
from bairn.store.child_keys import number_new_children
from bairn.store.schema import record_columns


def replace_submissions(
    con: duckdb.DuckDBPyConnection,
    standard: Standard,
    frames: Mapping[str, object],
    *,
    files: list,
    version: str,
    area: str | None,
    period: Period | None,
    loaded_by: str,
    loaded_at: dt.datetime,
) -> object:
    from bairn.store.store import LoadResult

    tables = sorted(standard.tables.values(), key=lambda t: t.order)
    for table in tables:
        _stage(con, table, frames.get(table.name))
    children = standard.tables["children"]
    events = [t for t in tables if t is not children]
    _number_children(con)
    for table in events:
        _locate(con, table)
    _check_scope(con, events, area, period)
    _make_targets(con, events, area, period)
    _record_submissions(con, files, version, loaded_by, loaded_at)
    _supersede_previous(con)
    for table in events:
        _replace_rows(con, table)
    _replace_children(con, children, events)
    subs = _count_rows(con, events)
    rows = {
        t.name: con.execute(f"SELECT count(*) FROM stg_{t.name}").fetchall()[0][0] for t in tables
    }
    for name in [t.name for t in tables]:
        con.execute(f"DROP TABLE IF EXISTS stg_{name}")
        con.execute(f"DROP TABLE IF EXISTS new_{name}")
    con.execute("DROP TABLE IF EXISTS targets")
    return LoadResult(submissions=subs, rows=rows)


def _stage(con: duckdb.DuckDBPyConnection, table: Table, frame: object | None) -> None:
    """Copy the submitted frame into a temp table with every stored field (missing ones NULL)."""
    fields = [
        (name, sql_type) for name, sql_type in record_columns(table) if _is_field(table, name)
    ]
    con.execute(f"DROP TABLE IF EXISTS stg_{table.name}")
    cols = ", ".join(f"{name} {sql_type}" for name, sql_type in fields)
    con.execute(f"CREATE TEMP TABLE stg_{table.name} ({cols})")
    if frame is None:
        return
    view = f"frame_{table.name}"
    con.register(view, frame)
    try:
        present = {d[0] for d in con.execute(f"SELECT * FROM {view} LIMIT 0").description}
        select = ", ".join(
            f"CAST({name} AS {sql_type})" if name in present else f"CAST(NULL AS {sql_type})"
            for name, sql_type in fields
        )
        con.execute(f"INSERT INTO stg_{table.name} SELECT {select} FROM {view}")
    finally:
        con.unregister(view)


def _is_field(table: Table, name: str) -> bool:
    return any(f.name == name for f in table.all_fields)


def _number_children(con: duckdb.DuckDBPyConnection) -> None:
    """Number the staged children that have no number yet, and keep each staged child's number
    in stg_children, which every staged row is joined to anyway."""
    number_new_children(con, "SELECT council_code, child_id FROM stg_children")
    con.execute("""
        CREATE OR REPLACE TEMP TABLE stg_children AS
        SELECT s.*, k.child_key
        FROM stg_children s
        JOIN child_keys k ON k.council_code = s.council_code AND k.child_id = s.child_id
    """)


def _locate(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    """new_<table>: staged rows with the council that owns them and the date that places them."""
    pd = table.period_date
    fields = ", ".join(f"s.{f.name}" for f in table.all_fields)
    if pd.table is None:
        date_expr, parent_join = f"s.{pd.field}", ""
    else:
        date_expr = f"p.{pd.field}"
        parent_join = f"LEFT JOIN stg_{pd.table} p ON p.{pd.key} = s.{pd.key}"
    owner = "s.child_id" if _is_field(table, "child_id") else "p.child_id"
    key = ", c.child_key" if _is_field(table, "child_id") else ""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE new_{table.name} AS
        SELECT {fields}, c.council_code AS council_code, {date_expr} AS event_date{key}
        FROM stg_{table.name} s {parent_join}
        LEFT JOIN stg_children c ON c.child_id = {owner}
    """)
    orphans = con.execute(
        f"SELECT count(*) FROM new_{table.name} WHERE council_code IS NULL OR event_date IS NULL"
    ).fetchall()[0][0]
    if orphans:
        raise BairnError(
            f"{orphans} row(s) of {table.name} belong to no child in the submitted children table "
            "or have no date; validate the files first (bairn validate) and fix what it reports."
        )


def _check_scope(con, events: list[Table], area: str | None, period: Period | None) -> None:
    for table in events:
        if area:
            n = con.execute(
                f"SELECT count(*) FROM new_{table.name} WHERE council_code <> ?", [area]
            ).fetchall()[0][0]
            if n:
                raise BairnError(
                    f"{n} row(s) of {table.name} belong to children of another council than "
                    f"{area}; load each council's files with its own --area, or leave --area out."
                )
        if period:
            n = con.execute(
                f"SELECT count(*) FROM new_{table.name} WHERE event_date NOT BETWEEN ? AND ?",
                [period.start, period.end],
            ).fetchall()[0][0]
            if n:
                raise BairnError(
                    f"{n} row(s) of {table.name} fall outside {period.label} "
                    f"({period.start} to {period.end}); remove them or leave --period out."
                )


def _make_targets(con, events: list[Table], area: str | None, period: Period | None) -> None:
    """targets: one row per council × period this load replaces."""
    union = " UNION ".join(f"SELECT council_code, event_date FROM new_{t.name}" for t in events)
    if period:
        councils = (
            "SELECT ? AS council_code"
            if area
            else f"SELECT DISTINCT council_code FROM ({union}) "
            "UNION SELECT DISTINCT council_code FROM stg_children"
        )
        params = [area] if area else []
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE targets AS
            SELECT council_code, ? AS period, ?::DATE AS period_start, ?::DATE AS period_end,
                   CAST(NULL AS BIGINT) AS submission_id
            FROM ({councils}) ORDER BY council_code""",
            [period.label, period.start, period.end, *params],
        )
    else:
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE targets AS
            SELECT council_code,
                   year(q)::VARCHAR || 'Q' || quarter(q)::VARCHAR AS period,
                   q::DATE AS period_start,
                   (q + INTERVAL 3 MONTH - INTERVAL 1 DAY)::DATE AS period_end,
                   CAST(NULL AS BIGINT) AS submission_id
            FROM (SELECT DISTINCT council_code, date_trunc('quarter', event_date) AS q
                  FROM ({union}))
            ORDER BY council_code, q
        """)
    if con.execute("SELECT count(*) FROM targets").fetchall()[0][0] == 0:
        raise BairnError(
            "The files hold no records to load; give --area and --period to record an empty "
            "submission for a period with no activity."
        )


def _record_submissions(con, files: list, version: str, who: str, when: dt.datetime) -> None:
    con.execute("UPDATE targets SET submission_id = nextval('submission_ids')")
    files_json = json.dumps([{"name": f.name, "sha256": f.sha256} for f in files])
    con.execute(
        """INSERT INTO submissions
           SELECT submission_id, council_code, period, period_start, period_end, ?, ?, ?, ?,
                  '{}', 'current', NULL
           FROM targets""",
        [when, who, version, files_json],
    )


def _supersede_previous(con) -> None:
    """Earlier current submissions overlapping a target are replaced (wholly or partly)."""
    con.execute("""
        UPDATE submissions AS s SET
            status = CASE WHEN s.period_start >= g.period_start AND s.period_end <= g.period_end
                          THEN 'replaced' ELSE 'partly replaced' END,
            replaced_by = g.submission_id
        FROM targets g
        WHERE s.area_code = g.council_code AND s.status IN ('current', 'partly replaced')
          AND s.submission_id <> g.submission_id
          AND s.submission_id NOT IN (SELECT submission_id FROM targets)
          AND s.period_start <= g.period_end AND s.period_end >= g.period_start
    """)


def _replace_rows(con, table: Table) -> None:
    con.execute(f"""
        DELETE FROM {table.name} t USING targets g
        WHERE t.council_code = g.council_code
          AND t.event_date BETWEEN g.period_start AND g.period_end
    """)
    names = [name for name, _ in record_columns(table)]
    select = ", ".join("g.submission_id" if n == "submission_id" else f"n.{n}" for n in names)
    con.execute(f"""
        INSERT INTO {table.name} ({", ".join(names)})
        SELECT {select} FROM new_{table.name} n JOIN targets g
          ON g.council_code = n.council_code
         AND n.event_date BETWEEN g.period_start AND g.period_end
    """)


def _replace_children(con, children: Table, events: list[Table]) -> None:
    """Children are shared by a council's periods: the newest submitted row wins, and a child
    no record refers to any more is removed."""
    names = [name for name, _ in record_columns(children)]
    select = ", ".join("g.submission_id" if n == "submission_id" else f"s.{n}" for n in names)
    con.execute("""
        DELETE FROM children c USING stg_children s
        WHERE c.child_id = s.child_id AND c.council_code = s.council_code
    """)
    con.execute(f"""
        INSERT INTO children ({", ".join(names)})
        SELECT {select}
        FROM stg_children s
        JOIN (SELECT council_code, max(submission_id) AS submission_id
              FROM targets GROUP BY council_code) g ON g.council_code = s.council_code
    """)
    referenced = " UNION ".join(
        f"SELECT council_code, child_id FROM {t.name}" for t in events if _is_field(t, "child_id")
    )
    con.execute(f"""
        DELETE FROM children c
        WHERE c.council_code IN (SELECT council_code FROM targets)
          AND NOT EXISTS (SELECT 1 FROM ({referenced}) r
                          WHERE r.council_code = c.council_code AND r.child_id = c.child_id)
    """)


def _count_rows(con, events: list[Table]) -> list[dict]:
    counts = " UNION ALL ".join(
        f"SELECT submission_id, '{t.name}' AS tbl, count(*) AS n FROM {t.name} "
        f"WHERE submission_id IN (SELECT submission_id FROM targets) GROUP BY submission_id"
        for t in events
    )
    by_sub: dict[int, dict[str, int]] = {}
    for sub, tbl, n in con.execute(counts).fetchall():
        by_sub.setdefault(sub, {})[tbl] = n
    out = []
    for sub, council, period in con.execute(
        "SELECT submission_id, council_code, period FROM targets ORDER BY submission_id"
    ).fetchall():
        row_counts = by_sub.get(sub, {})
        con.execute(
            "UPDATE submissions SET row_counts = ? WHERE submission_id = ?",
            [json.dumps(row_counts, sort_keys=True), sub],
        )
        out.append({"submission_id": sub, "area_code": council, "period": period, **row_counts})
    return out
