"""The objects that pass between readers, engine, report and loader."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pyarrow as pa

# The issue report: one long table, one row per problem found.
ISSUE_FIELDS = ("file", "table", "row", "column", "rule", "severity", "message", "value")
ISSUE_SCHEMA = pa.schema(
    [
        ("file", pa.string()),
        ("table", pa.string()),
        ("row", pa.int64()),
        ("column", pa.string()),
        ("rule", pa.string()),
        ("severity", pa.string()),
        ("message", pa.string()),
        ("value", pa.string()),
    ]
)


@dataclass(frozen=True)
class Issue:
    file: str | None
    table: str | None
    row: int | None
    column: str | None
    rule: str
    severity: str
    message: str
    value: str | None = None


@dataclass(frozen=True)
class TablePart:
    """One file (or one sheet) holding rows of one table: `_row` (the row number the user sees)
    and one text column per standard field found, named as in the standard."""

    table: str
    file: str
    data: pa.Table


@dataclass(frozen=True)
class SourceInfo:
    name: str
    path: str
    sha256: str


@dataclass
class Submission:
    """Everything read from the user's files, before any rule runs."""

    version: str
    parts: list[TablePart] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    sources: list[SourceInfo] = field(default_factory=list)

    @property
    def tables(self) -> list[str]:
        return sorted({p.table for p in self.parts})

    @property
    def rows(self) -> int:
        return sum(p.data.num_rows for p in self.parts)


@dataclass(frozen=True)
class CrashedRule:
    code: str
    name: str
    error: str
    traceback: str


@dataclass
class ValidationResult:
    issues: pa.Table
    crashed: list[CrashedRule]
    rules_run: list[str]
    rows: dict[str, int]
    version: str
    as_of: dt.date
    period: str | None = None
    area: str | None = None
    store_checked: bool = False
    seconds: float = 0.0

    def count(self, severity: str) -> int:
        col = self.issues.column("severity").to_pylist()
        return sum(1 for s in col if s == severity)

    @property
    def errors(self) -> int:
        return self.count("error")

    @property
    def warnings(self) -> int:
        return self.count("warning")

    @property
    def exit_code(self) -> int:
        """0 clean (warnings allowed), 1 data errors, 3 a rule crashed (Bairn's fault)."""
        if self.crashed:
            return 3
        return 1 if self.errors else 0

    def to_dicts(self) -> list[dict]:
        return self.issues.to_pylist()
