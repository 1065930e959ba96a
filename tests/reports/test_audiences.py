"""The audience decides what a report may show: the public gets statistics years only and its
report passes the disclosure audit; national analysts get every area side by side."""

from __future__ import annotations

import pytest

from bairn.errors import BairnError
from bairn.publication import publish_results
from bairn.reports import ReportData, build_report, make_report
from bairn.reports.html import render_html
from bairn.reports.model import as_number
from tests.reports.conftest import CPC, PERIOD, SHORT, YEAR


@pytest.fixture(scope="module")
def public_data(area_data):
    return area_data.sibling(audience="public")


@pytest.fixture(scope="module")
def national_data(area_data):
    return area_data.sibling(audience="national")


def test_the_public_gets_no_quarterly_report(public_data):
    with pytest.raises(BairnError, match="the public receives statistics years"):
        make_report(public_data, "cpc", CPC, PERIOD, indicators=SHORT)


def test_a_public_report_for_a_statistics_year_passes_the_audit(public_data, monkeypatch):
    audited = []
    import bairn.reports.build as build

    real = build.checked
    monkeypatch.setattr(build, "checked", lambda p: audited.append(p) or real(p))
    report = make_report(public_data, "cpc", CPC, YEAR, indicators=SHORT)
    assert len(audited) == 1 and audited[0].audience == "public"
    assert audited[0].audit is not None and audited[0].audit.passed
    shown = audited[0].frame
    assert set(shown.period.str[:2]) == {"SY"}  # no quarter reaches the public
    assert report.audience_line.startswith("Audience: public")
    assert report.marking is None
    html = render_html(report)
    assert "OFFICIAL-SENSITIVE" not in html
    trend = next(c for c in report.charts if c.id.endswith("-trend"))
    assert all(str(p).startswith("SY") for p in trend.table.column("Period"))


def test_every_report_from_shared_data_audits_all_it_shows(public_data, monkeypatch):
    """Reports made one after another from the same data (a batch for the public) reuse its
    masked analyses; each must still be audited for every published row it shows."""
    import bairn.reports.build as build

    audited = []
    real = build.checked
    monkeypatch.setattr(build, "checked", lambda p: audited.append(p) or real(p))
    for _ in range(2):
        make_report(public_data, "cpc", CPC, YEAR, indicators=SHORT)
    first, second = (set(map(tuple, p.frame[["area_code", "period"]].values)) for p in audited)
    assert second == first
    assert {(CPC, YEAR), ("S92000003", YEAR)} <= first  # the area's trend and Scotland's funnel


def test_national_report_shows_every_area_with_both_funnel_positions(national_data, store_db):
    report = make_report(national_data, "national", "council", PERIOD, indicators=SHORT)
    frame = publish_results(store_db, audience="national").select(periods=[PERIOD]).frame
    published = frame.set_index(["indicator_id", "area_code"])
    from bairn.areas import all_areas

    codes = {a.name: a.code for a in all_areas().values() if a.type in ("council", "scotland")}
    section = next(s for s in report.sections if s.indicator_id == "concerns_rate")
    funnel = next(c for c in section.charts if c.id.endswith("-funnel"))
    table = funnel.table
    assert len(table.rows) == 33  # Scotland and 32 councils
    for row in table.rows:
        pub = published.loc[("concerns_rate", codes[row[0]])]
        assert [row[1], row[2], row[3]] == [pub.numerator, pub.denominator, pub.value]
    positions = set(table.column("Funnel position")[1:])
    assert positions <= {
        "Within the limits",
        "Above the 95% limit",
        "Above the 99.8% limit",
        "Below the 95% limit",
        "Below the 99.8% limit",
    }
    special = next(t for t in section.tables if t.sheet == "Special causes")
    signals = {part for r in special.rows for part in r[2].split("; ")}
    assert signals <= {"Improvement", "Concern", "Higher", "Lower"}
    assert len({r[0] for r in special.rows}) == len(special.rows)  # one row per area
    recent = {"2024Q3", "2024Q4", "2025Q1", "2025Q2"}
    assert all(set(r[1].split(", ")) <= recent for r in special.rows)
    assert report.marking and "not for publication" in report.marking
    assert len(report.quality[0].rows) == 32
    assert as_number(report.summary_table.rows[0][2]) is not None


def test_errors_are_one_plain_sentence(store_db, area_data):
    with pytest.raises(BairnError, match="name the CPC"):
        build_report("cpc", CPC, PERIOD, "area", "html", store_db)
    with pytest.raises(BairnError, match="Format 'docx' is not available"):
        build_report("cpc", CPC, PERIOD, "area", "docx", store_db, cpc=CPC)
    with pytest.raises(BairnError, match="does not have: not_an_indicator"):
        make_report(area_data, "cpc", CPC, PERIOD, commentary={"not_an_indicator": "x"})
    with pytest.raises(BairnError, match="national report"):
        make_report(area_data, "cpc", "S92000003", PERIOD)


def test_build_report_returns_the_document_bytes(store_db):
    steps = []
    html = build_report(
        "cpc",
        "S12000005",
        PERIOD,
        "area",
        "html",
        store_db,
        cpc=CPC,
        commentary={"concerns_rate": "Seen by the committee."},
        progress=lambda step, done, total: steps.append((done, total)),
    )
    text = html.decode("utf-8")
    assert text.startswith("<!DOCTYPE html>") and "Clackmannanshire: child protection" in text
    assert "Seen by the committee." in text
    assert steps[-1] == (3, 3)


def test_sibling_shares_the_analyses_but_not_the_masking(area_data, public_data):
    assert public_data.results is area_data.results
    assert public_data.raw is area_data.raw
    assert public_data.cache is not area_data.cache
    assert isinstance(area_data, ReportData)


@pytest.mark.parametrize("audience, period", [("area", PERIOD), ("public", YEAR)])
def test_a_reports_own_baseline_rows_are_those_of_every_areas_masked_frame(
    area_data, audience, period
):
    """A CPC report masks only the areas it shows; each row must be what masking every area
    gives (suppressed cells included)."""
    from bairn.areas import SCOTLAND
    from bairn.reports import blocks

    data = area_data if audience == "area" else area_data.sibling(audience="public")
    for indicator_id in SHORT:
        ind = data.catalogue.indicators[indicator_id]
        if ind.unit not in ("percent", "per_1000"):
            continue
        every = blocks.baseline_frame(data, ind, period)
        for areas in ([CPC], [SCOTLAND], [CPC, SCOTLAND]):
            some = blocks.baseline_frame(data, ind, period, areas)
            expected = every[every.area_code.isin(areas)].reset_index(drop=True)
            assert areas != [CPC] or not expected.empty, indicator_id
            assert some.reset_index(drop=True).equals(expected), (indicator_id, areas)
