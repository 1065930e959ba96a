"""The engine: one staged copy, rules as SQL, crashed rules fail the run, packs inherit."""

import pytest

from bairn.errors import BairnError
from bairn.ingest import packs
from bairn.ingest.engine import StagedSubmission, validate
from bairn.ingest.registry import REGISTRY, Rule, message_sql, rule
from bairn.ingest.rules import generic
from tests.ingest.builders import AS_OF, clean, submission


def _crashing(ctx):
    yield "SELECT 'children' AS tbl, _file, _row, 'sex' AS col, sex AS value FROM children"
    raise ZeroDivisionError("boom")


CRASHING = Rule("X99", "crashes", "error", "never {value}.", _crashing)
BAD_SQL = Rule("X98", "bad-sql", "error", "never.", lambda ctx: "SELECT nope FROM nowhere")


def test_a_crashing_rule_is_reported_never_a_pass():
    result = validate(
        submission(clean()), rules=[CRASHING, BAD_SQL, generic.not_a_date], as_of=AS_OF
    )
    assert [c.code for c in result.crashed] == ["X99", "X98"]
    assert "ZeroDivisionError: boom" in result.crashed[0].error
    assert "Traceback" in result.crashed[0].traceback
    assert "nowhere" in result.crashed[1].error
    assert result.issues.num_rows == 0  # the crashed rule's partial findings are withdrawn
    assert result.exit_code == 3


def test_exit_codes_follow_severity():
    t = clean()
    t["concerns"][0]["received_date"] = "nope"
    assert validate(submission(t), as_of=AS_OF).exit_code == 1
    t = clean()
    t["irds"][0]["concern_id"] = "K404"
    result = validate(submission(t), as_of=AS_OF)
    assert (result.errors, result.warnings, result.exit_code) == (0, 1, 0)


def test_staging_trims_types_and_keeps_the_text():
    t = clean()
    t["children"][0].update(birth_date=" 01/03/2015 ", sex="  female ", simd_decile="")
    with StagedSubmission(submission(t)) as staged:
        row = staged.con.execute(
            "SELECT birth_date, birth_date__text, sex, simd_decile, _row FROM children "
            "WHERE child_id = 'C1'"
        ).fetchall()
        assert [tuple(map(str, row[0]))] == [("2015-03-01", "01/03/2015", "female", "None", "2")]
        frames = staged.frames()
    assert str(frames["children"].schema.field("birth_date").type) == "date32[day]"
    assert frames["children"].column_names[:2] == ["child_id", "council_code"]


def test_blank_rows_are_dropped_and_rows_keep_their_numbers():
    t = clean()
    t["concerns"].insert(1, {k: "" for k in t["concerns"][0]})
    t["concerns"][2]["source"] = "bad"
    result = validate(submission(t), rules=[generic.not_in_code_list], as_of=AS_OF)
    assert [(r["row"], r["value"]) for r in result.to_dicts()] == [(4, "bad")]
    assert result.rows["concerns"] == 3


def test_message_templates_compile_to_sql():
    import duckdb

    sql = message_sql("'{value}' in {column} isn't ok.")
    con = duckdb.connect()
    got = con.execute(f"SELECT {sql} FROM (SELECT 'x' AS value, 'sex' AS col) q").fetchall()
    assert got == [("'x' in sex isn't ok.",)]
    long = con.execute(f"SELECT {sql} FROM (SELECT repeat('a', 100) AS value, 'c' AS col) q")
    assert len(long.fetchall()[0][0]) < 80


def test_packs_inherit_add_modify_and_delete():
    a = Rule("T1", "a", "error", "a.", lambda ctx: None)
    b = Rule("T2", "b", "error", "b.", lambda ctx: None)
    b2 = Rule("T2", "b", "warning", "b, now a warning.", lambda ctx: None)
    c = Rule("T3", "c", "error", "c.", lambda ctx: None)
    spec = {
        "1": packs.Pack("1", None, (a, b)),
        "2": packs.Pack("2", "1", (b2, c), delete=("T1",)),
        "3": packs.Pack("3", "2", (), delete=("T9",)),
    }
    assert packs.build_pack("1", spec) == {"T1": a, "T2": b}
    assert packs.build_pack("2", spec) == {"T2": b2, "T3": c}
    with pytest.raises(ValueError, match="T9"):
        packs.build_pack("3", spec)
    with pytest.raises(BairnError):
        packs.build_pack("9.9")


def test_the_real_packs():
    v10, v11 = packs.build_pack("1.0"), packs.build_pack("1.1")
    assert set(v11) - set(v10) == {"P08"}
    assert all(v10[c] is v11[c] for c in v10)
    for code, defs in REGISTRY.items():
        if not code.startswith(("T", "X")):
            assert code in v11, f"rule {code} is in no pack"
            assert len(defs) == 1 or code in v11


def test_rule_decorator_checks_severity():
    with pytest.raises(ValueError):
        rule("T0", name="x", severity="fatal", message="x.")
