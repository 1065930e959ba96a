"""Benchmark: the whole indicator catalogue, against two named peers measured in the same run.

Peers:
- "one raw DuckDB scan": a single scan-and-group-by over the same input files (every file of the
  extract the catalogue reads: each file's events per council and quarter, the children joined
  for the council), the floor for any engine reading those files (goal: the whole catalogue
  within 10x of it). Until November 2026 the scan read two of the nine files (registrations and
  children); that narrower scan is still printed, for comparison with earlier measurements;
- "pandas, five indicators": a plain pandas implementation of five of the indicators
  (`pandas_peer.py`: concerns, IRDs and registrations per 1,000 children, the register count and
  the share of IRDs leading to an investigation, for every area, kind of period and breakdown,
  with the same denominators and intervals; the run checks its rows equal Bairn's) (goal: Bairn
  at least 10x faster), compared with Bairn computing the same five (`compute(store, FIVE)`).
  Until November 2026 the peer computed councils x quarters totals only (a tenth of the rows).

Each line gives wall time and, in brackets, the CPU time of this process (all threads): on a
shared machine the wall times swing with other people's load, the CPU times much less. Peak
memory is this process's resident peak so far (synthesis and loading run in child processes,
whose peak is printed apart). With --keep DIR a store already in DIR is reused.

Usage: .venv/bin/python benchmarks/bench_indicators.py [--scales 1 50] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import resource
import tempfile
import time
from pathlib import Path

import duckdb

from bairn.indicators import compute, read_results
from bairn.store import SourceFile, Store
from bairn.store.files import read_clean_extract
from bairn.synth import generate
from pandas_peer import differences, pandas_five

END = dt.date(2025, 6, 30)
FIVE = [
    "concerns_rate", "irds_rate", "registrations_rate", "register_count", "ird_to_investigation",
]  # fmt: skip


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def timed(fn):
    """(wall seconds, CPU seconds, result)."""
    start, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - start, time.process_time() - cpu, out


def secs(wall: float, cpu: float) -> str:
    return f"{wall:7.2f} s ({cpu:6.2f} s CPU)"


# Every file of the extract the catalogue reads, with the date its events are counted by (the
# meeting concern types are read whole: they carry no date and no child).
EVENT_FILES = {
    "concerns": "received_date", "irds": "start_date", "investigations": "start_date",
    "meetings": "meeting_date", "core_groups": "first_core_group_date",
    "registrations": "start_date", "reporter_referrals": "referral_date",
}  # fmt: skip


def raw_scan(folder: Path) -> int:
    """One scan-and-group-by over every input file: each file's events per council and quarter
    (the children file joined once for the council), in one statement."""
    con = duckdb.connect()
    events = [
        f"""SELECT '{name}' AS source, c.council_code, date_trunc('quarter', e.{date}) AS quarter
            FROM read_csv('{folder}/{name}.csv', header=true) e JOIN children c USING (child_id)"""
        for name, date in EVENT_FILES.items()
    ]
    events.append(
        f"SELECT 'meeting_concerns', NULL, NULL "
        f"FROM read_csv('{folder}/meeting_concerns.csv', header=true)"
    )
    rows = con.execute(f"""
        WITH children AS (
            SELECT child_id, council_code FROM read_csv('{folder}/children.csv', header=true)
        )
        SELECT source, council_code, quarter, count(*)
        FROM ({" UNION ALL ".join(events)})
        GROUP BY ALL
    """).fetchall()
    return len(rows)


def registrations_scan(folder: Path) -> int:
    """The narrower scan this benchmark used until November 2026: two of the nine files."""
    con = duckdb.connect()
    rows = con.execute(f"""
        SELECT c.council_code, date_trunc('quarter', r.start_date) AS q, count(*)
        FROM read_csv('{folder}/registrations.csv', header=true) r
        JOIN read_csv('{folder}/children.csv', header=true) c USING (child_id)
        GROUP BY ALL
    """).fetchall()
    return len(rows)


def synthesise(folder: Path, scale: float) -> int:
    return generate(folder / "extract", seed=1, scale=scale, end=END).total_rows


def load(folder: Path) -> None:
    with Store(folder / "bairn.duckdb") as store:
        # the loader's Arrow tables live outside DuckDB: leave them room at scale 50
        store.con.execute("SET memory_limit = '10GB'")
        store.load(
            read_clean_extract(folder / "extract"),
            files=[SourceFile("bench", "0" * 64)],
            version="1.1",
        )


def in_child(fn, *args):
    """Run a step in a child process, so that its memory is not counted as the engine's."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(fn, args)


def run(scale: float, root: Path) -> None:
    folder = root / f"scale-{scale:g}"
    if (folder / "bairn.duckdb").exists():  # kept from an earlier run (--keep)
        t_synth = t_load = 0.0
        with Store(folder / "bairn.duckdb", read_only=True) as store:
            total_rows = sum(store.row_counts().values())
    else:
        t_synth, _, total_rows = timed(lambda: in_child(synthesise, folder, scale))
        t_load, _, _ = timed(lambda: in_child(load, folder))
    with Store(folder / "bairn.duckdb") as store:
        t_all, c_all, summary = timed(lambda: compute(store))
        mb_all = peak_mb()
        t_five, c_five, five = timed(lambda: compute(store, FIVE))
    t_scan, c_scan, _ = timed(lambda: raw_scan(folder / "extract"))
    t_two, c_two, _ = timed(lambda: registrations_scan(folder / "extract"))
    t_pandas, c_pandas, peer = timed(lambda: pandas_five(folder / "extract"))
    with Store(folder / "bairn.duckdb", read_only=True) as store:
        ours = read_results(store, indicators=FIVE, breakdown=None)
    agree = "the same rows as Bairn's" if differences(ours, peer) is None else "ROWS DIFFER"
    print(f"\nscale {scale:g}: {total_rows:,} input rows (synthesised in {t_synth:.1f} s, "
          f"loaded in {t_load:.1f} s; child processes' peak {child_mb():,.0f} MB)")  # fmt: skip
    print(f"  Bairn, whole catalogue ({len(summary.indicators)} indicators, {summary.rows:,} "
          f"results):   {secs(t_all, c_all)}, peak {mb_all:,.0f} MB")  # fmt: skip
    print(f"  Bairn, the pandas peer's five indicators ({five.rows:,} results): "
          f"{secs(t_five, c_five)}")  # fmt: skip
    print(
        f"  peer, one raw DuckDB scan-and-group-by of every input file: {secs(t_scan, c_scan)}  "
        f"-> catalogue / scan = {t_all / t_scan:.1f}x wall, {c_all / c_scan:.1f}x CPU "
        "(goal <= 10x)"
    )
    print(
        f"  (the same scan of two files, registrations and children: {secs(t_two, c_two)}  "
        f"-> catalogue / scan = {t_all / t_two:.1f}x wall)"
    )
    print(
        f"  peer, pandas implementation of five indicators ({len(peer):,} rows, {agree}): "
        f"{secs(t_pandas, c_pandas)}  "
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
