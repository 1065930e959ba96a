"""Proportions, crude rates and directly standardised rates with confidence intervals.

Follows PHEindicatormethods (R) formula for formula; see docs/stats.md for the fixtures that pin
each one and for where the Python port PHStatsMethods behaves differently.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from bairn.stats import _checks as ck

# European Standard Population 2013, 19 five-year age bands (0-4 … 90+), as PHEindicatormethods.
ESP2013: tuple[int, ...] = (
    5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000,
    7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000,
)  # fmt: skip

# phe_rate and calculate_dsr switch from the exact Poisson method to Byar's at this many events.
EXACT_BELOW = 10


def z_value(confidence: float) -> float:
    """Two-sided normal quantile, written as R writes it so results match to the last bit."""
    return float(special.ndtri(confidence + (1 - confidence) / 2))


def wilson_core(x: np.ndarray, n: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    if confidence == 1:
        # R's wilson_lower/upper return 0 and 1 outright: the formula would divide infinities.
        missing = np.isnan(x) | np.isnan(n)
        return np.where(missing, np.nan, 0.0), np.where(missing, np.nan, 1.0)
    z = z_value(confidence)
    z2 = z * z
    spread = z * np.sqrt(z2 + 4 * x * (1 - x / n))
    return (2 * x + z2 - spread) / 2 / (n + z2), (2 * x + z2 + spread) / 2 / (n + z2)


def _byar(x: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    z = z_value(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        lower = x * (1 - 1 / (9 * x) - z / (3 * np.sqrt(x))) ** 3
        upper = (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * np.sqrt(x + 1))) ** 3
    # R sets negative lower limits to NA; at x = 0 the formula is already NaN (0 × −∞).
    lower = np.where(lower < 0, np.nan, lower)
    return lower, upper


def _exact_poisson(x: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """qchisq(α/2, 2x)/2 and qchisq(1 − α/2, 2x + 2)/2, as gamma quantiles.

    R's qchisq with 0 degrees of freedom returns 0, which gives the zero-event lower limit of 0;
    scipy's chi2 returns NaN there, so the gamma form is used with x = 0 handled explicitly.
    """
    alpha = 1 - confidence
    with np.errstate(invalid="ignore"):
        lower = np.where(x == 0, 0.0, special.gammaincinv(np.where(x == 0, 1, x), alpha / 2))
        upper = special.gammaincinv(x + 1, confidence + alpha / 2)
    return np.where(np.isnan(x), np.nan, lower), upper


def wilson(x: Any, n: Any, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for x successes out of n, on the 0–1 scale.

    Missing x or n give NaN limits. Raises StatsInputError (a ValueError) for negative x,
    n ≤ 0, x > n, mismatched lengths or a confidence level outside 0.9–1.
    """
    x_arr, n_arr = proportion_inputs(x, n)
    return wilson_core(x_arr, n_arr, ck.single_confidence(confidence))


def byar(x: Any, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Byar's approximate Poisson interval for a count x.

    The lower limit is NaN where the formula goes negative (small x, high confidence) and at
    x = 0, exactly as R's byars_lower. No switch to the exact method here: that belongs to `rate`.
    """
    x_arr = ck.as_vector("x", x)
    ck.non_negative("x (observed events)", x_arr)
    return _byar(x_arr, ck.single_confidence(confidence))


def proportion_inputs(x: Any, n: Any) -> tuple[np.ndarray, np.ndarray]:
    x_arr, n_arr = ck.same_length(x=ck.as_vector("x", x), n=ck.as_vector("n", n))
    ck.non_negative("x (numerators)", x_arr)
    ck.positive("n (denominators)", n_arr)
    ck.not_above("x (numerators)", x_arr, "n (denominators)", n_arr)
    return x_arr, n_arr


def rate_inputs(x: Any, n: Any) -> tuple[np.ndarray, np.ndarray]:
    x_arr, n_arr = ck.same_length(x=ck.as_vector("x", x), n=ck.as_vector("n", n))
    ck.non_negative("x (numerators)", x_arr)
    ck.positive("n (denominators)", n_arr)
    return x_arr, n_arr


def proportion(
    x: Any, n: Any, confidence: float | Sequence[float] = 0.95, multiplier: float = 100
) -> pd.DataFrame:
    """Proportions x/n × multiplier with Wilson score limits (PHEindicatormethods' phe_proportion).

    Returns a DataFrame with `value, lower, upper`, or with `value, lower95, upper95, lower998,
    upper998` when confidence is the pair (0.95, 0.998). Rows with a missing x or n are NaN.
    The index is the index of x (or n) when either is a pandas Series.
    """
    x_arr, n_arr = (np.atleast_1d(a) for a in proportion_inputs(x, n))
    levels = ck.confidence_levels(confidence)
    mult = ck.positive_number("multiplier", multiplier)
    out = {"value": x_arr / n_arr * mult}
    for level, lo, hi in ck.limit_columns(levels):
        lower, upper = wilson_core(x_arr, n_arr, level)
        out[lo], out[hi] = lower * mult, upper * mult
    return pd.DataFrame(out, index=ck.index_of(x, n, size=x_arr.size))


def rate(
    x: Any, n: Any, confidence: float | Sequence[float] = 0.95, multiplier: float = 1000
) -> pd.DataFrame:
    """Crude rates x/n × multiplier with PHEindicatormethods' phe_rate limits.

    Below 10 events the limits are exact Poisson (method "Exact"); from 10 events, Byar's
    approximation ("Byars"). Zero events give a lower limit of 0 and an exact upper limit.
    x may exceed n (events per person-time). Columns: `value, lower, upper, method` (or the
    95/99.8 pair of columns, then `method`).
    """
    x_arr, n_arr = (np.atleast_1d(a) for a in rate_inputs(x, n))
    levels = ck.confidence_levels(confidence)
    mult = ck.positive_number("multiplier", multiplier)
    exact = x_arr < EXACT_BELOW
    out: dict[str, Any] = {"value": x_arr / n_arr * mult}
    for level, lo, hi in ck.limit_columns(levels):
        lower, upper = _byar(x_arr, level)
        # Gamma quantiles are slow, and below 10 events there are few distinct counts:
        # compute each distinct count once.
        counts, where = np.unique(x_arr[exact], return_inverse=True)
        ex_lower, ex_upper = _exact_poisson(counts, level)
        lower[exact], upper[exact] = ex_lower[where], ex_upper[where]
        out[lo] = lower / n_arr * mult
        out[hi] = upper / n_arr * mult
    method = np.where(exact, "Exact", "Byars").astype(object)
    method[np.isnan(x_arr)] = None
    out["method"] = method
    return pd.DataFrame(out, index=ck.index_of(x, n, size=x_arr.size))


def dsr(
    x: Any,
    n: Any,
    standard_population: Any,
    confidence: float | Sequence[float] = 0.95,
    multiplier: float = 100_000,
) -> dict[str, Any]:
    """Directly standardised rate with Dobson limits (PHEindicatormethods' calculate_dsr).

    x, n and standard_population are per standardisation category (e.g. age band), in the same
    order. Missing counts count as 0 (R's na.zero). Returns a dict with `value`, the limit keys
    (`lower`, `upper` or the 95/99.8 pair), `total_count`, `total_population`, `statistic`,
    `method` and `note`; when the total count is below 10 the value and limits are NaN and
    `note` says why.
    """
    x_arr, n_arr, w_arr = ck.same_length(
        x=ck.as_vector("x", x),
        n=ck.as_vector("n", n),
        standard_population=ck.as_vector("standard_population", standard_population),
    )
    x_arr = np.nan_to_num(x_arr, nan=0.0)
    ck.non_negative("x (observed events)", x_arr)
    ck.no_missing("n (populations)", n_arr)
    ck.positive("n (populations)", n_arr)
    ck.no_missing("standard_population", w_arr)
    ck.non_negative("standard_population", w_arr)
    if w_arr.sum() <= 0:
        raise ck.StatsInputError("standard_population must not be all zero.")
    levels = ck.confidence_levels(confidence)
    mult = ck.positive_number("multiplier", multiplier)

    total = float(x_arr.sum())
    weight = float(w_arr.sum())
    value = float((x_arr * w_arr / n_arr).sum() / weight * mult)
    variance = float((x_arr * (w_arr / n_arr) ** 2).sum() / weight**2)
    result: dict[str, Any] = {"value": value}
    for level, lo, hi in ck.limit_columns(levels):
        by_lower, by_upper = _byar(np.array(total), level)
        with np.errstate(divide="ignore", invalid="ignore"):
            scale = np.sqrt(variance / total) * mult
        result[lo] = float(value + scale * (by_lower - total))
        result[hi] = float(value + scale * (by_upper - total))
    label = str(int(mult)) if mult.is_integer() else repr(mult)
    result.update(
        total_count=total,
        total_population=float(n_arr.sum()),
        statistic=f"dsr per {label}",
        method="Dobson",
        note="",
    )
    if total < EXACT_BELOW:
        for key in ["value"] + [c for _, lo, hi in ck.limit_columns(levels) for c in (lo, hi)]:
            result[key] = float("nan")
        result["statistic"] = "dsr NA for total count < 10"
        result["note"] = (
            f"Not calculated: the total count ({total:g}) is below 10, "
            "too few events for a reliable standardised rate."
        )
    return result
