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

from bairn.areas import all_areas
from bairn.errors import BairnError
from bairn.indicators import sqlgen
from bairn.indicators.catalogue import Catalogue, Indicator, load_catalogue
from bairn.indicators.population import AGE_RANGES, ensure_population, population_sql
from bairn.indicators.values import derive_ratio, register_value_tables, values_sql
from bairn.periods import KINDS, periods_between
from bairn.standard import load_standard, load_timescales
from bairn.store import Store

PRELUDE = (Path(__file__).parent / "prelude.sql").read_text(encoding="utf-8")
RESULTS_DDL = """
CREATE TABLE IF NOT EXISTS indicator_results (
    indicator_id VARCHAR NOT NULL, area_code VARCHAR NOT NULL, area_type VARCHAR NOT NULL,
    period VARCHAR NOT NULL, period_kind VARCHAR NOT NULL, breakdown VARCHAR NOT NULL,
    category VARCHAR NOT NULL, numerator DOUBLE, denominator DOUBLE, value DOUBLE,
    lower95 DOUBLE, upper95 DOUBLE, run_id BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS indicator_runs (
    run_id BIGINT PRIMARY KEY, catalogue_version VARCHAR NOT NULL, computed_at TIMESTAMP NOT NULL,
    indicators JSON NOT NULL, parameters JSON NOT NULL, submissions JSON NOT NULL,
    rows BIGINT NOT NULL
)
"""
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
    chosen = catalogue.select(indicator_ids)
    chosen = _with_sources(catalogue, chosen)
    parameters = parameters or {}
    con = store.con
    note = progress or (lambda *_: None)
    total_steps = len(chosen) + 3
    note("preparing", 0, total_steps)
    for statement in RESULTS_DDL.split(";"):
        con.execute(statement)
    ensure_population(con)
    first, last, submissions = _prepare(con, catalogue)
    council_frames = []
    for step, ind in enumerate(chosen, start=1):
        note(ind.id, step, total_steps)
        if ind.is_derived:
            continue
        council_frames.append(_council_results(con, ind, catalogue, parameters.get(ind.id, {})))
    note("combining areas", len(chosen) + 1, total_steps)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE council_results AS "
        + " UNION ALL ".join(f"SELECT * FROM {name}" for name in council_frames)
    )
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE area_results AS
        SELECT *, CAST(NULL AS DOUBLE) AS value, CAST(NULL AS DOUBLE) AS lower95,
               CAST(NULL AS DOUBLE) AS upper95
        FROM ({sqlgen.ROLLUP_SQL})
    """)
    for name in council_frames:
        con.execute(f"DROP TABLE {name}")
    for ind in chosen:
        if ind.is_derived:
            _insert_derived(con, ind)
    wanted = sorted({i.id for i in catalogue.select(indicator_ids)})
    note("values and intervals", len(chosen) + 2, total_steps)
    register_value_tables(con, catalogue)
    run_id, rows = _store(con, catalogue, wanted, parameters, submissions)
    note("done", total_steps, total_steps)
    periods = con.execute("SELECT count(*) FROM periods").fetchall()[0][0]
    return RunSummary(run_id, wanted, rows, periods, first, last)


def _with_sources(catalogue: Catalogue, chosen: list[Indicator]) -> list[Indicator]:
    """A derived indicator needs the indicator it is derived from."""
    ids = [i.id for i in chosen]
    for ind in list(chosen):
        if ind.is_derived and ind.derived["from"] not in ids:
            chosen.insert(0, catalogue.get(ind.derived["from"]))
            ids.insert(0, ind.derived["from"])
    return chosen


def _prepare(con: duckdb.DuckDBPyConnection, catalogue: Catalogue) -> tuple:
    con.execute(PRELUDE)
    _timescales(con)
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
    con.execute("""
        CREATE OR REPLACE TEMP TABLE council_periods AS
        SELECT c.council_code, p.period, p.pop_year FROM coverage c JOIN periods p
          ON p.start_date >= c.start_date AND p.end_date <= c.end_date
    """)
    _categories(con, catalogue)
    pop = " UNION ALL ".join(
        f"SELECT '{ages}' AS ages, * FROM ({population_sql(ages)})" for ages in AGE_RANGES
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE pop AS {pop}")
    _areas(con)
    subs = [
        r[0]
        for r in con.execute(
            "SELECT submission_id FROM submissions WHERE status = 'current' ORDER BY 1"
        ).fetchall()
    ]
    return first, last, subs


def _timescales(con: duckdb.DuckDBPyConnection) -> None:
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


def _categories(con: duckdb.DuckDBPyConnection, catalogue: Catalogue) -> None:
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


def _areas(con: duckdb.DuckDBPyConnection) -> None:
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
        SELECT m.area_code, cp.period
        FROM area_members m JOIN council_periods cp USING (council_code)
        GROUP BY m.area_code, cp.period
        HAVING count(*) = any_value(m.n_members)
    """)


def _council_results(con, ind: Indicator, catalogue: Catalogue, params: dict) -> str:
    facts_sql = ind.sql(**params)
    try:
        columns = [d[0] for d in con.execute(f"SELECT * FROM ({facts_sql}) LIMIT 0").description]
    except duckdb.Error as exc:
        raise RuntimeError(f"indicator {ind.id}: its SQL does not run: {exc}") from exc
    required = sqlgen.SNAPSHOT_COLUMNS if ind.kind == "snapshot" else sqlgen.FLOW_COLUMNS
    missing = [c for c in required if c not in columns]
    if missing:
        raise RuntimeError(f"indicator {ind.id}: its SQL lacks column(s) {missing}")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE agg AS " + sqlgen.aggregate_sql(ind, facts_sql, columns)
    )
    name = f"council_{ind.id}"
    ages = ind.population_ages or catalogue.population_ages
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sqlgen.council_results_sql(ind, ages)}")
    return name


def _insert_derived(con: duckdb.DuckDBPyConnection, ind: Indicator) -> None:
    spec = ind.derived
    source = con.execute(
        "SELECT * FROM area_results WHERE indicator_id = ? AND breakdown = ?",
        [spec["from"], spec["breakdown"]],
    ).df()
    frame = derive_ratio(source, ind)
    con.register("derived_frame", frame)
    con.execute("INSERT INTO area_results BY NAME SELECT * FROM derived_frame")
    con.unregister("derived_frame")


def _store(con, catalogue: Catalogue, ids: list[str], parameters, submissions) -> tuple[int, int]:
    run_id = (con.execute("SELECT max(run_id) FROM indicator_runs").fetchall()[0][0] or 0) + 1
    columns = (
        "indicator_id, area_code, area_type, period, period_kind, breakdown, category, "
        "numerator, denominator, value, lower95, upper95, run_id"
    )
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM indicator_results WHERE indicator_id IN (SELECT unnest(?))", [ids])
        con.execute(
            f"""
            INSERT INTO indicator_results ({columns})
            SELECT v.indicator_id, v.area_code, v.area_type, v.period, p.period_kind,
                   v.breakdown, v.category, v.numerator, v.denominator, v.value, v.lower95,
                   v.upper95, {run_id}
            FROM ({values_sql("area_results")}) v
            JOIN periods p USING (period)
            WHERE v.indicator_id IN (SELECT unnest(?))
        """,
            [ids],
        )
        rows = con.execute(
            "SELECT count(*) FROM indicator_results WHERE run_id = ?", [run_id]
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
    con.execute("DROP TABLE IF EXISTS area_results")
    con.execute("DROP TABLE IF EXISTS council_results")
    return run_id, rows


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
