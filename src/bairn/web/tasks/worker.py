"""The worker: one daemon thread in the web server's process that runs queued tasks in order.

`bairn serve` starts it (bairn.web.server); tests call `tasks.run_pending()` instead, or start
it around a live server. One thread is enough: the analytical store has one writer at a time.

Between tasks it also runs the periodic jobs apps register with `every(seconds, name)` (e.g. the
safeguarding alert queue's retries), so a running server needs no separate scheduler.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from django.db import close_old_connections, connection

log = logging.getLogger("bairn.web.tasks")
POLL_SECONDS = 2.0

_wake = threading.Event()
_lock = threading.Lock()
_thread: threading.Thread | None = None
_stop = threading.Event()
_periodic: dict[str, list] = {}  # name -> [interval in seconds, function, next due (monotonic)]


def every(seconds: float, name: str) -> Callable[[Callable[[], object]], Callable[[], object]]:
    """Register `fn()` to run about every `seconds` in the worker thread (first run at start)."""

    def register(fn: Callable[[], object]) -> Callable[[], object]:
        _periodic[name] = [float(seconds), fn, 0.0]
        return fn

    return register


def run_periodic(now: float | None = None) -> list[str]:
    """Run the periodic jobs that are due; a failing job is logged and tried again next time."""
    now = time.monotonic() if now is None else now
    ran = []
    for name, job in _periodic.items():
        interval, fn, due = job
        if now < due:
            continue
        job[2] = now + interval
        try:
            fn()
            ran.append(name)
        except Exception:
            log.exception("the periodic job %s failed", name)
    return ran


def wake() -> None:
    _wake.set()


def running() -> bool:
    return _thread is not None and _thread.is_alive()


def _loop() -> None:
    from bairn.web.tasks.registry import run_pending

    while not _stop.is_set():
        try:
            close_old_connections()
            ran = run_pending(limit=1)
            run_periodic()
        except Exception:  # the database went away, say: keep the worker alive
            log.exception("the task worker could not claim a task")
            ran = 0
        if not ran:
            _wake.wait(POLL_SECONDS)
            _wake.clear()
    connection.close()


def start() -> None:
    """Start the worker thread (once per process), after re-queueing interrupted tasks."""
    global _thread
    from bairn.web.tasks.registry import requeue_interrupted

    with _lock:
        if running():
            return
        requeue_interrupted()
        _stop.clear()
        _thread = threading.Thread(target=_loop, name="bairn-tasks", daemon=True)
        _thread.start()


def stop(timeout: float = 10.0) -> None:
    global _thread
    with _lock:
        _stop.set()
        _wake.set()
        if _thread is not None:
            _thread.join(timeout)
        _thread = None
