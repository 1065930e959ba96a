"""Queue tasks, claim them one at a time, run their handler, record progress and the outcome."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from bairn.errors import BairnError
from bairn.web.tasks.models import Status, Task

log = logging.getLogger("bairn.web.tasks")

Progress = Callable[[str, int, int], None]
Handler = Callable[[Task, Progress], dict | None]
HANDLERS: dict[str, Handler] = {}
PROGRESS_INTERVAL = 0.5  # seconds between progress writes (the last one is always written)
MAX_ATTEMPTS = 3


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register the function that does `kind` of work: fn(task, progress) -> result dict."""

    def register(fn: Handler) -> Handler:
        HANDLERS[kind] = fn
        return fn

    return register


def task_key(kind: str, params: dict) -> str:
    return (kind + ":" + json.dumps(params, sort_keys=True, separators=(",", ":")))[:255]


def enqueue(
    kind: str,
    params: dict | None = None,
    *,
    user: Any = None,
    area_code: str = "",
    dedupe: bool = True,
) -> Task:
    """Queue `kind` of work; with `dedupe`, the same work already waiting or running is returned
    instead of a second copy."""
    params = dict(params or {})
    key = task_key(kind, params)
    if dedupe:
        pending = Task.objects.filter(key=key, status__in=(Status.QUEUED, Status.RUNNING))
        if found := pending.order_by("id").first():
            return found
    task = Task.objects.create(
        kind=kind,
        params=params,
        key=key,
        area_code=area_code,
        created_by_id=user.pk if user is not None and user.is_authenticated else None,
        message="Waiting to start",
    )
    from bairn.web.tasks import worker

    worker.wake()
    return task


def _claim_next() -> Task | None:
    with transaction.atomic():
        queued = Task.objects.filter(status=Status.QUEUED).order_by("id")
        if connection.features.has_select_for_update_skip_locked:
            queued = queued.select_for_update(skip_locked=True)
        task = queued.first()
        if task is None:
            return None
        task.status = Status.RUNNING
        task.started_at = timezone.now()
        task.attempts += 1
        task.message = "Starting"
        task.save(update_fields=["status", "started_at", "attempts", "message"])
        return task


def _progress_writer(task: Task) -> Progress:
    last = [0.0]

    def progress(message: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] < PROGRESS_INTERVAL and done < total:
            return
        last[0] = now
        task.message, task.done, task.total = str(message)[:200], max(0, done), max(0, total)
        Task.objects.filter(pk=task.pk).update(
            message=task.message, done=task.done, total=task.total
        )

    return progress


def run_task(task: Task) -> Task:
    """Run one claimed task to its end (never raises for the task's own failures)."""
    fn = HANDLERS.get(task.kind)
    try:
        if fn is None:
            raise BairnError(f"There is no handler for {task.kind!r} tasks.")
        result = fn(task, _progress_writer(task)) or {}
        task.status, task.result, task.error = Status.DONE, result, ""
        task.message = "Finished"
        task.done = task.total = max(task.total, 1)
    except BairnError as exc:
        task.status, task.error, task.message = Status.FAILED, str(exc), "Stopped"
    except Exception as exc:  # a bug: logged in full, a plain sentence for the page
        log.exception("task %s (%s) failed", task.pk, task.kind)
        task.status, task.message = Status.FAILED, "Stopped"
        task.error = (
            f"Bairn failed unexpectedly ({type(exc).__name__}); this is a bug in Bairn, not in "
            "your data. The details are in the server log."
        )
    task.finished_at = timezone.now()
    task.save(
        update_fields=["status", "result", "error", "message", "done", "total", "finished_at"]
    )
    return task


def run_pending(limit: int | None = None) -> int:
    """Claim and run queued tasks in this thread until none are left (or `limit` have run)."""
    count = 0
    while limit is None or count < limit:
        task = _claim_next()
        if task is None:
            break
        run_task(task)
        count += 1
    return count


def requeue_interrupted() -> int:
    """At start-up: tasks left running by a stopped server are queued again (every task is
    safe to repeat: loading replaces whole submissions in one transaction) up to MAX_ATTEMPTS."""
    stale = Task.objects.filter(status=Status.RUNNING)
    failed = stale.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=Status.FAILED,
        error="The server stopped while this was running, too many times; start it again.",
        finished_at=timezone.now(),
    )
    again = Task.objects.filter(status=Status.RUNNING).update(
        status=Status.QUEUED, message="Waiting to start again after a restart"
    )
    return failed + again
