"""Primary suppression: the cells that are disclosive in themselves.

Rules (all from the audience's policy):
- threshold: a count of children or events from 1 to threshold-1 (and 0 if zeros are suppressed);
- small_base: the numerator of a percentage, rate or average whose record-derived base is below
  `min_base` for its unit (the value could otherwise be read back);
- dominance: a non-count total (e.g. days) where the top contributors dominate (n,k rule and
  p-ratio, as ACRO), when the result carries `contrib_1` and `contrib_2`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from bairn.disclosure.policy import AudienceRules


def dominance_unsafe(
    total: np.ndarray, top1: np.ndarray, top2: np.ndarray, nk_k: float, p_ratio: float
) -> np.ndarray:
    """ACRO's dominance rules: top two above k of the total, or p-ratio below p."""
    total = np.asarray(total, dtype=float)
    top1 = np.nan_to_num(np.asarray(top1, dtype=float))
    top2 = np.nan_to_num(np.asarray(top2, dtype=float))
    with np.errstate(divide="ignore", invalid="ignore"):
        nk = (top1 + top2) > nk_k * total
        pr = np.where(top1 > 0, (total - top1 - top2) / top1, np.inf) < p_ratio
    return (total > 0) & (nk | pr)


def primary_reasons(cells: pd.DataFrame, results: pd.DataFrame, rules: AudienceRules) -> np.ndarray:
    """One reason per cell ('' when the cell may be shown)."""
    reason = np.full(len(cells), "", dtype=object)
    if not rules.suppress:
        return reason
    value = cells["value"].to_numpy(dtype=float)
    is_count = cells["mtype"].eq("count").to_numpy()
    small = is_count & (value > 0) & (value < rules.threshold)
    reason[small] = "threshold"
    if rules.zeros == "suppress":
        reason[is_count & (value == 0)] = "zero"

    # Base of each row: the record-derived denominator, else the numerator.
    rows = cells["row"].to_numpy()
    num = cells["measure"].eq("numerator").to_numpy()
    den_count = cells["measure"].eq("denominator").to_numpy() & is_count
    base = np.full(len(results), np.nan)
    base[rows[num & is_count]] = value[num & is_count]
    base[rows[den_count]] = value[den_count]
    row_base = base[rows]
    unit = cells["unit"].to_numpy()
    min_base = np.array([rules.min_base.get(str(u), 0) for u in unit], dtype=float)
    # A numerator of 0 is no secret when zeros are shown (and is suppressed as a zero when they
    # are not); hiding it would not protect it either: it is pinned by any total of 0.
    small_base = num & (value > 0) & (row_base < min_base) & (reason == "")
    reason[small_base] = "small_base"

    dom = rules.dominance
    if {"contrib_1", "contrib_2"} <= set(results.columns):
        measure = num & cells["mtype"].eq("measure").to_numpy() & np.isin(unit, dom.units)
        r = rows[measure]
        unsafe = dominance_unsafe(
            value[measure],
            results["contrib_1"].to_numpy(dtype=float)[r],
            results["contrib_2"].to_numpy(dtype=float)[r],
            dom.nk_k,
            dom.p_ratio,
        )
        idx = np.flatnonzero(measure)[unsafe]
        reason[idx[reason[idx] == ""]] = "dominance"
    return reason


def row_value_reasons(results: pd.DataFrame, rules: AudienceRules) -> np.ndarray:
    """Value-level rules for rows whose value is not read back from additive cells (medians):
    'small_base' when the record-derived base is below the unit's min_base."""
    reason = np.full(len(results), "", dtype=object)
    if not rules.suppress or "denominator" not in results:
        return reason
    unit = results["unit"].astype(str).to_numpy()
    min_base = np.array([rules.min_base.get(u, 0) for u in unit], dtype=float)
    den = pd.to_numeric(results["denominator"], errors="coerce").to_numpy(dtype=float)
    num = pd.to_numeric(results["numerator"], errors="coerce").to_numpy(dtype=float)
    base = np.where(np.isnan(den), num, den)
    reason[(base < min_base) & np.isnan(num)] = "small_base"
    return reason
