"""Benchmark: loading a national extract into the store (rows/s), at scale 1 and 20, against a
named peer measured in the same run: DuckDB's own CSV import into plain tables (no submissions,
no replacement, no transaction over the whole load) — the floor for any loader.

Usage: .venv/bin/python benchmarks/bench_load.py [--scales 1 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import tempfile
import time
from pathlib import Path

import duckdb

from bairn.store import SourceFile, Store
from bairn.store.files import read_clean_extract
from bairn.synth import generate


def run(scale: float, root: Path) -> None:
    folder = root / f"scale-{scale:g}"
    result = generate(folder / "extract", seed=2, scale=scale, end=dt.date(2025, 6, 30))
    start = time.perf_counter()
    frames = read_clean_extract(folder / "extract")
    with Store(folder / "bairn.duckdb") as store:
        store.load(frames, files=[SourceFile("bench", "0" * 64)], version="1.1")
    bairn_s = time.perf_counter() - start
    del frames
    start = time.perf_counter()
    con = duckdb.connect(str(folder / "peer.duckdb"))
    for path in sorted((folder / "extract").glob("*.csv")):
        con.execute(f"CREATE TABLE {path.stem} AS SELECT * FROM read_csv('{path}', header=true)")
    con.close()
    peer_s = time.perf_counter() - start
    rows = result.total_rows
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"scale {scale:g}: {rows:,} rows")
    print(f"  Bairn load (read, place by council and quarter, replace, record): {bairn_s:.2f} s "
          f"= {rows / bairn_s:,.0f} rows/s")  # fmt: skip
    print(
        f"  peer, DuckDB CSV import into plain tables: {peer_s:.2f} s "
        f"= {rows / peer_s:,.0f} rows/s -> Bairn / peer = {bairn_s / peer_s:.1f}x"
    )
    print(f"  peak memory of this process so far: {peak:,.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", nargs="+", type=float, default=[1.0])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for scale in args.scales:
            run(scale, Path(tmp))


if __name__ == "__main__":
    main()
