"""The issue report kept with an upload (issues.parquet): filtering it for the data-quality page
and writing it out safely."""

from __future__ import annotations

import pyarrow.parquet as pq

from bairn.web.submissions.models import Upload

COLUMNS = ("file", "table", "row", "column", "rule", "severity", "message", "value")
SEVERITIES = ("error", "warning")


def filters_from(params) -> dict[str, str]:
    filters = {
        "severity": params.get("severity", "").strip(),
        "table": params.get("table", "").strip()[:64],
        "rule": params.get("rule", "").strip()[:32],
    }
    if filters["severity"] not in SEVERITIES:
        filters["severity"] = ""
    return filters


def read_issues(upload: Upload, filters: dict[str, str] | None = None) -> list[dict]:
    if not upload.issues_path.exists():
        return []
    rows = pq.read_table(upload.issues_path).to_pylist()
    for key, value in (filters or {}).items():
        if value:
            rows = [r for r in rows if (r.get(key) or "") == value]
    return rows


def choices(upload: Upload) -> dict[str, list[str]]:
    rows = read_issues(upload)
    return {
        "table": sorted({r["table"] for r in rows if r.get("table")}),
        "rule": sorted({r["rule"] for r in rows if r.get("rule")}),
    }


def safe_cell(value: object) -> str:
    """Neutralise spreadsheet formulas (CSV injection): a cell never starts with = + - @."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text
