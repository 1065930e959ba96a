"""The PDF's compact layout: every chart is still followed by a table of its data (the brief
one: Scotland, this area and the areas outside the funnel limits), and what the PDF leaves out
is in the HTML report and the XLSX. And the worker processes of `--area all` make the same
reports as one process does."""

from __future__ import annotations

import io
import time
from html import escape

import openpyxl
import pytest

from bairn.reports import render
from bairn.reports.batch import build_cpc_reports
from bairn.reports.brief import OUTSIDE
from bairn.reports.html import render_html
from bairn.reports.pdf import report_document
from tests.reports.conftest import CPC

AREA = "Clackmannanshire and Stirling"


def test_every_chart_in_the_pdf_is_followed_by_its_brief_table(cpc_report):
    sections = report_document(cpc_report)["groups"]
    blocks = [b for g in sections for s in g["sections"] for b in s["blocks"]]
    drawn = [b for b in blocks if b["kind"] == "chart"]
    assert len(drawn) == len(cpc_report.charts) > 0
    for chart, block in zip(cpc_report.charts, drawn, strict=True):
        assert block["svg"] == chart.svg
        assert block["alt"].startswith(chart.title) and chart.description in block["alt"]
        assert block["table"]["caption"] == chart.print_table.caption, chart.id
        assert len(block["table"]["rows"]) == len(chart.print_table.rows), chart.id


def test_the_brief_funnel_table_keeps_scotland_the_area_and_the_outliers(cpc_report):
    funnels = [c for c in cpc_report.charts if c.id.endswith("-funnel")]
    assert funnels
    for chart in funnels:
        brief, full = chart.print_table, chart.shown_table
        areas = brief.column("Area")
        assert areas[0] == "Scotland" and AREA in areas, chart.id
        assert [areas[i] for i in brief.emphasise] == [AREA], chart.id
        position = brief.columns[-1].name
        assert position in ("Position", "Allowing for overdispersion"), chart.id
        outside = [r[0] for r in full.rows if r[full.columns.index(brief.columns[-1])] in OUTSIDE]
        assert set(outside) <= set(areas), chart.id
        assert {tuple(r[:3]) for r in brief.rows} <= {tuple(r[:3]) for r in full.rows}
        if len(brief.rows) < len(full.rows):  # the rest is named as being elsewhere
            assert "HTML report and the XLSX" in brief.caption, chart.id


def test_what_the_pdf_leaves_out_is_in_the_html_and_the_xlsx(cpc_report):
    web = render_html(cpc_report)
    workbook = openpyxl.load_workbook(io.BytesIO(render(cpc_report, "xlsx")))
    funnel_rows = sum(1 for _ in workbook["Funnel"].iter_rows(min_row=5))
    trend_rows = sum(1 for _ in workbook["Trend"].iter_rows(min_row=5))
    charts = cpc_report.charts
    assert funnel_rows >= sum(len(c.table.rows) for c in charts if c.id.endswith("-funnel"))
    assert trend_rows >= sum(len(c.table.rows) for c in charts if c.id.endswith("-trend"))
    for chart in charts:
        for row in chart.shown_table.rows:
            assert f">{escape(str(row[0]))}<" in web, (
                chart.id
            )  # every row's header, in the HTML report


@pytest.mark.parametrize("fmt", ["html", "pdf", "xlsx"])
def test_worker_processes_make_the_same_reports_as_one_process(store_db, fmt):
    """Same bytes, in every format: the reports are dated by their indicator run, never by the
    clock, so a report made again (a second later, in another process) is the same file."""
    codes = [CPC, "CPC-ELML", "CPC-S12000006"]
    indicators = ["register_rate"]
    alone = dict(
        build_cpc_reports(store_db, None, fmt, areas=codes, indicators=indicators, workers=1)
    )
    time.sleep(1.1)  # the zip and PDF clocks count whole seconds
    pooled = dict(
        build_cpc_reports(store_db, None, fmt, areas=codes, indicators=indicators, workers=2)
    )
    assert sorted(pooled) == sorted(codes)
    for code in codes:
        assert pooled[code] == alone[code], code


def test_a_pdf_that_cannot_be_written_is_one_plain_error(cpc_report):
    import copy

    from bairn.errors import BairnError
    from bairn.reports.pdf import render_pdf

    broken = copy.deepcopy(cpc_report)
    broken.charts[0].svg = "<svg this is not a picture"
    with pytest.raises(
        BairnError, match=r"^The PDF could not be written \(failed to parse SVG.*HTML or XLSX"
    ) as caught:
        render_pdf(broken)
    assert "\n" not in str(caught.value) and "Traceback" not in str(caught.value)
