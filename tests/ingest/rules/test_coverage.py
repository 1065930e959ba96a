"""Every rule of every pack has its own test: a case that must flag exact cells, and a clean
case that must flag nothing. Reader checks are tested in tests/ingest/test_readers.py."""

from pathlib import Path

from bairn.ingest.packs import all_checks
from tests.ingest.rules import test_dates, test_generic, test_plausibility, test_scope

CASES = [
    *test_generic.CASES,
    *test_dates.CASES,
    *test_plausibility.CASES,
    *test_scope.SCOPE,
    *test_scope.RESUBMISSION,
]


def test_every_rule_has_a_failing_and_a_passing_case():
    for version in ("1.0", "1.1"):
        for r in all_checks(version):
            if r.func is None:
                continue
            mine = [c for c in CASES if c.rule.code == r.code]
            assert any(c.expected for c in mine), f"{r.code} has no case that flags rows"
            assert any(not c.expected for c in mine), f"{r.code} has no clean case"


def test_every_reader_check_is_tested():
    text = (Path(__file__).parents[1] / "test_readers.py").read_text(encoding="utf-8")
    for r in all_checks("1.1"):
        if r.func is None:
            assert f'"{r.code}"' in text, f"reader check {r.code} has no test"
