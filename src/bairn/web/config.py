"""Configuration read from the environment, kept apart from settings.py so it can be tested.

Nothing here imports Django. Every value has one source: an environment variable, else a safe
default; a secret never has a default outside demo mode.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from bairn.errors import BairnError

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    value = value.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise BairnError(f"{name}={value!r} is not a yes/no value; set it to 1 or 0.")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def demo_mode() -> bool:
    """Demo mode (BAIRN_DEMO=1 or `bairn serve --demo`): demo accounts and a generated key."""
    return env_bool("BAIRN_DEMO")


def store_path() -> Path:
    """The analytical DuckDB store the pages read results from (bairn.store.resolve_db_path)."""
    from bairn.store import resolve_db_path

    return resolve_db_path().resolve()


def data_dir() -> Path:
    """Folder for the web application's own files: $BAIRN_DATA_DIR, else the store's folder."""
    if value := os.environ.get("BAIRN_DATA_DIR"):
        return Path(value).resolve()
    return store_path().parent


def database(url: str | None, folder: Path) -> dict:
    """Django's DATABASES['default']: PostgreSQL (or another server) from a URL, else SQLite."""
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(folder / "web.sqlite3"),
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    scheme = urlsplit(url).scheme
    if scheme not in ("postgres", "postgresql", "pgsql", "sqlite"):
        raise BairnError(
            f"DATABASE_URL uses {scheme!r}; Bairn supports postgres://… and sqlite:///… only."
        )
    import dj_database_url

    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"].endswith("postgresql"):
        config.setdefault("OPTIONS", {}).setdefault("application_name", "bairn-web")
    return config


def secret_key(folder: Path, demo: bool) -> str:
    """$BAIRN_SECRET_KEY; in demo mode a key generated once and kept in the data folder.

    Outside demo mode there is no default: a missing key is an error, never a known value.
    """
    if value := os.environ.get("BAIRN_SECRET_KEY"):
        if len(value) < 32:
            raise BairnError("BAIRN_SECRET_KEY is shorter than 32 characters; generate a long one.")
        return value
    if not demo:
        raise BairnError(
            "BAIRN_SECRET_KEY is not set. Set it to a long random value (for example the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`), or use --demo."
        )
    path = folder / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    folder.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process wrote it first
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key
