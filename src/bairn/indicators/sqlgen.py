"""The set-based queries the engine runs: facts → council × period × breakdown aggregates.

Each indicator's SQL returns facts (see docs/indicators.md for the contract); these builders wrap
them so every indicator is aggregated the same way, in one GROUPING SETS pass per indicator.
"""

from __future__ import annotations

from bairn.indicators.catalogue import Indicator

FLOW_COLUMNS = ("council_code", "event_date", "numerator")
SNAPSHOT_COLUMNS = ("council_code", "start_date", "end_date", "birth")


def aggregate_sql(ind: Indicator, facts_sql: str, fact_columns: list[str]) -> str:
    """Aggregate one indicator's facts over the periods each council's data covers."""
    if ind.kind == "snapshot":
        dated = f"""
        SELECT f.council_code, p.period, 1 AS numerator, 1 AS denominator,
               age_band(f.birth, p.end_date) AS age_band,
               {_optional(fact_columns, ("sex", "simd_quintile", "disability"), "f.")}
        FROM facts f
        JOIN periods p ON f.start_date <= p.end_date
                      AND (f.end_date IS NULL OR f.end_date > p.end_date)
        JOIN coverage c ON c.council_code = f.council_code
                       AND p.start_date >= c.start_date AND p.end_date <= c.end_date
        """
    else:
        den = "f.denominator" if "denominator" in fact_columns else "NULL"
        dated = f"""
        SELECT f.council_code, p.period, f.numerator, {den} AS denominator,
               {_optional(fact_columns, ind.breakdowns, "f.")}
        FROM facts f
        JOIN periods p ON f.event_date BETWEEN p.start_date AND p.end_date
        JOIN coverage c ON c.council_code = f.council_code
                       AND p.start_date >= c.start_date AND p.end_date <= c.end_date
        """
    breakdowns = list(ind.breakdowns)
    sets = ["(council_code, period)"] + [f"(council_code, period, {b})" for b in breakdowns]
    which = " ".join(f"WHEN GROUPING({b}) = 0 THEN '{b}'" for b in breakdowns)
    category = " ".join(
        f"WHEN GROUPING({b}) = 0 THEN coalesce(CAST({b} AS VARCHAR), 'not_known')"
        for b in breakdowns
    )
    breakdown_expr = f"CASE {which} ELSE 'total' END" if breakdowns else "'total'"
    category_expr = f"CASE {category} ELSE 'all' END" if breakdowns else "'all'"
    return f"""
    WITH facts AS ({facts_sql}),
    dated AS ({dated})
    SELECT council_code, period, {breakdown_expr} AS breakdown, {category_expr} AS category,
           sum(numerator) AS numerator, sum(denominator) AS denominator
    FROM dated
    GROUP BY GROUPING SETS ({", ".join(sets)})
    """


def _optional(present: list[str], wanted: tuple[str, ...] | list[str], prefix: str) -> str:
    cols = [f"{prefix}{c}" if c in present else f"NULL AS {c}" for c in wanted]
    return ", ".join(cols) if cols else "NULL AS no_breakdown"


def council_results_sql(ind: Indicator, ages: str) -> str:
    """Fill the grid (every covered council × period × category) from the aggregates, with zero
    where nothing happened, and attach denominators (population or the facts' own)."""
    if ind.uses_population:
        den = "pop.population"
        pop_join = f"""LEFT JOIN pop ON pop.ages = '{ages}' AND pop.council_code = g.council_code
                       AND pop.pop_year = g.pop_year AND pop.breakdown = g.breakdown
                       AND pop.category = g.category"""
    elif ind.unit == "count":
        den, pop_join = "CAST(NULL AS BIGINT)", ""
    else:
        den, pop_join = "coalesce(a.denominator, 0)", ""
    wanted = ["'total'", *[f"'{b}'" for b in ind.breakdowns]]
    rows = f"""
    SELECT g.council_code, g.period, g.breakdown, g.category,
           coalesce(a.numerator, 0) AS numerator, {den} AS denominator
    FROM (
        SELECT cp.council_code, cp.period, cp.pop_year, k.breakdown, k.category
        FROM council_periods cp CROSS JOIN categories k
        WHERE k.breakdown IN ({", ".join(wanted)})
        UNION
        SELECT a.council_code, a.period, cp.pop_year, a.breakdown, a.category
        FROM agg a JOIN council_periods cp USING (council_code, period)
    ) g
    LEFT JOIN agg a USING (council_code, period, breakdown, category)
    {pop_join}
    """
    if ind.denominator_scope == "total":
        rows = f"""
        SELECT council_code, period, breakdown, category, numerator,
               max(CASE WHEN breakdown = 'total' THEN denominator END)
                   OVER (PARTITION BY council_code, period) AS denominator
        FROM ({rows})
        """
    keep = "" if ind.total_row else "WHERE breakdown <> 'total'"
    return f"SELECT '{ind.id}' AS indicator_id, * FROM ({rows}) {keep}"


ROLLUP_SQL = """
SELECT r.indicator_id, m.area_code, m.area_type, r.period, r.breakdown, r.category,
       sum(r.numerator) AS numerator,
       CASE WHEN count(r.denominator) = count(*) THEN sum(r.denominator) END AS denominator
FROM council_results r
JOIN area_members m ON m.council_code = r.council_code
JOIN area_periods ap ON ap.area_code = m.area_code AND ap.period = r.period
GROUP BY ALL
"""
