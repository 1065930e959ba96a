"""Funnel limits, significance labels and the overdispersion adjustment, worked by hand."""

import numpy as np
import pytest
from scipy import stats as sps

from bairn import stats

Z95 = 1.959963984540054
Z998 = 3.090232306167813


def test_proportion_limits_hand_worked():
    # p̄ = 0.2, N = 100: p̄ ± z·√(0.2·0.8/100) = 0.2 ± z·0.04.
    got = stats.funnel_limits(0.2, [100]).iloc[0]
    assert list(got.index) == [
        "denominator",
        "baseline",
        "lower95",
        "upper95",
        "lower998",
        "upper998",
    ]
    assert got["baseline"] == pytest.approx(20.0)
    assert got["lower95"] == pytest.approx(100 * (0.2 - Z95 * 0.04), rel=1e-12)
    assert got["upper95"] == pytest.approx(100 * (0.2 + Z95 * 0.04), rel=1e-12)
    assert got["lower998"] == pytest.approx(100 * (0.2 - Z998 * 0.04), rel=1e-12)
    assert got["upper998"] == pytest.approx(100 * (0.2 + Z998 * 0.04), rel=1e-12)


def test_proportion_limits_clip_to_the_multiplier_not_to_100():
    got = stats.funnel_limits(0.9, [5, 10_000], multiplier=1000)
    assert got["upper998"].iloc[0] == 1000.0
    assert got["upper95"].iloc[1] == pytest.approx(1000 * (0.9 + Z95 * np.sqrt(0.09 / 10_000)))
    low = stats.funnel_limits(0.05, [3], multiplier=1)
    assert low["lower95"].iloc[0] == 0.0


@pytest.mark.parametrize("events", [1, 2, 5, 9, 10, 37, 250])
def test_rate_limits_pass_through_exact_poisson_points(events):
    # With O events at the population where O is the exact 95% lower CI bound's mirror, the
    # upper funnel limit holds exactly O events: the funnel is the exact test's boundary.
    baseline = 0.002
    mu_upper = sps.chi2.ppf(0.025, 2 * events) / 2  # expected count with P(X ≥ O) = 0.025
    population = mu_upper / baseline
    got = stats.funnel_limits(baseline, [population], kind="rate", multiplier=1).iloc[0]
    assert got["upper95"] * population == pytest.approx(events, rel=1e-10)
    mu_lower = sps.chi2.ppf(0.999, 2 * events + 2) / 2  # expected count with P(X ≤ O) = 0.001
    population = mu_lower / baseline
    got = stats.funnel_limits(baseline, [population], kind="rate", multiplier=1).iloc[0]
    assert got["lower998"] * population == pytest.approx(events, rel=1e-10)


def test_rate_limits_for_tiny_populations_fall_below_one_event():
    got = stats.funnel_limits(0.001, [10], kind="rate", multiplier=1000).iloc[0]
    assert got["lower95"] == 0.0
    # Expected 0.01 events: even 1 event is beyond the upper limit.
    assert 0 < got["upper95"] * 10 / 1000 < 1
    labels = stats.funnel_significance([1], [10], kind="rate", multiplier=1000, baseline=0.001)
    # P(X ≥ 1 | μ = 0.01) = 1 − e^-0.01 ≈ 0.00995: beyond 95%, not beyond 99.8%.
    assert labels["significance"].iloc[0] == "High (0.025)"


def test_ratio_defaults_to_a_baseline_of_one():
    got = stats.funnel_significance([20, 45, 3, 0], [20, 20, 20, 20], kind="ratio", multiplier=1)
    assert got["baseline"].tolist() == [1.0] * 4
    assert got["significance"].tolist() == [
        "Not significant",
        "High (0.001)",
        "Low (0.001)",
        "Low (0.001)",
    ]
    # 0 events against 4 expected: P(X = 0) = e^-4 = 0.018 < 0.025, > 0.001.
    assert stats.funnel_significance([0], [4], kind="ratio")["significance"].iloc[0] == (
        "Low (0.025)"
    )


def test_zero_baseline_rate_gives_flat_zero_limits():
    got = stats.funnel_limits(0.0, [10, 1000], kind="rate")
    assert (got[["lower95", "upper95", "lower998", "upper998"]] == 0).all().all()


@pytest.mark.parametrize("kind", ["proportion", "rate", "ratio"])
def test_labels_agree_with_the_drawn_limits(kind):
    rng = np.random.default_rng(5)
    n = rng.integers(30, 5000, 200).astype(float)
    x = rng.binomial(n.astype(int), rng.uniform(0.02, 0.3, 200)).astype(float)
    if kind == "ratio":  # observed against expected counts, around a ratio of 1
        n = rng.uniform(2, 300, 200)
        x = rng.poisson(n * rng.uniform(0.4, 1.8, 200)).astype(float)
    got = stats.funnel_significance(x, n, kind=kind, multiplier=100)
    value = got["value"]
    expected = np.select(
        [
            value < got["lower998"],
            value < got["lower95"],
            value > got["upper998"],
            value > got["upper95"],
        ],
        ["Low (0.001)", "Low (0.025)", "High (0.001)", "High (0.025)"],
        default="Not significant",
    )
    assert got["significance"].tolist() == expected.tolist()
    assert set(got["significance"]) >= {"Not significant", "High (0.001)", "Low (0.001)"}


def test_funnel_axis_follows_the_reference_construction():
    narrow = stats.funnel_axis([150, 220])
    assert narrow.size == 100
    assert narrow[0] == 100.0  # 150 × 0.95 = 142.5 rounded down to one significant figure
    assert narrow[-1] == 240.0  # 220 × 1.05 = 231 rounded up to two significant figures
    assert (np.diff(narrow) >= 1).all()
    wide = stats.funnel_axis([10, 5000])
    assert wide[0] == 1.0  # max > 2 × min: the axis starts at zero (plotted from 1)
    assert wide[-1] == 5300.0


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: stats.funnel_limits(20, [100]), "baseline must be a proportion"),
        (lambda: stats.funnel_limits(0.2, [0]), "denominators"),
        (lambda: stats.funnel_limits(0.2, [100], kind="odds"), "kind"),
        (lambda: stats.funnel_limits(-1, [100], kind="rate"), "baseline"),
        (lambda: stats.funnel_significance([5, 20], [10, 10]), "x (numerators)"),
        (lambda: stats.funnel_significance([5, np.nan], [10, 10]), "missing"),
        (lambda: stats.funnel_overdispersion([1], [10]), "at least two areas"),
        (lambda: stats.funnel_overdispersion([1, 2], [10, 10], trim=0.5), "trim"),
        (lambda: stats.funnel_overdispersion([0, 0], [10, 10]), "baseline"),
    ],
)
def test_funnel_argument_errors(call, words):
    with pytest.raises(ValueError) as info:
        call()
    assert words in str(info.value)


# --- Overdispersion ------------------------------------------------------------------------------


def test_overdispersion_hand_worked_ratio_example():
    # E = 100 everywhere, O perfect squares: z = 2(√O − √E) = [-2, 0, 2, -4, 4].
    # Type-7 10%/90% quantiles of z: ∓3.2, so z_w = [-2, 0, 2, -3.2, 3.2];
    # φ = (4 + 0 + 4 + 10.24 + 10.24)/5 = 5.696; w = 4E = 400 each;
    # τ² = (5φ − 4)/(Σw − Σw²/Σw) = (28.48 − 4)/(2000 − 400) = 0.0153.
    observed = [81, 100, 121, 64, 144]
    result = stats.funnel_overdispersion(observed, [100] * 5, kind="ratio", multiplier=1)
    assert result.phi == pytest.approx(5.696, rel=1e-12)
    assert result.tau2 == pytest.approx(0.0153, rel=1e-12)
    assert result.overdispersed
    points = result.points
    assert points["z"].tolist() == pytest.approx([-2, 0, 2, -4, 4], abs=1e-12)
    assert points["z_winsorised"].tolist() == pytest.approx([-2, 0, 2, -3.2, 3.2], abs=1e-12)
    spread = np.sqrt(1 / 400 + 0.0153)
    assert points["z_adjusted"].iloc[4] == pytest.approx(0.2 / spread, rel=1e-12)
    assert points["upper95"].iloc[0] == pytest.approx((1 + Z95 * spread) ** 2, rel=1e-12)
    assert points["lower998"].iloc[0] == pytest.approx((1 - Z998 * spread) ** 2, rel=1e-12)
    # 144 against 100 expected is far outside the Poisson funnel but inside the adjusted one.
    plain = stats.funnel_significance(observed, [100] * 5, kind="ratio")
    assert plain["significance"].iloc[4] == "High (0.001)"
    assert points["significance"].tolist() == ["Not significant"] * 5


def test_no_overdispersion_when_areas_sit_on_the_baseline():
    result = stats.funnel_overdispersion([10, 20, 40], [100, 200, 400])
    assert result.phi == 0.0
    assert result.tau2 == 0.0
    assert not result.overdispersed


def test_overdispersed_proportions_widen_the_limits():
    rng = np.random.default_rng(30)
    n = rng.integers(200, 20000, 30)
    p = np.clip(rng.normal(0.25, 0.05, 30), 0.01, 0.99)
    x = rng.binomial(n, p)
    result = stats.funnel_overdispersion(x, n)
    assert result.tau2 > 0 and result.phi > 1
    plain = stats.funnel_limits(x.sum() / n.sum(), n)
    adjusted = result.limits(n)
    assert (adjusted["upper998"] >= plain["upper998"] - 1e-9).all()
    assert (adjusted["lower998"] <= plain["lower998"] + 1e-9).all()
    assert (result.points["significance"] != "Not significant").sum() < (
        stats.funnel_significance(x, n)["significance"] != "Not significant"
    ).sum()


def test_adjusted_limits_never_fold_back():
    result = stats.funnel_overdispersion([0, 1, 9, 2, 10], [10, 10, 10, 10, 10])
    lines = result.limits([1, 2, 5, 100])
    assert (lines["lower998"] >= 0).all() and (lines["upper998"] <= 100).all()
    assert lines["lower998"].iloc[0] == 0.0 and lines["upper998"].iloc[0] == 100.0
    rates = stats.funnel_overdispersion([0, 30, 2, 1], [10, 10, 10, 10], kind="rate")
    assert rates.limits([0.5])["lower998"].iloc[0] == 0.0
