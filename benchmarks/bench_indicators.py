"""Benchmark: the whole indicator catalogue, against two named peers measured in the same run.

Peers:
- "one raw DuckDB scan": a single scan-and-group-by over the same input files (registrations per
  council and quarter), the floor for any engine reading those files (goal: the whole catalogue
  within 10x of it);
- "pandas, five indicators": a plain pandas implementation of five of the indicators
  (concerns, IRDs and registrations per council and quarter, the register at quarter ends, and
  the share of IRDs leading to an investigation) (goal: Bairn at least 10x faster), compared
  with Bairn computing the same five (`compute(store, FIVE)`) and with the whole catalogue.

Each line gives wall time and, in brackets, the CPU time of this process (all threads): on a
shared machine the wall times swing with other people's load, the CPU times much less. Peak
memory is this process's resident peak so far (synthesis, loading and every step before).

Usage: .venv/bin/python benchmarks/bench_indicators.py [--scales 1 50] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import tempfile
import time
from pathlib import Path

import duckdb
import pandas as pd

from bairn.indicators import compute
from bairn.store import SourceFile, Store
from bairn.store.files import read_clean_extract
from bairn.synth import generate

END = dt.date(2025, 6, 30)
FIVE = [
    "concerns_rate", "irds_rate", "registrations_rate", "register_count", "ird_to_investigation",
]  # fmt: skip


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn):
    """(wall seconds, CPU seconds, result)."""
    start, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - start, time.process_time() - cpu, out


def secs(wall: float, cpu: float) -> str:
    return f"{wall:7.2f} s ({cpu:6.2f} s CPU)"


def raw_scan(folder: Path) -> int:
    con = duckdb.connect()
    rows = con.execute(f"""
        SELECT c.council_code, date_trunc('quarter', r.start_date) AS q, count(*)
        FROM read_csv('{folder}/registrations.csv', header=true) r
        JOIN read_csv('{folder}/children.csv', header=true) c USING (child_id)
        GROUP BY ALL
    """).fetchall()
    return len(rows)


def pandas_five(folder: Path) -> int:
    children = pd.read_csv(folder / "children.csv", usecols=["child_id", "council_code"])
    out = 0
    for table, date in (("concerns", "received_date"), ("irds", "start_date"),
                        ("registrations", "start_date")):  # fmt: skip
        frame = pd.read_csv(folder / f"{table}.csv", parse_dates=[date]).merge(children)
        frame["quarter"] = frame[date].dt.to_period("Q")
        out += len(frame.groupby(["council_code", "quarter"]).size())
    regs = pd.read_csv(folder / "registrations.csv", parse_dates=["start_date", "end_date"])
    regs = regs.merge(children)
    ends = pd.period_range("2012Q4", "2025Q2", freq="Q").to_timestamp(how="end").normalize()
    for end in ends:  # the register at each quarter end, as pandas users write it
        active = regs[(regs.start_date <= end) & (regs.end_date.isna() | (regs.end_date > end))]
        out += len(active.groupby("council_code").size())
    irds = pd.read_csv(folder / "irds.csv", parse_dates=["start_date"]).merge(children)
    irds = irds[irds.outcome.notna()]
    irds["quarter"] = irds.start_date.dt.to_period("Q")
    irds["hit"] = irds.outcome.eq("investigation")
    out += len(irds.groupby(["council_code", "quarter"]).hit.mean())
    return out


def run(scale: float, root: Path) -> None:
    folder = root / f"scale-{scale:g}"
    t_synth, _, result = timed(lambda: generate(folder / "extract", seed=1, scale=scale, end=END))
    with Store(folder / "bairn.duckdb") as store:
        t_load, _, _ = timed(
            lambda: store.load(
                read_clean_extract(folder / "extract"),
                files=[SourceFile("bench", "0" * 64)],
                version="1.1",
            )
        )
        t_all, c_all, summary = timed(lambda: compute(store))
        mb_all = peak_mb()
        t_five, c_five, five = timed(lambda: compute(store, FIVE))
    t_scan, c_scan, _ = timed(lambda: raw_scan(folder / "extract"))
    t_pandas, c_pandas, _ = timed(lambda: pandas_five(folder / "extract"))
    print(f"\nscale {scale:g}: {result.total_rows:,} input rows (synthesised in {t_synth:.1f} s, "
          f"loaded in {t_load:.1f} s)")  # fmt: skip
    print(f"  Bairn, whole catalogue ({len(summary.indicators)} indicators, {summary.rows:,} "
          f"results):   {secs(t_all, c_all)}, peak {mb_all:,.0f} MB")  # fmt: skip
    print(f"  Bairn, the pandas peer's five indicators ({five.rows:,} results): "
          f"{secs(t_five, c_five)}")  # fmt: skip
    print(
        f"  peer, one raw DuckDB scan-and-group-by:          {secs(t_scan, c_scan)}  "
        f"-> catalogue / scan = {t_all / t_scan:.1f}x wall, {c_all / c_scan:.1f}x CPU "
        "(goal <= 10x)"
    )
    print(
        f"  peer, pandas implementation of five indicators:  {secs(t_pandas, c_pandas)}  "
        f"-> pandas(5) / Bairn(5) = {t_pandas / t_five:.1f}x wall, {c_pandas / c_five:.1f}x CPU "
        f"(goal >= 10x); pandas(5) / Bairn(all) = {t_pandas / t_all:.1f}x wall"
    )
    print(f"  peak memory of this process so far: {peak_mb():,.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", nargs="+", type=float, default=[1.0])
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    if args.keep:
        for scale in args.scales:
            run(scale, args.keep)
        return
    with tempfile.TemporaryDirectory() as tmp:
        for scale in args.scales:
            run(scale, Path(tmp))


if __name__ == "__main__":
    main()
