"""Every CPC's quarterly report for the latest quarter generates, each for its own staff (the
area audience: its own publication), as `bairn report cpc --area all` makes them. A short list
of indicators keeps this quick; the benchmark (benchmarks/bench_reports.py) makes the full
reports of all 30 CPCs as PDF."""

from __future__ import annotations

from bairn.areas import areas_of_type
from bairn.reports.batch import build_cpc_reports
from tests.reports.conftest import PERIOD

INDICATORS = ["register_rate", "initial_meeting_timely"]


def test_every_cpc_report_for_the_latest_quarter(store_db):
    codes = sorted(a.code for a in areas_of_type("cpc"))
    made = dict(build_cpc_reports(store_db, None, "html", indicators=INDICATORS, workers=1))
    assert sorted(made) == codes
    for code, content in made.items():
        html = content.decode("utf-8")
        name = next(a.name for a in areas_of_type("cpc") if a.code == code)
        assert f"{name}: child protection quarterly report, {PERIOD}" in html, code
        assert f"Audience: {name} CPC staff." in html, code  # its own publication
        assert html.count('role="img"') >= 2, code  # each indicator's charts drawn
