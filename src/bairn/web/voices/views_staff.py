"""Pages for CPC staff: waves (create, link and QR code, results, free text to review) and the
safeguarding alerts. Waves and alerts are record-level work: a CPC role inside its scope only;
anything else in scope answers 404 and the refusal is audited."""

from __future__ import annotations

import io

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from bairn.web import audit
from bairn.web.accounts.permissions import can_see_records, has_right, right_required
from bairn.web.accounts.roles import Right
from bairn.web.voices import alerts
from bairn.web.voices.aggregate import apply_survey_rule, survey_results
from bairn.web.voices.forms import WaveForm
from bairn.web.voices.models import AlertReason, AlertState, Response, SafeguardingAlert, Wave


def _in_scope_or_404(request: HttpRequest, obj, cpc_code: str) -> None:
    if not can_see_records(request.user, cpc_code):
        audit.record(request, "voices.refused", obj, outcome="refused", area_code=cpc_code)
        raise Http404("Not found")


def _visible_waves(user):
    return [w for w in Wave.objects.order_by("-opens_at") if can_see_records(user, w.cpc_code)]


@right_required(Right.VIEW_RECORDS)
@require_safe
def waves(request: HttpRequest) -> HttpResponse:
    return render(
        request, "voices/waves.html", {"title": "Surveys", "waves": _visible_waves(request.user)}
    )


@right_required(Right.VIEW_RECORDS)
@require_http_methods(["GET", "POST"])
def wave_new(request: HttpRequest) -> HttpResponse:
    form = WaveForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        name, _, version = data["instrument"].rpartition("-v")
        wave = Wave(
            cpc_code=data["cpc_code"],
            instrument_id=name,
            instrument_version=int(version),
            label=data["label"],
            opens_at=form.moment(data["opens"]),
            closes_at=form.moment(data["closes"]),
            identified=data["identified"] == "yes",
            one_per_device=data["one_per_device"] == "yes",
            max_per_hour=data["max_per_hour"],
            safeguarding_lead_id=int(data["safeguarding_lead"]),
            created_by=request.user,
        )
        if Wave.objects.filter(
            cpc_code=wave.cpc_code, instrument_id=name, label=wave.label
        ).exists():
            form.add_error("label", "This CPC already has a wave of this survey with that label.")
        else:
            wave.save()
            audit.record(request, "voices.wave.created", wave, {"label": wave.label})
            return redirect("voices:wave", pk=wave.pk)
    return render(request, "voices/wave_new.html", {"title": "New survey wave", "form": form})


@right_required(Right.VIEW_RECORDS)
@require_safe
def wave(request: HttpRequest, pk: int) -> HttpResponse:
    found = Wave.objects.filter(pk=pk).first()
    _in_scope_or_404(request, ("voices.wave", pk), found.cpc_code if found else "")
    responses = found.responses.order_by("id")
    free_text = [(r, r.answers.get("comments")) for r in responses if r.answers.get("comments")]
    results = None
    if found.is_closed():
        table = apply_survey_rule(survey_results(waves=[found]))
        results = table[table["area_type"] == "cpc"].to_dict("records")
    audit.record(request, "voices.responses.read", found, {"free_text": len(free_text)})
    link = request.build_absolute_uri(reverse("voices:start", args=[found.token]))
    return render(
        request,
        "voices/wave.html",
        {
            "title": f"Survey wave {found.label}",
            "wave": found,
            "inst": found.instrument(),
            "count": responses.count(),
            "free_text": free_text,
            "results": results,
            "link": link,
        },
    )


@right_required(Right.VIEW_RECORDS)
@require_safe
def wave_qr(request: HttpRequest, pk: int) -> HttpResponse:
    import segno

    found = Wave.objects.filter(pk=pk).first()
    _in_scope_or_404(request, ("voices.wave", pk), found.cpc_code if found else "")
    out = io.BytesIO()
    link = request.build_absolute_uri(reverse("voices:start", args=[found.token]))
    segno.make(link, error="m").save(
        out, kind="svg", scale=6, border=2, xmldecl=False, title="QR code for the survey link"
    )
    return HttpResponse(out.getvalue(), content_type="image/svg+xml")


@require_POST
def flag(request: HttpRequest, pk: int) -> HttpResponse:
    if not has_right(request.user, Right.VIEW_RECORDS):
        raise PermissionDenied
    response = Response.objects.select_related("wave").filter(pk=pk).first()
    _in_scope_or_404(request, ("voices.response", pk), response.wave.cpc_code if response else "")
    with transaction.atomic():
        alert = alerts.create_alert(response, AlertReason.FLAGGED, "free text flagged")
        audit.record(request, "voices.response.flagged", response, {"alert": alert.pk})
    return redirect("voices:alert", pk=alert.pk)


@require_safe
def alert_list(request: HttpRequest) -> HttpResponse:
    """CPC staff: their CPCs' alerts. Administrators: every alert's state (escalations), no
    content."""
    user = request.user
    if not (has_right(user, Right.VIEW_RECORDS) or has_right(user, Right.VIEW_AUDIT)):
        raise PermissionDenied
    rows = SafeguardingAlert.objects.select_related("response__wave").order_by("state", "-id")
    content = has_right(user, Right.VIEW_RECORDS)
    if content:
        rows = [a for a in rows if can_see_records(user, a.response.wave.cpc_code)]
    return render(
        request,
        "voices/alerts.html",
        {
            "title": "Safeguarding alerts",
            "alerts": list(rows),
            "content": content,
            "failed": AlertState.FAILED,
        },
    )


@right_required(Right.VIEW_RECORDS)
@require_http_methods(["GET", "POST"])
def alert(request: HttpRequest, pk: int) -> HttpResponse:
    found = SafeguardingAlert.objects.select_related("response__wave").filter(pk=pk).first()
    _in_scope_or_404(request, ("voices.alert", pk), found.area_code if found else "")
    if request.method == "POST":
        alerts.acknowledge(found, request)
        return redirect("voices:alert", pk=found.pk)
    audit.record(request, "voices.alert.read", found, {"state": found.state})
    inst = found.response.wave.instrument()
    questions = inst.questions()
    answers = [
        (questions[q].text, questions[q].option(v).label if questions[q].option(v) else v)
        for q, v in found.response.answers.items()
        if q in questions
    ]
    return render(
        request,
        "voices/alert.html",
        {
            "title": f"Safeguarding alert {found.pk}",
            "alert": found,
            "wave": found.response.wave,
            "answers": answers,
            "can_acknowledge": found.state != AlertState.ACKNOWLEDGED,
        },
    )
