"""End to end: a synthetic wave of responses for every CPC gives the survey indicators on the
indicator pages (for everyone, after the survey disclosure rule) and, once `bairn voices publish`
has put them in the analytical store, in the CPC report."""

from __future__ import annotations

import re
import shutil

import pytest
from typer.testing import CliRunner

from bairn.areas import SCOTLAND, all_areas, areas_of_type
from bairn.cli import app
from bairn.reports import ReportData, make_report, render
from bairn.reports.voices import TITLE
from bairn.store import Store
from bairn.voices import apply_survey_rule, catalogue, read_survey_results
from bairn.web.voices.aggregate import survey_results
from bairn.web.voices.models import Response, Wave
from bairn.web.voices.synthetic import make_synthetic_waves

pytestmark = pytest.mark.django_db(transaction=True)
CPC = "CPC-ELML"


@pytest.fixture
def synthetic(make_user):
    lead = make_user("cpc_lead", CPC)
    made = make_synthetic_waves("2025-W1", lead, seed=4)
    return made


def test_a_wave_for_every_cpc_reaches_the_pages(client, synthetic):
    assert synthetic.waves == 30 * 3 and Wave.objects.count() == 90
    assert synthetic.responses == Response.objects.count()
    shown = apply_survey_rule(survey_results())
    shown = shown[shown.breakdown == "total"]
    assert set(shown.area_code) == {a.code for a in areas_of_type("cpc")} | {SCOTLAND}

    index = client.get("/voices/indicators/").content.decode()
    for ind in catalogue()["indicators"]:
        scot = shown[(shown.indicator_id == ind["id"]) & (shown.area_code == SCOTLAND)].iloc[0]
        assert f"{scot.value:.1f}%" in index, ind["id"]

    # the page of an indicator with CPCs under the rule (e.g. children who went to a meeting)
    small = shown[shown.value.astype(str).eq("c")]
    assert len(small), "some CPC waves have fewer than 10 answers"
    chosen = small.indicator_id.iloc[0]
    page = client.get(f"/voices/indicators/{chosen}/").content.decode().replace("&#x27;", "'")
    for row in shown[shown.indicator_id == chosen].itertuples(index=False):
        name = "Scotland" if row.area_code == SCOTLAND else all_areas()[row.area_code].name
        cell = "c" if row.value == "c" else f"{row.value:.1f}%"
        answers = "c" if row.denominator == "c" else int(row.denominator)
        pattern = rf">{re.escape(name)}</th><td[^>]*>{answers}</td><td[^>]*>{cell}<"
        assert re.search(pattern, page), name
    assert "suppressed (c)" in page


def test_published_waves_are_in_the_cpc_report(synthetic, national_store, tmp_path):
    db = tmp_path / "bairn.duckdb"
    shutil.copyfile(national_store[0], db)
    result = CliRunner().invoke(app, ["voices", "publish", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "from 30 CPC waves (2025-W1)" in result.output
    with Store(db, read_only=True) as store:
        stored = read_survey_results(store)
    assert len(stored) == len(survey_results())

    data = ReportData.load(db, audience="area", cpc=CPC)
    report = make_report(data, "cpc", CPC, "2025Q2", indicators=["register_rate"])
    html = render(report, "html").decode()
    assert TITLE in html
    shown = apply_survey_rule(survey_results())
    mine = shown[(shown.indicator_id == "VOICE-P01") & (shown.area_code == CPC)
                 & (shown.breakdown == "total")].iloc[0]  # fmt: skip
    assert mine.value == "c" or f"{mine.value:.1f}" in html
