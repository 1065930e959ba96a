from __future__ import annotations

from django.conf import settings

from bairn.web.core import navigation

PHASE = "Alpha"


def layout(request) -> dict:
    user = getattr(request, "user", None)
    half_signed_in = bool(user and user.is_authenticated and not user.is_verified())
    return {
        "navigation": navigation.items_for(request) if user is not None else [],
        "phase": PHASE,
        "demo_mode": settings.BAIRN_DEMO,
        "half_signed_in": half_signed_in,
    }
