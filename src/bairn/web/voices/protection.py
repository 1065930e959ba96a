"""Abuse controls for public survey links, without storing anyone's address: a rate limit per
wave per hour (a DB counter), one response per device (a keyed hash of a random cookie), and a
honeypot field."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from bairn.web.voices.models import DeviceMark, RateWindow, Wave

DEVICE_COOKIE = "bairn-voices-device"
HONEYPOT = "website"


def new_device_token() -> str:
    return secrets.token_urlsafe(24)


def device_hash(wave: Wave, token: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"voices-device:{wave.pk}:{token}".encode(), hashlib.sha256).hexdigest()


def device_has_answered(wave: Wave, token: str | None) -> bool:
    if not token:
        return False
    return DeviceMark.objects.filter(wave=wave, token_hash=device_hash(wave, token)).exists()


def mark_device(wave: Wave, token: str) -> bool:
    """Record the device; False when it has already answered (call inside the transaction that
    saves the response, so both happen or neither)."""
    try:
        with transaction.atomic():
            DeviceMark.objects.create(wave=wave, token_hash=device_hash(wave, token))
    except IntegrityError:
        return False
    return True


def take_rate_slot(wave: Wave, now=None) -> bool:
    """Count one response in this hour's window; False when the wave's limit is reached."""
    now = now or timezone.now()
    start = now.replace(minute=0, second=0, microsecond=0)
    with transaction.atomic():
        RateWindow.objects.get_or_create(wave=wave, window_start=start)
        updated = RateWindow.objects.filter(
            wave=wave, window_start=start, count__lt=wave.max_per_hour
        ).update(count=F("count") + 1)
    return bool(updated)
