"""Remove an account's authenticator devices: at next sign-in the person sets one up again."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from bairn.web import audit
from bairn.web.accounts.models import User


class Command(BaseCommand):
    help = "Reset an account's two-factor sign-in (after a lost phone)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"There is no account called {username!r}.") from None
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        audit.record(None, "two_factor.reset", user, {"by": "manage reset_two_factor"})
        self.stdout.write(f"Removed {removed} device(s) for {username}.")
