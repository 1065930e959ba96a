"""Signing in: password, then a code; throttling; Argon2; demo accounts only in demo mode."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

import bairn.web.settings as production
from bairn.errors import BairnError
from bairn.web.accounts import demo
from bairn.web.accounts.models import User
from bairn.web.audit.models import AuditEntry
from tests.web.conftest import PASSWORD, totp_now

pytestmark = pytest.mark.django_db


def _post_password(client, username, password=PASSWORD, **extra):
    return client.post("/accounts/sign-in/", {"username": username, "password": password, **extra})


def test_passwords_are_hashed_with_argon2(make_user):
    user = make_user("cpc_lead", "CPC-ELML", password=PASSWORD)
    assert user.password.startswith("argon2$argon2id$")
    # Production settings (not the quicker test hasher) put Django's Argon2 hasher first.
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_password_then_setup_then_signed_in(client, make_user):
    user = make_user("cpc_analyst", "S12000019", password=PASSWORD)
    response = _post_password(client, user.username, next="/areas/S12000019/records/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/setup/?next=")

    # Half signed in: every non-public page leads back to the second step.
    response = client.get("/areas/S12000019/records/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/setup/")
    assert client.get("/").status_code == 200

    setup = client.get("/accounts/two-factor/setup/")
    assert setup.status_code == 200
    qr = client.get("/accounts/two-factor/setup/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml" and qr["Cache-Control"] == "no-store"
    assert b"<svg" in qr.content and b"style=" not in qr.content

    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    response = client.post(
        "/accounts/two-factor/setup/",
        {"token": totp_now(device.bin_key), "next": "/areas/S12000019/records/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/areas/S12000019/records/"
    assert client.get("/areas/S12000019/records/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed

    actions = list(
        AuditEntry.objects.filter(username=user.username).order_by("id").values_list("action")
    )
    assert [a for (a,) in actions] == ["sign_in.password", "two_factor.set_up", "records.read"]


def test_verify_with_an_existing_device(client, make_user):
    user = make_user("administrator", password=PASSWORD, device=True)
    response = _post_password(client, user.username)
    assert response["Location"].startswith("/accounts/two-factor/?next=")
    wrong = client.post("/accounts/two-factor/", {"token": "12345"})
    assert wrong.status_code == 200 and b"Enter the 6 digits" in wrong.content
    response = client.post("/accounts/two-factor/", {"token": totp_now(user.totp_key)})
    assert response.status_code == 302 and response["Location"] == "/accounts/"
    assert client.get("/audit/").status_code == 200


def test_an_open_redirect_is_refused(client, make_user):
    user = make_user("programme_owner", password=PASSWORD, device=True)
    response = _post_password(client, user.username, next="https://evil.example/")
    assert response["Location"] == "/accounts/two-factor/?next=%2Faccounts%2F"


def test_wrong_password_is_audited_and_throttled(client, make_user, settings):
    user = make_user("cpc_lead", "CPC-ELML", password=PASSWORD)
    for _ in range(settings.BAIRN_SIGN_IN_MAX_FAILURES_PER_USERNAME):
        response = _post_password(client, user.username, password="wrong password")
        assert response.status_code == 200
        assert b"The user name or password is not right." in response.content
    # Locked for the window: even the right password is refused now.
    response = _post_password(client, user.username.upper())
    assert response.status_code == 429
    assert b"too many failed attempts" in response.content
    assert "_auth_user_id" not in client.session
    outcomes = AuditEntry.objects.filter(username__iexact=user.username).values_list(
        "action", "outcome"
    )
    assert list(outcomes).count(("sign_in.failed", "refused")) == 5
    assert ("sign_in.throttled", "refused") in list(outcomes)


@override_settings(BAIRN_SIGN_IN_MAX_FAILURES_PER_ADDRESS=3)
def test_one_address_trying_many_names_is_throttled(client, make_user):
    user = make_user("cpc_lead", "CPC-ELML", password=PASSWORD)
    for n in range(3):
        _post_password(client, f"nobody-{n}", password="guess")
    assert _post_password(client, user.username).status_code == 429
    # Another address is not affected.
    other = client.post(
        "/accounts/sign-in/",
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.9",
    )
    assert other.status_code == 302


def test_a_success_clears_the_counter(client, make_user, settings):
    user = make_user("cpc_lead", "CPC-ELML", password=PASSWORD)
    for _ in range(settings.BAIRN_SIGN_IN_MAX_FAILURES_PER_USERNAME - 1):
        _post_password(client, user.username, password="wrong password")
    assert _post_password(client, user.username).status_code == 302
    client.logout()
    for _ in range(settings.BAIRN_SIGN_IN_MAX_FAILURES_PER_USERNAME - 1):
        _post_password(client, user.username, password="wrong password")
    assert _post_password(client, user.username).status_code == 302


def test_sign_out_needs_a_post_and_is_audited(client, make_user, sign_in):
    user = make_user("cpc_lead", "CPC-ELML")
    sign_in(client, user)
    assert client.get("/accounts/sign-out/").status_code == 200
    assert "_auth_user_id" in client.session
    response = client.post("/accounts/sign-out/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(username=user.username, action="sign_out").exists()


def test_password_change(client, make_user, sign_in):
    user = make_user("programme_owner", password=PASSWORD)
    sign_in(client, user)
    weak = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    assert weak.status_code == 200 and b"too short" in weak.content
    new = "a-much-longer-passphrase-42"
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    assert client.get("/accounts/").status_code == 200  # still signed in


def test_demo_accounts_exist_only_in_demo_mode(settings):
    settings.BAIRN_DEMO = False
    with pytest.raises(BairnError, match="only in demo mode"):
        demo.ensure_demo_accounts()
    assert not User.objects.filter(username__startswith="demo-").exists()

    settings.BAIRN_DEMO = True
    accounts = demo.ensure_demo_accounts()
    assert {a.role for a in accounts} == {
        "national_analyst",
        "cpc_lead",
        "cpc_analyst",
        "programme_owner",
        "administrator",
    }
    first = {a.username: a.password for a in accounts}
    again = {a.username: a.password for a in demo.ensure_demo_accounts()}
    assert all(first[name] != again[name] for name in first)  # new passwords every start
    lead = User.objects.get(username="demo-cpc-lead")
    assert lead.check_password(again["demo-cpc-lead"]) and lead.area_code == "CPC-ELML"

    # Started again outside demo mode: the demo accounts cannot sign in at all.
    settings.BAIRN_DEMO = False
    assert demo.disable_demo_accounts() == 5
    lead.refresh_from_db()
    assert not lead.is_active and not lead.has_usable_password()
