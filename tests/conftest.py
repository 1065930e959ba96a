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
