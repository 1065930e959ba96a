"""Benchmark: suppression + audit of a catalogue-shaped table set, against a named peer.

Synthetic catalogue: Poisson counts per council x quarter x sex x age band with the real
32 councils / 30 CPCs, summed to CPCs, Scotland, calendar years (and financial years), with
sex and age-band breakdowns of each year. Scale 1 = 30 indicators x 15 years (60 quarters).

Peer, measured in the same run: the naive audit -- one LP per suppressed cell and direction
over the whole table set, no decomposition and no certification (what a straightforward
linprog audit does) -- timed on a random sample of cells of Bairn's own protected output and
scaled to all its suppressed cells.

    .venv/bin/python benchmarks/bench_disclosure.py [--scale 0.03] [--peer-sample 20]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import linprog

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from bairn.disclosure import audit, protect
from bairn.disclosure.publish import C
from bairn.disclosure.relations import build_tableset, long_cells
from bairn.disclosure.synthetic import catalogue


def naive_audit_seconds(frame, sample: int, seed: int = 0) -> tuple[float, int]:
    """Seconds per suppressed cell for the naive audit, and the number of suppressed cells."""
    supp = {m: frame[m].astype(str).eq(C).to_numpy() for m in ("numerator", "denominator")}
    cells = long_cells(frame.astype(str), suppressed=supp)
    ts = build_tableset(cells)
    values = cells["value"].to_numpy(dtype=float)
    unknown = cells["suppressed"].to_numpy()
    var = np.flatnonzero(unknown)
    const = np.where(unknown, 0.0, np.nan_to_num(values))
    a_eq = ts.eq[:, var]
    b_eq = -(ts.eq @ const)
    a_ub = ts.le[:, var] if ts.le.shape[0] else None
    b_ub = -(ts.le @ const) if ts.le.shape[0] else None
    rng = np.random.default_rng(seed)
    pick = rng.choice(len(var), size=min(sample, len(var)), replace=False)
    start = time.perf_counter()
    for i in pick:
        for sign in (1.0, -1.0):
            c = np.zeros(len(var))
            c[i] = sign
            linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, 1e9), method="highs")
    return (time.perf_counter() - start) / max(len(pick), 1), len(var)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--scale",
        type=float,
        default=0.03,
        help="1 = 30 indicators x 15 years (the whole catalogue)",
    )
    ap.add_argument("--mean", type=float, default=20.0, help="mean count per council-quarter")
    ap.add_argument("--peer-sample", type=int, default=20)
    args = ap.parse_args()
    n_ind = max(1, round(30 * args.scale))
    n_years = max(1, min(15, round(15 * args.scale**0.5)))
    years = tuple(range(2025 - n_years, 2025))
    results = catalogue(n_indicators=n_ind, years=years, mean=args.mean, seed=2025, fy=n_years > 1)
    print(f"catalogue: {n_ind} indicators x {n_years} years, {len(results):,} result rows")

    start = time.perf_counter()
    out = protect(results, "public")
    t_protect = time.perf_counter() - start
    start = time.perf_counter()
    report = audit(out.frame.astype(str), policy=out.policy, metadata=out.metadata)
    t_audit = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rec = out.record
    print(f"bairn protect (primary + secondary + audit): {t_protect:8.2f} s")
    print(
        f"bairn audit alone (from the published frame): {t_audit:7.2f} s "
        f"({report.lp_calls} LP calls, passed={report.passed})"
    )
    print(
        f"count cells: {rec.n_cells:,}; suppressed: {rec.n_suppressed:,} "
        f"(primary {rec.n_primary:,}, secondary {rec.n_secondary:,}); "
        f"share suppressed: {rec.share_suppressed:.1%}"
    )
    print(f"peak memory (max RSS): {rss_mb:,.0f} MB")

    per_cell, n_supp = naive_audit_seconds(out.frame, args.peer_sample)
    t_peer = per_cell * n_supp
    print(
        f"peer 'naive per-cell LP audit' (sampled {args.peer_sample} cells): "
        f"{per_cell * 1000:.1f} ms/cell x {n_supp:,} cells = {t_peer:,.1f} s (extrapolated)"
    )
    print(f"ratio audit: naive / bairn = {t_peer / t_audit:,.1f}x")
    print("goal: whole catalogue (scale 1) suppression + audit under 10 s on 2 cores")


if __name__ == "__main__":
    main()
