"""The audit log: `audit.record(request, action, object, detail)` for every record-level read,
every export and every refused attempt; an append-only table; an administrator-only page.

    from bairn.web import audit
    audit.record(request, "records.read", area, {"rows": 120})
    audit.record(request, "export", ("indicator", "CP-01"), {"format": "csv"})

Entries are written in autocommit (the project does not use ATOMIC_REQUESTS), so an entry for a
refused attempt stays even though the view then answers 404.
"""

from __future__ import annotations

from typing import Any

READ_RECORDS = "records.read"
REFUSED_RECORDS = "records.refused"
EXPORT = "export"


def record(
    request: Any,
    action: str,
    object: Any = None,
    detail: dict | str | None = None,
    *,
    outcome: str = "allowed",
    area_code: str | None = None,
    username: str | None = None,
):
    """Append one entry to the audit log and return it.

    `object` may be a model instance, a `bairn.areas.Area`, a `(type, id)` pair or a string.
    `detail` is a JSON-able dict (or a sentence). The person is `request.user` when signed in,
    else `username` (for example, the name typed into a failed sign-in).
    """
    from bairn.web.audit.models import AuditEntry, Outcome

    object_type, object_id, object_area = _describe(object)
    if isinstance(detail, str):
        detail = {"note": detail}
    entry = AuditEntry(
        action=action[:64],
        outcome=Outcome(outcome),
        object_type=object_type[:64],
        object_id=object_id[:255],
        area_code=(area_code or object_area or "")[:16],
        detail=detail or {},
    )
    user = getattr(request, "user", None) if request is not None else None
    if user is not None and user.is_authenticated:
        entry.user_id = user.pk
        entry.username = user.get_username()
        entry.role = getattr(user, "role", "")
        entry.scope = getattr(user, "area_code", "")
    elif username:
        entry.username = username[:150]
    if request is not None:
        entry.method = request.method or ""
        entry.path = request.get_full_path()[:500]
        entry.address = request.META.get("REMOTE_ADDR") or None
    entry.save()
    return entry


def _describe(obj: Any) -> tuple[str, str, str]:
    from django.db.models import Model

    from bairn.areas import Area

    if obj is None:
        return "", "", ""
    if isinstance(obj, Area):
        return "area", obj.code, obj.code
    if isinstance(obj, Model):
        return obj._meta.label_lower, str(obj.pk), str(getattr(obj, "area_code", "") or "")
    if isinstance(obj, tuple) and len(obj) == 2:
        return str(obj[0]), str(obj[1]), ""
    return "", str(obj), ""
