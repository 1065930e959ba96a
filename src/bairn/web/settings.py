"""Django settings for Bairn's web application.

Everything that differs between deployments comes from the environment (see docs/web.md):

  BAIRN_SECRET_KEY        required outside demo mode (never a default)
  BAIRN_DEMO              1 = demo mode: demo accounts, generated key kept in the data folder
  DATABASE_URL            postgres://… for PostgreSQL; unset = SQLite file in the data folder
  BAIRN_DB                the analytical DuckDB store the pages read (bairn serve --db)
  BAIRN_DATA_DIR          folder for the web app's files (default: the store's folder)
  BAIRN_ALLOWED_HOSTS     comma-separated host names (default: localhost names)
  BAIRN_CSRF_TRUSTED_ORIGINS  comma-separated origins, e.g. https://bairn.example.scot
  BAIRN_SECURE_COOKIES    1 = cookies only over HTTPS (default: on, except in demo mode)
  BAIRN_HTTPS_REDIRECT    1 = redirect plain HTTP to HTTPS
  BAIRN_REPORTS_DIR       private folder for reports made in the web app (default: <data>/reports)
"""

from __future__ import annotations

import os
from pathlib import Path

from bairn.web import config

WEB_DIR = Path(__file__).resolve().parent

BAIRN_DEMO = config.demo_mode()
BAIRN_DB = str(config.store_path())
BAIRN_DATA_DIR = config.data_dir()

# Reports made by the "Download report" task wait here for their owner (never served directly:
# only reporting's download view reads them); removed after BAIRN_REPORTS_KEEP_HOURS.
BAIRN_REPORTS_DIR = Path(os.environ.get("BAIRN_REPORTS_DIR") or BAIRN_DATA_DIR / "reports")
BAIRN_REPORTS_KEEP_HOURS = 24

SECRET_KEY = config.secret_key(BAIRN_DATA_DIR, BAIRN_DEMO)
DEBUG = False
ALLOWED_HOSTS = config.env_list("BAIRN_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = config.env_list("BAIRN_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Bairn's apps first so their templates (error pages, sign-in) win.
    "bairn.web.core",
    "bairn.web.accounts",
    "bairn.web.audit",
    "bairn.web.dashboards",
    "bairn.web.voices",
    "bairn.web.programme",
    "bairn.web.tasks",
    "bairn.web.results",
    "bairn.web.submissions",
    "bairn.web.reporting",
    "bairn.web.api",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "bairn.web.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Every view needs a signed-in user unless it is marked @login_not_required (public pages),
    # and a signed-in user must finish two-factor sign-in before any non-public page.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "bairn.web.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "bairn.web.urls"
WSGI_APPLICATION = "bairn.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bairn.web.core.context_processors.layout",
            ],
        },
    }
]

DATABASES = {"default": config.database(os.environ.get("DATABASE_URL"), BAIRN_DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts, passwords, two-factor sign-in
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "accounts:account"
LOGOUT_REDIRECT_URL = "dashboards:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # Older hashes are still checked (and upgraded to Argon2 at the next sign-in).
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
OTP_TOTP_ISSUER = "Bairn"
OTP_TOTP_THROTTLE_FACTOR = 1
# Sign-in throttling: failures within the window, per user name and per client address.
BAIRN_SIGN_IN_WINDOW_SECONDS = 15 * 60
BAIRN_SIGN_IN_MAX_FAILURES_PER_USERNAME = 5
BAIRN_SIGN_IN_MAX_FAILURES_PER_ADDRESS = 20

# Sessions and cookies
SECURE_COOKIES = config.env_bool("BAIRN_SECURE_COOKIES", default=not BAIRN_DEMO)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
# The __Host- prefix tells browsers the cookie is HTTPS-only, host-only and for the whole site.
SESSION_COOKIE_NAME = "__Host-bairn-session" if SECURE_COOKIES else "bairn-session"
CSRF_COOKIE_NAME = "__Host-bairn-csrf" if SECURE_COOKIES else "bairn-csrf"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Strict"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_FAILURE_VIEW = "bairn.web.core.views.csrf_failure"

# Security headers (Content-Security-Policy and Permissions-Policy: core.middleware)
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60  # sent only on HTTPS responses
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = config.env_bool("BAIRN_HTTPS_REDIRECT")
X_FRAME_OPTIONS = "DENY"

# Static files: built by `make` into core/static/vendor, gathered into the data folder by
# `bairn serve` and served by WhiteNoise (no CDN, nothing fetched at run time).
STATIC_URL = "/static/"
STATIC_ROOT = BAIRN_DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 60 * 60
WHITENOISE_ALLOW_ALL_ORIGINS = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING"},
        "bairn.web": {"handlers": ["console"], "level": "INFO"},
    },
}
