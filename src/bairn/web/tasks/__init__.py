"""Background tasks: a small durable task table in the application database and one worker
thread started with the server (no external broker).

    from bairn.web import tasks

    @tasks.handler("validate")
    def validate(task, progress):           # progress(message, done, total)
        ...
        return {"errors": 3}                  # stored as task.result (JSON)

    task = tasks.enqueue("validate", {"upload": 7}, user=request.user, area_code="S12000019")
    tasks.run_pending()                       # tests: run queued tasks in this thread

Pages show a task's progress with htmx polling (`tasks/progress.html`, `/tasks/<id>/`). Why a
thread and not a separate worker process: the published figures are cached in the web
process's memory, and the task that prepares them must fill that cache (docs/web.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Progress = Callable[[str, int, int], None]
_API = ("enqueue", "handler", "run_pending", "run_task")
__all__ = ["Progress", *_API]


def __getattr__(name: str) -> Any:
    # Imported on first use: Django imports this package before its models may load.
    if name in _API:
        from bairn.web.tasks import registry

        return getattr(registry, name)
    raise AttributeError(f"module 'bairn.web.tasks' has no attribute {name!r}")
