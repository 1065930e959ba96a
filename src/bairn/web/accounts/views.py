"""Sign in (password, then a code from an authenticator app), sign out, account, password."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from bairn.web import audit
from bairn.web.accounts import throttle, two_factor
from bairn.web.accounts.forms import CodeForm, SignInForm
from bairn.web.accounts.middleware import two_factor_exempt
from bairn.web.accounts.permissions import has_right
from bairn.web.accounts.roles import Right


def _next_url(request, default: str = settings.LOGIN_REDIRECT_URL) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(default)


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


@login_not_required
@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request):
    next_url = _next_url(request)
    if request.user.is_authenticated and request.user.is_verified():
        return redirect(next_url)
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        address = throttle.client_address(request)
        if throttle.is_throttled(username, address):
            audit.record(request, "sign_in.throttled", None, outcome="refused", username=username)
            form.add_error(
                None,
                "There have been too many failed attempts to sign in. Wait "
                f"{throttle.minutes_to_wait()} minutes, then try again.",
            )
            status = 429
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                throttle.record_failure(username, address)
                audit.record(request, "sign_in.failed", None, outcome="refused", username=username)
                form.add_error(None, "The user name or password is not right.")
            else:
                throttle.clear(username)
                login(request, user)
                audit.record(request, "sign_in.password", user)
                if two_factor.needs_two_factor(user):
                    step = (
                        "accounts:two-factor"
                        if two_factor.has_confirmed_device(user)
                        else "accounts:two-factor-setup"
                    )
                    return redirect(_with_next(step, next_url))
                return redirect(next_url)
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "next": next_url, "title": "Sign in"},
        status=status,
    )


@two_factor_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def sign_out(request):
    if request.method == "POST":
        audit.record(request, "sign_out", request.user)
        logout(request)
        messages.info(request, "You have signed out.")
        return redirect(settings.LOGOUT_REDIRECT_URL)
    return render(request, "accounts/sign_out.html", {"title": "Sign out"})


@two_factor_exempt
@sensitive_post_parameters("token")
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    next_url = _next_url(request)
    if two_factor.has_confirmed_device(request.user):
        if request.user.is_verified():
            return redirect(next_url)
        return redirect(_with_next("accounts:two-factor", next_url))
    device = two_factor.pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed, message = two_factor.confirm(request, device, form.cleaned_data["token"])
        if confirmed:
            audit.record(request, "two_factor.set_up", request.user)
            messages.success(request, "Two-factor sign-in is set up.")
            return redirect(next_url)
        audit.record(request, "two_factor.failed", request.user, outcome="refused")
        form.add_error("token", message)
    secret = two_factor.secret_of(device)
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "next": next_url,
            "secret": secret,
            "secret_grouped": two_factor.grouped(secret),
            "title": "Set up two-factor sign-in",
        },
    )


@two_factor_exempt
@never_cache
@require_http_methods(["GET"])
def two_factor_qr(request):
    if two_factor.has_confirmed_device(request.user):
        raise Http404("No device is being set up.")
    device = two_factor.pending_device(request.user)
    response = HttpResponse(two_factor.qr_svg(device), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


@two_factor_exempt
@sensitive_post_parameters("token")
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    next_url = _next_url(request)
    if not two_factor.has_confirmed_device(request.user):
        return redirect(_with_next("accounts:two-factor-setup", next_url))
    if request.user.is_verified():
        return redirect(next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verified, message = two_factor.verify(request, form.cleaned_data["token"])
        if verified:
            audit.record(request, "two_factor.verified", request.user)
            return redirect(next_url)
        audit.record(request, "two_factor.failed", request.user, outcome="refused")
        form.add_error("token", message)
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": next_url, "title": "Enter your sign-in code"},
    )


@never_cache
def account(request):
    user = request.user
    rights = [label for value, label in Right.choices if has_right(user, value)]
    return render(
        request,
        "accounts/account.html",
        {
            "title": "Your account",
            "rights": rights,
            "two_factor": two_factor.has_confirmed_device(user),
        },
    )


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@never_cache
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        audit.record(request, "password.changed", user)
        messages.success(request, "Your password has been changed.")
        return redirect("accounts:account")
    return render(request, "accounts/password_change.html", {"form": form, "title": "Password"})
