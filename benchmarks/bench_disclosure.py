"""Benchmark: suppression + audit of Bairn's public tables for the whole catalogue, against a
named peer measured in the same run.

Input: the synthetic national extract (`bairn.synth.generate`, seed 11, to 2025Q2) at
`--scale` (1 = the national size), loaded and computed in a child process (setup, not timed;
`--store PATH` reuses a computed store). What is timed is what `publish_results` does for the
public: every indicator of the catalogue, as the publication scheme publishes it, protected
(primary + secondary suppression + the audit run inside `protect`), then audited again from
the published frame alone, as a writer does.

Peer, measured in the same run: the naive audit -- one LP per suppressed cell and direction
over the whole table set with scipy's linprog (HiGHS), no decomposition and no certification
(what a straightforward LP audit does) -- timed on a random sample of the suppressed cells of
Bairn's own output and scaled to all of them.

`--stress-scale X` also protects the synthetic full-detail catalogue of
`bairn.disclosure.synthetic` (council x quarter x sex x age band, linked through quarters,
years, financial years, CPCs and Scotland) -- tables the public scheme does not publish; at
X = 0.1 it takes minutes (see docs/disclosure.md, "Known limitations").

    .venv/bin/python benchmarks/bench_disclosure.py [--scale 1] [--store PATH] [--peer-sample 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import linprog

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from bairn.disclosure import audit, protect
from bairn.disclosure.publish import C
from bairn.disclosure.relations import build_tableset, long_cells

GOAL_SECONDS = 10.0
SETUP = """
import datetime as dt, sys
from pathlib import Path
from bairn.indicators import compute
from bairn.store import SourceFile, Store
from bairn.store.files import read_clean_extract
from bairn.synth import generate
folder = Path(sys.argv[1]); scale = float(sys.argv[2])
generate(folder / "extract", seed=11, scale=scale, end=dt.date(2025, 6, 30))
with Store(folder / "bairn.duckdb") as store:
    store.load(read_clean_extract(folder / "extract"), files=[SourceFile("synthetic", "0" * 64)],
               version="1.1")
    compute(store)
"""


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build_store(scale: float, folder: Path) -> Path:
    """Generate, load and compute the synthetic extract in a child process (not timed, and not
    counted in this process's peak memory)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", SETUP, str(folder), str(scale)], check=True)
    print(f"setup (synthetic extract, load, indicators): {time.perf_counter() - start:.1f} s")
    return folder / "bairn.duckdb"


def public_rows(db: Path) -> tuple[pd.DataFrame, dict]:
    from bairn.publication import _results, catalogue_meta
    from bairn.publication.scheme import load_scheme
    from bairn.store import Store

    where, params = load_scheme().public.where()
    with Store(db, read_only=True) as store:
        rows = _results(store, where, params)
    return rows, catalogue_meta()


def naive_audit_seconds(frame: pd.DataFrame, sample: int, seed: int = 0) -> tuple[float, int]:
    """Seconds per suppressed cell for the naive audit, and the number of suppressed cells."""
    frame = frame.astype(str)
    supp = {m: frame[m].eq(C).to_numpy() for m in ("numerator", "denominator")}
    cells = long_cells(frame, suppressed=supp)
    ts = build_tableset(cells)
    values = cells["value"].to_numpy(dtype=float)
    eq_ok, le_ok = ts.holds(values)
    ts = ts.keep_relations(np.flatnonzero(eq_ok), np.flatnonzero(le_ok))
    unknown = cells["suppressed"].to_numpy()
    var = np.flatnonzero(unknown)
    const = np.where(unknown, 0.0, np.nan_to_num(values))
    a_eq, b_eq = ts.eq[:, var], -(ts.eq @ const)
    a_ub = ts.le[:, var] if ts.le.shape[0] else None
    b_ub = -(ts.le @ const) if ts.le.shape[0] else None
    pick = np.random.default_rng(seed).choice(len(var), size=min(sample, len(var)), replace=False)
    start = time.perf_counter()
    for i in pick:
        for sign in (1.0, -1.0):
            c = np.zeros(len(var))
            c[i] = sign
            linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, 1e9), method="highs")
    return (time.perf_counter() - start) / max(len(pick), 1), len(var)


def shares_per_output(frame: pd.DataFrame) -> pd.DataFrame:
    """Share of count cells suppressed per output (each indicator's public table)."""
    frame = frame.astype(str)
    supp = {m: frame[m].eq(C).to_numpy() for m in ("numerator", "denominator")}
    cells = long_cells(frame, suppressed=supp)
    cells = cells[cells["mtype"].eq("count")]
    out = cells.groupby("indicator_id")["suppressed"].agg(count_cells="size", suppressed="sum")
    return out.assign(share=out["suppressed"] / out["count_cells"])


def run_catalogue(args) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.store) if args.store else build_store(args.scale, Path(tmp))
        rows, meta = public_rows(db)
        print(f"public tables: {len(rows):,} result rows, {rows.indicator_id.nunique()} indicators")
        before = peak_mb()
        start = time.perf_counter()
        out = protect(rows, "public", meta=meta)
        t_protect = time.perf_counter() - start
        start = time.perf_counter()
        report = audit(out.frame.astype(str), policy=out.policy, metadata=out.metadata)
        t_audit = time.perf_counter() - start
        peak = peak_mb()
        rec = out.record
        total = t_protect + t_audit
        print(f"bairn protect (primary + secondary + audit): {t_protect:8.2f} s")
        print(
            f"bairn audit again from the published frame:  {t_audit:8.2f} s "
            f"({report.lp_calls} LP calls, passed={report.passed})"
        )
        print(
            f"wall time, suppression + audit: {total:.2f} s "
            f"(goal < {GOAL_SECONDS:.0f} s: {'met' if total < GOAL_SECONDS else 'NOT met'})"
        )
        print(f"peak memory (max RSS): {peak:,.0f} MB ({before:,.0f} MB before protecting)")
        print(
            f"count cells: {rec.n_cells:,}; suppressed: {rec.n_suppressed:,} "
            f"(primary {rec.n_primary:,}, secondary {rec.n_secondary:,}); "
            f"share suppressed: {rec.share_suppressed:.1%}"
        )
        print("share of count cells suppressed per output (indicator table):")
        shares = shares_per_output(out.frame)
        for ind, r in shares.iterrows():
            print(f"  {ind:45s} {r.suppressed:6,.0f} / {r.count_cells:7,.0f}  {r.share:6.1%}")
        per_cell, n_supp = naive_audit_seconds(out.frame, args.peer_sample)
        t_peer = per_cell * n_supp
        print(
            f"peer 'naive per-cell LP audit' (scipy linprog, sampled {args.peer_sample} cells): "
            f"{per_cell * 1000:.1f} ms/cell x {n_supp:,} cells = {t_peer:,.1f} s (extrapolated)"
        )
        print(f"ratio audit: naive / bairn = {t_peer / t_audit:,.1f}x")


def run_stress(scale: float) -> None:
    from bairn.disclosure.synthetic import catalogue

    n_ind = max(1, round(30 * scale))
    n_years = max(1, min(15, round(15 * scale**0.5)))
    years = tuple(range(2025 - n_years, 2025))
    results = catalogue(n_indicators=n_ind, years=years, mean=20.0, seed=2025, fy=n_years > 1)
    start = time.perf_counter()
    out = protect(results, "public")
    print(
        f"stress (full detail, {n_ind} indicators x {n_years} years, {len(results):,} rows): "
        f"protect {time.perf_counter() - start:.2f} s; share suppressed "
        f"{out.record.share_suppressed:.1%}"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0, help="extract scale, 1 = national")
    ap.add_argument("--store", help="a computed store to use instead of generating one")
    ap.add_argument("--peer-sample", type=int, default=20)
    ap.add_argument("--stress-scale", type=float, default=0.0, help="also the full-detail set")
    args = ap.parse_args()
    print(f"bench_disclosure {dt.datetime.now():%Y-%m-%d %H:%M}; scale {args.scale}")
    run_catalogue(args)
    if args.stress_scale:
        run_stress(args.stress_scale)


if __name__ == "__main__":
    main()
