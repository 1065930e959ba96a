"""Is an indicator's value in a period different from its value in the baseline period?

Proportions: difference p − p₀ with Newcombe's hybrid score interval (method 10, built from the
two Wilson intervals) and the pooled two-proportion z-test (Pearson's chi-square, uncorrected).
Rates: rate ratio with the exact conditional interval — given the total count, the period's
count is binomial — using Clopper–Pearson limits and the exact two-sided binomial test, as R's
poisson.test(c(x, x0), c(n, n0)). The verdict follows the interval.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import special, stats

from bairn.stats import _checks as ck
from bairn.stats.intervals import proportion_inputs, rate_inputs, wilson_core

HIGHER = "Significantly higher than baseline"
LOWER = "Significantly lower than baseline"
SAME = "No significant change from baseline"
NO_DATA = "Cannot compare: no events in either period"


def _verdict(lower: np.ndarray, upper: np.ndarray, null: float) -> np.ndarray:
    return np.select(
        [np.isnan(lower) | np.isnan(upper), lower > null, upper < null],
        [NO_DATA, HIGHER, LOWER],
        default=SAME,
    ).astype(object)


def _difference(x, n, x0, n0, confidence: float):
    p, p0 = x / n, x0 / n0
    lo, hi = wilson_core(x, n, confidence)
    lo0, hi0 = wilson_core(x0, n0, confidence)
    diff = p - p0
    lower = diff - np.sqrt((p - lo) ** 2 + (hi0 - p0) ** 2)
    upper = diff + np.sqrt((hi - p) ** 2 + (p0 - lo0) ** 2)
    pooled = (x + x0) / (n + n0)
    se = np.sqrt(pooled * (1 - pooled) * (1 / n + 1 / n0))
    with np.errstate(invalid="ignore", divide="ignore"):
        # Both periods at 0% or both at 100%: identical, so no evidence of any difference.
        p_value = np.where(se == 0, 1.0, 2 * special.ndtr(-np.abs(diff) / se))
    return diff, lower, upper, p_value


def _rate_ratio(x, n, x0, n0, confidence: float):
    alpha = 1 - confidence
    total = x + x0
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = (x / n) / (x0 / n0)
        # Clopper–Pearson limits for the share of events falling in the period.
        share_lo = np.where(x == 0, 0.0, special.betaincinv(x, x0 + 1, alpha / 2))
        share_hi = np.where(x0 == 0, 1.0, special.betaincinv(x + 1, x0, 1 - alpha / 2))
        lower = share_lo / (1 - share_lo) * n0 / n
        upper = np.where(share_hi == 1, np.inf, share_hi / (1 - share_hi) * n0 / n)
    p_value = np.full(x.size, np.nan)
    for i in np.flatnonzero(total > 0):
        # Counts are whole numbers here; binomtest wants integers.
        test = stats.binomtest(int(x[i]), int(total[i]), n[i] / (n[i] + n0[i]))
        p_value[i] = test.pvalue
    none = total == 0
    ratio, lower, upper = (np.where(none, np.nan, a) for a in (ratio, lower, upper))
    return ratio, lower, upper, p_value


def compare_to_baseline(
    x: Any,
    n: Any,
    baseline_x: Any,
    baseline_n: Any,
    kind: Literal["proportion", "rate"] = "proportion",
    confidence: float = 0.95,
    multiplier: float | None = None,
) -> pd.DataFrame:
    """Compare x/n in a period with baseline_x/baseline_n, one row per pair.

    kind="proportion": estimate is the difference in multiplier units (default 100, percentage
    points), measure "difference", method "Newcombe hybrid score". kind="rate": estimate is the
    rate ratio (no multiplier; value columns use multiplier, default 1000), measure "rate ratio",
    method "Exact conditional (binomial)"; rate counts must be whole numbers. Columns: value,
    baseline_value, measure, estimate, lower, upper, p_value, method, verdict, where verdict is
    one of "Significantly higher than baseline", "Significantly lower than baseline",
    "No significant change from baseline", "Cannot compare: no events in either period".
    """
    kind = ck.choice("kind", kind, ("proportion", "rate"))
    level = ck.single_confidence(confidence)
    if kind == "proportion":
        x_arr, n_arr = proportion_inputs(x, n)
        x0_arr, n0_arr = proportion_inputs(baseline_x, baseline_n)
    else:
        x_arr, n_arr = rate_inputs(x, n)
        x0_arr, n0_arr = rate_inputs(baseline_x, baseline_n)
    x_arr, n_arr, x0_arr, n0_arr = (
        np.atleast_1d(a)
        for a in ck.same_length(x=x_arr, n=n_arr, baseline_x=x0_arr, baseline_n=n0_arr)
    )
    for name, arr in (("x", x_arr), ("n", n_arr), ("baseline_x", x0_arr), ("baseline_n", n0_arr)):
        ck.no_missing(name, arr)
    default = 100 if kind == "proportion" else 1000
    mult = ck.positive_number("multiplier", default if multiplier is None else multiplier)
    if kind == "proportion":
        estimate, lower, upper, p_value = _difference(x_arr, n_arr, x0_arr, n0_arr, level)
        estimate, lower, upper = estimate * mult, lower * mult, upper * mult
        measure, method, null = "difference", "Newcombe hybrid score", 0.0
    else:
        if (x_arr % 1 != 0).any() or (x0_arr % 1 != 0).any():
            raise ck.StatsInputError("x and baseline_x must be whole numbers of events for rates.")
        estimate, lower, upper, p_value = _rate_ratio(x_arr, n_arr, x0_arr, n0_arr, level)
        measure, method, null = "rate ratio", "Exact conditional (binomial)", 1.0
    size = x_arr.size
    return pd.DataFrame(
        {
            "value": x_arr / n_arr * mult,
            "baseline_value": x0_arr / n0_arr * mult,
            "measure": np.full(size, measure, dtype=object),
            "estimate": estimate,
            "lower": lower,
            "upper": upper,
            "p_value": p_value,
            "method": np.full(size, method, dtype=object),
            "verdict": _verdict(lower, upper, null),
        },
        index=ck.index_of(x, n, size=size),
    )
