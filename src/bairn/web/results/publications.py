"""The published figures every page and the API read: `bairn.publication` per indicator run and
audience, prepared by the task worker and kept in this process's memory.

    prep, task = publications.current(audience)   # prep None: nothing prepared yet

Protecting the public tables takes minutes on a national store, so no request ever does it: a
page that finds nothing prepared queues the `publish` task and shows its progress; one that finds
the previous run's figures shows them, marked as being updated, until the new run's are ready.
Besides the `Publication` (the only source of numbers on a page), a run's raw totals are kept for
the analyses (funnel limits, SPC), whose output is masked for the audience before it is shown.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
import time
from dataclasses import dataclass, field

import pandas as pd

from bairn.publication import Publication
from bairn.web import analytical, tasks
from bairn.web.results.audience import Audience
from bairn.web.tasks.models import Task

RETRY_AFTER_FAILURE_SECONDS = 60.0


@dataclass
class Prepared:
    run_id: int
    computed_at: dt.datetime
    audience: Audience
    publication: Publication
    results: pd.DataFrame = field(repr=False)  # raw totals, for analyses only; never shown
    periods: pd.DataFrame = field(repr=False)  # period, kind, start: what the audience receives
    prepared_at: float = field(default_factory=time.time)

    @property
    def protected(self):
        return self.publication.protected

    def period_labels(self, kind: str, *, scotland: bool = False) -> list[str]:
        """Periods of `kind` the audience receives (with `scotland`: only those with Scotland's
        figures, i.e. covered by every council), oldest first."""
        chosen = self.periods[self.periods.kind == kind]
        if scotland:
            chosen = chosen[chosen.scotland]
        return chosen["period"].tolist()

    def latest_period(self, kind: str = "statistics_year") -> str | None:
        labels = self.period_labels(kind, scotland=True)
        return labels[-1] if labels else None


_prepared: dict[str, Prepared] = {}
_raw: dict[int, pd.DataFrame] = {}
_failed_at: dict[str, float] = {}
_lock = threading.Lock()


def current(audience: Audience) -> tuple[Prepared | None, Task | None]:
    """What the pages show for `audience`, and the task preparing newer figures (if any)."""
    run = analytical.latest_run()
    prep = _prepared.get(audience.key)
    if run is None or _is_fresh(prep, run):
        return prep, None
    if time.monotonic() - _failed_at.get(audience.key, -1e9) < RETRY_AFTER_FAILURE_SECONDS:
        return prep, None
    return prep, request_preparation(audience)


def ready(audience: Audience) -> Prepared | None:
    """The figures prepared for `audience` if they are the latest run's and that run is up to
    date with the store's data; None otherwise (and nothing is queued)."""
    run = analytical.latest_run()
    prep = _prepared.get(audience.key)
    return prep if run is not None and _is_fresh(prep, run) else None


def _is_fresh(prep: Prepared | None, run: analytical.RunInfo) -> bool:
    """Prepared from the latest run, and that run is up to date with the store's data."""
    return prep is not None and prep.run_id == run.run_id and run.current


def request_preparation(audience: Audience) -> Task:
    return tasks.enqueue("publish", {"audience": audience.name, "cpc": audience.cpc or ""})


def _periods(frame: pd.DataFrame) -> pd.DataFrame:
    from bairn.areas import SCOTLAND
    from bairn.periods import parse_period

    labels = frame["period"].astype(str).drop_duplicates().tolist()
    with_scotland = set(frame.loc[frame.area_code == SCOTLAND, "period"].astype(str))
    parsed = [parse_period(label) for label in labels]
    out = pd.DataFrame(
        {"period": [p.label for p in parsed], "kind": [p.kind for p in parsed],
         "start": [p.start for p in parsed],
         "scotland": [p.label in with_scotland for p in parsed]}
    )  # fmt: skip
    return out.sort_values(["kind", "start"]).reset_index(drop=True)


def prepare(audience: Audience, progress: tasks.Progress | None = None) -> Prepared:
    """Publish the figures for `audience` (computing the indicators first if the data changed),
    read the raw totals for the analyses, and keep both for the pages."""
    from rich.console import Console

    from bairn.indicators import read_results
    from bairn.indicators.storage import latest_run
    from bairn.publication import publish_results

    note = progress or (lambda *_: None)
    quiet = Console(file=io.StringIO(), force_terminal=False)
    with analytical.store_lock():
        if not analytical.store_exists():
            raise analytical.NoStore("There is no Bairn store yet; load data first.")
        note("Bringing the indicators up to date and applying disclosure control", 0, 3)
        publication = publish_results(
            analytical.db_path(), audience=audience.name, cpc=audience.cpc, console=quiet
        )
        note("Reading the results for funnel plots and trends", 1, 3)
        with analytical.open_store() as store:
            run = latest_run(store)
            run_id = int(run["run_id"])
            results = _raw.get(run_id)
            if results is None:
                results = read_results(store, breakdown="total")
    note("Preparing the pages", 2, 3)
    prep = Prepared(
        run_id=run_id,
        computed_at=run["computed_at"],
        audience=audience,
        publication=publication,
        results=results,
        periods=_periods(publication.protected.frame),
    )
    with _lock:
        _raw[run_id] = results
        for old in [r for r in _raw if r != run_id]:
            del _raw[old]
        _prepared[audience.key] = prep
        _failed_at.pop(audience.key, None)
        for key in [k for k, p in _prepared.items() if p.run_id != run_id]:
            del _prepared[key]  # an older run's figures: prepared again on demand
    analytical.forget_run()
    from bairn.web.results import pagecache

    pagecache.keep_run(run_id)
    note("Ready", 3, 3)
    return prep


def forget() -> None:
    """Drop every prepared publication (tests; a changed policy)."""
    from bairn.web.results import pagecache

    with _lock:
        _prepared.clear()
        _raw.clear()
        _failed_at.clear()
    pagecache.clear()
    analytical.forget_run()


@tasks.handler("publish")
def publish_task(task: Task, progress: tasks.Progress) -> dict:
    audience = Audience(task.params["audience"], task.params.get("cpc") or None)
    try:
        prep = prepare(audience, progress)
    except Exception:
        _failed_at[audience.key] = time.monotonic()
        raise
    from bairn.web.results import pages

    progress("Preparing the overview page", 3, 4)
    pages.overview(prep)  # the front page of the statistics, built before anyone asks
    return {"run_id": prep.run_id, "audience": audience.key, "rows": len(prep.protected.frame)}


def warm() -> Task | None:
    """Queue the public figures at server start, so the first visitor does not wait."""
    if not analytical.store_exists():
        return None
    from bairn.web.results.audience import PUBLIC

    return request_preparation(PUBLIC)


def prepared_audiences() -> list[Audience]:
    """The audiences whose figures are in memory now."""
    return [p.audience for p in list(_prepared.values())]
