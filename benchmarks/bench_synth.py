"""Benchmark bairn.synth: rows/s, wall time and peak memory at each scale, against named peers
measured in the same run.

    .venv/bin/python benchmarks/bench_synth.py [--scales 1 20] [--fmt csv]

Peers:
  * naive-python: a pure-Python, row-by-row generator of the same children table (`random` and
    `csv.writer`, one dict per child), writing as many rows as bairn.synth's children table.
  * pandas-to_csv: `DataFrame.to_csv` of the same nine tables, against bairn.synth's pyarrow writer.
Each generation runs in a fresh process so its peak resident memory is its own.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
sys.path.insert(0, str(SRC))


def _child(scale: float, out: str, fmt: str) -> None:
    from bairn.synth import generate

    t0 = time.perf_counter()
    result = generate(out, seed=0, scale=scale, fmt=fmt)
    wall = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rows": result.row_counts, "wall": wall, "peak_mb": peak_kb / 1024}))


def run_generation(scale: float, out: Path, fmt: str) -> dict:
    cmd = [sys.executable, __file__, "--child", str(scale), str(out), fmt]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def naive_children(n: int, path: Path) -> float:
    """The peer: one Python dict per child, drawn with `random`, written with csv.writer."""
    rng = random.Random(0)
    councils = [f"S12000{c:03d}" for c in range(5, 51)]
    ethnic = ["white_scottish", "white_other_british", "mixed", "asian", "african", "not_known"]
    t0 = time.perf_counter()
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["child_id", "council_code", "sex", "birth_date", "expected_birth_date",
                    "ethnic_group", "disability", "simd_decile"])  # fmt: skip
        for i in range(n):
            council = rng.choice(councils)
            unborn = rng.random() < 0.03
            birth = dt.date(2012, 8, 1) + dt.timedelta(days=rng.randrange(-6500, 5000))
            row = {
                "child_id": f"{council}-C{i + 1:07d}",
                "council_code": council,
                "sex": "not_known" if unborn else rng.choice(["male", "female"]),
                "birth_date": "" if unborn else birth.isoformat(),
                "expected_birth_date": birth.isoformat() if unborn else "",
                "ethnic_group": rng.choices(ethnic, weights=[78, 6, 3, 3, 2, 8])[0],
                "disability": rng.choices(["yes", "no", "not_known"], weights=[7, 84, 9])[0],
                "simd_decile": rng.randint(1, 10),
            }
            w.writerow(row.values())
    return time.perf_counter() - t0


def writer_peers(folder: Path, fmt: str) -> tuple[float, float]:
    """Seconds to write the generated tables with bairn's writer and with pandas to_csv."""
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    from bairn.standard import load_standard
    from bairn.synth.writer import ExtractWriter, schema_for

    standard = load_standard()
    tables = {}
    for t in standard.tables_in():
        if fmt == "csv":
            opts = pacsv.ConvertOptions(
                column_types=schema_for(t, standard.current), strings_can_be_null=True
            )
            tables[t.name] = pacsv.read_csv(folder / f"{t.name}.csv", convert_options=opts)
        else:
            tables[t.name] = pq.read_table(folder / f"{t.name}.parquet")
    frames = {name: tab.to_pandas() for name, tab in tables.items()}
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        writer = ExtractWriter(Path(tmp), standard.tables_in(), standard.current, "csv")
        for name, tab in tables.items():
            writer.write(name, tab)
        writer.close([])
        ours = time.perf_counter() - t0
        t0 = time.perf_counter()
        for name, df in frames.items():
            df.to_csv(Path(tmp) / f"{name}.pandas.csv", index=False, lineterminator="\n")
        theirs = time.perf_counter() - t0
    return ours, theirs


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(float(sys.argv[2]), sys.argv[3], sys.argv[4])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 20])
    parser.add_argument("--fmt", choices=["csv", "parquet"], default="csv")
    args = parser.parse_args()

    print(f"bairn.synth benchmark ({args.fmt}), seed 0, default dates")
    print(f"{'scale':>6} {'rows':>12} {'wall s':>8} {'rows/s':>12} {'peak MB':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        first = None
        for scale in args.scales:
            out = Path(tmp) / f"scale{scale:g}"
            r = run_generation(scale, out, args.fmt)
            rows = sum(r["rows"].values())
            print(f"{scale:>6g} {rows:>12,} {r['wall']:>8.1f} {rows / r['wall']:>12,.0f} "
                  f"{r['peak_mb']:>9,.0f}")  # fmt: skip
            if first is None:
                first = (out, r)
        out, r = first
        rows = sum(r["rows"].values())
        n_children = r["rows"]["children"]
        naive_s = naive_children(n_children, Path(tmp) / "naive_children.csv")
        print()
        print(f"peer naive-python (children table only, {n_children:,} rows): {naive_s:.1f} s, "
              f"{n_children / naive_s:,.0f} rows/s")  # fmt: skip
        print(f"  ratio bairn.synth all-tables rows/s / naive-python rows/s: "
              f"{(rows / r['wall']) / (n_children / naive_s):.1f}x")  # fmt: skip
        ours, theirs = writer_peers(out, args.fmt)
        print(f"peer pandas-to_csv (same {rows:,} rows): {theirs:.1f} s; "
              f"bairn writer {ours:.1f} s; ratio {theirs / ours:.1f}x")  # fmt: skip


if __name__ == "__main__":
    main()
