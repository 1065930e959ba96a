"""Resubmissions: compare the records with what the store already holds.

A record's identifier already in the store for the same council, in a period this load does not
replace, would leave two copies after loading (the record has moved period): an error. The same
identifier under another council is kept apart by council, but may mean the wrong council's
extract, or identifiers that are not pseudonymised per council: a warning."""

from __future__ import annotations

from bairn.ingest.context import RuleContext
from bairn.ingest.registry import rule


def _record_tables(s, v) -> list[str]:
    return [f"{t.name}.{'+'.join(t.primary_key)}" for t in s.tables_in(v) if t.period_date]


def _targets(ctx: RuleContext, placed: str) -> str:
    """The council × period ranges this load replaces, computed as Store.load computes them."""
    if ctx.period:
        p = ctx.period
        councils = (
            f"SELECT '{ctx.area}' AS council_code"
            if ctx.area
            else f"SELECT DISTINCT council_code FROM ({placed}) UNION "
            "SELECT DISTINCT council_code FROM children"
        )
        return (
            f"SELECT council_code, DATE '{p.start}' AS period_start, DATE '{p.end}' AS period_end "
            f"FROM ({councils})"
        )
    return f"""
        SELECT DISTINCT council_code,
               CAST(date_trunc('quarter', event_date) AS DATE) AS period_start,
               CAST(date_trunc('quarter', event_date) + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE)
                   AS period_end
        FROM ({placed}) WHERE event_date IS NOT NULL
    """


def _key_text(t) -> str:
    """The store row's key as text, written as RuleContext.placed() writes record_key."""
    return " || ' / ' || ".join(f"coalesce(CAST(s.{k} AS VARCHAR), '')" for k in t.primary_key)


@rule(
    "R03",
    name="moved-period",
    severity="error",
    message="{table} record '{value}' is already in the store for {council} in {store_period}, "
    "which this load does not replace; correct its date, or resubmit that period too.",
    scope=_record_tables,
)
def moved_period(ctx: RuleContext):
    """A record id already loaded for the same council in a period this load leaves in place
    would be counted twice."""
    placed = ctx.placed()
    if not ctx.store or placed is None or "children" not in ctx.present:
        return
    targets = _targets(ctx, placed)
    # rows outside --period are reported by R01 already
    in_period = (
        f"AND p.event_date BETWEEN DATE '{ctx.period.start}' AND DATE '{ctx.period.end}'"
        if ctx.period
        else ""
    )
    for t in ctx.tables():
        if t.period_date is None:
            continue
        yield f"""
            SELECT DISTINCT p.tbl, p._file, p._row, '{"+".join(t.primary_key)}' AS col,
                   p.record_key AS value, s.council_code AS council,
                   year(s.event_date) || 'Q' || quarter(s.event_date) AS store_period
            FROM ({placed}) p
            JOIN store.{t.name} s
              ON p.tbl = '{t.name}' AND p.record_key = {_key_text(t)}
             AND s.council_code = p.council_code
            WHERE NOT EXISTS (SELECT 1 FROM ({targets}) g
                              WHERE g.council_code = s.council_code
                                AND s.event_date BETWEEN g.period_start AND g.period_end)
              {in_period}
        """


@rule(
    "R04",
    name="id-in-other-council",
    severity="warning",
    message="{table} identifier '{value}' is already in the store for council {council}; Bairn "
    "keeps the two apart, but check that this is the right council's extract.",
    scope=lambda s, v: [f"{t.name}.{'+'.join(t.primary_key)}" for t in s.tables_in(v)],
)
def id_in_other_council(ctx: RuleContext):
    """An identifier the store holds under another council is probably a different record, or
    the wrong council's extract."""
    if not ctx.store or "children" not in ctx.present:
        return
    yield """
        SELECT DISTINCT 'children' AS tbl, c._file, c._row, 'child_id' AS col,
               c.child_id AS value, s.council_code AS council
        FROM children c JOIN store.children s
          ON s.child_id = c.child_id AND s.council_code <> c.council_code
    """
    placed = ctx.placed()
    if placed is None:
        return
    for t in ctx.tables():
        if t.period_date is None:
            continue
        yield f"""
            SELECT DISTINCT p.tbl, p._file, p._row, '{"+".join(t.primary_key)}' AS col,
                   p.record_key AS value, s.council_code AS council
            FROM ({placed}) p
            JOIN store.{t.name} s ON p.tbl = '{t.name}' AND p.record_key = {_key_text(t)}
             AND s.council_code <> p.council_code
        """
