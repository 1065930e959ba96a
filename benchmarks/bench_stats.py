"""Benchmark bairn.stats against PHStatsMethods on 100,000 rows.

Run: .venv/bin/python benchmarks/bench_stats.py [--rows N] [--full]

For each method it prints Bairn's wall time on all rows, PHStatsMethods' wall time (measured on
a subsample where it is slow and scaled linearly to all rows, said in the output), the speed-up,
the largest relative difference between the two on the rows both computed, and Bairn's peak
traced memory. --full times PHStatsMethods on every row (minutes, not seconds).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import resource
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from bairn import stats

try:
    import PHStatsMethods as phm
    from PHStatsMethods import utils_funnel as ph_funnel
except ImportError:  # the reference is a dev dependency only
    sys.exit("PHStatsMethods is not installed: install the dev requirements to run this benchmark.")

SEED = 20240601
# PHStatsMethods rows timed per method by default; scaled up to all rows. Picked to keep the
# default run under a minute on a laptop: its rate and Poisson funnel code loop in Python.
SUBSAMPLE = {
    "proportion": 5_000,
    "rate": 2_000,
    "funnel limits (proportion)": 500,
    "funnel significance (proportion)": 1_000,
    "funnel limits (rate)": 60,
}


def best_of(fn: Callable[[], object], repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def once(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def peak_mb(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def max_rel_diff(ours: np.ndarray, theirs: np.ndarray) -> float:
    ours, theirs = np.asarray(ours, float), np.asarray(theirs, float)
    scale = np.maximum(np.abs(theirs), 1e-300)
    return float(np.nanmax(np.abs(ours - theirs) / scale))


def data(rows: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(SEED)
    n = np.floor(10 ** rng.uniform(1, 6, rows)) + 1
    x = np.floor(rng.uniform(0, 1, rows) * (n + 1)).clip(0, n)
    events = np.floor(10 ** rng.uniform(0, 4.5, rows))  # ≥ 1: PHStatsMethods fails on 0
    population = np.floor(10 ** rng.uniform(2, 7, rows))
    return {"x": x, "n": n, "events": events, "population": population}


def bench(rows: int, full: bool) -> list[dict[str, object]]:
    d = data(rows)
    results = []

    def record(name, ours_fn, ref_fn, compare, tolerance=1e-9):
        sub = rows if full else min(rows, SUBSAMPLE[name])
        ours_time = best_of(lambda: ours_fn(rows))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ref_time, ref_out = once(lambda: ref_fn(sub))
        diff = compare(ours_fn(sub), ref_out)
        scaled = ref_time * rows / sub
        results.append(
            {
                "method": name,
                "bairn_s": ours_time,
                "phstatsmethods_s": scaled,
                "ref_rows_timed": sub,
                "speedup": scaled / ours_time,
                "max_rel_diff": diff,
                "agree": diff <= tolerance,
                "bairn_peak_mb": peak_mb(lambda: ours_fn(rows)),
            }
        )

    # Proportions, both confidence levels.
    record(
        "proportion",
        lambda k: stats.proportion(d["x"][:k], d["n"][:k], confidence=(0.95, 0.998)),
        lambda k: phm.ph_proportion(
            pd.DataFrame({"x": d["x"][:k], "n": d["n"][:k]}),
            "x",
            "n",
            confidence=[0.95, 0.998],
            multiplier=100,
        ),
        lambda ours, ref: max(
            max_rel_diff(ours[col], ref[ref_col])
            for col, ref_col in (
                ("value", "Value"),
                ("lower95", "lower_95_ci"),
                ("upper95", "upper_95_ci"),
                ("lower998", "lower_99_8_ci"),
                ("upper998", "upper_99_8_ci"),
            )
        ),
    )

    # Crude rates per 1000 (PHStatsMethods' multiplier must be an int; 1000 is Bairn's default).
    record(
        "rate",
        lambda k: stats.rate(d["events"][:k], d["population"][:k], confidence=(0.95, 0.998)),
        lambda k: phm.ph_rate(
            pd.DataFrame({"x": d["events"][:k], "n": d["population"][:k]}),
            "x",
            "n",
            confidence=[0.95, 0.998],
            multiplier=1000,
        ),
        lambda ours, ref: max(
            max_rel_diff(ours[col], ref[ref_col])
            for col, ref_col in (
                ("value", "Value"),
                ("lower95", "lower_95_ci"),
                ("upper95", "upper_95_ci"),
                ("lower998", "lower_99_8_ci"),
                ("upper998", "upper_99_8_ci"),
            )
        ),
    )

    # Proportion funnel limits at every denominator (the reference computes them one at a time).
    p_bar = float(d["x"].sum() / d["n"].sum())

    def ref_prop_limits(k):
        out = np.empty((k, 4))
        for i, pop in enumerate(d["n"][:k]):
            for j, (prob, side) in enumerate(
                ((0.975, "low"), (0.975, "high"), (0.999, "low"), (0.999, "high"))
            ):
                out[i, j] = ph_funnel.sigma_adjustment(prob, pop, p_bar, side, 100)
        return np.clip(out, 0, 100)

    record(
        "funnel limits (proportion)",
        lambda k: stats.funnel_limits(p_bar, d["n"][:k]),
        ref_prop_limits,
        lambda ours, ref: max_rel_diff(
            ours[["lower95", "upper95", "lower998", "upper998"]].to_numpy()[ref > 1e-9],
            ref[ref > 1e-9],
        ),
        tolerance=1e-8,
    )

    record(
        "funnel significance (proportion)",
        lambda k: stats.funnel_significance(d["x"][:k], d["n"][:k]),
        lambda k: phm.assign_funnel_significance(
            pd.DataFrame({"x": d["x"][:k], "n": d["n"][:k]}), "x", "proportion", denom_col="n"
        ),
        lambda ours, ref: float(
            (ours["significance"].to_numpy() != ref["significance"].to_numpy()).mean()
        ),
        tolerance=0.0,
    )

    # Exact Poisson rate funnel. The reference finds, by bisection, the population at which a
    # whole number of events sits on a limit; Bairn's limit at that population must return it.
    rate = float(d["events"].sum() / d["population"].sum())
    # Its bisection sums Poisson terms one by one: cost grows with the count, so stop at 3000.
    ref_events = np.unique(np.floor(np.geomspace(1, 3_000, 60)))

    def ref_rate_limits(k):
        counts = np.resize(ref_events, k)
        pops = np.empty((k, 4))
        for i, obs in enumerate(counts):
            for j, (tail, side) in enumerate(
                ((0.025, "high"), (0.025, "low"), (0.001, "high"), (0.001, "low"))
            ):
                pops[i, j] = ph_funnel.poisson_funnel(obs, tail, side) / rate
        return counts, pops

    def compare_rate(_ours, ref):
        counts, pops = ref
        worst = 0.0
        for j, col in enumerate(("lower95", "upper95", "lower998", "upper998")):
            got = stats.funnel_limits(rate, pops[:, j], kind="rate", multiplier=1)
            worst = max(worst, max_rel_diff(got[col].to_numpy() * pops[:, j], counts))
        return worst

    record(
        "funnel limits (rate)",
        lambda k: stats.funnel_limits(rate, d["population"][:k], kind="rate", multiplier=1000),
        ref_rate_limits,
        compare_rate,
        tolerance=2e-5,  # the reference's bisection stops at 1e-7 on its own scale
    )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--full", action="store_true", help="time PHStatsMethods on every row")
    args = parser.parse_args()
    start = time.perf_counter()
    results = bench(args.rows, args.full)
    version = importlib.metadata.version("PHStatsMethods")
    print(f"bairn.stats vs PHStatsMethods {version}, {args.rows:,} rows\n")
    header = (
        f"{'method':34} {'bairn s':>9} {'PHStats s':>10} {'timed on':>9} {'speed-up':>9} "
        f"{'max diff':>9} {'agree':>6} {'peak MB':>8}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r['method']:34} {r['bairn_s']:9.4f} {r['phstatsmethods_s']:10.2f} "
            f"{r['ref_rows_timed']:9,} {r['speedup']:8.0f}x {r['max_rel_diff']:9.1e} "
            f"{'yes' if r['agree'] else 'NO':>6} {r['bairn_peak_mb']:8.1f}"
        )
    scaled = [r["method"] for r in results if r["ref_rows_timed"] < args.rows]
    if scaled:
        print(
            f"\nPHStatsMethods times for {', '.join(scaled)} were measured on the 'timed on' "
            f"rows and scaled linearly to {args.rows:,} (use --full to time every row)."
        )
    print(
        "max diff: largest relative difference on the rows both computed (for funnel "
        "significance, the share of labels that differ; for the rate funnel, events recovered "
        "at the reference's bisected populations)."
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Process peak RSS: {rss:.0f} MB. Total run time: {time.perf_counter() - start:.1f} s.")
    if not all(r["agree"] for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
