"""The safeguarding alert queue: durable, retried with backoff, idempotent, escalated, audited.

    create_alert(response, reason)   inside the response's own transaction (nothing is lost if
                                     the process dies before the alert is sent)
    deliver_pending(now=None)        the worker: claims due alerts, sends each by e-mail to the
                                     wave's named safeguarding lead, records the outcome
    acknowledge(alert, request)      the lead has seen it

States: pending → sent → acknowledged; pending → failed after MAX_ATTEMPTS failures (escalated:
shown on /voices/alerts/ and e-mailed to ADMINS). Every change is in the audit log.

Idempotency: a claim (attempts + 1 and a lease) is committed before the send; right after the
mail backend accepts the message, `delivered_at` (the receipt) is committed on its own. A worker
that dies after the send finds the receipt when the lease runs out and finishes the transition
without sending again. Only a crash in the instant between the backend's acceptance and that one
UPDATE can send twice; the message then carries the same Message-ID, and for a safeguarding
alert a rare duplicate is the right failure (never a loss).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage, mail_admins
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from bairn.web import audit
from bairn.web.voices.models import AlertReason, AlertState, Response, SafeguardingAlert

log = logging.getLogger("bairn.web.voices")

MAX_ATTEMPTS = 5
BACKOFF_BASE_SECONDS = 60
BACKOFF_MAX_SECONDS = 6 * 60 * 60
LEASE_SECONDS = 5 * 60


def _setting(name: str, default):
    return getattr(settings, name, default)


def backoff(attempts: int) -> dt.timedelta:
    """Wait before the next try: 1, 2, 4, 8 … minutes, at most six hours."""
    base = _setting("BAIRN_VOICES_BACKOFF_SECONDS", BACKOFF_BASE_SECONDS)
    return dt.timedelta(seconds=min(base * 2 ** max(0, attempts - 1), BACKOFF_MAX_SECONDS))


def create_alert(response: Response, reason: str, detail: str = "") -> SafeguardingAlert:
    """Queue one alert for a response (at most one per reason). Call inside the transaction that
    saves the response; an existing alert for the same reason is returned unchanged."""
    key = f"{response.key}:{reason}"
    alert, created = SafeguardingAlert.objects.get_or_create(
        key=key, defaults={"response": response, "reason": AlertReason(reason), "detail": detail}
    )
    if created:
        _audit("voices.alert.created", alert, {"reason": reason, "state": alert.state})
    return alert


def _audit(action: str, alert: SafeguardingAlert, detail: dict, request=None, **kw) -> None:
    # The respondent's request is never passed: an anonymous respondent leaves no address.
    audit.record(request, action, alert, detail, area_code=alert.response.wave.cpc_code, **kw)


def _claim(now: dt.datetime, lease: dt.timedelta) -> SafeguardingAlert | None:
    with transaction.atomic():
        alert = (
            SafeguardingAlert.objects.select_for_update(skip_locked=True)
            .select_related("response__wave__safeguarding_lead")
            .filter(state=AlertState.PENDING, next_attempt_at__lte=now)
            .filter(Q(leased_until__isnull=True) | Q(leased_until__lte=now))
            .order_by("next_attempt_at", "id")
            .first()
        )
        if alert is None:
            return None
        alert.leased_until = now + lease
        if alert.delivered_at is None:
            alert.attempts += 1
        alert.save(update_fields=["leased_until", "attempts"])
    return alert


def message_for(alert: SafeguardingAlert) -> EmailMessage:
    """The e-mail says only that there is an alert and where to read it (behind sign-in, audited);
    no answers, no free text, nothing about the child travels by e-mail."""
    wave = alert.response.wave
    lead = wave.safeguarding_lead
    base = _setting("BAIRN_SITE_URL", "").rstrip("/")
    link = base + reverse("voices:alert", args=[alert.pk])
    body = (
        f"A response to the survey wave {wave.label} ({wave.cpc_code}) needs a safeguarding "
        f"check: {alert.get_reason_display().lower()}.\n\n"
        f"Read it and acknowledge it in Bairn: {link}\n\n"
        "Follow your inter-agency child protection procedures. This message holds no personal data."
    )
    domain = _setting("BAIRN_VOICES_MESSAGE_DOMAIN", "bairn.invalid")
    return EmailMessage(
        subject=f"Bairn safeguarding alert {alert.pk}: {wave.cpc_code} {wave.label}",
        body=body,
        to=[lead.email or f"{lead.get_username()}@{domain}"],
        headers={"Message-ID": f"<voices-alert-{alert.key.replace(':', '-')}@{domain}>"},
    )


def _send(alert: SafeguardingAlert) -> None:
    """Send, then commit the receipt at once (its own statement, outside any transaction)."""
    message_for(alert).send(fail_silently=False)
    SafeguardingAlert.objects.filter(pk=alert.pk).update(delivered_at=timezone.now())
    alert.delivered_at = timezone.now()


def _finish_sent(alert: SafeguardingAlert) -> None:
    with transaction.atomic():
        updated = SafeguardingAlert.objects.filter(pk=alert.pk, state=AlertState.PENDING).update(
            state=AlertState.SENT, leased_until=None, last_error=""
        )
        if updated:
            _audit("voices.alert.sent", alert, {"attempts": alert.attempts, "state": "sent"})


def _record_failure(alert: SafeguardingAlert, error: Exception, now: dt.datetime) -> None:
    text = f"{type(error).__name__}: {error}"[:2000]
    limit = _setting("BAIRN_VOICES_MAX_ATTEMPTS", MAX_ATTEMPTS)
    with transaction.atomic():
        if alert.attempts >= limit:
            SafeguardingAlert.objects.filter(pk=alert.pk).update(
                state=AlertState.FAILED, leased_until=None, last_error=text
            )
            _audit(
                "voices.alert.failed",
                alert,
                {"attempts": alert.attempts, "error": text, "state": "failed"},
            )
        else:
            SafeguardingAlert.objects.filter(pk=alert.pk).update(
                leased_until=None, last_error=text, next_attempt_at=now + backoff(alert.attempts)
            )
            _audit("voices.alert.retry", alert, {"attempts": alert.attempts, "error": text})
    if alert.attempts >= limit:
        log.error("Safeguarding alert %s failed %s times: %s", alert.pk, alert.attempts, text)
        try:
            mail_admins(
                f"Safeguarding alert {alert.pk} could not be delivered",
                f"Alert {alert.pk} ({alert.response.wave}) failed {alert.attempts} times. "
                "Open /voices/alerts/ and tell the CPC's safeguarding lead by another route.",
            )
        except Exception:  # the failed state and the audit entry are already committed
            log.exception("Could not e-mail the administrators about alert %s", alert.pk)


def deliver_pending(now: dt.datetime | None = None, limit: int = 100) -> dict[str, int]:
    """Deliver every due alert once; returns counts by outcome. Safe to run in parallel."""
    now = now or timezone.now()
    lease = dt.timedelta(seconds=_setting("BAIRN_VOICES_LEASE_SECONDS", LEASE_SECONDS))
    counts = {"sent": 0, "retry": 0, "failed": 0}
    max_attempts = _setting("BAIRN_VOICES_MAX_ATTEMPTS", MAX_ATTEMPTS)
    for _ in range(limit):
        alert = _claim(now, lease)
        if alert is None:
            break
        try:
            if alert.delivered_at is None:  # no receipt: not sent yet
                _send(alert)
        except Exception as error:
            _record_failure(alert, error, now)
            counts["failed" if alert.attempts >= max_attempts else "retry"] += 1
            continue
        _finish_sent(alert)
        counts["sent"] += 1
    return counts


def acknowledge(alert: SafeguardingAlert, request) -> bool:
    """The lead (or a colleague in scope) has read the alert and is acting on it."""
    with transaction.atomic():
        updated = SafeguardingAlert.objects.filter(
            pk=alert.pk, state__in=[AlertState.PENDING, AlertState.SENT, AlertState.FAILED]
        ).update(
            state=AlertState.ACKNOWLEDGED,
            acknowledged_at=timezone.now(),
            acknowledged_by=request.user,
            leased_until=None,
        )
        if updated:
            _audit(
                "voices.alert.acknowledged",
                alert,
                {"from": alert.state, "state": "acknowledged"},
                request=request,
            )
    return bool(updated)
