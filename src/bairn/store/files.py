"""Reading extract files that are already known to be clean (Bairn's own synthetic data).

Files from councils go through `bairn.ingest`, which validates before anything reaches the store.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pyarrow as pa

from bairn.standard import load_standard
from bairn.store.schema import DUCKDB_TYPES


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_clean_extract(folder: Path, version: str | None = None) -> dict[str, pa.Table]:
    """One Arrow table per standard table found in `folder` as <table>.csv or <table>.parquet."""
    standard = load_standard()
    version = standard.check_version(version)
    con = duckdb.connect()
    frames: dict[str, pa.Table] = {}
    for table in standard.tables_in(version):
        fields = table.fields(version)
        csv_path, parquet_path = folder / f"{table.name}.csv", folder / f"{table.name}.parquet"
        if csv_path.exists():
            types = {f.name: DUCKDB_TYPES[f.type] for f in fields}
            rel = con.read_csv(str(csv_path), header=True, dtype=types, all_varchar=False)
        elif parquet_path.exists():
            rel = con.read_parquet(str(parquet_path))
        else:
            continue
        frames[table.name] = rel.select(", ".join(f.name for f in fields)).to_arrow_table()
    con.close()
    return frames
