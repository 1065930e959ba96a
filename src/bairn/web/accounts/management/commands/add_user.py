"""Create (or update) an account: `python -m bairn.web.manage add_user NAME --role R [--area A]`.

Prints a new random password once; the person changes it after signing in.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from bairn.web.accounts.models import User
from bairn.web.accounts.roles import Role


class Command(BaseCommand):
    help = "Create or update a Bairn account with a role and (for CPC roles) an area."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--area", default="", help="CPC or council code (CPC roles only).")
        parser.add_argument("--email", default="")

    def handle(self, username, role, area, email, **options):
        user, created = User.objects.get_or_create(username=username)
        user.role = role
        user.area_code = area.strip()
        if email:
            user.email = email
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        try:
            user.full_clean()
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        user.save()
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} {username} ({Role(role).label}). Password: {password}")
