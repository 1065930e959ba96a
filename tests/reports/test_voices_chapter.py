"""The CPC report's Voices chapter: survey indicators from the store (`bairn voices publish`
writes them) or passed in, each CPC wave beside Scotland, after the survey disclosure rule."""

from __future__ import annotations

import io
import random
import shutil

import openpyxl
import pandas as pd
import pytest

from bairn.areas import SCOTLAND, areas_of_type
from bairn.reports import ReportData, make_report, render
from bairn.reports.voices import TITLE
from bairn.store import Store
from bairn.voices import aggregate, apply_survey_rule, catalogue, save_survey_results
from tests.reports.conftest import CPC, PERIOD

AGREE = ["strongly_agree", "agree", "disagree", "dont_know"]
FREQUENCY = ["always", "usually", "sometimes", "never"]


def _facts(seed: int = 5) -> pd.DataFrame:
    """Answers from two waves of every CPC: CPC-CLST has 4 answers to the children's survey in
    the first wave (under the rule's 10) and plenty in the second."""
    rng = random.Random(seed)
    rows = []
    for wave in ("2024-W1", "2025-W1"):
        for cpc in [a.code for a in areas_of_type("cpc")]:
            for _ in range(rng.randint(12, 40)):
                answers = {
                    q: rng.choice(AGREE)
                    for q in (
                        "confident_neglect",
                        "confident_act",
                        "know_neglect",
                        "know_procedures",
                    )
                }
                answers["agency"] = rng.choice(["health", "education", "police"])
                rows.append((cpc, wave, "practitioner", answers))  # fmt: skip
            children = 4 if (cpc == CPC and wave == "2024-W1") else rng.randint(10, 25)
            for _ in range(children):
                answers = {"listened": rng.choice(FREQUENCY), "understand": rng.choice(FREQUENCY),
                           "meeting_went": "yes", "meeting_help": rng.choice(["yes", "no"]),
                           "safer": rng.choice(["yes", "not_always"])}  # fmt: skip
                rows.append((cpc, wave, "children-8plus", answers))
    return pd.DataFrame(rows, columns=["cpc_code", "period", "instrument_id", "answers"])


@pytest.fixture(scope="module")
def surveys() -> pd.DataFrame:
    return aggregate(_facts())


@pytest.fixture(scope="module")
def report(area_data, surveys):
    return make_report(
        area_data.with_surveys(apply_survey_rule(surveys)),
        "cpc",
        CPC,
        PERIOD,
        indicators=["register_rate"],
    )


def test_every_survey_indicator_has_a_section_with_the_protected_figures(report, surveys):
    group = next(g for g in report.groups if g.title == TITLE)
    assert [s.indicator_id for s in group.sections] == [i["id"] for i in catalogue()["indicators"]]
    shown = apply_survey_rule(surveys)
    shown = shown[shown.breakdown == "total"].set_index(["indicator_id", "area_code", "period"])
    suppressed = 0
    for section in group.sections:
        assert section.questions and section.definition
        (table,) = section.tables
        assert table.sheet == "Voices"
        for wave, answers, value, lower, upper, scotland in table.rows:
            mine = shown.loc[(section.indicator_id, CPC, wave)]
            assert (answers, value, lower, upper) == (
                mine.denominator,
                mine.value,
                mine.lower95,
                mine.upper95,
            )
            assert scotland == shown.loc[(section.indicator_id, SCOTLAND, wave)].value
            if answers == "c" or answers < 10:
                assert value == lower == upper == "c"
                suppressed += 1
    assert suppressed >= 4  # the children's survey in CPC-CLST's first wave (4 answers: "c")


def test_the_chapter_reaches_html_and_xlsx(report):
    html = render(report, "html").decode()
    assert TITLE in html and "Practitioners confident to act on concerns about neglect" in html
    book = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))
    sheet = book["Voices"]
    ids = {row[0] for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]}
    assert {"VOICE-P01", "VOICE-C04"} <= ids


def test_a_report_reads_the_survey_indicators_the_store_holds(store_db, surveys, tmp_path):
    copy = tmp_path / "bairn.duckdb"
    shutil.copyfile(store_db, copy)
    assert ReportData.load(copy, audience="area", cpc=CPC).surveys.empty
    with Store(copy) as store:
        assert save_survey_results(store, surveys) == len(surveys)
    data = ReportData.load(copy, audience="area", cpc=CPC)
    assert set(data.surveys.indicator_id) == {i["id"] for i in catalogue()["indicators"]}
    assert (data.surveys.breakdown == "total").all()
    made = make_report(data, "cpc", "S12000005", PERIOD, indicators=["register_rate"])
    assert any(g.title == TITLE for g in made.groups)  # a council's report: its CPC's waves


def test_no_survey_no_chapter(area_data):
    made = make_report(area_data, "cpc", CPC, PERIOD, indicators=["register_rate"])
    assert all(g.title != TITLE for g in made.groups)
