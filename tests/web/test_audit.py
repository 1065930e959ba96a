"""The audit log is append-only at every level, and its page and export are for administrators."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import DatabaseError, connection, transaction

from bairn.areas import area
from bairn.web import audit
from bairn.web.audit.models import AuditEntry, AuditLogIsAppendOnly

pytestmark = pytest.mark.django_db


def test_record_describes_who_what_and_where(rf, make_user):
    user = make_user("cpc_lead", "CPC-ELML")
    request = rf.get("/areas/S12000019/records/?page=2", REMOTE_ADDR="192.0.2.7")
    request.user = user
    entry = audit.record(request, "records.read", area("S12000019"), {"rows": 3})
    entry.refresh_from_db()
    assert (entry.username, entry.role, entry.scope) == (user.username, "cpc_lead", "CPC-ELML")
    assert (entry.object_type, entry.object_id, entry.area_code) == (
        "area",
        "S12000019",
        "S12000019",
    )
    assert entry.detail == {"rows": 3}
    assert (entry.method, entry.path, entry.address) == (
        "GET",
        "/areas/S12000019/records/?page=2",
        "192.0.2.7",
    )
    other = audit.record(None, "export", ("indicator", "CP-01"), "quarterly CSV")
    assert (other.object_type, other.object_id, other.detail) == (
        "indicator",
        "CP-01",
        {"note": "quarterly CSV"},
    )
    assert other.username == "" and other.user_id is None


def test_entries_cannot_be_changed_or_removed_through_the_orm():
    entry = audit.record(None, "export", "x")
    entry.action = "something else"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(action="rewritten")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.bulk_update([entry], ["action"])
    assert AuditEntry.objects.get(pk=entry.pk).action == "export"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditentry SET action = 'rewritten'",
        "DELETE FROM audit_auditentry",
    ],
)
def test_the_database_refuses_update_and_delete(sql):
    entry = audit.record(None, "export", "x")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert AuditEntry.objects.get(pk=entry.pk).action == "export"


def test_audit_page_and_export_are_audited_and_safe(client, make_user, sign_in):
    admin = make_user("administrator")
    sign_in(client, admin)
    audit.record(None, "records.read", ("child", '=HYPERLINK("http://x")'), area_code="S12000019")

    response = client.get("/audit/", {"area": "S12000019"})
    assert response.status_code == 200
    assert b"=HYPERLINK" in response.content
    assert response["Cache-Control"] == "no-store"

    response = client.get("/audit/export.csv", {"action": "records."})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["object_id"] for row in rows] == ['\'=HYPERLINK("http://x")']

    mine = AuditEntry.objects.filter(username=admin.username)
    assert {e.action for e in mine} == {"audit.read", "export"}
    export = mine.get(action="export")
    assert export.detail["filters"]["action"] == "records."
