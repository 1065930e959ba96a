"""Writers for disclosure-controlled outputs. Every public output is audited before it is
written (`ensure_safe`); every file gets the GSS footnote, its metadata and a sidecar record
(``<file>.disclosure.json``) for output checkers."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from bairn.disclosure.audit import ensure_safe
from bairn.disclosure.protect import Protected
from bairn.errors import BairnError


def frame_digest(frame: pd.DataFrame) -> int:
    return int(pd.util.hash_pandas_object(frame.astype(str), index=False).sum())


def checked(protected: Protected) -> None:
    """Raise unless the output may be written: public outputs must pass the audit now."""
    if not isinstance(protected, Protected):
        raise BairnError("Only outputs from bairn.disclosure.protect can be written.")
    if protected.audience != "public":
        return
    digest = frame_digest(protected.frame)
    cached = protected.audit is not None and protected.audit.passed
    if cached and getattr(protected, "_digest", None) == digest:
        return
    report = ensure_safe(protected.frame, protected.policy, protected.metadata)
    protected.audit = report
    protected.record.audit = report.to_dict()
    protected._digest = digest  # type: ignore[attr-defined]


def _sidecar(protected: Protected, path: Path) -> None:
    path.with_name(path.name + ".disclosure.json").write_text(
        protected.record.to_json(), encoding="utf-8"
    )


def write_csv(protected: Protected, path: str | Path) -> Path:
    """CSV with ``#`` header lines (footnote, marking, metadata), then the long table."""
    checked(protected)
    path = Path(path)
    lines = [f"# {protected.footnote}"]
    if protected.record.marking:
        lines.append(f"# {protected.record.marking}")
    lines += [f"# {k}: {v}" for k, v in protected.metadata.items()]
    body = protected.frame.to_csv(index=False, lineterminator="\n")
    path.write_text("\n".join(lines) + "\n" + body, encoding="utf-8")
    _sidecar(protected, path)
    return path


def write_json(protected: Protected, path: str | Path) -> Path:
    """JSON: {"metadata", "notes", "data"} with symbols as strings."""
    checked(protected)
    path = Path(path)
    doc = {
        "metadata": protected.metadata,
        "notes": [protected.footnote]
        + ([protected.record.marking] if protected.record.marking else []),
        "data": protected.frame.astype(str).to_dict(orient="records"),
    }
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    _sidecar(protected, path)
    return path
