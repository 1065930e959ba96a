"""Fixtures for the reports made in the web app: the statistics tests' small store (one per
session, tests/web/conftest.py) with the public, national and CPC-ELML figures prepared, and reports
shortened to a few indicators so each build takes seconds, not a minute."""

from __future__ import annotations

import functools

import pytest

from tests.web.statistics.conftest import (  # noqa: F401  (fixtures used by this package)
    isolated_publications,
    prepared,
    signed_in,
)

CPC = "CPC-ELML"  # the CPC lead's scope in these tests (East Lothian S12000010 + Midlothian)
OTHER_CPC = "CPC-CLST"
SHORT = ["register_rate", "concerns_rate"]
COMMENTED = "register_rate"


@pytest.fixture
def short_reports(monkeypatch, settings, tmp_path):
    """build_report makes a report of SHORT indicators only; reports go to a folder of this
    test's own."""
    import bairn.reports.build as build

    short = functools.partial(build.make_report, indicators=SHORT)
    monkeypatch.setattr(build, "make_report", short)
    settings.BAIRN_REPORTS_DIR = tmp_path / "reports"
    return settings.BAIRN_REPORTS_DIR


@pytest.fixture
def periods(prepared):  # noqa: F811  (the fixture imported above)
    """The periods offered to the area audience of CPC-ELML and to the public, newest first."""
    from bairn.web.reporting.access import report_periods
    from bairn.web.results import publications
    from bairn.web.results.audience import PUBLIC, Audience

    area = Audience("area", CPC)
    out = {}
    for audience in (area, PUBLIC):
        prep, _ = publications.current(audience)
        out[audience.name] = [p for _, labels in report_periods(prep, audience) for p in labels]
    return out
