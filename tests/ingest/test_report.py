"""The issue report: terminal, CSV, JSON and XLSX carry the same long table."""

import csv
import io
import json

import openpyxl
import pytest
from rich.console import Console

from bairn.errors import BairnError
from bairn.ingest.engine import validate
from bairn.ingest.model import ISSUE_FIELDS
from bairn.ingest.report import format_for, render_text, rule_counts, write_report
from tests.ingest.builders import AS_OF, clean, submission


@pytest.fixture(scope="module")
def result():
    t = clean()
    for c in t["concerns"]:
        c["source"] = "=cmd|' /C calc'!A0"  # formula injection must stay text in Excel
    t["irds"][0]["end_date"] = "soon"
    t["irds"][1]["concern_id"] = "K404"
    return validate(submission(t), as_of=AS_OF)


def test_counts_by_rule_errors_first(result):
    assert rule_counts(result) == [
        {"rule": "G01", "name": "date", "severity": "error", "count": 1},
        {"rule": "G05", "name": "code-list", "severity": "error", "count": 3},
        {"rule": "G08", "name": "reference-elsewhere", "severity": "warning", "count": 1},
    ]


def test_terminal_groups_by_rule_and_shows_the_first_rows(result):
    console = Console(file=io.StringIO(), width=200, color_system=None)
    render_text(result, console, per_rule=2)
    text = console.file.getvalue()
    assert "G05 code-list — error, 3 row(s)" in text
    assert "… and 1 more" in text
    assert "4 error(s) and 1 warning(s)" in text


def test_csv_json_xlsx_hold_the_same_rows(result, tmp_path):
    expected = [[("" if v is None else str(v)) for v in r.values()] for r in result.to_dicts()]
    write_report(result, tmp_path / "r.csv", "csv")
    with (tmp_path / "r.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == list(ISSUE_FIELDS) and rows[1:] == expected

    write_report(result, tmp_path / "r.json", "json")
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert doc["summary"]["errors"] == 4 and doc["summary"]["exit_code"] == 1
    assert doc["issues"] == result.to_dicts()

    write_report(result, tmp_path / "r.xlsx", "xlsx")
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    got = [
        ["" if v is None else str(v) for v in r] for r in wb["issues"].iter_rows(values_only=True)
    ]
    assert got[0] == list(ISSUE_FIELDS)
    assert [r[:7] for r in got[1:]] == [r[:7] for r in expected]
    values = [r[7] for r in got[1:] if r[4] == "G05"]
    assert values == ["'=cmd|' /C calc'!A0"] * 3  # stays text, never a formula
    assert [c.value for c in wb["by rule"]["A"]][1:] == ["G01", "G05", "G08"]


def test_format_choice():
    from pathlib import Path

    assert format_for(None, None) == "text"
    assert format_for(Path("x.xlsx"), None) == "xlsx"
    assert format_for(Path("x.json"), "csv") == "csv"
    with pytest.raises(BairnError, match="needs a file"):
        format_for(None, "xlsx")
    with pytest.raises(BairnError, match="not available"):
        format_for(None, "pdf")
