"""The analytical store (DuckDB), as the web process uses it.

DuckDB lets one process open a file in one configuration at a time, and a validation attaches
the store read-only from a connection of its own, so the web process never keeps the store open:
every use takes `STORE_LOCK`, opens the file, does its work and closes it. Pages never wait for
the store: they read figures prepared in memory (bairn.web.results.publications); only the task
worker does long work with it. Another program holding the file (a `bairn load` from the command
line) makes `open_store` raise `StoreBusy`, and pages go on showing what was prepared before.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from bairn.errors import BairnError

STORE_LOCK = threading.RLock()
RUN_CHECK_SECONDS = 10.0


class StoreBusy(BairnError):
    """The store is in use (by this process's worker, or by another program)."""


class NoStore(BairnError):
    """No store exists yet at settings.BAIRN_DB."""


def db_path() -> Path:
    return Path(settings.BAIRN_DB)


def store_exists() -> bool:
    return db_path().is_file()


@contextmanager
def store_lock(timeout: float | None = None) -> Iterator[None]:
    """Hold the process's store lock (wait at most `timeout` seconds; None waits for ever)."""
    acquired = STORE_LOCK.acquire(timeout=-1 if timeout is None else timeout)
    if not acquired:
        raise StoreBusy("The store is busy with other work; try again shortly.")
    try:
        yield
    finally:
        STORE_LOCK.release()


@contextmanager
def open_store(timeout: float | None = None, *, create: bool = False) -> Iterator[object]:
    """The store, open read-write for the length of the block, under the process's lock."""
    from bairn.store import Store

    if not create and not store_exists():
        raise NoStore(f"There is no Bairn store at {db_path()} yet; load data first.")
    with store_lock(timeout):
        try:
            store = Store(db_path())
        except BairnError as exc:
            raise StoreBusy(str(exc)) from None
        try:
            yield store
        finally:
            store.close()


@dataclass(frozen=True)
class RunInfo:
    """The newest indicator run in the store, and whether it reflects the current data."""

    run_id: int
    computed_at: dt.datetime
    current: bool


_run: tuple[float, RunInfo | None] = (-1.0, None)
_run_lock = threading.Lock()


def latest_run(max_age: float = RUN_CHECK_SECONDS) -> RunInfo | None:
    """The newest run, checked at most every `max_age` seconds (never waiting for the store:
    when it is busy the last answer stands)."""
    global _run
    checked, known = _run
    if checked >= 0 and time.monotonic() - checked < max_age:
        return known
    with _run_lock:
        checked, known = _run
        if checked >= 0 and time.monotonic() - checked < max_age:
            return known
        try:
            found = read_latest_run(timeout=0)
        except StoreBusy:
            return known
        _run = (time.monotonic(), found)
        return found


def read_latest_run(timeout: float | None = None) -> RunInfo | None:
    from bairn.indicators.storage import is_current
    from bairn.indicators.storage import latest_run as engine_latest_run

    if not store_exists():
        return None
    with open_store(timeout) as store:
        run = engine_latest_run(store)
        if run is None:
            return None
        return RunInfo(int(run["run_id"]), run["computed_at"], bool(is_current(store)))


def forget_run() -> None:
    """Check the store again at the next request (after a load or a recomputation)."""
    global _run
    _run = (-1.0, None)
