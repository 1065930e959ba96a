"""Survey waves, anonymous responses, abuse counters and the safeguarding alert queue.

Privacy by design: no model here has a field for an IP address or a user agent; an anonymous
wave's responses hold answers and the day they arrived, nothing else (a database constraint
refuses a name or contact on them).
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def new_token() -> str:
    return secrets.token_urlsafe(24)  # 192 bits: not guessable, not enumerable


class Wave(models.Model):
    """One CPC running one instrument between two dates, reached by an unguessable link."""

    cpc_code = models.CharField(max_length=16, db_index=True)
    instrument_id = models.CharField(max_length=64)
    instrument_version = models.PositiveIntegerField()
    label = models.CharField(
        max_length=32, help_text="The wave's period label in results, for example 2025-W1."
    )
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    identified = models.BooleanField(
        default=False, help_text="Ask for a name and contact details, with consent."
    )
    one_per_device = models.BooleanField(default=False)
    max_per_hour = models.PositiveIntegerField(default=200)
    safeguarding_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="safeguarding_waves"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["cpc_code", "instrument_id", "label"], name="voices_wave_label_unique"
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="voices_wave_dates"
            ),
        )

    def __str__(self) -> str:
        return f"{self.cpc_code} {self.instrument_id} {self.label}"

    @property
    def area_code(self) -> str:
        return self.cpc_code

    def instrument(self):
        from bairn.web.voices.instrument import load_instrument

        return load_instrument(self.instrument_id, self.instrument_version)

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def is_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at


class Response(models.Model):
    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="responses")
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    received_on = models.DateField(default=timezone.localdate)  # a day, not a time
    answers = models.JSONField(default=dict)
    # Identified waves only, with consent recorded (checked by the constraint below).
    respondent_name = models.CharField(max_length=200, blank=True)
    respondent_contact = models.CharField(max_length=200, blank=True)
    consent_given = models.BooleanField(default=False)
    consent_text = models.TextField(blank=True)

    class Meta:
        constraints = (
            models.CheckConstraint(
                condition=(Q(respondent_name="", respondent_contact="") | Q(consent_given=True)),
                name="voices_response_identity_needs_consent",
            ),
        )

    @property
    def area_code(self) -> str:
        return self.wave.cpc_code


class RateWindow(models.Model):
    """Responses received per wave per time window (rate limiting without storing addresses)."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["wave", "window_start"], name="voices_rate_window"),
        )


class DeviceMark(models.Model):
    """A keyed hash of a random cookie token: this device has answered this wave."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE)
    token_hash = models.CharField(max_length=64)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["wave", "token_hash"], name="voices_device_once"),
        )


class AlertState(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENT = "sent", "Sent"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    FAILED = "failed", "Failed: escalated"


class AlertReason(models.TextChoices):
    UNSAFE = "unsafe", "The response says the child does not feel safe"
    FLAGGED = "flagged", "A reviewer flagged the response's free text"


class SafeguardingAlert(models.Model):
    """The durable queue: one row per response and reason, delivered by `alerts.deliver_pending`."""

    response = models.ForeignKey(Response, on_delete=models.PROTECT, related_name="alerts")
    reason = models.CharField(max_length=16, choices=AlertReason.choices)
    detail = models.CharField(max_length=200, blank=True)
    key = models.CharField(max_length=80, unique=True)  # idempotency key: response key + reason
    state = models.CharField(
        max_length=16, choices=AlertState.choices, default=AlertState.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    leased_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)  # the send's receipt
    created_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["response", "reason"], name="voices_alert_once"),
        )

    @property
    def area_code(self) -> str:
        return self.response.wave.cpc_code
