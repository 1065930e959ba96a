"""Time-based one-time codes (TOTP, RFC 6238) through django-otp's TOTP devices."""

from __future__ import annotations

import base64

from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from bairn.web.accounts.roles import TWO_FACTOR_ROLES

DEVICE_NAME = "Authenticator app"


def needs_two_factor(user) -> bool:
    """Required for the roles in TWO_FACTOR_ROLES, an account with no role, and anyone who
    has set it up."""
    return not user.role or user.role in TWO_FACTOR_ROLES or has_confirmed_device(user)


def has_confirmed_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device being set up (created on first visit, kept until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_of(device: TOTPDevice) -> str:
    """The shared secret in base32, as authenticator apps expect it typed."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> bytes:
    """The otpauth:// URL as a QR code (SVG, no inline styles: allowed by the CSP)."""
    import io

    import segno

    out = io.BytesIO()
    segno.make(device.config_url, error="m").save(
        out, kind="svg", scale=5, border=2, xmldecl=False, title="QR code for an authenticator app"
    )
    return out.getvalue()


def clean_token(token: str) -> str:
    return "".join(ch for ch in token if ch.isdigit())


WRONG_CODE = "That code is not right. Enter the 6-digit code your app shows now."
TOO_MANY = "Too many wrong codes. Wait a few seconds, then enter the newest code."


def confirm(request, device: TOTPDevice, token: str) -> tuple[bool, str]:
    """Confirm a device being set up with its first code, and verify this session with it."""
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return False, TOO_MANY
    if not device.verify_token(clean_token(token)):
        return False, WRONG_CODE
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    otp_login(request, device)
    return True, ""


def verify(request, token: str) -> tuple[bool, str]:
    """Check a code against the user's devices; (verified, message for the user)."""
    token = clean_token(token)
    for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            return False, TOO_MANY
        if device.verify_token(token):
            otp_login(request, device)
            return True, ""
    return False, WRONG_CODE
