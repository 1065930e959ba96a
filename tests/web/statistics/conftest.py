"""A small analytical store for the statistics pages, the API and the uploads, built once for
this package from synthetic data (scale 0.2, August 2014 to July 2019: the 2016 baseline and
five statistics years), with the indicators computed.

- `statistics_store`: the store's path (tests/web/conftest.py, built once per session and
  shared with tests/web/reporting; tests must not write to it).
- `prepared`: settings.BAIRN_DB points at the store and the public, national and CPC-ELML
  publications are prepared in memory (what the task worker does for a running server).
- `writable_store`: a copy of the store for one test (uploads load into it); nothing prepared
  (call `prepare_all(path)` for that).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.test import override_settings


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
