"""Settings for the test suite: production settings, with a throw-away key and data folder.

scripts/run-tests.sh exports DATABASE_URL for a PostgreSQL server it starts for the run; without
it the tests use SQLite in memory (the browser tests then skip: they need a real server).
"""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import tempfile

os.environ.setdefault("BAIRN_SECRET_KEY", secrets.token_urlsafe(50))
if "BAIRN_DATA_DIR" not in os.environ:
    os.environ["BAIRN_DATA_DIR"] = tempfile.mkdtemp(prefix="bairn-web-test-")
    atexit.register(shutil.rmtree, os.environ["BAIRN_DATA_DIR"], ignore_errors=True)

from django.contrib.auth.hashers import Argon2PasswordHasher

from bairn.web.settings import *  # noqa: F403
from bairn.web.settings import BAIRN_DATA_DIR, STORAGES

# Never a store in the working directory: tests that need one build it and point at it.
BAIRN_DB = str(BAIRN_DATA_DIR / "bairn.duckdb")


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2, as in production, at a cost low enough for tests that sign in (0.25 s → 1 ms)."""

    time_cost = 1
    memory_cost = 1024
    parallelism = 1


PASSWORD_HASHERS = ["bairn.web.settings_test.QuickArgon2PasswordHasher"]

# Tests read static files from the apps' folders (no collectstatic run).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
