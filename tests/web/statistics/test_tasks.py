"""The durable task table and its worker thread."""

from __future__ import annotations

import time

import pytest

from bairn.errors import BairnError
from bairn.web.tasks import enqueue, handler, run_pending
from bairn.web.tasks import worker as task_worker
from bairn.web.tasks.models import Status, Task
from bairn.web.tasks.registry import requeue_interrupted


@handler("test.add")
def _add(task, progress):
    for n in range(3):
        progress(f"step {n}", n, 3)
    return {"sum": task.params["a"] + task.params["b"]}


@handler("test.refuse")
def _refuse(task, progress):
    raise BairnError("The file is not a table; send CSV.")


@handler("test.crash")
def _crash(task, progress):
    raise ZeroDivisionError("boom")


@pytest.mark.django_db
def test_a_task_runs_and_keeps_its_result():
    task = enqueue("test.add", {"a": 2, "b": 3})
    assert task.status == Status.QUEUED and task.percent == 0
    assert enqueue("test.add", {"b": 3, "a": 2}).pk == task.pk  # the same work is not queued twice
    assert run_pending() == 1
    task.refresh_from_db()
    assert task.status == Status.DONE and task.result == {"sum": 5} and task.percent == 100
    assert task.started_at <= task.finished_at and task.attempts == 1
    assert enqueue("test.add", {"a": 2, "b": 3}).pk != task.pk  # finished: new work


@pytest.mark.django_db
def test_failures_are_plain_sentences():
    refused = enqueue("test.refuse")
    crashed = enqueue("test.crash")
    unknown = enqueue("test.nobody-handles-this")
    assert run_pending() == 3
    for task in (refused, crashed, unknown):
        task.refresh_from_db()
        assert task.status == Status.FAILED
    assert refused.error == "The file is not a table; send CSV."
    assert "bug in Bairn" in crashed.error and "boom" not in crashed.error
    assert "no handler" in unknown.error


@pytest.mark.django_db
def test_interrupted_tasks_are_queued_again_then_given_up():
    again = Task.objects.create(kind="test.add", status=Status.RUNNING, attempts=1, key="a")
    stuck = Task.objects.create(kind="test.add", status=Status.RUNNING, attempts=3, key="b")
    assert requeue_interrupted() == 2
    again.refresh_from_db()
    stuck.refresh_from_db()
    assert again.status == Status.QUEUED
    assert stuck.status == Status.FAILED and "too many times" in stuck.error


@pytest.mark.django_db(transaction=True)
def test_the_worker_thread_runs_queued_tasks():
    task_worker.start()
    try:
        task = enqueue("test.add", {"a": 20, "b": 22})
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            task.refresh_from_db()
            if task.finished:
                break
            time.sleep(0.1)
        assert task.status == Status.DONE and task.result == {"sum": 42}
    finally:
        task_worker.stop()
    assert not task_worker.running()
