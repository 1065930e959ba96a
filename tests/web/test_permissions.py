"""The permission layer: rights by role, area scope, and the decorators other apps use."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from bairn.areas import SCOTLAND, all_areas
from bairn.web.accounts.models import User
from bairn.web.accounts.permissions import (
    area_scoped,
    can_export,
    can_see_records,
    can_see_results,
    can_upload,
    has_right,
    right_required,
    role_of,
    role_required,
    scope_councils,
)
from bairn.web.accounts.roles import PUBLIC, RIGHTS, TWO_FACTOR_ROLES, Right, Role
from bairn.web.audit.models import AuditEntry

EAST_LOTHIAN, MIDLOTHIAN, GLASGOW = "S12000010", "S12000019", "S12000049"


def user(role: str, area: str = "") -> User:
    return User(username=f"u-{role}", role=role, area_code=area, is_active=True)


def test_every_role_has_rights_and_two_factor():
    assert set(RIGHTS) == {PUBLIC, *Role.values}
    assert frozenset(Role) == TWO_FACTOR_ROLES
    assert RIGHTS[PUBLIC] == {Right.VIEW_PUBLISHED}


def test_anonymous_is_public():
    anonymous = AnonymousUser()
    assert role_of(anonymous) == PUBLIC
    assert has_right(anonymous, Right.VIEW_PUBLISHED)
    assert not has_right(anonymous, Right.VIEW_RESULTS)
    assert scope_councils(anonymous) == frozenset()
    assert not can_see_records(anonymous, MIDLOTHIAN)


@pytest.mark.parametrize(
    ("role", "area", "code", "records", "results", "upload", "export"),
    [
        # a CPC lead sees record-level data for each council of the CPC, and the CPC itself
        (Role.CPC_LEAD, "CPC-ELML", EAST_LOTHIAN, True, True, False, True),
        (Role.CPC_LEAD, "CPC-ELML", MIDLOTHIAN, True, True, False, True),
        (Role.CPC_LEAD, "CPC-ELML", "CPC-ELML", True, True, False, True),
        (Role.CPC_LEAD, "CPC-ELML", GLASGOW, False, False, False, False),
        (Role.CPC_LEAD, "CPC-ELML", SCOTLAND, False, False, False, False),
        # a CPC analyst scoped to one council may upload for it, not for its CPC partner
        (Role.CPC_ANALYST, MIDLOTHIAN, MIDLOTHIAN, True, True, True, True),
        (Role.CPC_ANALYST, MIDLOTHIAN, EAST_LOTHIAN, False, False, False, False),
        (Role.CPC_ANALYST, MIDLOTHIAN, "CPC-ELML", False, False, False, False),
        (Role.CPC_ANALYST, "CPC-ELML", "CPC-ELML", True, True, True, True),
        # national analysts: every area's results and exports, never record-level rows
        (Role.NATIONAL_ANALYST, "", GLASGOW, False, True, False, True),
        (Role.NATIONAL_ANALYST, "", SCOTLAND, False, True, False, True),
        # programme owners and administrators: no area data at all
        (Role.PROGRAMME_OWNER, "", GLASGOW, False, False, False, False),
        (Role.ADMINISTRATOR, "", GLASGOW, False, False, False, False),
        # unknown areas are never in scope
        (Role.NATIONAL_ANALYST, "", "NOWHERE", False, False, False, False),
    ],
)
def test_area_rights(role, area, code, records, results, upload, export):
    u = user(role, area)
    assert can_see_records(u, code) is records
    assert can_see_results(u, code) is results
    assert can_upload(u, code) is upload
    assert can_export(u, code) is export


def test_scope_councils():
    assert scope_councils(user(Role.CPC_LEAD, "CPC-ELML")) == {EAST_LOTHIAN, MIDLOTHIAN}
    assert scope_councils(user(Role.NATIONAL_ANALYST)) == set(all_areas()[SCOTLAND].councils)
    assert scope_councils(user(Role.ADMINISTRATOR)) == frozenset()


def test_inactive_accounts_have_no_rights():
    u = user(Role.CPC_LEAD, "CPC-ELML")
    u.is_active = False
    assert not has_right(u, Right.VIEW_PUBLISHED)
    assert not can_see_records(u, MIDLOTHIAN)


@pytest.mark.django_db
def test_cpc_roles_need_a_cpc_or_council_scope():
    from django.core.exceptions import ValidationError

    for bad in ("", SCOTLAND, "CPC-NOWHERE"):
        with pytest.raises(ValidationError):
            User(username="x", role=Role.CPC_LEAD, area_code=bad).full_clean(exclude=["password"])
    with pytest.raises(ValidationError):
        User(username="x", role=Role.ADMINISTRATOR, area_code=GLASGOW).full_clean(
            exclude=["password"]
        )


def _request(u):
    request = RequestFactory().get("/somewhere/")
    request.user = u
    return request


def test_right_and_role_decorators():
    @right_required(Right.VIEW_AUDIT)
    def audit_view(request):
        return HttpResponse("ok")

    @role_required(Role.CPC_LEAD, Role.CPC_ANALYST)
    def cpc_view(request):
        return HttpResponse("ok")

    assert audit_view(_request(user(Role.ADMINISTRATOR))).status_code == 200
    with pytest.raises(PermissionDenied):
        audit_view(_request(user(Role.NATIONAL_ANALYST)))
    assert cpc_view(_request(user(Role.CPC_LEAD, "CPC-ELML"))).status_code == 200
    with pytest.raises(PermissionDenied):
        cpc_view(_request(user(Role.PROGRAMME_OWNER)))


@pytest.mark.django_db
def test_area_scoped_audits_reads_and_refusals(make_user):
    seen = []

    @area_scoped(Right.VIEW_RECORDS)
    def records(request, code):
        seen.append(request.bairn_area.code)
        return HttpResponse("rows")

    lead = make_user(Role.CPC_LEAD, "CPC-ELML")
    assert records(_request(lead), code=MIDLOTHIAN).status_code == 200
    with pytest.raises(Http404):
        records(_request(lead), code=GLASGOW)
    with pytest.raises(Http404):
        records(_request(lead), code="NOWHERE")

    assert seen == [MIDLOTHIAN]
    entries = AuditEntry.objects.filter(username=lead.username).order_by("id")
    assert [(e.action, e.outcome, e.area_code, e.role, e.scope) for e in entries] == [
        ("records.read", "allowed", MIDLOTHIAN, "cpc_lead", "CPC-ELML"),
        ("records.refused", "refused", GLASGOW, "cpc_lead", "CPC-ELML"),
        ("records.refused", "refused", "", "cpc_lead", "CPC-ELML"),
    ]
    assert entries[2].object_id == "NOWHERE"
    assert entries[1].path == "/somewhere/"
