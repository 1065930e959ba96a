"""Two-factor sign-in is a gate in front of every non-public page.

After the password step a user is signed in but not verified (django-otp). Until they enter a
code from their authenticator app, every view that is not public (`@login_not_required`) or
marked `@two_factor_exempt` sends them to the second step: set-up if they have no device yet,
verification otherwise.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from bairn.web.accounts.two_factor import has_confirmed_device, needs_two_factor


def two_factor_exempt(view):
    """Mark a view a half-signed-in user may use (the two-factor pages, sign-out)."""
    view.two_factor_exempt = True
    return view


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None  # public page
        if getattr(view_func, "two_factor_exempt", False):
            return None
        user = request.user
        if not user.is_authenticated or not needs_two_factor(user) or user.is_verified():
            return None
        name = "accounts:two-factor" if has_confirmed_device(user) else "accounts:two-factor-setup"
        return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
