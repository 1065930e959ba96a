"""Roles and their rights: the one table every permission check reads.

A role is what a person does; a right is what a page needs. Pages ask for rights (and, for area
data, a scope), never for role names, so a new role or a changed policy is an edit here only.
The table is mirrored in docs/web.md and checked by tests/web/test_permissions.py.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    NATIONAL_ANALYST = "national_analyst", "National analyst"
    CPC_LEAD = "cpc_lead", "CPC lead officer"
    CPC_ANALYST = "cpc_analyst", "CPC analyst"
    PROGRAMME_OWNER = "programme_owner", "Programme owner"
    ADMINISTRATOR = "administrator", "Administrator"


PUBLIC = "public"  # the role of an anonymous visitor


class Right(models.TextChoices):
    VIEW_PUBLISHED = "view_published", "See published, disclosure-controlled statistics"
    VIEW_RESULTS = "view_results", "See analyst-level results (before publication) for the scope"
    VIEW_RECORDS = "view_records", "See record-level data for the scope (every read audited)"
    UPLOAD = "upload", "Upload extracts for the scope"
    EXPORT = "export", "Export results for the scope (every export audited)"
    MANAGE_PROGRAMME = "manage_programme", "Manage programme actions, assessments and advice"
    VIEW_AUDIT = "view_audit", "Read the audit log"
    MANAGE_ACCOUNTS = "manage_accounts", "Manage accounts"


R = Right
RIGHTS: dict[str, frozenset[str]] = {
    PUBLIC: frozenset({R.VIEW_PUBLISHED}),
    Role.NATIONAL_ANALYST: frozenset({R.VIEW_PUBLISHED, R.VIEW_RESULTS, R.EXPORT}),
    Role.CPC_LEAD: frozenset({R.VIEW_PUBLISHED, R.VIEW_RESULTS, R.VIEW_RECORDS, R.EXPORT}),
    Role.CPC_ANALYST: frozenset(
        {R.VIEW_PUBLISHED, R.VIEW_RESULTS, R.VIEW_RECORDS, R.UPLOAD, R.EXPORT}
    ),
    Role.PROGRAMME_OWNER: frozenset({R.VIEW_PUBLISHED, R.MANAGE_PROGRAMME}),
    Role.ADMINISTRATOR: frozenset({R.VIEW_PUBLISHED, R.VIEW_AUDIT, R.MANAGE_ACCOUNTS}),
}

# Roles whose rights reach data beyond the published statistics hold an area scope. A national
# analyst's scope is all of Scotland; a CPC lead's or analyst's is their CPC (or one council).
SCOPED_ROLES = frozenset({Role.CPC_LEAD, Role.CPC_ANALYST})
NATIONAL_ROLES = frozenset({Role.NATIONAL_ANALYST})

# Two-factor sign-in is required for every role: each sees something that is not public
# (record-level data, unpublished results, the audit log, confidential advice). Kept as data so
# a role can be relaxed in one place if policy ever allows it.
TWO_FACTOR_ROLES = frozenset(Role)


def rights_of(role: str) -> frozenset[str]:
    return RIGHTS.get(role, frozenset())
