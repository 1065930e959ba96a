"""Scope: with --period, every row must fall in the period; with --area, every child must
belong to the council. (The store refuses such loads too; these rules say which rows.)"""

from __future__ import annotations

from bairn.ingest.context import RuleContext
from bairn.ingest.registry import rule


@rule(
    "R01",
    name="outside-period",
    severity="error",
    message="This row is dated {value} ({date_col}), outside {period} ({start} to {end}); "
    "remove it from this submission or leave --period out.",
    scope=lambda s, v: [f"{t.name}.{t.period_date.field}" for t in s.tables_in(v) if t.period_date],
)
def outside_period(ctx: RuleContext):
    """With --period, each record's placing date (its period_date in the standard) lies in the
    period."""
    placed = ctx.placed()
    if ctx.period is None or placed is None:
        return None
    p = ctx.period
    return f"""
        SELECT tbl, _file, _row, split_part(date_col, ' ', 1) AS col,
               CAST(event_date AS VARCHAR) AS value, date_col, '{p.label}' AS period,
               '{p.start}' AS start, '{p.end}' AS "end"
        FROM ({placed}) WHERE event_date NOT BETWEEN DATE '{p.start}' AND DATE '{p.end}'
    """


@rule(
    "R02",
    name="other-council",
    severity="error",
    message="The child belongs to council {value}, not {area} given with --area; remove the "
    "child's records or load them under their own council.",
    tables=("children",),
    fields=("children.council_code",),
)
def other_council(ctx: RuleContext):
    """With --area, every child in the submission belongs to that council."""
    if ctx.area is None or not ctx.has("children"):
        return None
    area = ctx.area.replace("'", "''")
    return f"""
        SELECT 'children' AS tbl, _file, _row, 'council_code' AS col, council_code AS value,
               '{area}' AS area
        FROM children WHERE council_code IS NOT NULL AND council_code <> '{area}'
    """
