"""Ingest: read extract files, validate them with the rule pack of their version of the
standard, report every issue, and load only clean submissions.

    from bairn.ingest import read_paths, validate, load_paths
    sub = read_paths(["extract/"])              # Submission (BairnError exit 2 if unreadable)
    result = validate(sub, period=None)         # ValidationResult: issues table, exit_code
    outcome = load_paths(["extract/"], db="bairn.duckdb")

Importing this package is cheap: the public names load their modules on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_API = {
    "read_paths": "bairn.ingest.readers",
    "find_files": "bairn.ingest.readers",
    "validate": "bairn.ingest.engine",
    "StagedSubmission": "bairn.ingest.engine",
    "load_paths": "bairn.ingest.load",
    "load_submission": "bairn.ingest.load",
    "LoadOutcome": "bairn.ingest.load",
    "rules_for": "bairn.ingest.packs",
    "build_pack": "bairn.ingest.packs",
    "Rule": "bairn.ingest.registry",
    "rule": "bairn.ingest.registry",
    "REGISTRY": "bairn.ingest.registry",
    "Issue": "bairn.ingest.model",
    "Submission": "bairn.ingest.model",
    "ValidationResult": "bairn.ingest.model",
    "render_text": "bairn.ingest.report",
    "write_report": "bairn.ingest.report",
}

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'bairn.ingest' has no attribute {name!r}")
