"""XmR (individuals) charts with the Making Data Count rules, as NHSRplotthedots computes them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from bairn.stats import _checks as ck
from bairn.stats._rules import IMPROVEMENT, TWO_IN_THREE, RuleOptions, apply_rules

# 2.66 = 3/d2 with d2 = 1.128 for moving ranges of two points, as Making Data Count rounds it.
LIMIT = 2.66
NEAR = 2 * LIMIT / 3
# Moving ranges at or above 3.267 × their mean (D4 for n = 2) are screened out once.
SCREEN = 3.267
MIN_BASELINE = 12
# NHSRplotthedots' ptd_spc.warning_threshold: segments shorter than this have trial limits.
SHORT_SEGMENT = 13

COLUMNS = [
    "value", "mean", "lpl", "upl", "near_lower", "near_upper", "special_cause", "rule",
    "point_type", "segment", "baseline", "trial_limits",
]  # fmt: skip


def series_values(name: str, values: Any) -> np.ndarray:
    arr = np.atleast_1d(ck.as_vector(name, values))
    if arr.size == 0:
        raise ck.StatsInputError(f"{name} must contain at least one value.")
    ck.no_missing(name, arr)
    return arr


def rule_options(
    improvement: str, trend_length: int, shift_length: int, two_in_three: str
) -> RuleOptions:
    return RuleOptions(
        improvement=ck.choice("improvement", improvement, tuple(IMPROVEMENT)),
        trend_length=ck.whole_number("trend_length", trend_length, 3),
        shift_length=ck.whole_number("shift_length", shift_length, 3),
        two_in_three=ck.choice("two_in_three", two_in_three, TWO_IN_THREE),
    )


def segment_ids(rebase: Any, values: Any, size: int) -> np.ndarray:
    """Segment number per point; each rebase point starts a new segment.

    Rebase points are index labels when values is a pandas Series holding them, otherwise
    0-based positions.
    """
    if rebase is None:
        return np.zeros(size, dtype=int)
    items = [rebase] if np.isscalar(rebase) or isinstance(rebase, pd.Timestamp) else rebase
    index = values.index if isinstance(values, pd.Series) else None
    starts = set()
    for item in items:
        if index is not None and item in index:
            pos = index.get_loc(item)
            if not isinstance(pos, (int, np.integer)):
                raise ck.StatsInputError(f"rebase point {item!r} matches more than one row.")
        elif isinstance(item, (int, np.integer)) and not isinstance(item, bool) and item >= 0:
            pos = int(item)
        else:
            raise ck.StatsInputError(f"rebase point {item!r} is not a position or label of values.")
        if pos >= size:
            raise ck.StatsInputError(f"rebase point {item!r} is beyond the end of values.")
        if pos > 0:
            starts.add(int(pos))
    return np.searchsorted(np.array(sorted(starts), dtype=int), np.arange(size), side="right")


def short_segment_warning(label: str, points: int) -> str:
    noun = "point" if points == 1 else "points"
    return (
        f"{label} has only {points} {noun}; limits from fewer than {SHORT_SEGMENT} points "
        "are trial limits and should be read with caution."
    )


def _xmr_limits(y: np.ndarray, fix: int | None, screen: bool) -> tuple[float, float]:
    """Centre line and mean moving range from the first `fix` points of one segment."""
    base = y if fix is None else y[:fix]
    mr = np.abs(np.diff(base))
    if mr.size == 0:
        return float(base.mean()), float("nan")
    amr = mr.mean()
    if screen:
        # Strictly below, as ptd_spc_standard: when all ranges are 0 none survive and the
        # limits are NaN, the reference's answer for a baseline without variation.
        kept = mr[mr < SCREEN * amr]
        amr = kept.mean() if kept.size else float("nan")
    return float(base.mean()), float(amr)


def xmr(
    values: Any,
    fix_after_n_points: int | None = None,
    rebase: Sequence[Any] | Any | None = None,
    improvement: Literal["increase", "decrease", "neutral"] = "increase",
    trend_length: int = 7,
    shift_length: int = 7,
    two_in_three: Literal["2023", "pre-2023"] = "2023",
    screen_outliers: bool = True,
) -> pd.DataFrame:
    """XmR chart of a time-ordered series, one row per point.

    Per segment (rebase starts a new one): mean and mean moving range of the first
    `fix_after_n_points` points (all when None; at least 12 when given), moving ranges ≥ 3.267 ×
    their mean screened out once, limits mean ± 2.66 × MR̄ and near limits ± 1.773 × MR̄.
    Columns: value, mean, lpl, upl, near_lower, near_upper, special_cause (bool), rule
    ("outside", "trend", "two_in_three", "shift" or ""), point_type ("common_cause",
    "special_cause_improvement", "special_cause_concern", "special_cause_neutral_high",
    "special_cause_neutral_low"), segment, baseline (point used for the limits) and
    trial_limits (segment shorter than 13 points). Plain-sentence warnings are in
    `result.attrs["warnings"]`. two_in_three="pre-2023" reproduces NHSRplotthedots 0.2.x.
    """
    y = series_values("values", values)
    fix = None
    if fix_after_n_points is not None:
        fix = ck.whole_number("fix_after_n_points", fix_after_n_points, MIN_BASELINE)
    options = rule_options(improvement, trend_length, shift_length, two_in_three)
    segments = segment_ids(rebase, values, y.size)

    columns: dict[str, np.ndarray] = {name: np.empty(y.size, dtype=object) for name in COLUMNS}
    warnings: list[str] = []
    for seg in np.unique(segments):
        where = np.flatnonzero(segments == seg)
        seg_y = y[where]
        mean, amr = _xmr_limits(seg_y, fix, screen_outliers)
        m = seg_y.size
        lpl, upl = mean - LIMIT * amr, mean + LIMIT * amr
        near_lower, near_upper = mean - NEAR * amr, mean + NEAR * amr
        full = {
            "mean": mean, "lpl": lpl, "upl": upl, "near_lower": near_lower,
            "near_upper": near_upper,
        }  # fmt: skip
        for name, value in full.items():
            columns[name][where] = value
        special, rule, point_type = apply_rules(
            seg_y, *(np.full(m, full[k]) for k in full), options=options
        )
        columns["value"][where] = seg_y
        columns["special_cause"][where] = special
        columns["rule"][where] = rule
        columns["point_type"][where] = point_type
        columns["segment"][where] = seg
        columns["baseline"][where] = np.arange(m) < (m if fix is None else fix)
        columns["trial_limits"][where] = m < SHORT_SEGMENT
        label = f"Segment {seg} (points {where[0] + 1}–{where[-1] + 1})"
        if m < SHORT_SEGMENT:
            warnings.append(short_segment_warning(label, m))
        if np.isnan(amr):
            warnings.append(
                f"{label} has no usable variation between consecutive points, "
                "so no process limits could be calculated."
            )
    return chart_frame(columns, values, y.size, warnings)


FLOATS = ("value", "mean", "lpl", "upl", "near_lower", "near_upper")
FLAGS = ("special_cause", "baseline", "trial_limits")


def chart_frame(
    columns: dict[str, np.ndarray], values: Any, size: int, warnings: list[str]
) -> pd.DataFrame:
    # Each column is given its type before the frame is made: converting columns of a made
    # frame copies it once per conversion, which cost more than the chart's arithmetic.
    typed = dict(columns)
    for name in FLOATS:
        typed[name] = columns[name].astype("float64")
    for name in FLAGS:
        typed[name] = columns[name].astype(bool)
    typed["segment"] = columns["segment"].astype("int64")
    frame = pd.DataFrame(typed, index=ck.index_of(values, size=size))
    frame.attrs["warnings"] = warnings
    return frame
