"""Security headers, cookies, CSRF, and templates that keep to the Content-Security-Policy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

import bairn.web
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.django_db

WEB = Path(bairn.web.__file__).parent


def test_security_headers_on_every_page(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "Strict-Transport-Security" not in response  # plain HTTP: no HSTS
    assert client.get("/no-such-page/")["Content-Security-Policy"] == csp


def test_hsts_over_https(client):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000"
    assert response["Content-Security-Policy"].endswith("upgrade-insecure-requests")


def test_cookies_are_secure_http_only_and_same_site(client, make_user):
    user = make_user("cpc_lead", "CPC-ELML", password=PASSWORD)
    client.get("/accounts/sign-in/")
    client.post("/accounts/sign-in/", {"username": user.username, "password": PASSWORD})
    session = client.cookies["__Host-bairn-session"]
    csrf = client.cookies["__Host-bairn-csrf"]
    for cookie in (session, csrf):
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        assert cookie["path"] == "/"
        assert not cookie["domain"]
    assert session["samesite"] == "Lax"
    assert csrf["samesite"] == "Strict"


def test_forms_need_a_csrf_token(make_user):
    user = make_user("cpc_lead", "CPC-ELML", password=PASSWORD)
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/sign-in/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 403
    assert b"Your form could not be sent" in response.content
    page = strict.get("/accounts/sign-in/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1)
    response = strict.post(
        "/accounts/sign-in/",
        {"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": token.decode()},
    )
    assert response.status_code == 302


def test_signed_in_pages_are_not_cached(client, make_user, sign_in):
    sign_in(client, make_user("cpc_lead", "CPC-ELML"))
    assert client.get("/accounts/")["Cache-Control"] == "no-store"
    assert client.get("/")["Cache-Control"] == "no-store"


def test_health_check(client):
    response = client.get("/healthz")
    assert response.json() == {"status": "ok", "database": "ok"}
    assert client.post("/healthz").status_code == 405


def _templates():
    return sorted(WEB.glob("*/templates/**/*.html"))


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(WEB)))
def test_templates_keep_to_the_content_security_policy(path):
    """No inline script, inline style or event-handler attribute: the CSP would block them."""
    html = path.read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert not re.search(r"<style\b", html), "inline <style>"
    assert not re.search(r"\sstyle\s*=", html), "style attribute"
    assert not re.search(r"\son[a-z]+\s*=", html), "event-handler attribute"
    assert not re.search(r"\bhx-on", html), "hx-on needs eval"
    assert "javascript:" not in html
    assert not re.search(r"https?://", html), "no third-party resources (no CDN)"


def test_error_pages_render_without_a_request():
    from django.template.loader import render_to_string

    for name in ("500.html", "400.html"):
        html = render_to_string(name)
        assert "Bairn" in html and "ds_site-header" in html
