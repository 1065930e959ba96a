"""Making Data Count special-cause rules, as NHSRplotthedots applies them to one segment.

Shared by the XmR chart and the Laney P′/U′ charts, whose limits may vary point by point.
Priority when a point meets several rules: outside > trend > two_in_three > shift.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

IMPROVEMENT = {"increase": 1, "decrease": -1, "neutral": 0}
TWO_IN_THREE = ("2023", "pre-2023")

# point_type strings, NHSRplotthedots' own, so charts and legends can be shared with NHS tools.
COMMON = "common_cause"
IMPROVING = "special_cause_improvement"
CONCERN = "special_cause_concern"
NEUTRAL_HIGH = "special_cause_neutral_high"
NEUTRAL_LOW = "special_cause_neutral_low"


@dataclass(frozen=True)
class RuleOptions:
    improvement: str = "increase"
    trend_length: int = 7
    shift_length: int = 7
    two_in_three: str = "2023"


def runs_at_least(key: np.ndarray, length: int) -> np.ndarray:
    """Mark points in maximal runs of one repeated non-zero key value at least `length` long."""
    marked = np.zeros(key.size, dtype=bool)
    start = 0
    for i in range(1, key.size + 1):
        if i == key.size or key[i] != key[start]:
            if key[start] != 0 and i - start >= length:
                marked[start:i] = True
            start = i
    return marked


def _trend_members(values: np.ndarray, length: int) -> tuple[np.ndarray, np.ndarray]:
    """Points in a run of `length` or more, each strictly above (or below) the one before.

    Equal neighbours give a step of 0, which belongs to no run and so breaks the trend.
    """
    rising = np.zeros(values.size, dtype=bool)
    falling = np.zeros(values.size, dtype=bool)
    if values.size < 2:
        return rising, falling
    steps = np.sign(np.diff(values))
    steps[np.isnan(steps)] = 0
    in_run = runs_at_least(steps, length - 1)
    for i in np.flatnonzero(in_run):
        # Step i joins points i and i + 1.
        target = rising if steps[i] > 0 else falling
        target[i] = target[i + 1] = True
    return rising, falling


def _two_in_three(near: np.ndarray, side: np.ndarray) -> np.ndarray:
    """Near-limit points in any 3 consecutive points with ≥ 2 near and all 3 on one side."""
    marked = np.zeros(near.size, dtype=bool)
    for j in range(near.size - 2):
        window = slice(j, j + 3)
        if near[window].sum() >= 2 and abs(side[window].sum()) == 3:
            marked[window] |= near[window]
    return marked


def apply_rules(
    values: np.ndarray,
    centre: np.ndarray,
    lpl: np.ndarray,
    upl: np.ndarray,
    near_lower: np.ndarray,
    near_upper: np.ndarray,
    options: RuleOptions,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (special_cause, rule, point_type) arrays for one segment of a chart.

    NaN limits compare false, so a segment without limits can still show trends and shifts.
    """
    with np.errstate(invalid="ignore"):
        side = np.nan_to_num(np.sign(values - centre)).astype(int)
        outside = (values > upl) | (values < lpl)
        beyond_near = (values < near_lower) | (values > near_upper)
    # Pre-2023 (NHSRplotthedots 0.2.x) counted only points between the 2σ and 3σ lines; the
    # late-2023 Making Data Count guidance counts every point beyond 2σ, outside ones included.
    near = beyond_near if options.two_in_three == "2023" else beyond_near & ~outside
    rising, falling = _trend_members(values, options.trend_length)
    trend = rising | falling
    two_three = _two_in_three(near, side)
    shift = runs_at_least(side, options.shift_length)

    rule = np.select(
        [outside, trend, two_three, shift],
        ["outside", "trend", "two_in_three", "shift"],
        default="",
    ).astype(object)
    # A point where a rising and a falling trend meet takes the direction of the trend that
    # starts there, as NHSRplotthedots does ("use right side").
    trend_direction = np.where(rising & falling, 0, np.where(rising, 1, -1))
    if trend_direction.size:
        meets = np.flatnonzero(rising & falling)
        nxt = np.minimum(meets + 1, values.size - 1)
        trend_direction[meets] = np.sign(values[nxt] - values[meets]).astype(int)
    direction = np.where(rule == "trend", trend_direction, side)
    special = rule != ""

    improvement = IMPROVEMENT[options.improvement]
    if improvement == 0:
        kinds = np.select([direction > 0, direction < 0], [NEUTRAL_HIGH, NEUTRAL_LOW], COMMON)
    else:
        oriented = direction * improvement
        kinds = np.select([oriented > 0, oriented < 0], [IMPROVING, CONCERN], COMMON)
    point_type = np.where(special, kinds, COMMON).astype(object)
    return special, rule, point_type
