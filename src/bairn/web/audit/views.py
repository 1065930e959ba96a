"""The audit log, for administrators only: read-only, filterable, exportable (and audited)."""

from __future__ import annotations

import csv

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from bairn.web import audit
from bairn.web.accounts.permissions import right_required
from bairn.web.accounts.roles import Right
from bairn.web.audit.models import AuditEntry, Outcome

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000
COLUMNS = [
    "at",
    "username",
    "role",
    "scope",
    "action",
    "outcome",
    "object_type",
    "object_id",
    "area_code",
    "method",
    "path",
    "address",
    "detail",
]


def _filtered(request):
    entries = AuditEntry.objects.all()
    filters = {
        "username": request.GET.get("username", "").strip()[:150],
        "action": request.GET.get("action", "").strip()[:64],
        "outcome": request.GET.get("outcome", "").strip(),
        "area": request.GET.get("area", "").strip()[:16],
    }
    if filters["username"]:
        entries = entries.filter(username__iexact=filters["username"])
    if filters["action"]:
        entries = entries.filter(action__startswith=filters["action"])
    if filters["outcome"] in Outcome.values:
        entries = entries.filter(outcome=filters["outcome"])
    else:
        filters["outcome"] = ""
    if filters["area"]:
        entries = entries.filter(area_code__iexact=filters["area"])
    return entries, filters


@right_required(Right.VIEW_AUDIT)
@require_safe
def log(request):
    entries, filters = _filtered(request)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    audit.record(request, "audit.read", None, {"filters": filters, "page": page.number})
    query = urlencode({k: v for k, v in filters.items() if v})
    return render(
        request,
        "audit/log.html",
        {
            "title": "Audit log",
            "page": page,
            "filters": filters,
            "outcomes": Outcome.choices,
            "query": query,
        },
    )


@right_required(Right.VIEW_AUDIT)
@require_safe
def export(request):
    entries, filters = _filtered(request)
    entries = entries[:EXPORT_LIMIT]
    audit.record(request, audit.EXPORT, ("audit_log", "csv"), {"filters": filters})
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="bairn-audit-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(COLUMNS)
    for entry in entries.iterator():
        row = [getattr(entry, column) for column in COLUMNS]
        writer.writerow([_safe_cell(value) for value in row])
    return response


def _safe_cell(value) -> str:
    """Neutralise spreadsheet formulas (CSV injection): a cell never starts with = + - @."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text
