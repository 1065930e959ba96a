"""Comparison with a baseline period: Newcombe's hybrid score interval and the exact rate ratio."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from bairn import stats

# Newcombe (1998) Statistics in Medicine 17:873-890, table II, method 10 (hybrid score).
NEWCOMBE = [
    ((56, 70, 48, 80), (0.0524, 0.3339)),
    ((9, 10, 3, 10), (0.1705, 0.8090)),
    ((5, 56, 0, 29), (-0.0381, 0.1926)),
    ((0, 10, 0, 20), (-0.1611, 0.2775)),
    ((0, 10, 0, 10), (-0.2775, 0.2775)),
    ((10, 10, 0, 20), (0.6791, 1.0000)),
    ((10, 10, 0, 10), (0.6075, 1.0000)),
]


@pytest.mark.parametrize(("counts", "interval"), NEWCOMBE)
def test_newcombe_hybrid_interval_matches_published_values(counts, interval):
    x, n, x0, n0 = counts
    got = stats.compare_to_baseline(x, n, x0, n0, multiplier=1).iloc[0]
    assert got["estimate"] == pytest.approx(x / n - x0 / n0)
    assert (got["lower"], got["upper"]) == pytest.approx(interval, abs=5e-5)
    assert got["measure"] == "difference"
    assert got["method"] == "Newcombe hybrid score"


def test_proportion_p_value_is_the_uncorrected_chi_square_test():
    got = stats.compare_to_baseline(56, 70, 48, 80).iloc[0]
    table = [[56, 14], [48, 32]]
    expected = sps.chi2_contingency(table, correction=False).pvalue
    assert got["p_value"] == pytest.approx(expected, rel=1e-10)
    assert got["estimate"] == pytest.approx(20.0)  # percentage points by default
    assert got["value"] == pytest.approx(80.0) and got["baseline_value"] == pytest.approx(60.0)
    assert got["verdict"] == "Significantly higher than baseline"


def test_identical_extreme_proportions_have_p_value_one():
    got = stats.compare_to_baseline(0, 10, 0, 10).iloc[0]
    assert got["p_value"] == 1.0
    assert got["verdict"] == "No significant change from baseline"


def test_rate_ratio_is_the_exact_conditional_binomial():
    got = stats.compare_to_baseline(11, 800, 23, 3011, kind="rate").iloc[0]
    assert got["estimate"] == pytest.approx((11 / 800) / (23 / 3011), rel=1e-12)
    share = sps.binomtest(11, 34, 800 / 3811)
    ci = share.proportion_ci(confidence_level=0.95, method="exact")
    to_ratio = 3011 / 800
    assert got["lower"] == pytest.approx(ci.low / (1 - ci.low) * to_ratio, rel=1e-9)
    assert got["upper"] == pytest.approx(ci.high / (1 - ci.high) * to_ratio, rel=1e-9)
    assert got["p_value"] == pytest.approx(share.pvalue, rel=1e-12)
    assert got["measure"] == "rate ratio"
    assert got["verdict"] == "No significant change from baseline"
    assert got["value"] == pytest.approx(11 / 800 * 1000)


def test_rate_verdicts():
    got = stats.compare_to_baseline([60, 10, 0, 8], [1000] * 4, [20, 40, 0, 0], [1000] * 4, "rate")
    assert got["verdict"].tolist() == [
        "Significantly higher than baseline",
        "Significantly lower than baseline",
        "Cannot compare: no events in either period",
        "Significantly higher than baseline",
    ]
    assert np.isinf(got["upper"].iloc[3]) and got["lower"].iloc[3] > 1
    assert np.isnan(got["p_value"].iloc[2])


def test_rows_are_vectorised_and_keep_the_index():
    x = pd.Series([30, 12], index=["Angus", "Fife"])
    got = stats.compare_to_baseline(x, [100, 100], [20, 12], [100, 100])
    assert got.index.tolist() == ["Angus", "Fife"]
    assert got.loc["Fife", "estimate"] == 0.0


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: stats.compare_to_baseline(1.5, 10, 2, 10, kind="rate"), "whole numbers"),
        (lambda: stats.compare_to_baseline(1, 10, 2, 10, kind="odds"), "kind"),
        (lambda: stats.compare_to_baseline(11, 10, 2, 10), "x (numerators)"),
        (lambda: stats.compare_to_baseline(1, 10, 2, 0), "n (denominators)"),
        (lambda: stats.compare_to_baseline([1, 2], [10, 10], [1, 2, 3], 10), "same length"),
        (lambda: stats.compare_to_baseline(1, 10, 2, 10, confidence=(0.95, 0.998)), "single"),
    ],
)
def test_compare_argument_errors(call, words):
    with pytest.raises(ValueError) as info:
        call()
    assert words in str(info.value)
