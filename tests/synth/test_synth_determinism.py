"""Same seed, same bytes; another seed, other data; columns exactly as the standard orders them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from bairn.standard import load_standard
from bairn.synth import generate
from bairn.synth.writer import schema_for

SMALL = {"scale": 0.1, "start": "2018-01-01", "end": "2020-12-31"}
SRC = Path(__file__).resolve().parents[2] / "src"


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_same_seed_gives_identical_bytes(tmp_path: Path, fmt: str) -> None:
    a = generate(tmp_path / "a", seed=7, fmt=fmt, **SMALL)
    b = generate(tmp_path / "b", seed=7, fmt=fmt, **SMALL)
    assert a.row_counts == b.row_counts
    assert _bytes(a.out_dir) == _bytes(b.out_dir)
    assert len(_bytes(a.out_dir)) == 10


def test_identical_in_a_fresh_process_with_another_hash_seed(tmp_path: Path) -> None:
    here = generate(tmp_path / "here", seed=3, **SMALL)
    code = (
        "import sys; from bairn.synth import generate; "
        f"generate(sys.argv[1], seed=3, scale={SMALL['scale']}, "
        f"start='{SMALL['start']}', end='{SMALL['end']}')"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(SRC)}
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "there")], check=True, env=env)
    assert _bytes(here.out_dir) == _bytes(tmp_path / "there")


def test_different_seed_gives_different_data(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", seed=1, **SMALL)
    b = generate(tmp_path / "b", seed=2, **SMALL)
    for name in ("children", "concerns", "registrations", "meetings"):
        assert a.paths[name].read_bytes() != b.paths[name].read_bytes()


def test_parquet_holds_the_same_rows_as_csv(tmp_path: Path) -> None:
    standard = load_standard()
    c = generate(tmp_path / "c", seed=5, fmt="csv", **SMALL)
    p = generate(tmp_path / "p", seed=5, fmt="parquet", **SMALL)
    for table in standard.tables_in():
        schema = schema_for(table, standard.current)
        options = pacsv.ConvertOptions(column_types=schema, strings_can_be_null=True)
        from_csv = pacsv.read_csv(c.paths[table.name], convert_options=options)
        from_parquet = pq.read_table(p.paths[table.name])
        assert from_parquet.schema.names == table.field_names(standard.current)
        assert from_parquet.cast(schema).equals(from_csv.cast(schema)), table.name


def test_columns_in_the_standard_order(extract) -> None:
    standard = load_standard()
    for table in standard.tables_in():
        with extract.paths[table.name].open("rb") as fh:
            header = fh.readline()
        assert header == (",".join(table.field_names(standard.current)) + "\n").encode()


def test_csv_text_conventions(extract) -> None:
    raw = extract.paths["registrations"].read_bytes()
    assert b"\r" not in raw and b'"' not in raw
    raw.decode("utf-8")
    lines = raw.decode().splitlines()
    open_row = next(line for line in lines[1:] if line.endswith(",,"))  # open: no end date/reason
    start = open_row.split(",")[3]
    assert len(start) == 10 and start[4] == "-" and start[7] == "-"


def test_rows_are_in_primary_key_order(tables) -> None:
    standard = load_standard()
    for table in standard.tables_in():
        df = tables[table.name]
        key = list(table.primary_key)
        assert df[key].equals(df[key].sort_values(key).reset_index(drop=True)), table.name
