"""Every URL × every role → the expected status (data in matrix.py)."""

from __future__ import annotations

import contextlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from bairn.web.audit.models import AuditEntry
from tests.web.conftest import ROLE_ACCOUNTS
from tests.web.matrix import COLUMNS, EXEMPT_URL_NAMES, MATRIX

CASES = [
    pytest.param(url, column, statuses[i], id=f"{column}:{url}")
    for url, statuses in MATRIX.items()
    for i, column in enumerate(COLUMNS)
]


def test_matrix_rows_are_complete():
    for url, statuses in MATRIX.items():
        assert len(statuses) == len(COLUMNS), url


def _named_patterns(patterns, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_named_url_is_in_the_matrix():
    covered = set()
    for url in MATRIX:
        with contextlib.suppress(Resolver404):
            covered.add(resolve(url).view_name)
    missing = _named_patterns(get_resolver().url_patterns) - covered - EXEMPT_URL_NAMES
    assert not missing, f"Add these URLs to tests/web/matrix.py: {sorted(missing)}"


@pytest.mark.parametrize(("url", "column", "expected"), CASES)
def test_authorisation(client, make_user, sign_in, url, column, expected):
    if column in ROLE_ACCOUNTS:
        role, area = ROLE_ACCOUNTS[column]
        sign_in(client, make_user(role, area))
    elif column == "unverified":
        sign_in(client, make_user("cpc_lead", "CPC-ELML", device=True), verified=False)
    elif column == "no_device":
        sign_in(client, make_user("cpc_lead", "CPC-ELML"), verified=False)
    before = AuditEntry.objects.count()

    response = client.get(url)

    assert response.status_code == expected, (
        f"{column} GET {url}: {response.status_code}, expected {expected}"
    )
    location = response.headers.get("Location", "")
    if expected == 302 and column == "anonymous":
        assert location.startswith("/accounts/sign-in/?next="), location
    if expected == 302 and column in ("unverified", "no_device") and url != "/accounts/sign-in/":
        assert location.startswith("/accounts/two-factor/"), location
    if url.startswith("/areas/") and url.endswith("/records/") and column in ROLE_ACCOUNTS:
        entries = list(AuditEntry.objects.order_by("id")[before:])
        actions = [(e.action, e.outcome) for e in entries]
        if expected == 200:
            assert ("records.read", "allowed") in actions
        else:
            assert ("records.refused", "refused") in actions
