"""Population denominators: children by council, year, sex and single year of age.

Bairn ships the NRS mid-2022 council estimates (official) and clearly labelled illustrative
estimates for other years (see data/SOURCES.md); `bairn population load FILE` replaces them with
the official National Records of Scotland / Public Health Scotland file.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd

from bairn.areas import areas_of_type
from bairn.errors import BairnError

DATA = Path(__file__).parent / "data"
POPULATION_DDL = """
CREATE TABLE IF NOT EXISTS population (
    council_code VARCHAR NOT NULL, year INTEGER NOT NULL, sex VARCHAR NOT NULL,
    age INTEGER NOT NULL, population BIGINT NOT NULL, status VARCHAR NOT NULL,
    PRIMARY KEY (council_code, year, sex, age)
);
CREATE TABLE IF NOT EXISTS simd_population_share (
    council_code VARCHAR NOT NULL, simd_quintile INTEGER NOT NULL, share DOUBLE NOT NULL,
    PRIMARY KEY (council_code, simd_quintile)
)
"""
AGE_RANGES = {"0-15": 15, "0-17": 17}


def ensure_population(con: duckdb.DuckDBPyConnection) -> None:
    """Create the population tables and fill them from the shipped files when empty."""
    for statement in POPULATION_DDL.split(";"):
        con.execute(statement)
    if con.execute("SELECT count(*) FROM population").fetchall()[0][0] == 0:
        path = str(DATA / "population_children.csv")
        con.execute(f"INSERT INTO population SELECT * FROM read_csv('{path}', header=true)")
    if con.execute("SELECT count(*) FROM simd_population_share").fetchall()[0][0] == 0:
        path = str(DATA / "simd_quintile_population_share.csv")
        con.execute(f"INSERT INTO simd_population_share SELECT * FROM read_csv('{path}')")


def load_official_file(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Load the PHS/NRS council-area file (Year, CA, Sex, Age0 … Age90plus): its years replace
    the shipped ones for every council it covers. Returns the number of rows written."""
    try:
        frame = pd.read_csv(path)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise BairnError(f"Cannot read the population file {path}: {exc}.") from None
    needed = {"Year", "CA", "Sex"} | {f"Age{a}" for a in range(18)}
    missing = sorted(needed - set(frame.columns))
    if missing:
        raise BairnError(
            f"The population file {path} lacks the column(s) {', '.join(missing[:5])}; it should "
            "be the council-area mid-year estimates with columns Year, CA, Sex, Age0 … Age90plus."
        )
    councils = {a.code for a in areas_of_type("council")}
    frame = frame[frame["CA"].isin(councils)]
    if frame.empty:
        raise BairnError(f"The population file {path} has no rows for the 32 council areas.")
    sexes = {"all": "all", "persons": "all", "male": "male", "female": "female"}
    frame = frame.assign(sex=frame["Sex"].astype(str).str.lower().map(sexes))
    unknown = frame[frame["sex"].isna()]
    if not unknown.empty:
        row = int(unknown.index[0]) + 2
        raise BairnError(
            f"{path}, row {row}, column Sex: {unknown['Sex'].iloc[0]!r} is not Male, Female, "
            "All or Persons."
        )
    long = frame.melt(
        id_vars=["Year", "CA", "sex"], value_vars=[f"Age{a}" for a in range(18)], var_name="age"
    )
    long["age"] = long["age"].map(lambda s: int(re.sub(r"\D", "", s)))
    long = long.rename(columns={"Year": "year", "CA": "council_code", "value": "population"})
    long["status"] = "official"
    long = long[["council_code", "year", "sex", "age", "population", "status"]]
    ensure_population(con)
    con.execute("BEGIN TRANSACTION")
    try:
        con.register("incoming", long)
        con.execute("""
            DELETE FROM population p USING (SELECT DISTINCT council_code, year, sex
                                            FROM incoming) i
            WHERE p.council_code = i.council_code AND p.year = i.year AND p.sex = i.sex
        """)
        con.execute("INSERT INTO population SELECT * FROM incoming")
        con.unregister("incoming")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
    return len(long)


def population_sql(ages: str) -> str:
    """Denominators by council, year, breakdown and category for one age range."""
    top = AGE_RANGES[ages]
    return f"""
    SELECT council_code, year AS pop_year, 'total' AS breakdown, 'all' AS category,
           sum(population) AS population
    FROM population WHERE sex = 'all' AND age <= {top} GROUP BY ALL
    UNION ALL
    SELECT council_code, year, 'age_band',
           CASE WHEN age < 5 THEN '0-4' WHEN age < 11 THEN '5-10' WHEN age < 16 THEN '11-15'
                ELSE '16-17' END,
           sum(population)
    FROM population WHERE sex = 'all' AND age <= {top} GROUP BY ALL
    UNION ALL
    SELECT council_code, year, 'sex', sex, sum(population)
    FROM population WHERE sex IN ('male', 'female') AND age <= {top} GROUP BY ALL
    UNION ALL
    SELECT p.council_code, p.year, 'simd_quintile', CAST(s.simd_quintile AS VARCHAR),
           round(sum(p.population) * any_value(s.share))
    FROM population p JOIN simd_population_share s USING (council_code)
    WHERE p.sex = 'all' AND p.age <= {top}
    GROUP BY p.council_code, p.year, s.simd_quintile
    """
