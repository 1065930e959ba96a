"""Real browser (system Chromium via Playwright) + axe-core, at desktop and phone sizes.

Screenshots of every checked page are kept in test-artefacts/web-*.png.
"""

from __future__ import annotations

import base64
import re

from playwright.sync_api import expect

from bairn.web.audit.models import AuditEntry
from tests.web.conftest import PASSWORD, totp_now


def _open_menu_on_phone(page) -> None:
    """On a phone the navigation sits behind the design system's Menu button (its JavaScript
    turns the label into a button, so this also proves the scripts ran under the CSP)."""
    if page.bairn_viewport != "phone":
        return
    button = page.locator("button.js-toggle-menu")
    expect(button).to_be_visible()
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")


def _sign_in_with_password(page, user) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("User name").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_home_page(page, assert_accessible):
    page.goto("/")
    expect(page).to_have_title(re.compile("Bairn"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Child protection improvement data for Scotland"
    )
    expect(page.locator(".ds_phase-banner")).to_contain_text("Alpha")
    assert_accessible(page, "home")

    # The skip link is the first thing a keyboard reaches, and it moves focus to the content.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    skip.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()

    _open_menu_on_phone(page)
    page.locator(".ds_site-navigation:visible").get_by_role("link", name="Sign in").click()
    expect(page).to_have_url(re.compile("/accounts/sign-in/$"))
    assert_accessible(page, "sign-in")


def test_sign_in_sets_up_two_factor(page, make_user, assert_accessible):
    user = make_user("cpc_lead", "CPC-ELML", password=PASSWORD)
    _sign_in_with_password(page, user)

    expect(page).to_have_url(re.compile("/accounts/two-factor/setup/"))
    qr = page.get_by_role("img", name=re.compile("QR code"))
    expect(qr).to_be_visible()
    page.wait_for_function("() => document.querySelector('img.bairn-qr').naturalWidth > 0")
    assert_accessible(page, "two-factor-setup")

    # A wrong code is refused with an error the user can reach from the summary.
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.locator(".ds_error-summary")).to_contain_text("not right")
    assert_accessible(page, "two-factor-setup-error")

    # The code an authenticator app would show, computed from the secret on the page (after the
    # one-second pause django-otp imposes after a wrong code).
    page.wait_for_timeout(1_100)
    secret = page.locator("#totp-secret").get_attribute("data-secret")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Code from your authenticator app").fill(totp_now(key))
    page.get_by_role("button", name="Confirm and continue").click()

    expect(page).to_have_url(re.compile("/accounts/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.locator(".ds_summary-list")).to_contain_text("East Lothian and Midlothian")
    assert_accessible(page, "account")

    actions = set(
        AuditEntry.objects.filter(username=user.username).values_list("action", flat=True)
    )
    assert {"sign_in.password", "two_factor.failed", "two_factor.set_up"} <= actions


def test_sign_in_with_code_then_records_are_scoped(page, make_user, assert_accessible):
    user = make_user("cpc_analyst", "S12000019", password=PASSWORD, device=True)
    _sign_in_with_password(page, user)

    expect(page).to_have_url(re.compile("/accounts/two-factor/"))
    assert_accessible(page, "two-factor-verify")
    page.get_by_label("Code from your authenticator app").fill(totp_now(user.totp_key))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile("/accounts/$"))

    page.goto("/areas/S12000019/records/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record-level data: Midlothian")
    assert_accessible(page, "records")

    response = page.goto("/areas/S12000010/records/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_accessible(page, "not-found")

    entries = AuditEntry.objects.filter(username=user.username, object_type="area")
    assert {(e.action, e.area_code, e.outcome) for e in entries} == {
        ("records.read", "S12000019", "allowed"),
        ("records.refused", "S12000010", "refused"),
    }


def test_audit_log_page(page, make_user, assert_accessible):
    admin = make_user("administrator", password=PASSWORD, device=True)
    for n in range(60):
        AuditEntry.objects.create(
            username=f"someone-{n % 3}", action="records.read", area_code="S12000019"
        )
    _sign_in_with_password(page, admin)
    page.get_by_label("Code from your authenticator app").fill(totp_now(admin.totp_key))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile("/accounts/$"))

    _open_menu_on_phone(page)
    page.locator(".ds_site-navigation:visible").get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    expect(page.locator("#audit-results table tbody tr")).to_have_count(50)
    assert_accessible(page, "audit-log")

    # Filtering swaps the results in place (htmx: the page is not reloaded, so a marker set on
    # the window survives) and keeps the address bar in step.
    page.evaluate("window.bairnMarker = 1")
    page.get_by_label("User name").fill("someone-1")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"username=someone-1"))
    assert page.evaluate("window.bairnMarker") == 1
    expect(page.locator("#audit-results table tbody tr")).to_have_count(20)
    expect(page.locator("#audit-results")).to_contain_text("Entries 1 to 20 of 20")
    assert_accessible(page, "audit-log-filtered")
