"""The CPC quarterly report's content, from a real store: every indicator, every chart drawn and
followed by its table, numbers equal to the audience's publication, comparisons in the period
the audience may see, commentary and annotations, data quality, self-contained HTML."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from bairn.areas import all_areas
from bairn.indicators import load_catalogue
from bairn.publication import publish_results
from bairn.reports.html import render_html
from bairn.reports.model import Chart, as_number
from bairn.reports.similar import similar_areas
from bairn.standard import load_standard
from tests.reports.conftest import CPC, PERIOD, YEAR

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def html(cpc_report) -> str:
    return render_html(cpc_report)


@pytest.fixture(scope="module")
def published(store_db):
    frame = publish_results(store_db, audience="area", cpc=CPC).select().frame
    return {(r.indicator_id, r.area_code, r.period): r for r in frame.itertuples(index=False)}


def _points(svg: str) -> int:
    root = ET.fromstring(svg)
    name = "mark-symbol role-mark layer_1_marks"
    return sum(len(list(g)) for g in root.iter(f"{SVG}g") if name in g.get("class", ""))


def _numeric(values) -> int:
    return sum(1 for v in values if as_number(v) is not None)


def test_every_indicator_has_a_section_in_report_order(cpc_report):
    ids = [s.indicator_id for s in cpc_report.sections]
    assert sorted(ids) == sorted(load_catalogue().indicators)
    assert ids[0] == "concerns_rate"
    catalogue = load_catalogue()
    for section in cpc_report.sections:
        kinds = {c.id.rsplit("-", 1)[1] for c in section.charts}
        notes = " ".join(section.notes)
        if not catalogue.get(section.indicator_id).total_row:  # one value per concern type
            assert not kinds and section.tables[0].sheet == "Categories"
            assert len(section.tables[0].rows) > 3 and "has no total" in notes
            continue
        assert "trend" in kinds or "Trend:" in notes, section.indicator_id
        unit = catalogue.get(section.indicator_id).unit
        if unit == "per_1000":
            assert "funnel" in kinds, section.indicator_id
        elif unit == "percent":  # Scotland's value, the centre line, may be suppressed
            assert "funnel" in kinds or "Funnel plot: not drawn" in notes, section.indicator_id
        else:
            assert "funnel" not in kinds and "No funnel plot" in notes


def test_no_chart_is_empty_and_each_draws_its_tables_numbers(cpc_report):
    for chart in cpc_report.charts:
        drawn = _points(chart.svg)
        assert drawn > 0, chart.id
        values = chart.table.column(next(c.name for c in chart.table.columns if c.kind == "value"))
        if chart.id.endswith("-funnel"):
            values = values[1:]  # the first row is Scotland, the centre line
        assert drawn == _numeric(values), chart.id
        assert chart.description and chart.description in chart.svg.replace("&#x27;", "'")


def test_every_chart_is_followed_by_its_table_in_the_page(cpc_report, html):
    for chart in cpc_report.charts:
        after = html.split(f'<figure id="{chart.id}"', 1)[1]
        nxt = after.find("<figure")
        table_at = after.find(f'<table id="{chart.shown_table.id}"')
        assert table_at > 0 and (nxt == -1 or table_at < nxt), chart.id
        assert html.count("<figure") == len(cpc_report.charts)


def test_the_numbers_shown_are_the_publications(cpc_report, published):
    codes = {a.name: a.code for a in all_areas().values() if a.type in ("cpc", "scotland")}
    checked = 0
    for section in cpc_report.sections:
        table = section.tables[0]  # this area, Scotland and similar areas
        if table.sheet != "Comparison":
            continue
        for row in table.rows:
            pub = published[(section.indicator_id, codes[row[0]], row[2])]
            assert [row[3], row[4], row[5], row[6], row[7]] == [
                pub.numerator,
                pub.denominator,
                pub.value,
                pub.lower95,
                pub.upper95,
            ]
            checked += 1
    assert checked > 200


def _name(code: str) -> str:
    return all_areas()[code].name


def test_comparisons_use_the_statistics_year_the_area_audience_may_see(cpc_report):
    assert cpc_report.comparison_period == YEAR
    assert any(YEAR in n and PERIOD in n for n in cpc_report.method_notes)
    table = cpc_report.sections[0].tables[0]
    labels = table.column("Compared as")
    assert labels[:3] == ["This area", "This area", "Scotland"]
    assert table.column("Period")[:3] == [PERIOD, YEAR, YEAR]
    similar = [_name(c) for c in similar_areas(CPC)]
    assert table.column("Area")[3:] == similar and len(similar) == 5


def test_other_areas_suppressed_values_are_not_drawn_and_are_said(cpc_report):
    funnels = [c for c in cpc_report.charts if c.id.endswith("-funnel")]
    hidden = [c for c in funnels if "c" in c.table.column(c.table.columns[3].name)]
    assert hidden, "the public tables suppress some small CPCs' statistics-year figures"
    for chart in hidden:
        n = chart.table.column(chart.table.columns[3].name).count("c")
        assert f"{n} CPC" in chart.description and "suppressed (c)" in chart.description


def test_commentary_questions_and_annotations_appear(cpc_report, html):
    section = next(s for s in cpc_report.sections if s.indicator_id == "register_rate")
    assert "<p>We will look again next quarter.</p>" in html
    assert html.count("No commentary has been recorded") == len(cpc_report.sections) - 1
    for q in section.questions:
        assert q.replace("'", "&#39;") in html
    trend = next(c for c in section.charts if c.id.endswith("-trend"))
    assert "Neglect review starts</text>" in trend.svg


def test_audience_and_marking_are_stated_in_header_and_footer(cpc_report, html):
    line = "Audience: Clackmannanshire and Stirling CPC staff. OFFICIAL-SENSITIVE"
    assert cpc_report.audience_line.startswith(line)
    header = html.split('<header class="running-header"', 1)[1].split("</header>")[0]
    footer = html.split('<footer class="running-footer"', 1)[1].split("</footer>")[0]
    assert line in header and line in footer  # every PDF page: tests/reports/test_formats.py


def test_html_is_self_contained_and_accessible(html):
    assert "<script" not in html and "<link" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert '<html lang="en-GB">' in html
    assert html.count('role="img"') == html.count("<svg ")
    assert '<th scope="col"' in html and "<caption>" in html


def test_data_quality_lists_each_councils_submissions(cpc_report):
    table = cpc_report.quality[0]
    assert table.column("Council") == ["Clackmannanshire", "Stirling"]
    assert table.column("Quarters loaded") == [44, 44]
    assert table.column("First") == ["2014Q3", "2014Q3"]
    assert table.column("Last") == [PERIOD, PERIOD]
    assert table.column("Missing quarters") == ["none", "none"]
    assert set(table.column("Standard version")) == {load_standard().current}
    recent = cpc_report.quality[1]
    assert [c.name for c in recent.columns][1:] == ["2024Q3", "2024Q4", "2025Q1", "2025Q2"]


def test_summary_has_a_row_per_indicator_and_says_what_stands_out(cpc_report):
    assert len(cpc_report.summary_table.rows) == len(cpc_report.sections)
    assert cpc_report.summary[0].text.startswith(("Special-cause variation", "No indicator"))
    values = cpc_report.summary_table.column(f"Value, {PERIOD}")
    assert _numeric(values) >= 25


def test_scotland_is_a_baseline_row_when_published(cpc_report):
    section = next(s for s in cpc_report.sections if s.indicator_id == "concerns_rate")
    baseline = next(t for t in section.tables if t.sheet == "Baseline")
    assert baseline.column("Area")[0] == "Clackmannanshire and Stirling"
    assert baseline.column("Baseline period")[0] == "2016Q2"
    assert "Scotland" in baseline.column("Area")
    assert any(isinstance(b, Chart) for b in section.blocks)
