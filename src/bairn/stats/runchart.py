"""Run charts: Anhøj's runs analysis (qicharts2) with optional runcharter-style rebasing.

Suited to small counts and skewed measures, where XmR limits mislead. Points exactly on the
median are ignored: they neither break a run nor count in one, and are not "useful" points.
"""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from bairn.stats import _checks as ck
from bairn.stats.spc import series_values

DIRECTIONS = ("above", "below", "both")
# Run charts need at least this many useful points before the rules have reasonable power.
MIN_USEFUL = 10


def longest_run_max(n_useful: int) -> int:
    """Schilling (2012): the longest run is unusual above round(log2(n)) + 3."""
    # R and Python both round half to even; log2 of an integer is never exactly x.5.
    return round(math.log2(n_useful)) + 3


def crossings_min(n_useful: int) -> int:
    """Chen (2010): fewer crossings than the 5th centile of Binomial(n − 1, 0.5) is unusual."""
    return int(stats.binom.ppf(0.05, max(n_useful - 1, 0), 0.5))


def runs_analysis(values: np.ndarray, centre: np.ndarray) -> dict[str, Any]:
    """Anhøj's two tests on one segment, as qicharts2's runs.analysis."""
    side = np.sign(values - centre)
    useful = side[side != 0]
    n_useful = int(useful.size)
    if n_useful == 0:
        return {
            "n_useful": 0, "longest_run": np.nan, "longest_run_max": np.nan,
            "n_crossings": np.nan, "n_crossings_min": np.nan, "runs_signal": False,
        }  # fmt: skip
    breaks = np.flatnonzero(np.diff(useful) != 0)
    lengths = np.diff(np.r_[-1, breaks, n_useful - 1])
    longest, n_crossings = int(lengths.max()), int(breaks.size)
    limit, minimum = longest_run_max(n_useful), crossings_min(n_useful)
    return {
        "n_useful": n_useful, "longest_run": longest, "longest_run_max": limit,
        "n_crossings": n_crossings, "n_crossings_min": minimum,
        "runs_signal": bool(longest > limit or n_crossings < minimum),
    }  # fmt: skip


def _run_lengths(side: np.ndarray) -> np.ndarray:
    """Length of the run each point belongs to, skipping points on the median (length 0)."""
    lengths = np.zeros(side.size, dtype=int)
    useful = np.flatnonzero(side != 0)
    start = 0
    for i in range(1, useful.size + 1):
        if i == useful.size or side[useful[i]] != side[useful[start]]:
            lengths[useful[start:i]] = i - start
            start = i
    return lengths


def _find_sustained(
    y: np.ndarray, median: float, start: int, length: int, direction: str
) -> np.ndarray | None:
    """Positions of the first `length` useful points in a run on the wanted side, or None."""
    run: list[int] = []
    run_side = 0
    for i in range(start, y.size):
        side = int(np.sign(y[i] - median))
        if side == 0:
            continue
        if side != run_side:
            run, run_side = [], side
        run.append(i)
        wanted = direction == "both" or (side > 0) == (direction == "above")
        if wanted and len(run) == length:
            return np.array(run)
    return None


def run_chart(
    values: Any,
    baseline_points: int | None = None,
    rebase_after: int | None = None,
    direction: Literal["above", "below", "both"] = "both",
) -> pd.DataFrame:
    """Run chart of a time-ordered series with Anhøj's rules, one row per point.

    The median comes from the first `baseline_points` points (all when None). With
    `rebase_after` (runcharter uses 9, and 13 baseline points), the points after the baseline
    are searched for a run of that many consecutive useful points on the `direction` side;
    the median is then rebased to the median of those run points, and the search continues
    after the run. Anhøj's rules are applied to each segment against its own median.

    Columns: value, median, segment, baseline (point used for that median), side (+1 above,
    −1 below, 0 on the median), run_length, sustained (in a run that triggered a rebase),
    long_run (in a run longer than longest_run_max), and the segment's n_useful, longest_run,
    longest_run_max, n_crossings, n_crossings_min and runs_signal. Warnings are in
    `result.attrs["warnings"]`.
    """
    y = series_values("values", values)
    if baseline_points is not None:
        baseline_points = ck.whole_number("baseline_points", baseline_points, 1)
    direction = ck.choice("direction", direction, DIRECTIONS)
    warnings: list[str] = []
    first = y if baseline_points is None else y[:baseline_points]
    segments: list[tuple[int, float, np.ndarray]] = [
        (0, float(np.median(first)), np.arange(first.size))
    ]
    sustained = np.zeros(y.size, dtype=bool)
    if rebase_after is not None:
        rebase_after = ck.whole_number("rebase_after", rebase_after, 2)
        if baseline_points is None:
            raise ck.StatsInputError(
                "baseline_points must be given with rebase_after (runcharter uses 13)."
            )
        if y.size < baseline_points + rebase_after:
            warnings.append(
                f"Only {y.size} points: rebasing needs the {baseline_points} baseline points "
                f"plus a run of {rebase_after}, so no rebase was possible."
            )
        search_from = baseline_points
        while True:
            run = _find_sustained(y, segments[-1][1], search_from, rebase_after, direction)
            if run is None:
                break
            sustained[run[0] : run[-1] + 1] = True
            segments.append((int(run[0]), float(np.median(y[run])), run))
            search_from = int(run[-1]) + 1

    starts = np.array([s[0] for s in segments])
    segment = np.searchsorted(starts, np.arange(y.size), side="right") - 1
    median = np.array([segments[s][1] for s in segment])
    baseline = np.zeros(y.size, dtype=bool)
    for _, _, used in segments:
        baseline[used] = True
    side = np.sign(y - median).astype(int)
    run_length = np.zeros(y.size, dtype=int)
    per_segment: dict[str, list[Any]] = {}
    for seg in range(len(segments)):
        where = np.flatnonzero(segment == seg)
        run_length[where] = _run_lengths(side[where])
        result = runs_analysis(y[where], median[where])
        for key, value in result.items():
            per_segment.setdefault(key, []).append(value)
        if result["n_useful"] < MIN_USEFUL:
            warnings.append(
                f"Segment {seg} (points {where[0] + 1}–{where[-1] + 1}) has "
                f"{result['n_useful']} points off the median; runs analysis needs at least "
                f"{MIN_USEFUL} to detect anything but very large changes."
            )

    frame = pd.DataFrame(
        {
            "value": y,
            "median": median,
            "segment": segment,
            "baseline": baseline,
            "side": side,
            "run_length": run_length,
            "sustained": sustained,
        },
        index=ck.index_of(values, size=y.size),
    )
    for key, per_seg in per_segment.items():
        frame[key] = np.asarray(per_seg, dtype=object)[segment]
    limit = frame["longest_run_max"].to_numpy(dtype="float64")
    frame.insert(7, "long_run", frame["run_length"].to_numpy() > np.nan_to_num(limit, nan=np.inf))
    # Nullable integers: a segment with every point on its median has no runs to count.
    for key in ("longest_run", "longest_run_max", "n_crossings", "n_crossings_min"):
        frame[key] = pd.array([None if pd.isna(v) else int(v) for v in frame[key]], dtype="Int64")
    frame["n_useful"] = frame["n_useful"].astype("int64")
    frame["runs_signal"] = frame["runs_signal"].astype(bool)
    frame.attrs["warnings"] = warnings
    return frame
