"""Shared fixtures: the scale-1 extract is generated once per test session and read back from its
files, so every assertion is about what a user of the files would see."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.csv as pacsv
import pytest

from bairn.standard import load_standard
from bairn.synth import SynthResult, generate
from bairn.synth.writer import schema_for

START = dt.date(2012, 8, 1)
END = dt.date(2026, 9, 30)  # fixed, so the tests do not change with today's date


# The suite checks seed 0; set BAIRN_SYNTH_SEED to run the same checks on another seed.
SEED = int(os.environ.get("BAIRN_SYNTH_SEED", "0"))


@pytest.fixture(scope="session")
def extract(tmp_path_factory: pytest.TempPathFactory) -> SynthResult:
    out = tmp_path_factory.mktemp("synth_scale1")
    return generate(out, seed=SEED, scale=1.0, start=START, end=END)


def read_tables(folder: Path) -> dict[str, pd.DataFrame]:
    """Every table as pandas, with the standard's types (dates as datetime64)."""
    standard = load_standard()
    frames = {}
    for table in standard.tables_in():
        schema = schema_for(table, standard.current)
        options = pacsv.ConvertOptions(column_types=schema, strings_can_be_null=True)
        t = pacsv.read_csv(folder / f"{table.name}.csv", convert_options=options)
        frames[table.name] = t.to_pandas(date_as_object=False)
    return frames


@pytest.fixture(scope="session")
def tables(extract: SynthResult) -> dict[str, pd.DataFrame]:
    return read_tables(extract.out_dir)


SQL_TYPES = {"string": "VARCHAR", "code": "VARCHAR", "date": "DATE", "integer": "INTEGER"}


@pytest.fixture(scope="session")
def db(extract: SynthResult) -> duckdb.DuckDBPyConnection:
    """The extract loaded into DuckDB with the standard's column types (no type sniffing)."""
    standard = load_standard()
    con = duckdb.connect()
    for table in standard.tables_in():
        cols = {f.name: SQL_TYPES[f.type] for f in table.fields(standard.current)}
        spec = "{" + ", ".join(f"'{k}': '{v}'" for k, v in cols.items()) + "}"
        con.execute(
            f"CREATE TABLE {table.name} AS SELECT * FROM "
            f"read_csv('{extract.paths[table.name]}', header = true, columns = {spec})"
        )
    return con


@pytest.fixture(scope="session")
def signals(extract: SynthResult) -> list[dict]:
    return json.loads(extract.signals_path.read_text(encoding="utf-8"))
