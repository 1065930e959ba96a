"""Upload an extract, watch it checked, read the data-quality report, confirm the load.

Record-level pages (an upload, its issue report and the report's download) are scoped to the
upload's council: `area_scoped` answers 404 outside the user's scope and records the refused
attempt; every allowed read is audited (`records.read`), every download as an export.
"""

from __future__ import annotations

import csv
import shutil

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from bairn.web import audit, tasks
from bairn.web.accounts.permissions import area_scoped, can_upload, right_required
from bairn.web.accounts.roles import Right
from bairn.web.submissions import report
from bairn.web.submissions.forms import UploadForm, safe_name
from bairn.web.submissions.models import Status, Upload

PAGE_SIZE = 50


def _councils_for(user) -> list[tuple[str, str]]:
    from bairn.areas import areas_of_type

    return [(a.code, a.name) for a in areas_of_type("council") if a.code in user.councils]


def _upload_in(request, code: str, pk: int) -> Upload:
    """The upload, if it belongs to the area in the address (already checked to be in the
    user's scope); another area's upload is refused like an out-of-scope area, and audited."""
    upload = Upload.objects.filter(pk=pk).select_related("validate_task", "load_task").first()
    if upload is None or upload.area_code != code:
        if upload is not None:
            audit.record(
                request,
                audit.REFUSED_RECORDS,
                upload,
                {"reason": "scope", "asked_as": code},
                outcome="refused",
            )
        raise Http404("No such upload.")
    return upload


@right_required(Right.VIEW_RECORDS)
@require_safe
def upload_list(request):
    uploads = Upload.objects.filter(area_code__in=request.user.councils)[:200]
    return render(
        request,
        "submissions/list.html",
        {
            "title": "Submissions",
            "uploads": uploads,
            "may_upload": request.user.is_authenticated
            and bool(_councils_for(request.user))
            and any(can_upload(request.user, c) for c, _ in _councils_for(request.user)),
        },
    )


@right_required(Right.UPLOAD)
@require_http_methods(["GET", "POST"])
def new(request):
    councils = [(c, n) for c, n in _councils_for(request.user) if can_upload(request.user, c)]
    form = UploadForm(request.POST or None, request.FILES or None, councils=councils)
    if request.method == "POST" and form.is_valid():
        upload = Upload.objects.create(
            area_code=form.cleaned_data["council"],
            period=form.cleaned_data["period"],
            created_by=request.user,
            created_by_name=request.user.get_username(),
        )
        upload.files_folder.mkdir(parents=True, exist_ok=True)
        saved = []
        for f in form.cleaned_data["files"]:
            name = safe_name(f.name)
            with (upload.files_folder / name).open("wb") as out:
                for chunk in f.chunks():
                    out.write(chunk)
            saved.append({"name": name, "size": f.size})
        upload.files = saved
        upload.validate_task = tasks.enqueue(
            "validate", {"upload": upload.pk}, user=request.user, area_code=upload.area_code
        )
        upload.save(update_fields=["files", "validate_task"])
        audit.record(
            request,
            "submission.uploaded",
            upload,
            {"files": [f["name"] for f in saved], "period": upload.period},
        )
        return redirect("submissions:detail", code=upload.area_code, pk=upload.pk)
    return render(
        request,
        "submissions/new.html",
        {"title": "Upload an extract", "form": form},
        status=400 if request.method == "POST" else 200,
    )


@area_scoped(Right.VIEW_RECORDS)
@require_safe
def detail(request, code: str, pk: int):
    upload = _upload_in(request, code, pk)
    return render(
        request,
        "submissions/detail.html",
        {
            "title": f"Extract for {upload.area_name}",
            "upload": upload,
            "task": upload.busy_task,
            "may_load": upload.status == Status.VALID and can_upload(request.user, code),
            "may_discard": upload.status in (Status.VALID, Status.INVALID)
            and can_upload(request.user, code),
            "summary_rules": upload.summary.get("rules", [])[:12],
        },
    )


@area_scoped(Right.VIEW_RECORDS)
@require_safe
def quality(request, code: str, pk: int):
    upload = _upload_in(request, code, pk)
    filters = report.filters_from(request.GET)
    issues = report.read_issues(upload, filters)
    page = Paginator(issues, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in filters.items() if v})
    return render(
        request,
        "submissions/quality.html",
        {
            "title": f"Data quality: {upload.area_name}",
            "upload": upload,
            "page": page,
            "filters": filters,
            "query": query,
            "choices": report.choices(upload),
            "tables": upload.summary.get("rows", {}),
        },
    )


@area_scoped(Right.VIEW_RECORDS, audit_action=None)
@require_safe
def quality_csv(request, code: str, pk: int):
    upload = _upload_in(request, code, pk)
    issues = report.read_issues(upload, report.filters_from(request.GET))
    audit.record(
        request,
        audit.EXPORT,
        upload,
        {"what": "issue report", "format": "csv", "rows": len(issues)},
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="bairn-issues-{upload.area_code}-{upload.pk}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(report.COLUMNS)
    for issue in issues:
        writer.writerow([report.safe_cell(issue.get(c)) for c in report.COLUMNS])
    return response


@area_scoped(Right.UPLOAD, audit_action=None)
@require_POST
def confirm_load(request, code: str, pk: int):
    upload = _upload_in(request, code, pk)
    if upload.status != Status.VALID:
        messages.error(request, "Only an extract that passed its checks can be loaded.")
        return redirect("submissions:detail", code=code, pk=pk)
    upload.status = Status.LOADING
    upload.load_task = tasks.enqueue(
        "load", {"upload": upload.pk}, user=request.user, area_code=code, dedupe=False
    )
    upload.save(update_fields=["status", "load_task"])
    audit.record(request, "submission.load_confirmed", upload, {"period": upload.period})
    return redirect("submissions:detail", code=code, pk=pk)


@area_scoped(Right.UPLOAD, audit_action=None)
@require_POST
def discard(request, code: str, pk: int):
    upload = _upload_in(request, code, pk)
    if upload.status not in (Status.VALID, Status.INVALID):
        messages.error(request, "This extract cannot be discarded now.")
        return redirect("submissions:detail", code=code, pk=pk)
    shutil.rmtree(upload.files_folder, ignore_errors=True)
    upload.status = Status.DISCARDED
    upload.save(update_fields=["status"])
    audit.record(request, "submission.discarded", upload)
    messages.info(request, "The extract was discarded; its files are deleted.")
    return redirect("submissions:list")
