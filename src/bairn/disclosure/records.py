"""Disclosure records: what an output checker reviews (the ACRO model: every output carries its
status, the policy it was checked under, and each suppressed cell with its reason)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

REASONS = {
    "threshold": "primary: a count below the threshold",
    "zero": "primary: a zero count (zeros are suppressed under this policy)",
    "small_base": "primary: the base of a percentage, rate or average is too small",
    "dominance": "primary: a few contributors dominate the total",
    "secondary": "secondary: suppressed so that a primary cell cannot be worked out",
    "derived": "derived: value or interval computed from a suppressed count",
}


@dataclass
class DisclosureRecord:
    """The disclosure status of one output."""

    output_id: str
    audience: str
    policy: str
    policy_version: str
    area: str | None
    cells: pd.DataFrame  # one row per suppressed cell: keys, column, reason
    n_cells: int
    n_suppressed: int
    n_primary: int
    n_secondary: int
    audit: dict[str, Any] = field(default_factory=dict)
    marking: str | None = None
    notes: list[str] = field(default_factory=list)
    # when the figures were computed (the indicator run's time): the date a file of the output
    # carries, so the same output written twice is the same bytes
    computed_at: dt.datetime | None = None
    # the indicator run the figures come from (None for an output not made from one)
    run_id: int | None = None

    @property
    def share_suppressed(self) -> float:
        return self.n_suppressed / self.n_cells if self.n_cells else 0.0

    @property
    def status(self) -> str:
        """'pass' (audited, safe to release), 'fail' (audit failed), or 'review' (not audited:
        a restricted audience, for an output checker to confirm before any release)."""
        if self.audit.get("passed") is True:
            return "pass"
        if self.audit.get("passed") is False:
            return "fail"
        return "review"

    @property
    def summary(self) -> str:
        counts = self.cells["reason"].value_counts().to_dict() if len(self.cells) else {}
        parts = [
            f"{self.status}",
            f"policy {self.policy} {self.policy_version}",
            f"audience {self.audience}",
        ]
        parts += [f"{reason}: {n} cells" for reason, n in sorted(counts.items())]
        parts.append(f"{self.share_suppressed:.1%} of count cells suppressed")
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "output_id": self.output_id,
            "status": self.status,
            "summary": self.summary,
            "audience": self.audience,
            "area": self.area,
            "marking": self.marking,
            "policy": {"name": self.policy, "version": self.policy_version},
            "cells": {
                "count_cells": self.n_cells,
                "suppressed": self.n_suppressed,
                "primary": self.n_primary,
                "secondary": self.n_secondary,
                "share_suppressed": round(self.share_suppressed, 6),
            },
            "audit": self.audit,
            "reasons": {k: v for k, v in REASONS.items()},
            "suppressed_cells": self.cells.astype(str).to_dict(orient="records"),
            "notes": self.notes,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, default=str)
