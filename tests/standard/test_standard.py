import csv
import time
from pathlib import Path

import openpyxl
import pytest

from bairn.errors import BairnError
from bairn.standard import load_standard, normalise_name
from bairn.standard.docs import render_markdown
from bairn.standard.templates import CODES_SHEET, write_templates

REPO = Path(__file__).resolve().parents[2]


def test_standard_has_the_process_tables_in_order():
    s = load_standard()
    assert [t.name for t in s.tables_in("1.0")] == [
        "children",
        "concerns",
        "irds",
        "investigations",
        "meetings",
        "meeting_concerns",
        "registrations",
        "core_groups",
        "reporter_referrals",
    ]


def test_fields_follow_the_naming_conventions():
    for t in load_standard().tables.values():
        for f in t.all_fields:
            assert f.name == normalise_name(f.name)
            if f.type == "date":
                assert f.name.endswith("_date")
            if f.type == "string":
                assert f.name.endswith("_id"), "free text has no place in a pseudonymised extract"


def test_versions_add_fields_without_losing_old_ones():
    meetings = load_standard().tables["meetings"]
    old, new = meetings.field_names("1.0"), meetings.field_names("1.1")
    assert set(old) < set(new)
    assert set(new) - set(old) == {"child_attended", "advocate_present"}


def test_unknown_version_is_a_plain_error():
    with pytest.raises(BairnError, match=r"Version '9\.9' of the standard does not exist"):
        load_standard().check_version("9.9")


def test_geography_code_lists_have_32_councils_in_30_committees():
    s = load_standard()
    councils = s.codelists["councils"]
    cpcs = s.codelists["cpcs"]
    assert len(councils.codes) == 32
    assert len(cpcs.codes) == 30
    members = [m["council"] for c in cpcs.codes for m in c.extra["councils"]]
    assert sorted(members) == sorted(councils.values)
    shared = {c.code: {m["council"] for m in c.extra["councils"]} for c in cpcs.codes}
    assert shared["CPC-ELML"] == {"S12000010", "S12000019"}
    assert shared["CPC-CLST"] == {"S12000005", "S12000030"}


def test_table_names_match_former_terms_case_insensitively():
    s = load_standard()
    assert s.table_for(" Case Conferences ").name == "meetings"
    assert s.table_for("IRDs").name == "irds"
    assert s.table_for("nonsense") is None


def test_generated_docs_page_is_up_to_date():
    committed = (REPO / "docs" / "standard.md").read_text(encoding="utf-8")
    assert committed == render_markdown(), "run `make docs` to regenerate docs/standard.md"


def test_docs_mention_every_field_and_code():
    text = render_markdown()
    s = load_standard()
    for t in s.tables.values():
        for f in t.all_fields:
            assert f"`{f.name}`" in text
    for cl in s.codelists.values():
        for c in cl.codes:
            assert f"`{c.code}`" in text


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_templates_match_the_yaml(tmp_path, version):
    s = load_standard()
    write_templates(tmp_path, version)
    wb = openpyxl.load_workbook(tmp_path / "bairn-extract-template.xlsx")
    tables = s.tables_in(version)
    assert [n for n in wb.sheetnames if n != CODES_SHEET] == [t.name for t in tables]
    assert wb[CODES_SHEET].sheet_state == "hidden"
    for t in tables:
        with (tmp_path / f"{t.name}.csv").open(encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        assert rows == [t.field_names(version)]
        header = [c.value for c in next(wb[t.name].iter_rows(max_row=1))]
        assert header == t.field_names(version)
    # drop-downs carry the code lists
    codes = {
        ws_col[0].value: [c.value for c in ws_col[1:] if c.value is not None]
        for ws_col in wb[CODES_SHEET].iter_cols()
    }
    for name, cl in s.codelists.items():
        assert codes[name] == list(cl.values)


def test_templates_are_reproducible(tmp_path):
    """Written again later (past the zip format's two-second clock), the files are the same."""
    a, b = tmp_path / "a", tmp_path / "b"
    write_templates(a)
    time.sleep(2.1)
    write_templates(b)
    for path in a.iterdir():
        assert path.read_bytes() == (b / path.name).read_bytes()
