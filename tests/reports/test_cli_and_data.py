"""`bairn report` end to end, the commentary file format, and the similar-areas data."""

from __future__ import annotations

import json
import sys

import pandas as pd
import pytest

from bairn.areas import all_areas
from bairn.errors import BairnError
from bairn.reports.config import read_commentary
from bairn.reports.similar import compute_similar, similar_table
from tests.reports.conftest import CPC, PERIOD, YEAR


def _bairn(monkeypatch, capsys, *args: str) -> tuple[int, str]:
    from bairn.cli import main

    monkeypatch.setattr(sys, "argv", ["bairn", *args])
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out + out.err


def test_report_command_writes_the_file_named_by_its_extension(
    store_db, tmp_path, monkeypatch, capsys
):
    commentary = tmp_path / "commentary.yaml"
    commentary.write_text("commentary:\n  register_rate: Discussed in June.\n", encoding="utf-8")
    out = tmp_path / "clst.html"
    code, text = _bairn(
        monkeypatch,
        capsys,
        "report",
        "cpc",
        "--area",
        CPC,
        "--period",
        PERIOD,
        "--db",
        str(store_db),
        "--out",
        str(out),
        "--indicator",
        "register_rate",
        "--commentary",
        str(commentary),
    )
    assert code == 0, text
    assert "Wrote" in text and "1 indicator)" in text
    html = out.read_text(encoding="utf-8")
    assert "Discussed in June." in html and "Audience: Clackmannanshire and Stirling CPC" in html
    assert not out.with_name("clst.html.part").exists()


def test_report_command_errors_are_one_sentence(store_db, tmp_path, monkeypatch, capsys):
    code, text = _bairn(
        monkeypatch,
        capsys,
        "report",
        "cpc",
        "--area",
        CPC,
        "--db",
        str(store_db),
        "--out",
        str(tmp_path / "r.docx"),
    )
    assert code == 2 and "must end in .html, .pdf or .xlsx" in text and "Traceback" not in text
    code, text = _bairn(
        monkeypatch,
        capsys,
        "report",
        "national",
        "--period",
        "2025Q9",
        "--db",
        str(store_db),
        "--out",
        str(tmp_path / "n.html"),
    )
    assert code == 2 and "is not one Bairn understands" in text


def test_commentary_files_json_and_yaml(tmp_path):
    j = tmp_path / "c.json"
    j.write_text(json.dumps({"register_rate": "a", "concerns_rate": "b"}), encoding="utf-8")
    assert read_commentary(j) == {"register_rate": "a", "concerns_rate": "b"}
    y = tmp_path / "c.yaml"
    y.write_text("commentary:\n  register_rate: |\n    Two\n\n    paragraphs\n", encoding="utf-8")
    assert read_commentary(y) == {"register_rate": "Two\n\nparagraphs\n"}
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(BairnError, match="must map indicator ids to text"):
        read_commentary(bad)
    with pytest.raises(BairnError, match="Cannot read the commentary file"):
        read_commentary(tmp_path / "missing.yaml")


def test_similar_areas_file_is_what_the_method_gives():
    shipped = similar_table().reset_index(drop=True)
    fresh = compute_similar()
    pd.testing.assert_frame_equal(shipped, fresh, check_dtype=False)
    areas = all_areas()
    for code, group in shipped.groupby("area_code"):
        assert list(group["rank"]) == [1, 2, 3, 4, 5]
        assert code not in set(group.similar_code)
        assert {areas[c].type for c in group.similar_code} == {areas[code].type}
    assert shipped.area_code.nunique() == 62  # 32 councils and 30 CPCs


def test_report_data_takes_a_prepared_publication_of_the_latest_run(
    store_db, area_data, monkeypatch
):
    import bairn.reports.data as report_data
    from bairn.reports import ReportData

    def refuse(*args, **kwargs):
        raise AssertionError("published again although a publication was given")

    monkeypatch.setattr(report_data, "publish_results", refuse)
    given = (area_data.publication, area_data.results)
    data = ReportData.load(store_db, audience="area", cpc=CPC, prepared=given)
    assert data.publication is area_data.publication and data.results is area_data.results
    assert data.published.equals(area_data.published)
    with pytest.raises(ValueError, match="area audience"):
        ReportData.load(store_db, audience="national", prepared=given)
    with pytest.raises(ValueError, match="CPC-ELML"):
        ReportData.load(store_db, audience="area", cpc="CPC-ELML", prepared=given)


def test_a_publication_of_another_indicator_run_is_never_used(store_db, area_data):
    """The run a publication was made from is on its record: one of another run is published
    afresh when handed over as prepared, and refused when given to the same data."""
    import dataclasses

    from bairn.publication import Publication
    from bairn.reports import ReportData

    latest = area_data.run["run_id"]
    assert area_data.publication.protected.record.run_id == latest
    protected = area_data.publication.protected
    record = dataclasses.replace(protected.record, run_id=latest - 1)
    older = Publication(dataclasses.replace(protected, record=record))
    data = ReportData.load(store_db, audience="area", cpc=CPC, prepared=(older, area_data.results))
    assert data.publication is not older
    assert data.publication.protected.record.run_id == latest
    with pytest.raises(BairnError, match="recomputed while the report was being made"):
        area_data.with_publication("area", CPC, older, area_data.published)


def test_every_cpcs_report_from_the_command_keeps_its_options(
    store_db, tmp_path, monkeypatch, capsys
):
    """`--area all` honours --indicator, and refuses what only one committee's report can take
    (it once ignored them without a word)."""
    out = tmp_path / "{area}.html"
    common = ["report", "cpc", "--area", "all", "--db", str(store_db), "--out", str(out)]
    for option, value in (("--commentary", str(tmp_path / "c.yaml")), ("--cpc", CPC)):
        code, text = _bairn(monkeypatch, capsys, *common, option, value)
        assert code == 2 and f"{option} is for one committee's report" in text, text
        assert "Traceback" not in text
    assert not list(tmp_path.glob("*.html"))
    public = ["--audience", "public", "--period", YEAR]  # one publication for all: quicker
    code, text = _bairn(monkeypatch, capsys, *common, *public, "--indicator", "register_rate")
    assert code == 0, text
    written = sorted(tmp_path.glob("*.html"))
    assert len(written) == 30
    for path in written:
        html = path.read_text(encoding="utf-8")
        assert 'id="ind-register-rate"' in html, path.name
        assert 'id="ind-initial-meeting-timely"' not in html, path.name


def test_build_report_makes_a_shorter_report_of_the_indicators_named(store_db):
    from bairn.reports import build_report

    html = build_report(
        "cpc", CPC, PERIOD, "area", "html", store_db, cpc=CPC, indicators=["register_rate"]
    ).decode("utf-8")
    assert 'id="ind-register-rate"' in html
    assert 'id="ind-initial-meeting-timely"' not in html
    with pytest.raises(BairnError, match="no_such_indicator"):
        build_report("cpc", CPC, PERIOD, "area", "html", store_db, cpc=CPC,
                     indicators=["no_such_indicator"])  # fmt: skip
