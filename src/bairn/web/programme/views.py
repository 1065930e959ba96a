"""Programme and action pages. Changes go through `services` (change log + rationale) and are
audited; reading pages needs `access.can_view`, changing needs `access.can_edit`."""

from __future__ import annotations

from collections import Counter

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from bairn.errors import BairnError
from bairn.web import audit
from bairn.web.accounts.permissions import has_right
from bairn.web.accounts.roles import Right
from bairn.web.programme import access, services
from bairn.web.programme.forms import ActionForm, EvidenceForm, MeasureForm, MilestoneForm
from bairn.web.programme.measures import verdicts_for
from bairn.web.programme.models import Action, Confidence, Evidence, Programme, Status


def _programme(slug: str) -> Programme:
    return get_object_or_404(Programme, slug=slug)


def _action(slug: str, ref: str) -> Action:
    return get_object_or_404(
        Action.objects.select_related("programme", "work_stream"), programme__slug=slug, ref=ref
    )


def _editable(request, action: Action) -> None:
    if not access.can_edit(request.user, action):
        raise PermissionDenied


@login_not_required
@require_safe
def index(request):
    """Every programme for those who may see programme work; published summaries for others."""
    viewer = access.can_view(request.user)
    programmes = (
        Programme.objects.all() if viewer else Programme.objects.filter(publish_summary=True)
    )
    return render(request, "programme/index.html", {
        "title": "Programmes", "programmes": programmes, "viewer": viewer,
    })  # fmt: skip


def _counts(actions) -> dict:
    return {
        "status": [(Status(k).label, n) for k, n in Counter(a.status for a in actions).items()],
        "confidence": [
            (Confidence(k).label, n) for k, n in Counter(a.confidence for a in actions).items()
        ],
    }


@access.view_required
@require_safe
def detail(request, slug: str):
    programme = _programme(slug)
    actions = list(programme.actions.select_related("work_stream", "owner_user"))
    streams = [
        {"stream": s, "actions": [a for a in actions if a.work_stream_id == s.pk]}
        for s in programme.streams.all()
    ]
    overdue = services.overdue_milestones(programme, timezone.localdate())
    return render(request, "programme/detail.html", {
        "title": programme.name, "programme": programme, "streams": streams,
        "counts": _counts(actions), "overdue": overdue,
        "owner": access.owns_programme(request.user, programme),
        "may_assign_owners": has_right(request.user, Right.MANAGE_ACCOUNTS),
        "reviews": programme.reviews.all()[:5],
    })  # fmt: skip


@login_not_required
@require_safe
def summary(request, slug: str):
    """The public summary, only if the programme publishes one."""
    programme = get_object_or_404(Programme, slug=slug, publish_summary=True)
    actions = list(programme.actions.select_related("work_stream"))
    streams = [
        {"stream": s, "actions": [a for a in actions if a.work_stream_id == s.pk]}
        for s in programme.streams.all()
    ]
    return render(request, "programme/summary.html", {
        "title": f"{programme.name}: summary", "programme": programme, "streams": streams,
        "counts": _counts(actions),
    })  # fmt: skip


@access.view_required
@require_safe
def action_page(request, slug: str, ref: str):
    action = _action(slug, ref)
    today = timezone.localdate()
    return render(request, "programme/action.html", {
        "title": f"{action.ref}: {action.title}", "action": action,
        "programme": action.programme,
        "milestones": [(m, m.overdue_on(today)) for m in action.milestones.all()],
        "evidence": action.evidence.all(), "changes": action.changes.all(),
        "depends_on": action.depends_on.all(), "needed_by": action.needed_by.all(),
        "verdicts": verdicts_for(action, request.user),
        "can_edit": access.can_edit(request.user, action),
    })  # fmt: skip


@require_http_methods(["GET", "POST"])
def action_new(request, slug: str):
    programme = _programme(slug)
    if not access.owns_programme(request.user, programme):
        raise PermissionDenied
    form = ActionForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        rationale = data.pop("rationale")
        stream = data.pop("work_stream")
        data["depends_on"] = list(data.get("depends_on") or [])
        action = services.create_action(
            programme, stream, by=request.user, rationale=rationale, owner_user=request.user,
            **data,
        )  # fmt: skip
        audit.record(request, "programme.action.create", action, {"ref": action.ref})
        return redirect("programme:action", slug=slug, ref=action.ref)
    return render(request, "programme/action_form.html", {
        "title": "Add an action", "form": form, "programme": programme,
    })  # fmt: skip


@require_http_methods(["GET", "POST"])
def action_edit(request, slug: str, ref: str):
    action = _action(slug, ref)
    _editable(request, action)
    form = ActionForm(request.POST or None, instance=action, programme=action.programme)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        rationale = data.pop("rationale")
        data["depends_on"] = list(data.get("depends_on") or [])
        fresh = Action.objects.get(pk=action.pk)  # the form changed the instance in memory
        try:
            changes = services.update_action(fresh, data, by=request.user, rationale=rationale)
        except BairnError as exc:
            form.add_error(None, str(exc))
        else:
            audit.record(request, "programme.action.update", action,
                         {"fields": [c.field for c in changes]})  # fmt: skip
            return redirect("programme:action", slug=slug, ref=ref)
    return render(request, "programme/action_form.html", {
        "title": f"Change {action.ref}", "form": form, "programme": action.programme,
        "action": action,
    })  # fmt: skip


@require_http_methods(["GET", "POST"])
def evidence_add(request, slug: str, ref: str):
    action = _action(slug, ref)
    _editable(request, action)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {"type": data["type"], "title": data["title"], "note": data.get("note", ""),
                  "url": data.get("url", "")}  # fmt: skip
        if data["type"] == Evidence.Type.DOCUMENT:
            fields.update(data["file_meta"], file=data["file"])
        evidence = services.add_evidence(action, by=request.user, **fields)
        audit.record(request, "programme.evidence.add", evidence, {"action": action.ref})
        return redirect("programme:action", slug=slug, ref=ref)
    return render(request, "programme/simple_form.html", {
        "title": f"Add evidence to {action.ref}", "form": form, "action": action,
        "multipart": True, "button": "Add evidence",
    })  # fmt: skip


@require_http_methods(["GET", "POST"])
def milestone_add(request, slug: str, ref: str):
    action = _action(slug, ref)
    _editable(request, action)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_milestone(action, by=request.user, **form.cleaned_data)
        return redirect("programme:action", slug=slug, ref=ref)
    return render(request, "programme/simple_form.html", {
        "title": f"Add a milestone to {action.ref}", "form": form, "action": action,
        "button": "Add milestone",
    })  # fmt: skip


@require_http_methods(["POST"])
def milestone_done(request, slug: str, ref: str, pk: int):
    action = _action(slug, ref)
    _editable(request, action)
    milestone = get_object_or_404(action.milestones, pk=pk, completed_on__isnull=True)
    rationale = request.POST.get("rationale", "").strip() or "Marked complete."
    services.complete_milestone(milestone, on=timezone.localdate(), by=request.user,
                                rationale=rationale)  # fmt: skip
    return redirect("programme:action", slug=slug, ref=ref)


@require_http_methods(["GET", "POST"])
def measure_add(request, slug: str, ref: str):
    action = _action(slug, ref)
    _editable(request, action)
    initial = {"from_period": action.start_period} if action.start_period else None
    form = MeasureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        services.add_measure(action, by=request.user, rationale=data.pop("rationale"), **data)
        return redirect("programme:action", slug=slug, ref=ref)
    return render(request, "programme/simple_form.html", {
        "title": f"Link a measure to {action.ref}", "form": form, "action": action,
        "button": "Link measure",
    })  # fmt: skip


@access.view_required
@require_safe
def evidence_file(request, slug: str, pk: int):
    evidence = get_object_or_404(
        Evidence, pk=pk, action__programme__slug=slug, type=Evidence.Type.DOCUMENT
    )
    if not evidence.file:
        raise Http404("No such document.")
    audit.record(request, "programme.evidence.download", evidence, {"file": evidence.filename})
    response = FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=evidence.filename,
        content_type=evidence.content_type,
    )  # fmt: skip
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
