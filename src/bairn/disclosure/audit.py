"""The audit: from a published table set alone, the bounds an attacker can derive.

It reads only what is published (the long schema with GSS symbols, and the file's metadata),
rebuilds the additive relations with the same builder as the protector, and computes for every
suppressed cell the tightest interval consistent with the shown cells and counts >= 0
(bounds.py). A cell pinned to a value, or to a range narrower than the policy's minimum width,
fails. So do: a shown count from 1 to threshold-1; a value or interval shown beside a
suppressed count it is computed from; data that fit no values at all (fail closed).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from bairn.disclosure.bounds import attacker_bounds
from bairn.disclosure.policy import Policy, load_policy
from bairn.disclosure.publish import KEYS, MULTIPLIER, C, read_published, rounding_interval
from bairn.disclosure.relations import Geography, build_tableset, long_cells
from bairn.errors import BairnError

FAIL_COLUMNS = [*KEYS, "column", "lower", "upper", "required", "problem"]


@dataclass
class AuditReport:
    source: str
    policy: str
    rows: int
    cells: int
    suppressed: int
    failures: pd.DataFrame
    relations: dict[str, int] = field(default_factory=dict)
    relations_dropped: int = 0
    lp_calls: int = 0
    seconds: float = 0.0
    exact: bool = False
    bounds: pd.DataFrame | None = None

    @property
    def passed(self) -> bool:
        return len(self.failures) == 0

    @property
    def share_suppressed(self) -> float:
        return self.suppressed / self.cells if self.cells else 0.0

    def sentence(self) -> str:
        if self.passed:
            return (
                f"{self.source} passed the disclosure audit: none of its {self.suppressed} "
                f"suppressed cells can be narrowed below the policy's range "
                f"({self.share_suppressed:.1%} of {self.cells} count cells suppressed)."
            )
        f = self.failures.iloc[0]
        where = f"{f['column']} of {f['indicator_id']} for {f['area_code']} in {f['period']}"
        if f["breakdown"] != "total":
            where += f" ({f['breakdown']} {f['category']})"
        return (
            f"{self.source} failed the disclosure audit: {len(self.failures)} cell(s) can be "
            f"worked out or are shown unsafely, e.g. {where}: {f['problem']}. Protect the "
            f"output with bairn.disclosure.protect before publishing it."
        )

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "policy": self.policy,
            "passed": self.passed,
            "rows": self.rows,
            "count_cells": self.cells,
            "suppressed": self.suppressed,
            "share_suppressed": round(self.share_suppressed, 6),
            "lp_calls": self.lp_calls,
            "relations": self.relations,
            "relations_dropped": self.relations_dropped,
            "failures": len(self.failures),
            "seconds": round(self.seconds, 3),
        }


def _derived_leaks(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows where a shown value or interval gives back a suppressed count."""
    unit = frame["unit"].astype(str)
    rate = unit.isin(list(MULTIPLIER)).to_numpy()
    shown = {
        c: ~frame[c].isin([C, ":", "z", ""]).to_numpy() for c in ("value", "lower95", "upper95")
    }
    any_shown = shown["value"] | shown["lower95"] | shown["upper95"]
    num_c = frame["numerator"].eq(C).to_numpy()
    den_c = frame["denominator"].eq(C).to_numpy() if "denominator" in frame else num_c & False
    num_shown = ~frame["numerator"].isin([C, ":", "z", ""]).to_numpy()
    leak_num = rate & num_c & any_shown
    leak_den = rate & den_c & num_shown & shown["value"]
    out = []
    for mask, col, what in (
        (leak_num, "numerator", "a shown value or interval gives it back"),
        (leak_den, "denominator", "numerator and value give it back"),
    ):
        sub = frame.loc[mask, KEYS].copy()
        sub["column"], sub["problem"] = col, what
        out.append(sub)
    return pd.concat(out, ignore_index=True)


def audit(
    source: pd.DataFrame | str | Path,
    policy: str | Path | Policy | None = None,
    exact: bool = False,
    metadata: dict[str, str] | None = None,
    geography: Geography | None = None,
) -> AuditReport:
    """Audit a published table set (a frame in the published schema, or a CSV/JSON path).

    `exact=True` computes the tightest bounds for every suppressed cell (returned in
    `report.bounds`); otherwise cells whose range is certified wide enough by feasible points
    are not solved exactly, which gives the same verdict faster.
    """
    start = time.perf_counter()
    meta = dict(metadata or {})
    if isinstance(source, (str, Path)):
        frame, file_meta = read_published(source)
        meta = {**file_meta, **meta}
        name = str(source)
    else:
        frame = source.astype(str).reset_index(drop=True)
        name = "the output"
    if policy is None and meta.get("policy_name"):
        try:
            policy = load_policy(meta["policy_name"])
        except BairnError:
            policy = None
    pol = load_policy(policy)
    rules = pol.rules("public")
    base = meta.get("rounding", "none")
    rounding = int(base) if base.isdigit() else None

    supp = {m: frame[m].eq(C).to_numpy() for m in ("numerator", "denominator") if m in frame}
    cells = long_cells(frame, suppressed=supp)
    ts = build_tableset(cells, geography, pol.multi_response_breakdowns, pol.scotland_of_cpcs_shown)
    values = cells["value"].to_numpy(dtype=float)
    suppressed = cells["suppressed"].to_numpy()
    is_count = cells["mtype"].eq("count").to_numpy()
    unknown = suppressed.copy()
    lo = np.where(suppressed, 0.0, np.nan_to_num(values))
    hi = np.where(suppressed, np.inf, np.nan_to_num(values))
    required = np.where(suppressed, rules.min_width, 0.0)
    if rounding:
        # A rounded count is known only to lie in its rounding interval. Its own exact value
        # is no secret (it is at least the threshold, or 0, and would be shown unrounded under
        # the same rules): the audit asks only that the suppressed cells stay wide enough.
        rounded = is_count & ~suppressed & ~np.isnan(values)
        lo[rounded], hi[rounded] = rounding_interval(values[rounded], rounding)
        unknown |= rounded
        eq_ok, le_ok = ts.holds_within(lo, hi)
    else:
        eq_ok, le_ok = ts.holds(values)
    dropped = int((~eq_ok).sum() + (~le_ok).sum())
    ts = ts.keep_relations(np.flatnonzero(eq_ok), np.flatnonzero(le_ok))
    if rules.within_shown_wholes:
        # A hidden part of a shown whole lies in [0, whole] whatever else is shown: the policy
        # asks of it no more than its whole allows (survey numerators, which may be small).
        required = np.minimum(required, ts.shown_whole(np.nan_to_num(values), unknown))
    b = attacker_bounds(ts, values, unknown, required, lo, hi, exact=exact)

    fails = []
    bad = b.cells[b.failed]
    if len(bad):
        sub = cells.iloc[bad][[*KEYS[:2], "measure", *KEYS[2:]]].copy()
        sub = sub.rename(columns={"measure": "column"})
        sub["lower"], sub["upper"] = b.lower[b.failed], b.upper[b.failed]
        sub["required"] = b.required[b.failed]
        sub["problem"] = [
            "no values fit the shown data and relations"
            if inf
            else (f"pinned to {lo_:g}" if hi_ - lo_ < 0.5 else f"bounded to [{lo_:g}, {hi_:g}]")
            for inf, lo_, hi_ in zip(
                b.infeasible[b.failed], sub["lower"], sub["upper"], strict=True
            )
        ]
        fails.append(sub)
    small = is_count & ~suppressed & ~unknown & rules_small(values, rules.threshold, rules.zeros)
    small &= cells["measure"].isin(rules.small_counts_in).to_numpy()
    if small.any():
        sub = cells.loc[small, [*KEYS[:2], "measure", *KEYS[2:]]].rename(
            columns={"measure": "column"}
        )
        sub["lower"] = sub["upper"] = values[small]
        sub["required"] = rules.min_width
        sub["problem"] = [f"a count of {v:g} is shown" for v in values[small]]
        fails.append(sub)
    fails.append(_derived_leaks(frame))
    failures = pd.concat(fails, ignore_index=True).reindex(columns=FAIL_COLUMNS)
    kinds = pd.Series(ts.eq_kind).value_counts().to_dict() if len(ts.eq_kind) else {}
    bounds = None
    if exact:
        bounds = cells.iloc[b.cells][[*KEYS[:2], "measure", *KEYS[2:]]].copy()
        bounds["lower"], bounds["upper"] = b.lower, b.upper
    return AuditReport(
        source=name,
        policy=pol.label,
        rows=len(frame),
        cells=int(is_count.sum()),
        suppressed=int((suppressed & is_count).sum()),
        failures=failures,
        relations={str(k): int(v) for k, v in kinds.items()},
        relations_dropped=dropped,
        lp_calls=b.lp_calls,
        seconds=time.perf_counter() - start,
        exact=exact,
        bounds=bounds,
    )


def rules_small(values: np.ndarray, threshold: int, zeros: str) -> np.ndarray:
    small = (values > 0) & (values < threshold)
    return small | ((values == 0) & (zeros == "suppress"))


def ensure_safe(
    source: pd.DataFrame | str | Path,
    policy: str | Path | Policy | None = None,
    metadata: dict[str, str] | None = None,
) -> AuditReport:
    """Audit a public output before it is written; raise `BairnError` (exit code 1) on failure."""
    report = audit(source, policy=policy, metadata=metadata)
    if not report.passed:
        raise BairnError(report.sentence(), exit_code=1)
    return report


__all__ = ["AuditReport", "audit", "ensure_safe"]
