"""Run one rule over a small hand-made extract and return exactly what it flags."""

from __future__ import annotations

from dataclasses import dataclass, field

from bairn.ingest.engine import validate
from bairn.ingest.registry import Rule
from bairn.periods import parse_period
from tests.ingest.builders import AS_OF, submission


@dataclass
class Case:
    """One rule, one small extract, the exact (table, row, column) cells it must flag."""

    rule: Rule
    id: str
    tables: dict[str, list[dict]]
    expected: set[tuple[str, int | None, str]]
    period: str | None = None
    area: str | None = None
    version: str = "1.1"
    store: str | None = None
    extra: dict = field(default_factory=dict)


def flagged(case: Case, store_path=None) -> set[tuple[str, int | None, str]]:
    result = validate(
        submission(case.tables, case.version),
        rules=[case.rule],
        as_of=AS_OF,
        period=parse_period(case.period) if case.period else None,
        area=case.area,
        store_path=store_path,
    )
    assert not result.crashed, result.crashed[0].traceback
    rows = result.issues.to_pylist()
    for r in rows:
        assert r["rule"] == case.rule.code and r["severity"] == case.rule.severity
        assert "{" not in r["message"] and r["message"].endswith(".")
    return {(r["table"], r["row"], r["column"]) for r in rows}


def ids(cases: list[Case]) -> list[str]:
    return [f"{c.rule.code}-{c.id}" for c in cases]
