"""A small national store for the report tests (synthetic, scale 0.2, August 2014 to June 2025),
built once per session, and the reports made from it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bairn.indicators import compute
from bairn.standard import load_standard
from bairn.store import SourceFile, Store
from bairn.store.files import read_clean_extract

synth = pytest.importorskip("bairn.synth", reason="the synthetic data generator is not built yet")

CPC = "CPC-CLST"  # Clackmannanshire and Stirling: a CPC of two councils
PERIOD = "2025Q2"
YEAR = "SY2023-24"
# A short report for the slow formats (PDF): one indicator of each unit, with and without a
# funnel, a baseline test and a suppressed value.
SHORT = [
    "concerns_rate",
    "concern_to_ird",
    "initial_meeting_timely",
    "register_rate",
    "register_count",
    "mean_registration_days",
    "simd_gradient_ratio",
]


@pytest.fixture(scope="session")
def store_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("reports-store")
    synth.generate(
        folder / "extract", seed=7, scale=0.2, start=dt.date(2014, 8, 1), end=dt.date(2025, 6, 30)
    )
    db = folder / "bairn.duckdb"
    with Store(db) as store:
        frames = read_clean_extract(folder / "extract")
        version = load_standard().current
        store.load(
            frames, files=[SourceFile("synth", "0" * 64)], version=version, loaded_by="tests"
        )
        compute(store)
    return db


@pytest.fixture(scope="session")
def area_data(store_db):
    from bairn.reports import ReportData

    return ReportData.load(store_db, audience="area", cpc=CPC)


@pytest.fixture(scope="session")
def cpc_report(area_data):
    from bairn.reports import make_report

    commentary = {
        "register_rate": "The register fell after the review of neglect cases.\n\n"
        "We will look again next quarter."
    }
    annotations = {"register_rate": [{"period": "2021Q3", "label": "Neglect review starts"}]}
    return make_report(
        area_data, "cpc", CPC, PERIOD, commentary=commentary, annotations=annotations
    )
