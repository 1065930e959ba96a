"""The public survey: no sign-in, no JavaScript, one page of questions at a time.

Answers so far travel in a signed hidden field (nothing is stored until the last page), so an
abandoned survey leaves no trace. The response, its device mark and any safeguarding alert are
saved in one transaction.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from bairn.web.voices import alerts, protection
from bairn.web.voices.instrument import Instrument, Page
from bairn.web.voices.models import AlertReason, Response, Wave

STATE_SALT = "bairn.voices.state"
STATE_MAX_AGE = 3 * 60 * 60
CONSENT_TEXT = (
    "I agree that the Child Protection Committee may keep my name and contact details with my "
    "answers, and contact me about them."
)


def _wave(token: str) -> Wave:
    return get_object_or_404(Wave.objects.select_related("safeguarding_lead"), token=token)


def _context(wave: Wave, inst: Instrument, **extra) -> dict:
    return {
        "wave": wave,
        "inst": inst,
        "title": inst.title,
        "confidentiality": inst.confidentiality.get(
            "identified" if wave.identified else "anonymous", ""
        ),
        "pictures": inst.variant == "pictures",
        "children": inst.for_children,
        **extra,
    }


def _not_open(request: HttpRequest, wave: Wave, inst: Instrument) -> HttpResponse:
    return render(request, "voices/closed.html", _context(wave, inst, title="Survey closed"))


@login_not_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, token: str) -> HttpResponse:
    wave = _wave(token)
    inst = wave.instrument()
    if not wave.is_open():
        return _not_open(request, wave, inst)
    device = request.COOKIES.get(protection.DEVICE_COOKIE)
    if wave.one_per_device and protection.device_has_answered(wave, device):
        return render(request, "voices/already.html", _context(wave, inst))
    errors: dict[str, str] = {}
    identity = {"name": "", "contact": ""}
    if request.method == "POST":
        if wave.identified:
            identity = {
                "name": request.POST.get("name", "").strip()[:200],
                "contact": request.POST.get("contact", "").strip()[:200],
            }
            if request.POST.get("consent") != "yes":
                errors["consent"] = "Tick the box to agree, or use the survey without your name."
        if not errors:
            first = inst.first_page({})
            state = {"a": {}, "i": identity if wave.identified else None}
            return _render_page(request, wave, inst, first, state, {})
    response = render(
        request,
        "voices/start.html",
        _context(wave, inst, errors=errors, identity=identity, consent_text=CONSENT_TEXT),
    )
    if wave.one_per_device and not device:
        response.set_cookie(
            protection.DEVICE_COOKIE,
            protection.new_device_token(),
            max_age=365 * 24 * 60 * 60,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
            path="/voices/s/",
        )
    return response


def _render_page(request, wave, inst, page: Page, state: dict, errors: dict, status: int = 200):
    signed = signing.dumps({"w": wave.pk, **state}, salt=STATE_SALT, compress=True)
    route = inst.route(state["a"])
    number = route.index(page.id) + 1 if page.id in route else 1
    return render(
        request,
        "voices/page.html",
        _context(
            wave,
            inst,
            page=page,
            state=signed,
            errors=errors,
            answers=state["a"],
            number=number,
            honeypot=protection.HONEYPOT,
            action=reverse("voices:page", args=[wave.token, page.id]),
        ),
        status=status,
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def page(request: HttpRequest, token: str, page_id: str) -> HttpResponse:
    wave = _wave(token)
    inst = wave.instrument()
    current = inst.page(page_id)
    if current is None:
        raise Http404("No such page")
    if request.method == "GET":
        return redirect("voices:start", token=token)
    if not wave.is_open():
        return _not_open(request, wave, inst)
    try:
        state = signing.loads(request.POST.get("state", ""), salt=STATE_SALT, max_age=STATE_MAX_AGE)
    except signing.BadSignature:
        return redirect("voices:start", token=token)
    if state.get("w") != wave.pk:
        return redirect("voices:start", token=token)
    answers = dict(state.get("a") or {})
    errors: dict[str, str] = {}
    for q in current.questions:
        value = request.POST.get(q.id, "").strip()
        if q.type == "text":
            answers[q.id] = value[:2000]
        elif q.option(value) is not None:
            answers[q.id] = value
        else:
            answers.pop(q.id, None)
            if q.required:
                errors[q.id] = "Choose one answer." if inst.for_children else "Select an answer."
    state["a"] = inst.clean(answers)
    if errors:
        return _render_page(request, wave, inst, current, state, errors, status=400)
    following = inst.next_page(current.id, state["a"])
    if following is not None:
        return _render_page(request, wave, inst, following, state, {})
    if request.POST.get(protection.HONEYPOT):
        return redirect("voices:done", token=token)  # a bot: thank it, keep nothing
    return _submit(request, wave, inst, state)


def _submit(request, wave: Wave, inst: Instrument, state: dict) -> HttpResponse:
    device = request.COOKIES.get(protection.DEVICE_COOKIE, "")
    if wave.one_per_device and not device:
        return render(request, "voices/already.html", _context(wave, inst, no_cookie=True))
    if not protection.take_rate_slot(wave):
        return render(request, "voices/busy.html", _context(wave, inst), status=429)
    identity = state.get("i") or {}
    with transaction.atomic():
        if wave.one_per_device and not protection.mark_device(wave, device):
            transaction.set_rollback(True)
            return render(request, "voices/already.html", _context(wave, inst))
        response = Response.objects.create(
            wave=wave,
            answers=state["a"],
            respondent_name=identity.get("name", "") if wave.identified else "",
            respondent_contact=identity.get("contact", "") if wave.identified else "",
            consent_given=bool(wave.identified and identity is not None),
            consent_text=CONSENT_TEXT if wave.identified else "",
        )
        reasons = inst.alert_reasons(state["a"])
        if reasons:
            alerts.create_alert(response, AlertReason.UNSAFE, ", ".join(reasons))
    if reasons:
        # Try at once once the response is committed; the worker retries whatever this misses.
        transaction.on_commit(lambda: _deliver_now())
    return redirect("voices:done", token=wave.token)


def _deliver_now() -> None:
    try:
        alerts.deliver_pending(limit=5)
    except Exception:
        alerts.log.exception("Immediate alert delivery failed; the worker will retry")


@login_not_required
@require_safe
def done(request: HttpRequest, token: str) -> HttpResponse:
    wave = _wave(token)
    inst = wave.instrument()
    return render(request, "voices/done.html", _context(wave, inst, title="Thank you"))
