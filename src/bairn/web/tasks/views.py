"""A task's progress, for htmx polling (a fragment) or as a page of its own."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from bairn.web import audit
from bairn.web.accounts.permissions import can_see_records
from bairn.web.tasks.models import Task


def may_watch(user, task: Task) -> bool:
    """Whoever asked for the work may watch it; an area's work also its own staff; system work
    (no area, asked for by no account) anyone. Someone else's national report is not yours to
    follow, even as a progress bar."""
    if task.created_by_id is not None and getattr(user, "pk", None) == task.created_by_id:
        return True
    if task.area_code:
        return can_see_records(user, task.area_code)
    return task.created_by_id is None


@login_not_required
@never_cache
@require_safe
def progress(request, pk: int):
    task = get_object_or_404(Task, pk=pk)
    if not may_watch(request.user, task):
        audit.record(
            request,
            audit.REFUSED_RECORDS,
            ("task", str(pk)),
            {"reason": "scope"},
            outcome="refused",
            area_code=task.area_code,
        )
        raise Http404("No such page.")
    context = {"task": task, "title": "Progress"}
    if request.headers.get("HX-Request"):
        response = render(request, "tasks/progress_inner.html", context)
        if task.finished:
            response["HX-Refresh"] = "true"  # the page around it shows the outcome
        return response
    return render(request, "tasks/progress_page.html", context)
