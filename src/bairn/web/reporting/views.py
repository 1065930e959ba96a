"""Ask for a report, watch it being made, download it; write the committee's commentary.

- `request_report` (POST from an area page or the overview): queue the `report` task for the
  audience the visitor is entitled to (access.report_audience) and remember it in the session.
- `report` / `download`: only for the person who asked (their account or their session); anyone
  else gets 404, and a refused attempt at a non-public report is audited. A non-public
  download is audited as an export (as results/downloads.py does for indicator downloads).
- `commentary`: CPC staff of the area only (`area_scoped(VIEW_RECORDS)`: others 404, audited).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from bairn.web import audit, tasks
from bairn.web.accounts.permissions import area_scoped
from bairn.web.accounts.roles import Right
from bairn.web.reporting import access
from bairn.web.reporting.forms import CommentaryForm, ReportForm
from bairn.web.reporting.jobs import KIND, report_path
from bairn.web.reporting.models import Commentary, commentary_version
from bairn.web.results.common import context_for
from bairn.web.tasks.models import Status, Task

REPORT_KINDS = ("quarter", "statistics_year")


@login_not_required
@require_POST
def request_report(request):
    subject = access.subject_for(
        request.POST.get("area", "").strip(), request.POST.get("area_type", "council")
    )
    if subject is None:
        raise Http404("No such area.")
    audience = access.report_audience(request.user, subject)
    ctx = context_for(request)
    periods = access.report_periods(ctx.prep, audience)
    form = ReportForm(request.POST, periods=periods)
    if not periods or not form.is_valid():
        context = {
            "title": "Download a report",
            "form": form,
            "subject": subject,
            "audience": audience,
            "ready": bool(periods),
            "back": _page_of(subject),
        }
        return render(request, "reporting/request_problem.html", context, status=400)
    period = form.cleaned_data["period"]
    params = {
        "kind": subject.kind,
        "area": subject.area,
        "period": period,
        "audience": audience.name,
        "cpc": audience.cpc or "",
        "format": form.cleaned_data["format"],
        "commentary": ""
        if audience.is_public or subject.kind != "cpc"
        else commentary_version(subject.area, period),
    }
    task = tasks.enqueue(
        KIND,
        params,
        user=request.user,
        area_code=subject.area if audience.name == "area" else "",
    )
    access.remember(request, task.pk)
    return redirect("reporting:report", pk=task.pk)


def _page_of(subject: access.Subject) -> str:
    if subject.kind == "cpc":
        return reverse("results:area", args=[subject.area])
    return reverse("results:overview")


def _report_task(request, pk: int) -> Task:
    task = Task.objects.filter(pk=pk, kind=KIND).first()
    if task is None:
        raise Http404("No such report.")
    if not access.may_fetch(request, task):
        audience = access.task_audience(task)
        if not audience.is_public:
            audit.record(
                request,
                "report.refused",
                ("report", str(pk)),
                {"reason": "not the person who asked", "audience": audience.key},
                outcome="refused",
                area_code=task.params.get("area", "") if task.params.get("kind") == "cpc" else "",
            )
        raise Http404("No such report.")
    return task


@login_not_required
@never_cache
@require_safe
def report(request, pk: int):
    task = _report_task(request, pk)
    subject = access.task_subject(task)
    context = {
        "title": "Your report",
        "task": task,
        "subject": subject,
        "params": task.params,
        "audience": access.task_audience(task),
        "format_label": access.FORMATS.get(task.params.get("format"), ("",))[0],
        "ready": task.status == Status.DONE and report_path(task) is not None,
        "expired": task.status == Status.DONE and report_path(task) is None,
        "back": _page_of(subject),
    }
    return render(request, "reporting/report.html", context)


@login_not_required
@never_cache
@require_safe
def download(request, pk: int):
    task = _report_task(request, pk)
    path = report_path(task) if task.status == Status.DONE else None
    if path is None:
        raise Http404("This report is not ready, or it has been removed; ask for it again.")
    params = task.params
    audience = access.task_audience(task)
    if not audience.is_public:
        audit.record(
            request,
            audit.EXPORT,
            ("report", str(task.pk)),
            {key: params.get(key) for key in ("kind", "area", "period", "format")}
            | {"audience": audience.key, "bytes": task.result.get("bytes")},
            area_code=params.get("area", "") if params.get("kind") == "cpc" else "",
        )
    fmt = params.get("format", "")
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=task.result.get("filename") or path.name,
        content_type=access.FORMATS[fmt][1],
    )
    return response


def _periods_for(request, code: str) -> list[str]:
    ctx = context_for(request)
    subject = access.subject_for(code)
    groups = access.report_periods(ctx.prep, access.report_audience(request.user, subject))
    return [p for _, labels in groups for p in labels]


def _canonical_period(period: str) -> str | None:
    from bairn.errors import BairnError
    from bairn.periods import parse_period

    try:
        parsed = parse_period(period)
    except (BairnError, ValueError):
        return None
    return parsed.label if parsed.kind in REPORT_KINDS else None


@area_scoped(Right.VIEW_RECORDS, audit_action=None)
@require_safe
def commentary_periods(request, code: str):
    """Choose the period to write commentary for (?period= goes straight to it)."""
    if chosen := _canonical_period(request.GET.get("period", "")):
        return redirect("reporting:commentary", code=code, period=chosen)
    context = {
        "title": "The committee's commentary",
        "area": request.bairn_area,
        "periods": _periods_for(request, code),
        "error": "Enter a quarter (2025Q2) or a statistics year (SY2024-25)."
        if "period" in request.GET
        else "",
    }
    return render(request, "reporting/commentary_periods.html", context)


@area_scoped(Right.VIEW_RECORDS, audit_action=None)
@require_http_methods(["GET", "POST"])
def commentary(request, code: str, period: str):
    from bairn.indicators.catalogue import load_catalogue

    label = _canonical_period(period)
    if label is None:
        raise Http404("No such period.")
    if label != period:
        return redirect("reporting:commentary", code=code, period=label)
    area = request.bairn_area
    if area.type not in ("cpc", "council"):
        raise Http404("Commentary is written for a CPC or a council.")
    saved = {c.indicator_id: c for c in Commentary.objects.filter(area_code=code, period=period)}
    indicators = list(load_catalogue().indicators.values())
    form = CommentaryForm(
        request.POST or None,
        indicators=indicators,
        saved=saved,
    )
    if request.method == "POST" and form.is_valid():
        changed = _save(request, code, period, saved, form.texts())
        if changed:
            audit.record(
                request, "commentary.saved", area, {"period": period, "indicators": changed}
            )
        messages.success(
            request,
            f"Saved: commentary on {len(changed)} indicator{'s' if len(changed) != 1 else ''} "
            "changed."
            if changed
            else "Nothing had changed.",
        )
        return redirect("reporting:commentary", code=code, period=period)
    context = {
        "title": f"The committee's commentary, {period}",
        "area": area,
        "period": period,
        "form": form,
        "area_url": reverse("results:area", args=[code]),
        "other_periods": reverse("reporting:commentary-periods", args=[code]),
    }
    return render(request, "reporting/commentary.html", context)


def _save(request, code: str, period: str, saved: dict, texts: dict[str, str]) -> list[str]:
    changed = []
    for indicator_id, text in texts.items():
        row = saved.get(indicator_id)
        if row is None and text:
            Commentary.objects.create(
                area_code=code, period=period, indicator_id=indicator_id, text=text,
                author=request.user, updated_by=request.user,
                updated_by_name=request.user.get_username(),
            )  # fmt: skip
        elif row is not None and not text:
            row.delete()
        elif row is not None and row.text != text:
            row.text, row.updated_by = text, request.user
            row.updated_by_name = request.user.get_username()
            row.save(update_fields=["text", "updated_by", "updated_by_name", "updated_at"])
        else:
            continue
        changed.append(indicator_id)
    return changed
