"""Funnel plot control limits and significance labels (PHEindicatormethods' method).

Proportions: the exact inversion of the Wilson score interval around the pooled baseline p̄,
which reduces algebraically to p̄ ± z·√(p̄(1 − p̄)/N) (PHEindicatormethods' sigma_adjustment).
Rates and ratios: exact Poisson limits around the expected count μ = baseline × N, the continuous
curve on which PHEindicatormethods' bisection (poisson_funnel) places its points.
"""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import special

from bairn.stats import _checks as ck

Kind = Literal["proportion", "rate", "ratio"]
KINDS = ("proportion", "rate", "ratio")

# One-sided tail areas of the two funnels: 95% limits cut 2.5% per side, 99.8% limits 0.1%.
TAILS = {"95": 0.025, "998": 0.001}
LABELS = ("High (0.001)", "High (0.025)", "Not significant", "Low (0.025)", "Low (0.001)")


def checked_kind(kind: Any) -> str:
    return ck.choice("kind", kind, KINDS)


def checked_baseline(baseline: Any, kind: str) -> float:
    if isinstance(baseline, bool) or not isinstance(
        baseline, (int, float, np.integer, np.floating)
    ):
        raise ck.StatsInputError("baseline must be a number.")
    value = float(baseline)
    if not math.isfinite(value) or value < 0:
        raise ck.StatsInputError("baseline must be a finite number of at least zero.")
    if kind == "proportion" and value > 1:
        raise ck.StatsInputError(
            "baseline must be a proportion between 0 and 1 (not a percentage) for proportions."
        )
    return value


def _proportion_limits(p: float, n: np.ndarray, tail: float) -> tuple[np.ndarray, np.ndarray]:
    z = float(special.ndtri(1 - tail))
    half_width = z * np.sqrt(p * (1 - p) / n)
    return p - half_width, p + half_width


def _poisson_limits(mu: np.ndarray, tail: float) -> tuple[np.ndarray, np.ndarray]:
    """Event counts L, U on the exact Poisson funnel around expected count μ.

    U solves P(X ≥ U | μ) = tail and L solves P(X ≤ L | μ) = tail, using the incomplete gamma
    function so the counts are continuous (integer counts reproduce the exact test). gdtrib
    solves for the gamma shape, which, unlike pdtrik, is not floored at 1 for tiny μ.
    """
    with np.errstate(invalid="ignore"):
        upper = special.gdtrib(1.0, tail, mu)
        lower = special.gdtrib(1.0, 1 - tail, mu) - 1
    zero = mu == 0
    return np.where(zero, 0.0, np.maximum(lower, 0.0)), np.where(zero, 0.0, upper)


def _limits(baseline: float, n: np.ndarray, kind: str, mult: float) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for suffix, tail in TAILS.items():
        if kind == "proportion":
            lower, upper = _proportion_limits(baseline, n, tail)
            # PHEindicatormethods clips to min(100, ·): right only when multiplier is 100.
            lower, upper = np.clip(lower, 0, 1), np.clip(upper, 0, 1)
        else:
            lower, upper = _poisson_limits(baseline * n, tail)
            lower, upper = lower / n, upper / n
        out[f"lower{suffix}"] = lower * mult
        out[f"upper{suffix}"] = upper * mult
    return out


def funnel_limits(
    baseline: float, denominators: Any, kind: Kind = "proportion", multiplier: float = 100
) -> pd.DataFrame:
    """95% and 99.8% funnel limits at each denominator.

    baseline is on the raw scale: a proportion (0–1), events per unit of denominator for rates,
    or observed/expected for ratios (usually 1). Denominators are sample sizes, populations
    (person-years for multi-year rates) or expected counts. Returns a DataFrame with
    `denominator, baseline, lower95, upper95, lower998, upper998`, all × multiplier and
    clipped to [0, multiplier] for proportions and at 0 for rates and ratios.
    """
    kind = checked_kind(kind)
    base = checked_baseline(baseline, kind)
    n = np.atleast_1d(ck.as_vector("denominators", denominators))
    ck.no_missing("denominators", n)
    ck.positive("denominators", n)
    mult = ck.positive_number("multiplier", multiplier)
    frame = {"denominator": n, "baseline": np.full(n.size, base * mult)}
    frame.update(_limits(base, n, kind, mult))
    return pd.DataFrame(frame, index=ck.index_of(denominators, size=n.size))


def funnel_axis(denominators: Any, points: int = 100) -> np.ndarray:
    """PHEindicatormethods' x-axis for drawing funnels: geometric steps to a rounded maximum.

    Starts at 0 (shown as 1) when the largest denominator is more than twice the smallest,
    otherwise at the smallest rounded down to one significant figure after a 5% margin.
    """
    n = np.atleast_1d(ck.as_vector("denominators", denominators))
    ck.no_missing("denominators", n)
    ck.positive("denominators", n)
    points = ck.whole_number("points", points, 2)
    low, high = float(n.min()), float(n.max())

    def floor_1sf(v: float) -> float:
        digits = len(str(math.floor(v * 0.95))) - 1
        return math.floor(v * 0.95 / 10**digits) * 10**digits

    def ceiling_2sf(v: float) -> float:
        digits = max(len(str(math.ceil(v * 1.05))) - 2, 0)
        return math.ceil(v * 1.05 / 10**digits) * 10**digits

    axis_max = ceiling_2sf(high)
    axis = [max(1.0, 0.0 if high > 2 * low else floor_1sf(low))]
    for j in range(2, points + 1):
        prev = axis[-1]
        step = round((axis_max / prev) ** (1 / (points + 1 - j)) * prev)
        axis.append(float(max(step, prev + 1)))
    return np.array(axis)


def label_points(
    high_998: np.ndarray, high_95: np.ndarray, low_998: np.ndarray, low_95: np.ndarray
):
    # PHEindicatormethods' case_when order: low 0.001, low 0.025, high 0.001, high 0.025.
    return np.select(
        [low_998, low_95, high_998, high_95],
        ["Low (0.001)", "Low (0.025)", "High (0.001)", "High (0.025)"],
        default="Not significant",
    ).astype(object)


def _poisson_tails(x: np.ndarray, mu: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """P(X ≤ x | μ) and P(X ≥ x | μ), continuous in x through the incomplete gamma function."""
    with np.errstate(invalid="ignore", divide="ignore"):
        at_most = np.where(mu == 0, 1.0, special.gammaincc(x + 1, mu))
        at_least = np.where(x == 0, 1.0, special.gammainc(np.where(x == 0, 1, x), mu))
        at_least = np.where((mu == 0) & (x > 0), 0.0, at_least)
    return at_most, at_least


def funnel_significance(
    x: Any,
    n: Any,
    kind: Kind = "proportion",
    multiplier: float = 100,
    baseline: float | None = None,
) -> pd.DataFrame:
    """Label each area against the 95% and 99.8% funnels.

    baseline defaults to the pooled Σx/Σn for proportions and rates, and to 1 for ratios
    (observed x over expected n), as PHEindicatormethods does. Returns `value, baseline,
    lower95, upper95, lower998, upper998, significance` with the labels "High (0.001)",
    "High (0.025)", "Not significant", "Low (0.025)", "Low (0.001)". Rates and ratios use the
    exact Poisson test at every count (see docs/stats.md for how this differs from the R).
    """
    kind = checked_kind(kind)
    x_arr, n_arr = ck.complete_counts(x, n, proportion=kind == "proportion")
    mult = ck.positive_number("multiplier", multiplier)
    if baseline is None:
        baseline = 1.0 if kind == "ratio" else float(x_arr.sum() / n_arr.sum())
    base = checked_baseline(baseline, kind)

    frame: dict[str, Any] = {
        "value": x_arr / n_arr * mult,
        "baseline": np.full(x_arr.size, base * mult),
    }
    frame.update(_limits(base, n_arr, kind, mult))
    flags = {}
    if kind == "proportion":
        p = x_arr / n_arr
        for suffix, tail in TAILS.items():
            lower, upper = _proportion_limits(base, n_arr, tail)
            flags[suffix] = (p > upper, p < lower)
    else:
        at_most, at_least = _poisson_tails(x_arr, base * n_arr)
        for suffix, tail in TAILS.items():
            flags[suffix] = (at_least < tail, at_most < tail)
    frame["significance"] = label_points(
        flags["998"][0], flags["95"][0], flags["998"][1], flags["95"][1]
    )
    return pd.DataFrame(frame, index=ck.index_of(x, n, size=x_arr.size))
