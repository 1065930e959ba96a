"""Every CPC's report for a period in one go (`bairn report cpc --area all`, the benchmark).

The parent process reads the store once and publishes for each audience (publishing needs the
store's write lock, so only the parent touches the store); worker processes lay out and render
the reports in parallel. Each worker receives the shared data (the unprotected results, the
catalogue, the submissions) once, when it starts, and keeps the unmasked analyses every CPC's
report shares (the funnel of all areas, the baseline tests) for all its reports; each report
then carries only its audience's publication.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from bairn.areas import areas_of_type
from bairn.reports.build import check_arguments, make_report, render
from bairn.reports.data import ReportData

Progress = Callable[[str, int, int], None]


def _one(data: ReportData, code: str, period: str, fmt: str, indicators) -> tuple[str, bytes]:
    report = make_report(data, "cpc", code, period, indicators=indicators)
    return code, render(report, fmt)


_SHARED: ReportData | None = None  # a worker's data for every report it makes


def _start_worker(shared: ReportData) -> None:
    global _SHARED
    _SHARED = shared
    # A worker per core already keeps every core busy: Typst's own threads would only add their
    # overhead (set before Typst first runs in this process, which reads it once).
    os.environ["RAYON_NUM_THREADS"] = "1"


def _in_worker(parts, code: str, period: str, fmt: str, indicators) -> tuple[str, bytes]:
    """One report in a worker: its audience's publication (`parts`, or None for the shared
    data's own) on the worker's shared data."""
    assert _SHARED is not None, "the worker was started without its data"
    data = _SHARED if parts is None else _SHARED.with_publication(*parts)
    return _one(data, code, period, fmt, indicators)


def build_cpc_reports(
    db: str | Path | None,
    period: str | None = None,
    fmt: str = "pdf",
    *,
    audience: str = "area",
    areas: Sequence[str] | None = None,
    workers: int | None = None,
    indicators: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> Iterator[tuple[str, bytes]]:
    """(CPC code, report bytes) for every CPC (or `areas`), in order. With the area audience
    each report is for that CPC's own staff; otherwise all share one publication."""
    codes = list(areas) if areas else sorted(a.code for a in areas_of_type("cpc"))
    check_arguments("cpc", fmt, audience, codes[0] if audience == "area" else None)
    note = progress or (lambda *_: None)
    note("reading the store", 0, len(codes))
    first_cpc = codes[0] if audience == "area" else None
    base = ReportData.load(db, audience=audience, cpc=first_cpc)
    chosen = period or base.latest_quarter()
    inds = list(indicators) if indicators else None
    workers = max(1, workers if workers is not None else (os.cpu_count() or 1))

    # With the area audience each CPC's report has its own publication, all made from one
    # reading of the store, in the order of the reports; the first CPC's is the base's own.
    rest = [code for code in codes if code != first_cpc]
    others = base.for_each_cpc(rest) if audience == "area" else None

    def data_for(code: str) -> ReportData:
        if others is None or code == first_cpc:
            return base
        data = next(others)
        assert data.cpc == code, "publications are made in the order of the reports"
        return data

    def parts_for(code: str):
        if others is None or code == first_cpc:
            return None
        return data_for(code).publication_only()

    if workers == 1:
        for i, code in enumerate(codes):
            note(code, i, len(codes))
            yield _one(data_for(code), code, chosen, fmt, inds)
        note("done", len(codes), len(codes))
        return
    # Spawned, not forked: a worker inherits none of the parent's threads, store or chart renderer
    # (each starts its own Node.js renderer on its first chart).
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_start_worker, initargs=(base,)
    ) as pool:
        pending: deque[Future] = deque()
        queue = iter(codes)
        for i in range(len(codes)):
            while len(pending) < workers + 1:  # a few in flight: each carries a publication
                code = next(queue, None)
                if code is None:
                    break
                pending.append(pool.submit(_in_worker, parts_for(code), code, chosen, fmt, inds))
            note(codes[i], i, len(codes))
            yield pending.popleft().result()
    note("done", len(codes), len(codes))
