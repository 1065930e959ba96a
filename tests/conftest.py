import os
from pathlib import Path

import pytest

ARTEFACTS = Path(__file__).resolve().parent.parent / "test-artefacts"


@pytest.fixture(autouse=True)
def _no_ambient_store(monkeypatch, tmp_path):
    """Tests never touch a real store in the working directory unless they ask for one."""
    monkeypatch.delenv("BAIRN_DB", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def artefacts() -> Path:
    ARTEFACTS.mkdir(exist_ok=True)
    return ARTEFACTS


os.environ.setdefault("HYPOTHESIS_PROFILE", "default")


@pytest.fixture(scope="session")
def national_store(tmp_path_factory):
    """A national synthetic extract (seed 11, scale 1, to 2025Q2), loaded and computed once per
    test session: the path of its store and its signals."""
    import datetime as dt
    import json

    from tests.stores import synthetic_store

    folder = tmp_path_factory.mktemp("national")
    db, result = synthetic_store(folder, seed=11, end=dt.date(2025, 6, 30))
    return db, json.loads(result.signals_path.read_text(encoding="utf-8"))
