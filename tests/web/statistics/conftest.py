"""A small analytical store for the statistics pages, the API and the uploads, built once for
this package from synthetic data (scale 0.2, August 2014 to July 2019: the 2016 baseline and
five statistics years), with the indicators computed.

- `statistics_store`: the store's path (package-scoped; tests must not write to it).
- `prepared`: settings.BAIRN_DB points at the store and the public, national and CPC-ELML
  publications are prepared in memory (what the task worker does for a running server).
- `writable_store`: a copy of the store for one test (uploads load into it); nothing prepared
  (call `prepare_all(path)` for that).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from django.test import override_settings

SEED = 3
START, END = dt.date(2014, 8, 1), dt.date(2019, 7, 31)


@pytest.fixture(scope="package")
def statistics_folder(tmp_path_factory) -> Path:
    synth = pytest.importorskip("bairn.synth", reason="the synthetic data generator is missing")
    from bairn.indicators import compute
    from bairn.store import SourceFile, Store
    from bairn.store.files import read_clean_extract

    folder = tmp_path_factory.mktemp("statistics")
    synth.generate(folder / "extract", seed=SEED, scale=0.2, start=START, end=END)
    with Store(folder / "bairn.duckdb") as store:
        frames = read_clean_extract(folder / "extract")
        store.load(frames, files=[SourceFile("synth", "0" * 64)], version="1.1")
        compute(store)
    return folder


@pytest.fixture(scope="package")
def statistics_store(statistics_folder) -> Path:
    return statistics_folder / "bairn.duckdb"


def prepare_all(path: Path) -> None:
    from bairn.web.results import publications
    from bairn.web.results.audience import NATIONAL, PUBLIC, Audience

    publications.forget()
    for audience in (PUBLIC, NATIONAL, Audience("area", "CPC-ELML")):
        publications.prepare(audience)


@pytest.fixture(scope="package")
def prepared(statistics_store):
    from bairn.web.results import publications

    with override_settings(BAIRN_DB=str(statistics_store)):
        prepare_all(statistics_store)
        yield statistics_store
    publications.forget()


@pytest.fixture
def isolated_publications():
    """This test may prepare or forget publications: the package's are put back afterwards."""
    from bairn.web import analytical
    from bairn.web.results import pagecache, publications

    saved = dict(publications._prepared), dict(publications._raw)
    publications.forget()
    yield
    publications.forget()
    publications._prepared.update(saved[0])
    publications._raw.update(saved[1])
    pagecache.clear()
    analytical.forget_run()


@pytest.fixture
def writable_store(statistics_store, tmp_path, isolated_publications):
    """A copy of the store this test may change (nothing prepared in memory for it)."""
    copy = tmp_path / "bairn.duckdb"
    shutil.copyfile(statistics_store, copy)
    with override_settings(BAIRN_DB=str(copy)):
        yield copy


@pytest.fixture
def worker_thread(writable_store):
    """The task worker running in this process, as `bairn serve` runs it (for live-server
    tests); stopped afterwards, once the task it is running has finished."""
    from bairn.web.tasks import worker
    from bairn.web.tasks.models import Status, Task

    worker.start()
    yield
    Task.objects.filter(status=Status.QUEUED).delete()
    worker.stop(timeout=180)
    assert not worker.running()


@pytest.fixture
def signed_in(client, make_user, sign_in):
    """A test client signed in (two-factor done) as a new account of `role` in `area`."""

    def make(role: str, area: str = ""):
        user = make_user(role, area)
        sign_in(client, user)
        return client, user

    return make
