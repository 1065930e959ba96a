"""Behaviour of the interval functions beyond the fixtures: shapes, edge cases, argument checks."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from bairn import stats
from bairn.errors import BairnError


def test_exact_poisson_limits_equal_chi_square_quantiles():
    x = np.arange(0, 10)
    got = stats.rate(x, np.ones(10), multiplier=1)
    lower = np.where(x == 0, 0.0, sps.chi2.ppf(0.025, 2 * np.maximum(x, 1)) / 2)
    upper = sps.chi2.ppf(0.975, 2 * x + 2) / 2
    np.testing.assert_allclose(got["lower"], lower, rtol=1e-12)
    np.testing.assert_allclose(got["upper"], upper, rtol=1e-12)
    assert (got["method"] == "Exact").all()


def test_rate_switches_to_byar_at_ten_events():
    got = stats.rate([9, 10], [1000, 1000], multiplier=1)
    assert got["method"].tolist() == ["Exact", "Byars"]
    byar_lower, byar_upper = stats.byar(10)
    assert got["lower"].iloc[1] == pytest.approx(float(byar_lower) / 1000, rel=1e-12)
    assert got["upper"].iloc[1] == pytest.approx(float(byar_upper) / 1000, rel=1e-12)


def test_rate_allows_numerator_above_denominator():
    got = stats.rate([30], [10], multiplier=1)
    assert got["value"].iloc[0] == 3.0


def test_rate_with_both_confidence_levels_uses_pair_columns():
    got = stats.rate([5, 50], [100, 100], confidence=(0.95, 0.998))
    assert list(got.columns) == ["value", "lower95", "upper95", "lower998", "upper998", "method"]
    assert (got["lower998"] < got["lower95"]).all()
    assert (got["upper998"] > got["upper95"]).all()


def test_confidence_given_as_percentage_matches_fraction():
    as_fraction = stats.proportion([20], [100], confidence=0.998)
    as_percent = stats.proportion([20], [100], confidence=99.8)
    pd.testing.assert_frame_equal(as_fraction, as_percent)
    pair = stats.proportion([20], [100], confidence=[95, 99.8])
    assert pair["lower998"].iloc[0] == as_fraction["lower"].iloc[0]


def test_confidence_of_one_gives_whole_range_for_wilson():
    lower, upper = stats.wilson([3, 7], [10, 10], confidence=1)
    assert lower.tolist() == [0.0, 0.0]
    assert upper.tolist() == [1.0, 1.0]


def test_proportion_zero_and_all_events():
    got = stats.proportion([0, 10], [10, 10], multiplier=1)
    assert got["lower"].iloc[0] == 0.0
    assert got["upper"].iloc[0] == pytest.approx(0.27753279986288, rel=1e-9)
    assert got["upper"].iloc[1] == pytest.approx(1.0, abs=1e-15)
    assert got["lower"].iloc[1] == pytest.approx(1 - 0.27753279986288, rel=1e-9)


def test_proportion_keeps_a_series_index():
    x = pd.Series([3, 4], index=["Fife", "Moray"])
    n = pd.Series([10, 20], index=["Fife", "Moray"])
    got = stats.proportion(x, n)
    assert got.index.tolist() == ["Fife", "Moray"]
    assert got.loc["Moray", "value"] == 20.0


def test_scalars_broadcast_against_sequences():
    got = stats.proportion([1, 2, 3], 10, multiplier=1)
    assert got["value"].tolist() == pytest.approx([0.1, 0.2, 0.3])


def test_byar_lower_is_nan_at_zero_as_in_r():
    lower, upper = stats.byar([0, 4])
    assert np.isnan(lower[0])
    assert upper[0] == pytest.approx(1 * (1 - 1 / 9 + 1.959963984540054 / 3) ** 3, rel=1e-12)
    assert lower[1] > 0


def test_dsr_hand_worked():
    # value = Σ(x·w/n)/Σw × m = (10/1000·1 + 20/2000·2 + 30/3000·3)/6 × 100000 = 1000.
    # var = Σ(x·(w/n)²)/(Σw)² = (10e-6 + 20·1e-6 + 30·1e-6)/36 = 60e-6/36.
    got = stats.dsr([10, 20, 30], [1000, 2000, 3000], [1, 2, 3])
    assert got["value"] == pytest.approx(1000.0, rel=1e-12)
    total = 60.0
    byar_lower, byar_upper = stats.byar(total)
    scale = np.sqrt(60e-6 / 36 / total) * 100_000
    assert got["lower"] == pytest.approx(1000 + scale * (float(byar_lower) - total), rel=1e-12)
    assert got["upper"] == pytest.approx(1000 + scale * (float(byar_upper) - total), rel=1e-12)
    assert got["total_count"] == 60.0
    assert got["total_population"] == 6000.0
    assert got["statistic"] == "dsr per 100000"
    assert got["method"] == "Dobson"
    assert got["note"] == ""


def test_dsr_below_ten_events_is_nan_with_a_reason():
    got = stats.dsr([2, 3, 4], [100, 100, 100], [1, 1, 1], confidence=(0.95, 0.998))
    for key in ("value", "lower95", "upper95", "lower998", "upper998"):
        assert np.isnan(got[key])
    assert got["statistic"] == "dsr NA for total count < 10"
    assert "below 10" in got["note"]
    assert got["total_count"] == 9.0


def test_dsr_treats_missing_counts_as_zero():
    with_nan = stats.dsr([np.nan, 20, 30], [1000, 2000, 3000], [1, 2, 3])
    with_zero = stats.dsr([0, 20, 30], [1000, 2000, 3000], [1, 2, 3])
    assert with_nan == with_zero


def test_dsr_with_esp2013_weights_matches_phstatsmethods():
    phm = pytest.importorskip("PHStatsMethods")
    rng = np.random.default_rng(7)
    x = rng.integers(0, 40, 19).astype(float)
    n = rng.integers(2000, 9000, 19).astype(float)
    got = stats.dsr(x, n, stats.ESP2013, confidence=(0.95, 0.998))
    frame = pd.DataFrame({"x": x, "n": n, "w": stats.ESP2013})
    ref = phm.ph_dsr(frame, "x", "n", "w", euro_standard_pops=False, confidence=[0.95, 0.998]).iloc[
        0
    ]
    assert got["value"] == pytest.approx(ref["Value"], rel=1e-12)
    assert got["lower95"] == pytest.approx(ref["lower_95_ci"], rel=1e-12)
    assert got["upper998"] == pytest.approx(ref["upper_99_8_ci"], rel=1e-12)


ERRORS = [
    (lambda: stats.proportion([-1], [10]), "x (numerators)"),
    (lambda: stats.proportion([11], [10]), "must be less than or equal to n"),
    (lambda: stats.proportion([1], [0]), "n (denominators)"),
    (lambda: stats.proportion([1, 2], [3, 4, 5]), "same length"),
    (lambda: stats.proportion([1], [10], confidence=0.5), "confidence"),
    (lambda: stats.proportion([1], [10], confidence=(0.9, 0.95)), "confidence"),
    (lambda: stats.proportion([1], [10], multiplier=0), "multiplier"),
    (lambda: stats.proportion(["a"], [10]), "x must contain only numbers"),
    (lambda: stats.proportion([np.inf], [10]), "infinite"),
    (lambda: stats.rate([-2], [10]), "x (numerators)"),
    (lambda: stats.rate([2], [-10]), "n (denominators)"),
    (lambda: stats.rate([2], [10], confidence=101), "confidence"),
    (lambda: stats.wilson([1], [0]), "n (denominators)"),
    (lambda: stats.wilson([1], [10], confidence=(0.95, 0.998)), "single level"),
    (lambda: stats.byar([-1]), "x (observed events)"),
    (lambda: stats.dsr([1, 2], [10, 20], [1]), "same length"),
    (lambda: stats.dsr([1], [np.nan], [1]), "n (populations)"),
    (lambda: stats.dsr([1], [0], [1]), "n (populations)"),
    (lambda: stats.dsr([1], [10], [0]), "standard_population must not be all zero"),
]


@pytest.mark.parametrize(("call", "words"), ERRORS)
def test_bad_arguments_raise_one_plain_sentence(call, words):
    with pytest.raises(ValueError, match=None) as info:
        call()
    message = str(info.value)
    assert words in message
    assert message.endswith(".")
    assert isinstance(info.value, BairnError)
