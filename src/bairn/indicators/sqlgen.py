"""The set-based queries the engine runs: facts → time slices → council × period → areas.

Each indicator's SQL returns facts (see docs/indicators.md for the contract); these builders wrap
them so every indicator is aggregated the same way, and every step runs once for all indicators:

1. `sliced_sql`: every indicator's facts counted by council, time slice and breakdown category
   (one GROUP BY into cells then one GROUPING SETS pass per indicator, all of them in one UNION
   ALL statement). The slices
   cut the calendar at every month on which some kind of period starts (1 January, April, July,
   August and October: quarters, calendar, financial and statistics years), so every period is
   a run of whole slices. A flow fact falls in the slice of its event date; a snapshot episode
   is counted at each period-end day it spans, in that day's slice, with the age band that day.
   Every period ends on a slice's last day, so the period ends an episode spans
   (start <= end day < episode end) are those of the slices from the start's slice up to,
   not including, the episode end's slice: a range of numbers, joined on equality.
2. `PERIODS_SQL`: slices summed into periods. The facts in a period are exactly the facts in
   its slices, so the sum over its slices is the count over the period, computed once per
   slice instead of once per kind of period; a snapshot period takes the count on its end day.
   Only periods the council's data covers are kept.
3. `COUNCIL_SQL`: the grid (every covered council × period × category) filled with zero where
   nothing happened, and the denominators attached (population or the facts' own).
4. `ROLLUP_SQL`: councils summed to CPCs and Scotland.

Indicators are numbered (`ind`) and periods too (`period_id`) while computing; councils, areas
and categories carry the integer keys they are stored under (`bairn.indicators.storage`), so no
label is joined, grouped or written with the numbers.
"""

from __future__ import annotations

from bairn.indicators.catalogue import Indicator

FLOW_COLUMNS = ("council_code", "event_date", "numerator")
SNAPSHOT_COLUMNS = ("council_code", "start_date", "end_date", "birth")
SNAPSHOT_BREAKDOWNS = ("sex", "simd_quintile", "disability")


def slice_of(column: str, starts: tuple[int, ...]) -> str:
    """The slice a date falls in, as a number to join and group on: `starts` are the months
    (1-12) on which slices begin, so a year holds len(starts) slices. A month before the first
    start belongs to the previous year's last slice."""
    later = " + ".join(f"CAST(month({column}) >= {m} AS INTEGER)" for m in starts)
    return f"(year({column}) * {len(starts)} + {later} - 1)"


def sliced_sql(entries: list[tuple[int, Indicator, str, list[str]]], starts: tuple[int, ...]):
    """One statement counting every indicator's facts by council, slice and category.
    `entries` holds (number, indicator, facts SQL, the columns the facts SQL returns)."""
    return "\nUNION ALL\n".join(
        _sliced_one(n, ind, sql, cols, starts) for n, ind, sql, cols in entries
    )


def _sliced_one(number: int, ind: Indicator, facts_sql: str, fact_columns, starts) -> str:
    if ind.kind == "snapshot":
        snapshot = "TRUE"
        dated = f"""
        SELECT f.council_code, e.slice, 1 AS numerator, 1 AS denominator,
               age_band(f.birth, e.end_date) AS age_band,
               {_optional(fact_columns, SNAPSHOT_BREAKDOWNS, "f.")}
        FROM (
            SELECT f.*, unnest(range(
                greatest({slice_of("f.start_date", starts)}, (SELECT min(slice) FROM period_ends)),
                least({slice_of("coalesce(f.end_date, DATE '9999-12-31')", starts)},
                      (SELECT max(slice) + 1 FROM period_ends)))) AS slice
            FROM ({facts_sql}
            ) f
        ) f
        JOIN period_ends e ON e.slice = f.slice
        """
    else:
        snapshot = "FALSE"
        den = "f.denominator" if "denominator" in fact_columns else "NULL"
        dated = f"""
        SELECT f.council_code, {slice_of("f.event_date", starts)} AS slice, f.numerator,
               {den} AS denominator, {_optional(fact_columns, ind.breakdowns, "f.")}
        FROM ({facts_sql}
        ) f
        """
    breakdowns = list(ind.breakdowns)
    sets = ["(council_code, slice)"] + [f"(council_code, slice, {b})" for b in breakdowns]
    which = " ".join(f"WHEN GROUPING({b}) = 0 THEN '{b}'" for b in breakdowns)
    category = " ".join(
        f"WHEN GROUPING({b}) = 0 THEN coalesce(CAST({b} AS VARCHAR), 'not_known')"
        for b in breakdowns
    )
    breakdown_expr = f"CASE {which} ELSE 'total' END" if breakdowns else "'total'"
    category_expr = f"CASE {category} ELSE 'all' END" if breakdowns else "'all'"
    # facts → cells (one group per council, slice and combination of categories) → one row per
    # category of each breakdown: at scale the cells are far fewer than the facts, so the
    # grouping sets cost little; sums of sums are the same sums
    cells = "".join(f"{b}, " for b in breakdowns)
    return f"""
    SELECT {number} AS ind, {snapshot} AS snapshot, council_code, slice,
           {breakdown_expr} AS breakdown, {category_expr} AS category,
           CAST(sum(numerator) AS DOUBLE) AS numerator,
           CAST(sum(denominator) AS DOUBLE) AS denominator
    FROM (
        SELECT council_code, slice, {cells}sum(numerator) AS numerator,
               sum(denominator) AS denominator
        FROM ({dated})
        GROUP BY ALL
    )
    GROUP BY GROUPING SETS ({", ".join(sets)})
    """


def _optional(present: list[str], wanted: tuple[str, ...] | list[str], prefix: str) -> str:
    cols = [f"{prefix}{c}" if c in present else f"NULL AS {c}" for c in wanted]
    return ", ".join(cols) if cols else "NULL AS no_breakdown"


PERIODS_SQL = """
SELECT m.ind, cp.council_key, mp.period_id, k.category_key,
       sum(m.numerator) AS numerator, sum(m.denominator) AS denominator
FROM sliced m
JOIN result_categories k ON k.breakdown = m.breakdown AND k.category = m.category
JOIN slice_periods mp ON mp.slice = m.slice AND (mp.is_end OR NOT m.snapshot)
JOIN council_periods cp ON cp.council_code = m.council_code AND cp.period_id = mp.period_id
GROUP BY m.ind, cp.council_key, mp.period_id, k.category_key
"""

# The grid is every covered council × period × category of the indicator's breakdowns; a
# category the facts hold beyond the code list (e.g. 'not_known') is added by the full join.
# Denominators: the population (per_1000), none (counts) or the facts' own (zero when no facts);
# with denominator_scope 'total', every category takes the total row's denominator.
COUNCIL_SQL = """
WITH grid AS (
    SELECT b.ind, cp.council_key, cp.period_id, k.category_key
    FROM ind_breakdowns b JOIN categories k USING (breakdown) CROSS JOIN council_periods cp
),
filled AS (
    SELECT coalesce(g.ind, a.ind) AS ind, coalesce(g.council_key, a.council_key) AS council_key,
           coalesce(g.period_id, a.period_id) AS period_id,
           coalesce(g.category_key, a.category_key) AS category_key,
           coalesce(a.numerator, 0) AS numerator, a.denominator
    FROM grid g
    FULL JOIN agg a ON a.ind = g.ind AND a.council_key = g.council_key
                   AND a.period_id = g.period_id AND a.category_key = g.category_key
),
denominated AS (
    SELECT f.ind, f.council_key, f.period_id, f.category_key, k.breakdown = 'total' AS is_total,
           f.numerator,
           CASE WHEN i.uses_population THEN CAST(pop.population AS DOUBLE)
                WHEN i.unit = 'count' THEN CAST(NULL AS DOUBLE)
                ELSE coalesce(f.denominator, 0) END AS denominator,
           i.total_denominator, i.total_row
    FROM filled f
    JOIN ind_meta i ON i.ind = f.ind
    JOIN periods p ON p.period_id = f.period_id
    JOIN result_categories k ON k.category_key = f.category_key
    LEFT JOIN pop ON i.uses_population AND pop.ages = i.ages
                 AND pop.council_key = f.council_key AND pop.pop_year = p.pop_year
                 AND pop.category_key = f.category_key
)
SELECT d.ind, d.council_key, d.period_id, d.category_key, d.numerator,
       CASE WHEN d.total_denominator THEN t.denominator ELSE d.denominator END AS denominator
FROM denominated d
LEFT JOIN denominated t ON d.total_denominator AND t.ind = d.ind
                       AND t.council_key = d.council_key AND t.period_id = d.period_id
                       AND t.is_total
WHERE d.total_row OR NOT d.is_total
"""


# A council's own figures are its rows (every row of council_results lies in a period its council
# covers); a CPC of several councils and Scotland are sums over their councils, for periods every
# member council covers. A CPC of one council has its council's rows: the store shows them under
# both names (bairn.indicators.storage) instead of holding them twice.
def areas_sql(where: str = "TRUE") -> str:
    """Every area's numerators and denominators, from council_results rows matching `where`."""
    return f"""
    SELECT r.ind, m.area_key, r.period_id, r.category_key, r.numerator, r.denominator
    FROM council_results r JOIN area_members m ON m.council_key = r.council_key
    WHERE m.area_key = m.council_key AND {where}
    UNION ALL
    SELECT r.ind, m.area_key, r.period_id, r.category_key, sum(r.numerator) AS numerator,
           CASE WHEN count(r.denominator) = count(*) THEN sum(r.denominator) END AS denominator
    FROM council_results r
    JOIN area_members m ON m.council_key = r.council_key AND m.n_members > 1
    JOIN area_periods ap ON ap.area_key = m.area_key AND ap.period_id = r.period_id
    WHERE {where}
    GROUP BY r.ind, m.area_key, r.period_id, r.category_key
    """
