"""Accounts: a person with one role and, for CPC roles, an area scope; sign-in failures."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from bairn.web.accounts.roles import NATIONAL_ROLES, SCOPED_ROLES, Role


class User(AbstractUser):
    """A Bairn account. The role says what the person may do; `area_code` says where.

    `area_code` is a CPC code (`CPC-ELML`) or a council code (`S12000019`) for CPC roles, and is
    empty for every other role. `councils` is the set of councils the scope covers.
    """

    role = models.CharField(max_length=32, choices=Role.choices)
    area_code = models.CharField(
        max_length=16,
        blank=True,
        help_text="CPC or council code the account is scoped to (CPC roles only).",
    )

    class Meta:
        ordering = ("username",)

    def clean(self) -> None:
        super().clean()
        from bairn.areas import all_areas

        if self.role in SCOPED_ROLES:
            found = all_areas().get(self.area_code.strip())
            if found is None or found.type not in ("cpc", "council"):
                raise ValidationError(
                    {"area_code": "A CPC role needs a CPC code (CPC-…) or a council code (S12…)."}
                )
        elif self.area_code:
            raise ValidationError({"area_code": "Only CPC roles have an area scope."})

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role in Role.values else "No role"

    @property
    def councils(self) -> frozenset[str]:
        """Councils within the account's scope (all 32 for a national analyst)."""
        from bairn.areas import SCOTLAND, all_areas

        if self.role in NATIONAL_ROLES:
            return frozenset(all_areas()[SCOTLAND].councils)
        if self.role in SCOPED_ROLES and (found := all_areas().get(self.area_code)):
            return frozenset(found.councils)
        return frozenset()

    @property
    def scope_label(self) -> str:
        from bairn.areas import all_areas

        if self.role in NATIONAL_ROLES:
            return "Scotland"
        if self.role in SCOPED_ROLES and (found := all_areas().get(self.area_code)):
            return f"{found.name} ({found.code})"
        return "None"


class SignInFailure(models.Model):
    """One failed sign-in, kept for the throttling window (accounts.throttle)."""

    username = models.CharField(max_length=150)
    address = models.GenericIPAddressField(null=True)
    at = models.DateTimeField()

    class Meta:
        indexes = (models.Index(fields=["username", "at"]), models.Index(fields=["address", "at"]))
