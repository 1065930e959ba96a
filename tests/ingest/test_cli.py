"""`bairn validate` and `bairn load` end to end, in a subprocess as a user runs them."""

import json
import os
import subprocess
from pathlib import Path

import duckdb
import pytest

from tests.ingest.builders import ABERDEEN, clean, write_csvs

BAIRN = str(Path(__file__).resolve().parents[2] / ".venv" / "bin" / "bairn")


def run(*args, cwd):
    # COLUMNS: Rich wraps long messages at 80 columns when output is not a terminal
    drop = ("BAIRN_DB", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in drop} | {"COLUMNS": "250"}
    proc = subprocess.run(
        [BAIRN, *map(str, args)], capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc


def snapshot(db: Path):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
            for t in ("submissions", "children", "concerns", "meetings", "registrations")
        }
    finally:
        con.close()


@pytest.fixture
def extracts(tmp_path):
    good = write_csvs(tmp_path / "good", clean())
    t = clean()
    t["meetings"].append(
        dict(t["meetings"][0], meeting_id="M9", child_id="NOBODY", investigation_id="")
    )
    t["irds"][0]["end_date"] = "2025-01-01"
    bad = write_csvs(tmp_path / "bad", t)
    return good, bad


def test_validate_exit_codes(tmp_path, extracts):
    good, bad = extracts
    ok = run("validate", good, cwd=tmp_path)
    assert ok.returncode == 0 and "no errors and no warnings" in ok.stdout
    failed = run("validate", bad, cwd=tmp_path)
    assert failed.returncode == 1
    assert "G07 reference" in failed.stdout and "D01 end-before-start" in failed.stdout
    as_json = run("validate", bad, "--out", tmp_path / "issues.json", cwd=tmp_path)
    doc = json.loads((tmp_path / "issues.json").read_text(encoding="utf-8"))
    assert as_json.returncode == 1 and "The full report is in" in as_json.stdout
    assert {(i["table"], i["row"], i["column"], i["rule"]) for i in doc["issues"]} == {
        ("meetings", 5, "child_id", "G07"),
        ("irds", 2, "end_date", "D01"),
    }


def test_binary_junk_exits_2_with_one_line(tmp_path):
    (tmp_path / "children.csv").write_bytes(b"\x00\x9f" + os.urandom(300))
    proc = run("validate", tmp_path / "children.csv", cwd=tmp_path)
    assert proc.returncode == 2
    assert "children.csv is not a text file" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and proc.stdout == ""


def invoke(*args):
    """In-process run of the real app (fast; the subprocess tests cover the installed script)."""
    from typer.testing import CliRunner

    from bairn import cli

    return CliRunner().invoke(cli.app, [str(a) for a in args])


@pytest.mark.parametrize(
    "name,content,needle",
    [
        ("empty", None, "holds no CSV, XLSX or Parquet"),
        ("irds.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password-protected"),
        ("notes.txt", b"concern_id\nK1\n", "cannot tell which table"),
    ],
)
def test_unreadable_input_is_a_bairn_error_with_exit_2(tmp_path, name, content, needle):
    from bairn.errors import BairnError

    path = tmp_path / name
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    result = invoke("validate", path)
    assert isinstance(result.exception, BairnError) and result.exception.exit_code == 2
    assert needle in str(result.exception)


def test_refused_load_changes_nothing_and_a_resubmission_replaces(tmp_path, extracts):
    good, bad = extracts
    db = tmp_path / "store.duckdb"
    first = run("load", good, "--db", db, cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    before = snapshot(db)
    refused = run("load", bad, "--db", db, cwd=tmp_path)
    assert refused.returncode == 1
    assert "Nothing was loaded" in refused.stderr and "G07 reference" in refused.stdout
    assert snapshot(db) == before
    # Aberdeen resubmits 2025Q1: concern K3 is withdrawn, K1's source corrected
    t = clean()
    t["meetings"] = [m for m in t["meetings"] if m["meeting_id"] != "M3"]
    t["concerns"] = [dict(t["concerns"][0], source="education"), t["concerns"][1]]
    t["irds"] = [i for i in t["irds"] if i["ird_id"] != "I3"]
    t["children"] = t["children"][:2]
    again = write_csvs(tmp_path / "again", t)
    second = run("load", again, "--db", db, "--area", ABERDEEN, "--period", "2025Q1", cwd=tmp_path)
    assert second.returncode == 0, second.stdout + second.stderr
    con = duckdb.connect(str(db), read_only=True)
    concerns = con.execute("SELECT concern_id, source FROM concerns ORDER BY 1").fetchall()
    history = con.execute(
        "SELECT period, status FROM submissions ORDER BY submission_id"
    ).fetchall()
    meetings = con.execute("SELECT meeting_id FROM meetings ORDER BY 1").fetchall()
    con.close()
    assert concerns == [("K1", "education"), ("K2", "health")]
    assert meetings == [("M1",), ("M2",), ("M3",)]  # 2025Q2's M3 is untouched
    assert history == [("2025Q1", "replaced"), ("2025Q2", "current"), ("2025Q1", "current")]


def test_load_with_period_outside_the_files_is_refused(tmp_path, extracts):
    good, _ = extracts
    db = tmp_path / "store.duckdb"
    result = invoke("load", good, "--db", db, "--period", "2025Q1")
    assert result.exit_code == 1 and "R01 outside-period" in result.output
    assert not db.exists() or snapshot(db)["submissions"] == []


def test_a_crashed_rule_exits_3_and_writes_the_traceback(tmp_path, extracts, monkeypatch):
    from typer.testing import CliRunner

    from bairn import cli
    from bairn.ingest import packs
    from bairn.ingest.registry import Rule

    def broken(ctx):
        raise KeyError("oops")

    monkeypatch.setattr(packs, "rules_for", lambda v: [Rule("X1", "broken", "error", "x.", broken)])
    good, _ = extracts
    result = CliRunner().invoke(cli.app, ["validate", str(good)])
    assert result.exit_code == 3
    assert "bug in Bairn" in result.output
    logs = list((tmp_path / "bairn-data" / "logs").glob("rule-crash-*.log"))
    assert len(logs) == 1 and "KeyError: 'oops'" in logs[0].read_text()
