"""The engine: computes the catalogue for every council, CPC and Scotland, every complete period
the data covers, and every breakdown, in set-based SQL, then attaches values and intervals."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from bairn.errors import BairnError
from bairn.indicators import sqlgen
from bairn.indicators.catalogue import Catalogue, Indicator, load_catalogue
from bairn.indicators.population import AGE_RANGES, ensure_population, population_sql
from bairn.indicators.reference import area_tables, categories_table, timescales_table
from bairn.indicators.storage import add_labels, ensure_results_tables, set_area_aliases
from bairn.indicators.values import derive_ratio, register_value_tables, values_sql
from bairn.periods import KINDS, periods_between
from bairn.store import Store

PRELUDE = (Path(__file__).parent / "prelude.sql").read_text(encoding="utf-8")
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class RunSummary:
    run_id: int
    indicators: list[str]
    rows: int
    periods: int
    first_period_start: dt.date
    last_period_end: dt.date


def compute(
    store: Store,
    indicator_ids: list[str] | None = None,
    *,
    parameters: dict[str, dict] | None = None,
    progress: Progress | None = None,
) -> RunSummary:
    """Compute indicators (default: the whole catalogue) and store them in one transaction."""
    catalogue = load_catalogue()
    chosen = _with_sources(catalogue, catalogue.select(indicator_ids))
    wanted = sorted({i.id for i in catalogue.select(indicator_ids)})
    parameters = parameters or {}
    con = store.con
    note = progress or (lambda *_: None)
    total_steps = 6
    note("preparing", 0, total_steps)
    ensure_results_tables(con)
    ensure_population(con)
    first, last, submissions = _prepare(con, catalogue)
    _indicator_tables(con, catalogue, chosen, wanted)
    _label_keys(con)
    note("counting facts", 1, total_steps)
    entries = [
        (number, ind, *_facts(con, ind, parameters.get(ind.id, {})))
        for number, ind in enumerate(chosen)
        if not ind.is_derived
    ]
    starts = _slice_starts(con)
    con.execute("CREATE OR REPLACE TEMP TABLE sliced AS " + sqlgen.sliced_sql(entries, starts))
    _category_keys(con)
    note("periods", 2, total_steps)
    con.execute("CREATE OR REPLACE TEMP TABLE agg AS " + sqlgen.PERIODS_SQL)
    con.execute("CREATE OR REPLACE TEMP TABLE council_results AS " + sqlgen.COUNCIL_SQL)
    note("combining areas", 3, total_steps)
    con.execute("DROP TABLE sliced; DROP TABLE agg")
    con.execute("""
        CREATE OR REPLACE TEMP TABLE derived_results (
            ind INTEGER, area_key INTEGER, period_id BIGINT, category_key INTEGER,
            numerator DOUBLE, denominator DOUBLE, value DOUBLE, lower95 DOUBLE, upper95 DOUBLE)
    """)
    for ind in chosen:
        if ind.is_derived:
            _insert_derived(con, ind)
    note("values and intervals", 4, total_steps)
    register_value_tables(con)
    run_id, rows = _store(con, catalogue, wanted, parameters, submissions)
    note("done", total_steps, total_steps)
    periods = con.execute("SELECT count(*) FROM periods").fetchall()[0][0]
    return RunSummary(run_id, wanted, rows, periods, first, last)


def _with_sources(catalogue: Catalogue, chosen: list[Indicator]) -> list[Indicator]:
    """A derived indicator needs the indicator it is derived from (each indicator once)."""
    chosen = list({i.id: i for i in chosen}.values())
    ids = [i.id for i in chosen]
    for ind in list(chosen):
        if ind.is_derived and ind.derived["from"] not in ids:
            chosen.insert(0, catalogue.get(ind.derived["from"]))
            ids.insert(0, ind.derived["from"])
    return chosen


def _prepare(con: duckdb.DuckDBPyConnection, catalogue: Catalogue) -> tuple:
    con.execute(PRELUDE)
    timescales_table(con)
    coverage = con.execute("""
        SELECT area_code AS council_code, min(period_start) AS start_date,
               max(period_end) AS end_date
        FROM submissions WHERE status = 'current' GROUP BY area_code
    """).df()
    if coverage.empty:
        raise BairnError("The store holds no submissions yet; load data first (bairn load).")
    con.register("coverage_frame", coverage)
    con.execute("CREATE OR REPLACE TEMP TABLE coverage AS SELECT * FROM coverage_frame")
    con.unregister("coverage_frame")
    first = coverage["start_date"].min().date()
    last = coverage["end_date"].max().date()
    periods = [p for kind in KINDS for p in periods_between(first, last, kind)]
    if not periods:
        raise BairnError(f"The data covers {first} to {last}, which holds no complete quarter yet.")
    frame = pd.DataFrame(
        {
            "period_id": range(len(periods)),
            "period": [p.label for p in periods],
            "period_kind": [p.kind for p in periods],
            "start_date": [p.start for p in periods],
            "end_date": [p.end for p in periods],
            "pop_year": [(p.start + (p.end - p.start) / 2).year for p in periods],
        }
    )
    years = con.execute("SELECT min(year), max(year) FROM population").fetchall()[0]
    frame["pop_year"] = frame["pop_year"].clip(years[0], years[1])
    con.register("periods_frame", frame)
    con.execute("CREATE OR REPLACE TEMP TABLE periods AS SELECT * FROM periods_frame")
    con.unregister("periods_frame")
    # every period is a run of whole slices (see sqlgen): which slices make it up, which one
    # holds its end day
    starts = _slice_starts(con)
    first_slice, last_slice = (sqlgen.slice_of(c, starts) for c in ("start_date", "end_date"))
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE slice_periods AS
        SELECT unnest(range({first_slice}, {last_slice} + 1)) AS slice, period_id,
               {last_slice} AS last_slice
        FROM periods;
        CREATE OR REPLACE TEMP TABLE slice_periods AS
        SELECT slice, period_id, slice = last_slice AS is_end FROM slice_periods;
        CREATE OR REPLACE TEMP TABLE period_ends AS
        SELECT DISTINCT {last_slice} AS slice, end_date FROM periods;
        CREATE OR REPLACE TEMP TABLE council_periods AS
        SELECT c.council_code, p.period_id, p.pop_year FROM coverage c JOIN periods p
          ON p.start_date >= c.start_date AND p.end_date <= c.end_date
    """)
    categories_table(con, catalogue)
    pop = " UNION ALL ".join(
        f"SELECT '{ages}' AS ages, * FROM ({population_sql(ages)})" for ages in AGE_RANGES
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE pop AS {pop}")
    area_tables(con)
    subs = [
        r[0]
        for r in con.execute(
            "SELECT submission_id FROM submissions WHERE status = 'current' ORDER BY 1"
        ).fetchall()
    ]
    return first, last, subs


def _label_keys(con: duckdb.DuckDBPyConnection) -> None:
    """Keys for the indicators, areas and periods of this run (given once, kept for ever); a
    council's key stands for it in every step after its facts are counted."""
    add_labels(con, "result_indicators", "SELECT indicator_id FROM ind_meta")
    add_labels(con, "result_areas", "SELECT area_code, area_type FROM area_members")
    add_labels(con, "result_periods", "SELECT period, period_kind FROM periods")
    con.execute("""
        CREATE OR REPLACE TEMP TABLE ind_meta AS
        SELECT m.*, r.indicator_key FROM ind_meta m JOIN result_indicators r USING (indicator_id);
        CREATE OR REPLACE TEMP TABLE area_members AS
        SELECT m.*, r.area_key, c.area_key AS council_key
        FROM area_members m JOIN result_areas r USING (area_code)
        JOIN result_areas c ON c.area_code = m.council_code;
        CREATE OR REPLACE TEMP TABLE council_periods AS
        SELECT p.*, r.area_key AS council_key
        FROM council_periods p JOIN result_areas r ON r.area_code = p.council_code;
        CREATE OR REPLACE TEMP TABLE pop AS
        SELECT p.*, r.area_key AS council_key
        FROM pop p JOIN result_areas r ON r.area_code = p.council_code;
        CREATE OR REPLACE TEMP TABLE area_periods AS
        SELECT a.*, r.area_key FROM area_periods a JOIN result_areas r USING (area_code);
        CREATE OR REPLACE TEMP TABLE periods AS
        SELECT p.*, r.period_key FROM periods p JOIN result_periods r USING (period)
    """)


def _category_keys(con: duckdb.DuckDBPyConnection) -> None:
    """Keys for every category: the code lists', the population's and any other the facts hold
    (such as 'not_known'). The grid is the code lists' categories only."""
    add_labels(
        con,
        "result_categories",
        "SELECT breakdown, category FROM categories UNION SELECT breakdown, category FROM pop "
        "UNION SELECT breakdown, category FROM sliced",
    )
    con.execute("""
        CREATE OR REPLACE TEMP TABLE categories AS
        SELECT k.breakdown, k.category, r.category_key
        FROM categories k JOIN result_categories r USING (breakdown, category);
        CREATE OR REPLACE TEMP TABLE pop AS
        SELECT p.*, r.category_key FROM pop p JOIN result_categories r USING (breakdown, category)
    """)


def _slice_starts(con: duckdb.DuckDBPyConnection) -> tuple[int, ...]:
    """The months on which some period starts or the month after some period ends: slices
    begin on them (see sqlgen). Every period must be whole calendar months."""
    bad, starts = con.execute("""
        SELECT count(*) FILTER (WHERE day(start_date) <> 1 OR end_date <> last_day(end_date)),
               list_sort(list_distinct(flatten(list([month(start_date),
                                                     month(end_date) % 12 + 1]))))
        FROM periods
    """).fetchall()[0]
    if bad:
        raise RuntimeError("every period must start on the 1st and end on a month's last day")
    return tuple(starts)


def _indicator_tables(con, catalogue: Catalogue, chosen: list[Indicator], wanted: list[str]):
    """Number the chosen indicators and record what the set-based steps need to know of each."""
    meta = pd.DataFrame(
        [
            (n, i.id, i.kind, i.unit, float(i.multiplier), i.population_ages
             or catalogue.population_ages, i.uses_population, i.denominator_scope == "total",
             i.total_row, i.id in wanted)
            for n, i in enumerate(chosen)
        ],
        columns=["ind", "indicator_id", "kind", "unit", "multiplier", "ages", "uses_population",
                 "total_denominator", "total_row", "wanted"],
    )  # fmt: skip
    breakdowns = pd.DataFrame(
        [
            (n, b)
            for n, i in enumerate(chosen)
            if not i.is_derived
            for b in ("total", *i.breakdowns)
        ],
        columns=["ind", "breakdown"],
    )
    for name, frame in (("ind_meta", meta), ("ind_breakdowns", breakdowns)):
        con.register(f"{name}_frame", frame)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_frame")
        con.unregister(f"{name}_frame")


def _facts(con, ind: Indicator, params: dict) -> tuple[str, list[str]]:
    """The indicator's facts SQL and its columns, checked against the fact contract."""
    facts_sql = ind.sql(**params)
    try:
        columns = con.sql(f"SELECT * FROM ({facts_sql}\n)").columns
    except duckdb.Error as exc:
        raise RuntimeError(f"indicator {ind.id}: its SQL does not run: {exc}") from exc
    required = sqlgen.SNAPSHOT_COLUMNS if ind.kind == "snapshot" else sqlgen.FLOW_COLUMNS
    missing = [c for c in required if c not in columns]
    if missing:
        raise RuntimeError(f"indicator {ind.id}: its SQL lacks column(s) {missing}")
    return facts_sql, columns


def _insert_derived(con: duckdb.DuckDBPyConnection, ind: Indicator) -> None:
    spec = ind.derived
    source = con.execute(
        f"""
        SELECT i.indicator_id, l.area_code, l.area_type, p.period, k.breakdown, k.category,
               a.numerator, a.denominator
        FROM ({
            sqlgen.areas_sql(
                "r.ind = $ind AND r.category_key IN "
                "(SELECT category_key FROM result_categories WHERE breakdown = $breakdown)"
            )
        }) a
        JOIN ind_meta i USING (ind) JOIN periods p USING (period_id)
        JOIN result_areas l USING (area_key) JOIN result_categories k USING (category_key)
        """,
        {"ind": _number(con, spec["from"]), "breakdown": spec["breakdown"]},
    ).df()
    frame = derive_ratio(source, ind)
    con.register("derived_frame", frame)
    con.execute("""
        INSERT INTO derived_results BY NAME
        SELECT i.ind, l.area_key, p.period_id, k.category_key, d.numerator, d.denominator,
               d.value, d.lower95, d.upper95
        FROM derived_frame d JOIN ind_meta i USING (indicator_id) JOIN periods p USING (period)
        JOIN result_areas l USING (area_code) JOIN result_categories k USING (breakdown, category)
    """)
    con.unregister("derived_frame")


def _number(con: duckdb.DuckDBPyConnection, indicator_id: str) -> int:
    return con.execute(
        "SELECT ind FROM ind_meta WHERE indicator_id = ?", [indicator_id]
    ).fetchall()[0][0]


def _store(con, catalogue: Catalogue, ids: list[str], parameters, submissions) -> tuple[int, int]:
    run_id = (con.execute("SELECT max(run_id) FROM indicator_runs").fetchall()[0][0] or 0) + 1
    results = f"""(
        SELECT *, CAST(NULL AS DOUBLE) AS value, CAST(NULL AS DOUBLE) AS lower95,
               CAST(NULL AS DOUBLE) AS upper95
        FROM ({sqlgen.areas_sql()})
        UNION ALL BY NAME SELECT * FROM derived_results
    )"""
    con.execute("BEGIN TRANSACTION")
    try:
        set_area_aliases(
            con,
            """SELECT area_key, council_key FROM area_members
               WHERE n_members = 1 AND area_key <> council_key""",
        )
        # rows of an area now shown as its council's (kept by a store from before the aliases)
        con.execute(
            "DELETE FROM result_values WHERE indicator_key IN "
            "(SELECT indicator_key FROM ind_meta WHERE wanted) "
            "OR area_key IN (SELECT area_key FROM result_area_aliases)"
        )
        rows = con.execute(
            f"""
            INSERT INTO result_values
            SELECT i.indicator_key, v.area_key, p.period_key, v.category_key, v.numerator,
                   v.denominator, v.value, v.lower95, v.upper95, {run_id}
            FROM ({values_sql(results)}) v
            JOIN ind_meta i ON i.ind = v.ind AND i.wanted
            JOIN periods p ON p.period_id = v.period_id
        """
        ).fetchall()[0][0]
        rows += con.execute(
            "SELECT count(*) FROM result_values v JOIN result_area_aliases x "
            "ON x.council_key = v.area_key WHERE v.run_id = ?",
            [run_id],
        ).fetchall()[0][0]
        con.execute(
            "INSERT INTO indicator_runs VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                run_id,
                catalogue.version,
                dt.datetime.now(dt.UTC).replace(tzinfo=None),
                json.dumps(ids),
                json.dumps(parameters, sort_keys=True),
                json.dumps(submissions),
                rows,
            ],
        )
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
    con.execute("DROP TABLE IF EXISTS council_results")
    con.execute("DROP TABLE IF EXISTS derived_results")
    return run_id, rows
