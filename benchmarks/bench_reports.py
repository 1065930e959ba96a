"""Benchmark the reports: every CPC's quarterly report for one quarter, as PDF.

Run: .venv/bin/python benchmarks/bench_reports.py [--db STORE] [--reports N] [--workers W]

Without --db it first builds a national synthetic store (seed 7, scale 1, August 2012 to June
2025; a few minutes, timed separately). The timed part is what `bairn report cpc --area all`
does for the area audience (each CPC's own staff): publish for each CPC, analyse, draw every
chart, lay out and write the PDFs, in W worker processes (default: every core). The public
tables are protected once per indicator run and cached in the store; that one-off is timed
separately too.

Peers measured in the same run:
- the same reports as HTML (the identical pipeline without WeasyPrint): PDF/HTML time ratio;
- the same chart specs rendered by Altair itself (`chart.save(..., format="svg")`: schema
  validation, then vl-convert) against `bairn.charts.render_svg`: time ratio.
Prints wall time, CPU time (all processes: the machine may be shared), peak memory (resident
set of the parent and of the largest worker) and pages.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from bairn.areas import areas_of_type
from bairn.reports.batch import build_cpc_reports

GOAL_SECONDS = 60.0


def build_store(folder: Path) -> Path:
    from bairn.indicators import compute
    from bairn.standard import load_standard
    from bairn.store import SourceFile, Store
    from bairn.store.files import read_clean_extract
    from bairn.synth import generate

    generate(
        folder / "extract", seed=7, scale=1.0, start=dt.date(2012, 8, 1), end=dt.date(2025, 6, 30)
    )
    db = folder / "bairn.duckdb"
    with Store(db) as store:
        frames = read_clean_extract(folder / "extract")
        store.load(
            frames,
            files=[SourceFile("synth", "0" * 64)],
            version=load_standard().current,
            loaded_by="benchmark",
        )
        compute(store)
    return db


def peak_mb() -> tuple[float, float]:
    """Peak resident set size (MB) of this process and of the largest finished child."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and its finished children: on a shared machine
    the wall time depends on what else runs, the CPU time much less."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run(db: Path, codes: list[str], fmt: str, workers: int) -> tuple[float, float, list[bytes]]:
    """(wall seconds, CPU seconds of every process, the reports); the worker processes end
    with the run, so their CPU time is counted."""
    start, cpu = time.perf_counter(), cpu_seconds()
    out = [
        content
        for _, content in build_cpc_reports(
            db, None, fmt, audience="area", areas=codes, workers=workers
        )
    ]
    return time.perf_counter() - start, cpu_seconds() - cpu, out


def pages(pdf: bytes) -> int | None:
    """Pages in a PDF, through poppler's pdfinfo when installed (the PDF's objects are
    compressed, so counting them needs a reader)."""
    if shutil.which("pdfinfo") is None:
        return None
    done = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=False)
    found = re.search(rb"Pages:\s+(\d+)", done.stdout)
    return int(found[1]) if found else None


def chart_peer(db: Path, code: str) -> tuple[int, float, float]:
    """(charts, seconds with bairn.charts.render_svg, seconds with Altair's own SVG export)."""
    import altair as alt

    import bairn.charts as charts
    from bairn.reports import ReportData, make_report

    specs: list[dict] = []
    real = charts.render_svg

    def recording(spec: dict) -> str:
        specs.append(spec)
        return real(spec)

    charts.render_svg = recording
    try:
        data = ReportData.load(db, audience="area", cpc=code)
        make_report(data, "cpc", code, data.latest_quarter())
    finally:
        charts.render_svg = real
    start = time.perf_counter()
    for spec in specs:
        real(spec)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    for spec in specs:
        alt.LayerChart.from_dict(spec).save(io.StringIO(), format="svg")
    theirs = time.perf_counter() - start
    return len(specs), ours, theirs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="An existing store (default: build one).")
    parser.add_argument("--reports", type=int, default=30, help="How many CPCs (default 30).")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    codes = sorted(a.code for a in areas_of_type("cpc"))[: args.reports]
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            start = time.perf_counter()
            db = build_store(Path(tmp))
            print(f"store built (synthetic, scale 1): {time.perf_counter() - start:.1f} s")
        from bairn.publication import publish_results

        start = time.perf_counter()
        publish_results(db, audience="public")
        print(
            f"public tables protected (once per indicator run, cached): "
            f"{time.perf_counter() - start:.1f} s"
        )
        print(
            f"{len(codes)} CPC reports, area audience, {args.workers} worker(s), "
            f"{os.cpu_count()} core(s)"
        )
        t_pdf, cpu_pdf, pdfs = run(db, codes, "pdf", args.workers)
        own_pdf, child_pdf = peak_mb()
        counted = [pages(p) for p in pdfs]
        n_pages = f"{sum(counted):,}" if None not in counted else "?"
        each = t_pdf / len(codes)
        size = sum(map(len, pdfs)) / 2**20
        print(
            f"PDF : {t_pdf:7.1f} s wall ({each:.1f} s a report), CPU {cpu_pdf:,.0f} s "
            f"({cpu_pdf / len(codes):.1f} s a report), {n_pages} pages, "
            f"{size:.1f} MB; peak RSS parent {own_pdf:,.0f} MB, "
            f"largest worker {child_pdf:,.0f} MB"
        )
        t_html, cpu_html, htmls = run(db, codes, "html", args.workers)
        print(
            f"HTML: {t_html:7.1f} s wall ({t_html / len(codes):.1f} s a report), CPU "
            f"{cpu_html:,.0f} s ({cpu_html / len(codes):.1f} s a report), "
            f"{sum(map(len, htmls)) / 2**20:.1f} MB"
        )
        print(
            f"peer 1, the same reports as HTML: PDF takes {t_pdf / t_html:.2f}× as long "
            f"({cpu_pdf / cpu_html:.2f}× the CPU time)"
        )
        n, ours, theirs = chart_peer(db, codes[0])
        print(
            f"peer 2, one report's {n} charts: bairn.charts.render_svg {ours:.2f} s, Altair "
            f"chart.save(format='svg') {theirs:.2f} s: Altair takes {theirs / ours:.2f}× as long"
        )
        goal = GOAL_SECONDS * len(codes) / 30
        verdict = "met" if t_pdf <= goal else f"NOT met ({t_pdf / goal:.1f}× the goal)"
        cores = min(args.workers, os.cpu_count() or 1)
        print(
            f"goal (all 30 PDFs in under {GOAL_SECONDS:.0f} s, scaled to {len(codes)}): {verdict}; "
            f"with {cores} core(s) to itself the run would need at least {cpu_pdf / cores:.0f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
