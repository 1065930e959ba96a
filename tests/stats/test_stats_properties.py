"""Property-based checks: invariants every output must keep, whatever the input."""

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bairn import stats

counts = st.integers(min_value=1, max_value=10**7).flatmap(
    lambda n: st.tuples(st.integers(0, n), st.just(n))
)
multipliers = st.sampled_from([1, 100, 1000, 100_000])
levels = st.sampled_from([0.9, 0.95, 0.99, 0.998])
series = st.lists(st.integers(-50, 50), min_size=2, max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.lists(counts, min_size=1, max_size=20), multipliers, levels)
def test_proportion_interval_contains_value_and_stays_on_scale(rows, multiplier, level):
    x, n = zip(*rows, strict=True)
    got = stats.proportion(x, n, confidence=level, multiplier=multiplier)
    tol = 1e-12 * multiplier
    assert (got["lower"] <= got["value"] + tol).all()
    assert (got["value"] <= got["upper"] + tol).all()
    assert (got["lower"] >= -tol).all() and (got["upper"] <= multiplier + tol).all()


@settings(max_examples=150, deadline=None)
@given(st.lists(counts, min_size=1, max_size=20))
def test_wider_confidence_gives_wider_intervals(rows):
    x, n = zip(*rows, strict=True)
    both = stats.proportion(x, n, confidence=(0.95, 0.998))
    assert (both["lower998"] <= both["lower95"] + 1e-12).all()
    assert (both["upper998"] >= both["upper95"] - 1e-12).all()
    rates = stats.rate(x, n, confidence=(0.95, 0.998))
    assert (rates["lower998"].fillna(0) <= rates["lower95"] + 1e-9).all()
    assert (rates["upper998"] >= rates["upper95"]).all()


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(1, 10**8)), min_size=1, max_size=20),
    multipliers,
    levels,
)
def test_rate_interval_contains_value(rows, multiplier, level):
    x, n = zip(*rows, strict=True)
    got = stats.rate(x, n, confidence=level, multiplier=multiplier)
    assert (got["lower"] >= 0).all()
    assert (got["lower"] <= got["value"] * (1 + 1e-12)).all()
    assert (got["value"] <= got["upper"]).all()


@settings(max_examples=120, deadline=None)
@given(st.integers(1, 10**6), st.floats(0, 1))
def test_wilson_limits_rise_with_the_numerator(n, share):
    x = np.arange(0, n + 1, max(1, n // 200))
    lower, upper = stats.wilson(x, n)
    assert (np.diff(lower) >= -1e-15).all() and (np.diff(upper) >= -1e-15).all()


@settings(max_examples=120, deadline=None)
@given(st.floats(0.0005, 0.9995), multipliers)
def test_proportion_funnel_narrows_with_the_denominator(p, multiplier):
    n = np.unique(np.geomspace(1, 10**7, 60).round())
    got = stats.funnel_limits(p, n, multiplier=multiplier)
    for col in ("upper95", "upper998"):
        assert (np.diff(got[col]) <= 1e-9 * multiplier).all()
    for col in ("lower95", "lower998"):
        assert (np.diff(got[col]) >= -1e-9 * multiplier).all()
    assert (got["lower998"] <= got["lower95"]).all() and (got["upper95"] <= got["upper998"]).all()
    limits = got[["lower95", "upper95", "lower998", "upper998"]]
    assert ((limits >= 0) & (limits <= multiplier)).all().all()


@settings(max_examples=100, deadline=None)
@given(st.floats(1e-5, 0.5), st.sampled_from(["rate", "ratio"]))
def test_poisson_funnel_narrows_with_the_denominator(baseline, kind):
    n = np.geomspace(1, 10**7, 80)
    got = stats.funnel_limits(baseline, n, kind=kind, multiplier=1)
    assert (np.diff(got["upper95"]) <= 1e-12).all() and (np.diff(got["upper998"]) <= 1e-12).all()
    assert (np.diff(got["lower95"]) >= -1e-12).all() and (np.diff(got["lower998"]) >= -1e-12).all()
    assert (got["lower95"] <= baseline).all() and (got["upper95"] >= baseline).all()


@settings(max_examples=120, deadline=None)
@given(series, st.sampled_from(["2023", "pre-2023"]))
def test_xmr_limits_are_ordered_and_flags_match_rules(values, variant):
    got = stats.xmr(values, two_in_three=variant)
    assume(got["upl"].notna().all())
    assert (got["lpl"] <= got["near_lower"]).all() and (got["near_lower"] <= got["mean"]).all()
    assert (got["mean"] <= got["near_upper"]).all() and (got["near_upper"] <= got["upl"]).all()
    assert (got["special_cause"] == (got["rule"] != "")).all()
    assert ((got["point_type"] == "common_cause") == ~got["special_cause"]).all()


@settings(max_examples=120, deadline=None)
@given(series, st.sampled_from(["increase", "decrease"]))
def test_xmr_is_unchanged_by_exact_rescaling(values, improvement):
    base = stats.xmr(values, improvement=improvement)
    doubled = stats.xmr([4 * v for v in values], improvement=improvement)
    assert doubled["rule"].tolist() == base["rule"].tolist()
    assert doubled["point_type"].tolist() == base["point_type"].tolist()
    np.testing.assert_array_equal(doubled["upl"], 4 * base["upl"])


@settings(max_examples=120, deadline=None)
@given(series)
def test_xmr_mirror_image_swaps_improvement_and_concern(values):
    up = stats.xmr(values, improvement="increase")
    down = stats.xmr([-v for v in values], improvement="decrease")
    assert down["rule"].tolist() == up["rule"].tolist()
    assert down["point_type"].tolist() == up["point_type"].tolist()
    np.testing.assert_array_equal(down["lpl"], -up["upl"])


@settings(max_examples=120, deadline=None)
@given(series)
def test_run_chart_counts_are_consistent(values):
    got = stats.run_chart(values)
    useful = got["side"] != 0
    assert got["n_useful"].iloc[0] == useful.sum()
    assert ((got["run_length"] > 0) == useful).all()
    sides = got.loc[useful, "side"].to_numpy()
    if sides.size:
        runs = 1 + int((np.diff(sides) != 0).sum())
        assert got["n_crossings"].iloc[0] == runs - 1
        assert got["longest_run"].iloc[0] == got["run_length"].max()
    mirrored = stats.run_chart([-v for v in values])
    assert (mirrored["side"] == -got["side"]).all()


@settings(max_examples=120, deadline=None)
@given(counts, counts)
def test_baseline_difference_is_antisymmetric(period, baseline):
    forward = stats.compare_to_baseline(*period, *baseline).iloc[0]
    backward = stats.compare_to_baseline(*baseline, *period).iloc[0]
    assert forward["lower"] <= forward["estimate"] + 1e-9 <= forward["upper"] + 2e-9
    assert backward["estimate"] == -forward["estimate"]
    assert np.isclose(backward["lower"], -forward["upper"], atol=1e-9)
    assert 0 <= forward["p_value"] <= 1


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 500), st.integers(1, 10**5), st.integers(1, 500), st.integers(1, 10**5))
def test_rate_ratio_interval_contains_estimate(x, n, x0, n0):
    got = stats.compare_to_baseline(x, n, x0, n0, kind="rate").iloc[0]
    assert got["lower"] <= got["estimate"] * (1 + 1e-12) <= got["upper"] * (1 + 1e-12)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 400), st.integers(400, 5000)), min_size=3, max_size=30))
def test_overdispersion_estimates_are_non_negative(rows):
    x, n = zip(*rows, strict=True)
    assume(0 < sum(x) < sum(n))
    result = stats.funnel_overdispersion(x, n)
    assert result.phi >= 0 and result.tau2 >= 0
    assert result.tau2 == 0 or result.phi * len(x) >= len(x) - 1
    assert (result.points["z_winsorised"].abs() <= result.points["z"].abs() + 1e-12).all()
