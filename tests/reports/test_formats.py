"""The PDF and XLSX read back: their numbers are the ones `bairn indicators` prints for the same
audience; the PDF states the audience on every page, numbers its pages, lists its contents and is
tagged; pages are rendered to PNG in test-artefacts/ for a look."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from bairn.cli import app
from bairn.reports import make_report, render
from bairn.reports.model import as_number
from tests.reports.conftest import CPC, PERIOD, SHORT, YEAR

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext/pdftoppm (Debian poppler-utils) missing"
)
DECIMALS = {"percent": 1, "per_1000": 2, "days": 1, "ratio": 2, "count": 0}


@pytest.fixture(scope="module")
def short_report(area_data):
    return make_report(area_data, "cpc", CPC, PERIOD, indicators=SHORT)


@pytest.fixture(scope="module")
def pdf(short_report, tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    path.write_bytes(render(short_report, "pdf"))
    return path


@pytest.fixture(scope="module")
def indicators_csv(store_db) -> pd.DataFrame:
    """What `bairn indicators` prints for the area audience: the reference for every number."""
    args = [
        "indicators",
        "--db",
        str(store_db),
        "--audience",
        "area",
        "--cpc",
        CPC,
        "--format",
        "csv",
        "--area",
        CPC,
        "--area",
        "S92000003",
        "--period",
        PERIOD,
        "--period",
        YEAR,
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    body = "\n".join(line for line in result.output.splitlines() if not line.startswith("#"))
    return pd.read_csv(io.StringIO(body), dtype=str, keep_default_na=False)


def _text(value: str, unit: str, kind: str) -> str:
    number = as_number(value)
    if number is None:
        return value
    return f"{number:,.0f}" if kind == "count" else f"{number:,.{DECIMALS[unit]}f}"


@needs_poppler
def test_pdf_numbers_are_those_bairn_indicators_prints(pdf, short_report, indicators_csv):
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", " ", text)
    ref = indicators_csv
    rows = ref[ref.indicator_id.isin(SHORT) & (ref.area_code == CPC) & (ref.breakdown == "total")]
    checked = 0
    for r in rows.itertuples(index=False):
        expected = " ".join(
            [r.period]
            + [_text(getattr(r, c), r.unit, "count") for c in ("numerator", "denominator")]
            + [_text(getattr(r, c), r.unit, "value") for c in ("value", "lower95", "upper95")]
        )
        assert expected in flat, (r.indicator_id, expected)
        checked += 1
    assert checked == 2 * len(SHORT)  # the quarter and the statistics year for each


@needs_poppler
def test_pdf_pages_state_the_audience_number_themselves_and_list_contents(pdf, short_report):
    info = subprocess.run(["pdfinfo", "-isodates", str(pdf)], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])
    computed = short_report.dated.strftime("%Y-%m-%dT%H:%M:%SZ")  # the run's date, not the clock
    assert re.search(rf"CreationDate:\s+{computed}", info), info
    assert re.search(r"Tagged:\s+yes", info)
    assert re.search(r"Title:\s+Clackmannanshire and Stirling: child protection quarterly", info)
    for page in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
            capture_output=True,
            text=True,
        ).stdout
        assert "Audience: Clackmannanshire and Stirling CPC staff. OFFICIAL-SENSITIVE" in text
        assert f"Page {page} of {pages}" in text
    contents = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
    ).stdout
    for section in short_report.sections:
        # Typst joins the page number to its dots with a word joiner (U+2060)
        assert re.search(re.escape(section.title) + r"[ .\u2060]+\d+", contents), section.title


@needs_poppler
def test_pdf_is_tagged_headings_tables_and_charts_with_their_text(pdf, short_report):
    tree = subprocess.run(
        ["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    tags = [line.strip().split(":")[0].split(" ")[0] for line in tree.splitlines()]
    report = short_report
    tables = 1 + len(report.quality) + sum(len(s.blocks) for s in report.sections)
    assert tags.count("Figure") == len(report.charts) > 0
    assert tags.count("Table") == tables and tags.count("THead") == tables
    # contents, summary, quality, notes and the groups; what stands out, and each indicator
    assert tags.count("H1") == 4 + len(report.groups)
    assert tags.count("H2") == 1 + len(report.sections)
    assert tags.count("TOCI") == tags.count("H1") - 1 + tags.count("H2")  # all but contents
    flat = re.sub(r"\s+", " ", tree)
    for chart in report.charts:  # each chart is read out with its title
        assert chart.title in flat, chart.id


@needs_poppler
def test_pdf_pages_render_for_a_visual_check(pdf, artefacts):
    for old in artefacts.glob("reports-cpc-page-*.png"):
        old.unlink()
    prefix = artefacts / "reports-cpc-page"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "8", str(pdf), str(prefix)], check=True
    )
    pngs = sorted(artefacts.glob("reports-cpc-page-*.png"))
    assert len(pngs) == 8 and all(p.stat().st_size > 10_000 for p in pngs)


def test_xlsx_numbers_are_numbers_and_equal_bairn_indicators(cpc_report, indicators_csv):
    wb = openpyxl.load_workbook(io.BytesIO(render(cpc_report, "xlsx")))
    assert wb.sheetnames[:3] == ["Cover", "Notes", "Summary"]
    for sheet in ("Comparison", "Categories", "Trend", "Funnel", "Baseline", "Commentary"):
        assert sheet in wb.sheetnames
    ws = wb["Comparison"]
    header = [c.value for c in ws[4]]
    rows = [dict(zip(header, [c.value for c in r], strict=True)) for r in ws.iter_rows(min_row=5)]
    reference = indicators_csv[
        (indicators_csv.area_code == CPC) & (indicators_csv.breakdown == "total")
    ]
    reference = reference.set_index(["indicator_id", "period"])
    checked = 0
    for row in rows:
        if row["Area"] != "Clackmannanshire and Stirling":
            continue
        ref = reference.loc[(row["Indicator id"], row["Period"])]
        for col, name in (
            ("numerator", "Numerator"),
            ("denominator", "Denominator"),
            ("value", "Value"),
            ("lower95", "95% lower"),
        ):
            expected = as_number(ref[col])
            if expected is None:
                assert row[name] == ref[col]  # the GSS symbol, as text
            else:
                assert isinstance(row[name], int | float) and row[name] == pytest.approx(
                    expected, rel=1e-12
                )
        checked += 1
    assert checked >= 60
    notes = [r[0].value for r in wb["Notes"].iter_rows(min_row=2)]
    assert {"Symbol c", "Symbol z", "Symbol :"} <= set(notes)
    commentary = {r[0].value: r[3].value for r in wb["Commentary"].iter_rows(min_row=5)}
    assert commentary["register_rate"].startswith("The register fell")


def test_xlsx_is_dated_by_the_indicator_run(cpc_report):
    workbook = openpyxl.load_workbook(io.BytesIO(render(cpc_report, "xlsx")))
    assert workbook.properties.created == cpc_report.dated.replace(microsecond=0)
    assert workbook.properties.modified == cpc_report.dated.replace(microsecond=0)
