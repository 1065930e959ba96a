"""The issue report: one long table (file, table, row, column, rule, severity, message, value),
shown in the terminal grouped by rule, and written as CSV, JSON or XLSX for the analyst to fix
in their own system."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bairn.errors import BairnError
from bairn.ingest.model import ISSUE_FIELDS, ValidationResult

FORMATS = ("text", "json", "csv", "xlsx")
XLSX_MAX_ROWS = 1_048_575  # Excel's limit, less the header
COLOURS = {"error": "red", "warning": "yellow"}


def rule_counts(result: ValidationResult) -> list[dict]:
    """Issues per rule, errors first, then by code."""
    from bairn.ingest.registry import REGISTRY

    rules = result.issues.column("rule").to_pylist()
    sevs = result.issues.column("severity").to_pylist()
    counts = Counter(zip(rules, sevs, strict=True))
    out = []
    for (code, severity), n in counts.items():
        defs = REGISTRY.get(code)
        name = defs[-1].name if defs else code
        out.append({"rule": code, "name": name, "severity": severity, "count": n})
    return sorted(out, key=lambda r: (r["severity"] != "error", r["rule"]))


def summary(result: ValidationResult) -> dict:
    return {
        "version": result.version,
        "as_of": result.as_of.isoformat(),
        "period": result.period,
        "area": result.area,
        "rows": result.rows,
        "rules_run": len(result.rules_run),
        "store_checked": result.store_checked,
        "errors": result.errors,
        "warnings": result.warnings,
        "crashed_rules": [{"rule": c.code, "error": c.error} for c in result.crashed],
        "exit_code": result.exit_code,
    }


def verdict(result: ValidationResult) -> str:
    total = sum(result.rows.values())
    head = (
        f"Checked {total:,} rows in {sum(1 for n in result.rows.values() if n)} tables against "
        f"version {result.version} of the standard with {len(result.rules_run)} rules"
    )
    if result.crashed:
        codes = ", ".join(c.code for c in result.crashed)
        return f"{head}: the check is incomplete because rule(s) {codes} failed inside Bairn."
    if result.errors:
        return (
            f"{head}: {result.errors:,} error(s) and {result.warnings:,} warning(s); fix the "
            "errors in your system and export again — nothing can be loaded while any remain."
        )
    if result.warnings:
        return f"{head}: no errors, {result.warnings:,} warning(s) to review."
    return f"{head}: no errors and no warnings."


def render_text(result: ValidationResult, console: Console, per_rule: int = 5) -> None:
    """Grouped by rule with counts, the first `per_rule` rows of each, and a verdict."""
    issues = result.issues.to_pylist()
    by_rule: dict[str, list[dict]] = {}
    for i in issues:
        by_rule.setdefault(i["rule"], []).append(i)
    for c in rule_counts(result):
        colour = COLOURS.get(c["severity"], "white")
        rows = by_rule[c["rule"]]
        console.print(
            f"[bold {colour}]{c['rule']} {c['name']}[/] — {c['severity']}, {c['count']:,} row(s)",
            highlight=False,
        )
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        for col in ("file", "row", "column", "value", "message"):
            table.add_column(col, overflow="fold")
        for i in rows[:per_rule]:
            table.add_row(
                i["file"] or "",
                "" if i["row"] is None else str(i["row"]),
                i["column"] or "",
                _short(i["value"]),
                i["message"],
            )
        console.print(table)
        if len(rows) > per_rule:
            console.print(f"  … and {len(rows) - per_rule:,} more (see the full report).")
    for c in result.crashed:
        console.print(
            f"[bold red]{c.code} {c.name} crashed[/] ({c.error}); this is a bug in Bairn, not "
            "in your data.",
            highlight=False,
        )
    colour = "red" if result.exit_code else ("yellow" if result.warnings else "green")
    console.print(f"[bold {colour}]{verdict(result)}[/]", highlight=False)


def _short(value: str | None, width: int = 40) -> str:
    if value is None:
        return ""
    return value if len(value) <= width else value[: width - 1] + "…"


def to_json(result: ValidationResult) -> str:
    doc = {
        "summary": summary(result),
        "rules": rule_counts(result),
        "issues": result.to_dicts(),
    }
    return json.dumps(doc, ensure_ascii=False, indent=1, default=str) + "\n"


def to_csv(result: ValidationResult) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(ISSUE_FIELDS)
    for i in result.issues.to_pylist():
        w.writerow(["" if i[k] is None else i[k] for k in ISSUE_FIELDS])
    return buf.getvalue()


def write_xlsx(result: ValidationResult, path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("issues")
    ws.freeze_panes = "A2"
    ws.append(list(ISSUE_FIELDS))
    issues = result.issues.to_pylist()
    for i in issues[:XLSX_MAX_ROWS]:
        ws.append([_cell(i[k]) for k in ISSUE_FIELDS])
    ws.auto_filter.ref = f"A1:H{min(len(issues), XLSX_MAX_ROWS) + 1}"
    rules = wb.create_sheet("by rule")
    rules.append(["rule", "name", "severity", "count"])
    for c in rule_counts(result):
        rules.append([c["rule"], c["name"], c["severity"], c["count"]])
    about = wb.create_sheet("summary")
    about.append(["what", "value"])
    for key, value in summary(result).items():
        about.append([key, json.dumps(value) if isinstance(value, dict | list) else value])
    if len(issues) > XLSX_MAX_ROWS:
        about.append(["note", f"only the first {XLSX_MAX_ROWS:,} issues fit in one sheet"])
    wb.save(path)


def _cell(value: object) -> object:
    """Text that Excel would read as a formula is written with a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def format_for(out: Path | None, fmt: str | None) -> str:
    if fmt is None:
        fmt = out.suffix.lower().lstrip(".") if out is not None else "text"
        if fmt not in FORMATS:
            fmt = "text"
    if fmt not in FORMATS:
        raise BairnError(f"Format {fmt!r} is not available; use one of: {', '.join(FORMATS)}.")
    if fmt == "xlsx" and out is None:
        raise BairnError("An XLSX report needs a file: give --out report.xlsx.")
    return fmt


def write_report(result: ValidationResult, out: Path, fmt: str) -> None:
    try:
        if out.parent and not out.parent.exists():
            out.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "xlsx":
            write_xlsx(result, out)
        elif fmt == "json":
            out.write_text(to_json(result), encoding="utf-8")
        elif fmt == "csv":
            out.write_text(to_csv(result), encoding="utf-8-sig", newline="")
        else:
            console = Console(file=io.StringIO(), width=160, color_system=None)
            render_text(result, console, per_rule=10**9)
            out.write_text(console.file.getvalue(), encoding="utf-8")
    except OSError as exc:
        raise BairnError(f"Cannot write the report to {out}: {exc.strerror or exc}.") from None
