"""Sign-in throttling: too many failures for one user name, or from one address, in a window.

Failures are rows in the application database (no cache server, no third-party service), so the
limit holds across worker threads and processes. A successful sign-in clears the user name's
failures; old rows are removed as new ones arrive.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from bairn.web.accounts.models import SignInFailure


def _window() -> dt.timedelta:
    return dt.timedelta(seconds=settings.BAIRN_SIGN_IN_WINDOW_SECONDS)


def client_address(request) -> str | None:
    """The client's address as the WSGI server reports it (waitress applies trusted proxies)."""
    return request.META.get("REMOTE_ADDR") or None


def normalise(username: str) -> str:
    return (username or "").strip().lower()[:150]


def is_throttled(username: str, address: str | None) -> bool:
    since = timezone.now() - _window()
    recent = SignInFailure.objects.filter(at__gte=since)
    if recent.filter(username=normalise(username)).count() >= (
        settings.BAIRN_SIGN_IN_MAX_FAILURES_PER_USERNAME
    ):
        return True
    if address is not None:
        count = recent.filter(address=address).count()
        if count >= settings.BAIRN_SIGN_IN_MAX_FAILURES_PER_ADDRESS:
            return True
    return False


def record_failure(username: str, address: str | None) -> None:
    now = timezone.now()
    SignInFailure.objects.filter(at__lt=now - _window()).delete()
    SignInFailure.objects.create(username=normalise(username), address=address, at=now)


def clear(username: str) -> None:
    SignInFailure.objects.filter(username=normalise(username)).delete()


def minutes_to_wait() -> int:
    return max(1, settings.BAIRN_SIGN_IN_WINDOW_SECONDS // 60)
