"""Settings from the environment: database, secret key, demo mode."""

from __future__ import annotations

import stat

import pytest

from bairn.errors import BairnError
from bairn.web import config


def test_sqlite_by_default_in_the_data_folder(tmp_path):
    db = config.database(None, tmp_path)
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(tmp_path / "web.sqlite3")


def test_postgres_from_database_url(tmp_path):
    db = config.database("postgres://bairn:s3cret@db.example:5433/bairn_web", tmp_path)
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["HOST"], db["PORT"], db["NAME"]) == ("db.example", 5433, "bairn_web")
    assert (db["USER"], db["PASSWORD"]) == ("bairn", "s3cret")
    assert db["OPTIONS"]["application_name"] == "bairn-web"


def test_postgres_over_a_unix_socket(tmp_path):
    db = config.database("postgres://bairn@%2Ftmp%2Fbairn-pg.x/postgres", tmp_path)
    assert db["HOST"] == "/tmp/bairn-pg.x"


def test_other_databases_are_refused(tmp_path):
    with pytest.raises(BairnError, match="postgres"):
        config.database("mysql://x@y/z", tmp_path)


def test_secret_key_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("BAIRN_SECRET_KEY", "k" * 50)
    assert config.secret_key(tmp_path, demo=False) == "k" * 50
    monkeypatch.setenv("BAIRN_SECRET_KEY", "short")
    with pytest.raises(BairnError, match="shorter"):
        config.secret_key(tmp_path, demo=False)


def test_no_default_secret_key_outside_demo_mode(monkeypatch, tmp_path):
    monkeypatch.delenv("BAIRN_SECRET_KEY", raising=False)
    with pytest.raises(BairnError, match="BAIRN_SECRET_KEY is not set"):
        config.secret_key(tmp_path, demo=False)
    assert not (tmp_path / "secret_key").exists()


def test_demo_mode_generates_and_keeps_a_private_key(monkeypatch, tmp_path):
    monkeypatch.delenv("BAIRN_SECRET_KEY", raising=False)
    folder = tmp_path / "data"
    key = config.secret_key(folder, demo=True)
    assert len(key) >= 50
    assert config.secret_key(folder, demo=True) == key
    assert stat.S_IMODE((folder / "secret_key").stat().st_mode) == 0o600
    assert config.secret_key(tmp_path / "other", demo=True) != key


def test_data_folder_follows_the_store(monkeypatch, tmp_path):
    monkeypatch.delenv("BAIRN_DATA_DIR", raising=False)
    monkeypatch.setenv("BAIRN_DB", str(tmp_path / "store" / "bairn.duckdb"))
    assert config.store_path() == tmp_path / "store" / "bairn.duckdb"
    assert config.data_dir() == tmp_path / "store"
    monkeypatch.setenv("BAIRN_DATA_DIR", str(tmp_path / "web"))
    assert config.data_dir() == tmp_path / "web"


@pytest.mark.parametrize(("value", "expected"), [("1", True), ("yes", True), ("0", False)])
def test_yes_no_values(monkeypatch, value, expected):
    monkeypatch.setenv("BAIRN_DEMO", value)
    assert config.demo_mode() is expected


def test_a_bad_yes_no_value_is_an_error(monkeypatch):
    monkeypatch.setenv("BAIRN_DEMO", "perhaps")
    with pytest.raises(BairnError, match="BAIRN_DEMO"):
        config.demo_mode()
