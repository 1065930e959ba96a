"""Django set-up for `bairn` commands that use the web database (programme, voices): the site's
settings, a throw-away secret key when none is configured (these commands sign nothing), and
the schema brought up to date."""

from __future__ import annotations

import os
import secrets


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bairn.web.settings")
    os.environ.setdefault("BAIRN_SECRET_KEY", secrets.token_urlsafe(50))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
