"""Demo accounts, one per role, that exist only in demo mode (BAIRN_DEMO=1 / --demo).

Each start of the demo gives every demo account a new random password, printed by `bairn serve`;
outside demo mode the accounts are switched off and their passwords made unusable, so no known
password ever works on a real deployment.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from bairn.errors import BairnError
from bairn.web.accounts.models import User
from bairn.web.accounts.roles import Role

DEMO_ACCOUNTS: tuple[tuple[str, str, str], ...] = (
    ("demo-national-analyst", Role.NATIONAL_ANALYST, ""),
    ("demo-cpc-lead", Role.CPC_LEAD, "CPC-ELML"),
    ("demo-cpc-analyst", Role.CPC_ANALYST, "CPC-ELML"),
    ("demo-programme-owner", Role.PROGRAMME_OWNER, ""),
    ("demo-admin", Role.ADMINISTRATOR, ""),
)
DEMO_USERNAMES = tuple(name for name, _, _ in DEMO_ACCOUNTS)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    role_label: str
    area: str
    password: str


def ensure_demo_accounts() -> list[DemoAccount]:
    if not settings.BAIRN_DEMO:
        raise BairnError("Demo accounts exist only in demo mode (BAIRN_DEMO=1 or --demo).")
    accounts = []
    with transaction.atomic():
        for username, role, area in DEMO_ACCOUNTS:
            user, _ = User.objects.get_or_create(username=username)
            password = secrets.token_urlsafe(12)
            user.role = role
            user.area_code = area
            user.first_name = "Demo"
            user.is_active = True
            user.set_password(password)
            user.full_clean()
            user.save()
            accounts.append(DemoAccount(username, role, Role(role).label, area, password))
    return accounts


def disable_demo_accounts() -> int:
    """Outside demo mode: demo accounts cannot sign in (no usable password, inactive)."""
    count = 0
    for user in User.objects.filter(username__in=DEMO_USERNAMES, is_active=True):
        user.set_unusable_password()
        user.is_active = False
        user.save(update_fields=["password", "is_active"])
        count += 1
    return count
