"""The audit log: append-only, enforced three times.

1. `AuditEntry.save()` refuses to change a stored entry and `delete()` refuses to remove one;
2. the manager's queryset refuses bulk `update()` and `delete()`;
3. the database refuses UPDATE and DELETE on the table (a trigger added by migration 0002, on
   PostgreSQL and SQLite), so raw SQL from the application cannot rewrite history either.
"""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class AuditLogIsAppendOnly(Exception):
    """Raised when code tries to change or remove an audit entry."""


class Outcome(models.TextChoices):
    ALLOWED = "allowed", "Allowed"
    REFUSED = "refused", "Refused"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("The audit log is append-only: entries cannot be updated.")

    def delete(self):
        raise AuditLogIsAppendOnly("The audit log is append-only: entries cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogIsAppendOnly("The audit log is append-only: entries cannot be updated.")

    def update_or_create(self, defaults=None, create_defaults=None, **kwargs):
        raise AuditLogIsAppendOnly("The audit log is append-only: use audit.record().")


class AuditEntry(models.Model):
    """Who did what to which object, when, from where, and whether it was allowed.

    The user is copied by name, role and scope (not a foreign key) so the entry outlives the
    account and still says what the person could do at the time.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user_id = models.BigIntegerField(null=True, blank=True)
    username = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=32, blank=True)
    scope = models.CharField(max_length=16, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    outcome = models.CharField(max_length=8, choices=Outcome.choices, default=Outcome.ALLOWED)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=255, blank=True)
    area_code = models.CharField(max_length=16, blank=True, db_index=True)
    detail = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    method = models.CharField(max_length=8, blank=True)
    path = models.CharField(max_length=500, blank=True)
    address = models.GenericIPAddressField(null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ("-at", "-id")
        verbose_name_plural = "audit entries"
        default_permissions = ("view",)

    def __str__(self) -> str:
        who = self.username or "anonymous"
        return f"{self.at:%Y-%m-%d %H:%M:%S} {who} {self.action} {self.object_id} ({self.outcome})"

    @property
    def role_label(self) -> str:
        from bairn.web.accounts.roles import Role

        return Role(self.role).label if self.role in Role.values else self.role

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogIsAppendOnly("The audit log is append-only: entries cannot be changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("The audit log is append-only: entries cannot be deleted.")
