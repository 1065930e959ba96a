"""The rule registry: a rule is one function, registered with its code, severity, message and
the tables and fields it reads. A rule returns SQL (one query or several) that selects the rows
it flags; the engine runs that SQL over the one staged copy of the submission."""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bairn.ingest.context import RuleContext
    from bairn.standard import Standard

SEVERITIES = ("error", "warning")
# Columns every rule query selects; any further column may be named in the message template.
ISSUE_COLUMNS = ("tbl", "_file", "_row", "col", "value")

RuleFunc = Callable[["RuleContext"], "str | Iterable[str] | None"]
ScopeFunc = Callable[["Standard", str], list[str]]


@dataclass(frozen=True)
class Rule:
    """A validation rule. `func` is None for the checks the readers make (file structure)."""

    code: str
    name: str
    severity: str
    message: str
    func: RuleFunc | None = field(compare=False, repr=False)
    tables: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    scope: ScopeFunc | None = field(default=None, compare=False, repr=False)
    description: str = ""

    def queries(self, ctx: RuleContext) -> list[str]:
        """The SQL this rule runs in `ctx`; an empty list when it does not apply."""
        if self.func is None:
            return []
        out = self.func(ctx)
        if out is None:
            return []
        return [out] if isinstance(out, str) else [q for q in out if q]

    def applies_to(self, standard: Standard, version: str) -> list[str]:
        """`table.field` names the rule reads in a version (generated rules ask the standard)."""
        if self.scope is not None:
            return self.scope(standard, version)
        if self.fields:
            return list(self.fields)
        return list(self.tables)

    def placeholders(self) -> list[str]:
        return [f for _, f, _, _ in string.Formatter().parse(self.message) if f]


# Every rule ever defined, by code; a code defined twice is a modified rule (see packs.py).
REGISTRY: dict[str, list[Rule]] = {}


def rule(
    code: str,
    *,
    name: str,
    severity: str,
    message: str,
    tables: Iterable[str] = (),
    fields: Iterable[str] = (),
    scope: ScopeFunc | None = None,
) -> Callable[[RuleFunc], Rule]:
    """Register the decorated function as a rule and return the Rule."""
    if severity not in SEVERITIES:
        raise ValueError(f"rule {code}: severity must be one of {SEVERITIES}")

    def wrap(func: RuleFunc) -> Rule:
        doc = " ".join((func.__doc__ or "").split())
        r = Rule(code, name, severity, message, func, tuple(tables), tuple(fields), scope, doc)
        REGISTRY.setdefault(code, []).append(r)
        return r

    return wrap


def reader_check(code: str, *, name: str, severity: str, message: str, description: str) -> Rule:
    """Register a check that the readers make while reading a file (no SQL)."""
    r = Rule(code, name, severity, message, None, (), (), None, description)
    REGISTRY.setdefault(code, []).append(r)
    return r


def message_sql(template: str, alias: str = "q") -> str:
    """Compile a message template into a DuckDB string expression over a rule's columns.

    `{value}` is shortened to 60 characters; `{column}` and `{table}` name the issue's column and
    table; any other `{name}` is a column the rule's query selects."""
    parts: list[str] = []
    for literal, name, _, _ in string.Formatter().parse(template):
        if literal:
            parts.append("'" + literal.replace("'", "''") + "'")
        if name is None:
            continue
        col = {"column": "col", "table": "tbl"}.get(name, name)
        expr = f"CAST({alias}.{col} AS VARCHAR)"
        if name == "value":
            expr = f"CASE WHEN length({expr}) > 60 THEN left({expr}, 57) || '…' ELSE {expr} END"
        parts.append(f"coalesce({expr}, '')")
    return "concat(" + ", ".join(parts) + ")" if parts else "''"
