"""Thousands of random inputs checked against PHStatsMethods where it agrees with the R reference.

Where the Python port departs from PHEindicatormethods (R), Bairn follows R; those departures
are pinned here as well so a change in either package is noticed (docs/stats.md, "Divergences").
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import special

from bairn import stats

phm = pytest.importorskip("PHStatsMethods")
from PHStatsMethods import funnels as ph_funnels  # noqa: E402
from PHStatsMethods import utils_funnel as ph_utils  # noqa: E402
from PHStatsMethods.confidence_intervals import byars, byars_lower  # noqa: E402

REL = 1e-9
ROWS = 5000


def _random_proportions(rng, size):
    n = np.floor(10 ** rng.uniform(0, 6, size)) + 1
    x = np.floor(rng.uniform(0, 1, size) * (n + 1))
    x = np.minimum(x, n)
    return x, n


def _random_rates(rng, size):
    x = np.floor(10 ** rng.uniform(0, 4.5, size))  # 1 … ~30,000 events, many below 10
    n = np.floor(10 ** rng.uniform(1, 7, size))
    return x, n


def _assert_close(ours, theirs):
    np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs), rtol=REL, atol=1e-300)


def test_proportion_agrees_on_thousands_of_random_rows():
    rng = np.random.default_rng(20240501)
    x, n = _random_proportions(rng, ROWS)
    ours = stats.proportion(x, n, confidence=(0.95, 0.998), multiplier=100)
    ref = phm.ph_proportion(
        pd.DataFrame({"x": x, "n": n}), "x", "n", confidence=[0.95, 0.998], multiplier=100
    )
    _assert_close(ours["value"], ref["Value"])
    _assert_close(ours["lower95"], ref["lower_95_ci"])
    _assert_close(ours["upper95"], ref["upper_95_ci"])
    _assert_close(ours["lower998"], ref["lower_99_8_ci"])
    _assert_close(ours["upper998"], ref["upper_99_8_ci"])


def test_rate_agrees_on_thousands_of_random_rows_with_events():
    rng = np.random.default_rng(20240502)
    x, n = _random_rates(rng, 3000)  # PHStatsMethods' rate is slow row by row
    assert (x < 10).sum() > 500 and (x >= 10).sum() > 500
    ours = stats.rate(x, n, confidence=(0.95, 0.998), multiplier=100_000)
    ref = phm.ph_rate(
        pd.DataFrame({"x": x, "n": n}), "x", "n", confidence=[0.95, 0.998], multiplier=100_000
    )
    _assert_close(ours["value"], ref["Value"])
    _assert_close(ours["lower95"], ref["lower_95_ci"])
    _assert_close(ours["upper95"], ref["upper_95_ci"])
    _assert_close(ours["lower998"], ref["lower_99_8_ci"])
    _assert_close(ours["upper998"], ref["upper_99_8_ci"])
    assert ours["method"].tolist() == ref["Method"].tolist()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(1, 10**7), st.floats(0, 1, allow_nan=False)), min_size=1, max_size=8
    ),
    st.sampled_from([0.95, 0.998]),
)
def test_proportion_agrees_at_edges(rows, confidence):
    n = np.array([r[0] for r in rows], dtype=float)
    x = np.floor(np.array([r[1] for r in rows]) * n)
    ours = stats.proportion(x, n, confidence=confidence, multiplier=1)
    ref = phm.ph_proportion(
        pd.DataFrame({"x": x, "n": n}), "x", "n", confidence=confidence, multiplier=1
    )
    suffix = "95" if confidence == 0.95 else "99_8"
    np.testing.assert_allclose(ours["lower"], ref[f"lower_{suffix}_ci"], rtol=REL, atol=1e-15)
    np.testing.assert_allclose(ours["upper"], ref[f"upper_{suffix}_ci"], rtol=REL, atol=1e-15)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 10**5), st.integers(1, 10**8)), min_size=1, max_size=8),
    st.sampled_from([0.95, 0.998]),
)
def test_rate_agrees_at_edges(rows, confidence):
    x = np.array([r[0] for r in rows], dtype=float)
    n = np.array([r[1] for r in rows], dtype=float)
    ours = stats.rate(x, n, confidence=confidence, multiplier=1)
    ref = phm.ph_rate(pd.DataFrame({"x": x, "n": n}), "x", "n", confidence=confidence, multiplier=1)
    suffix = "95" if confidence == 0.95 else "99_8"
    np.testing.assert_allclose(ours["lower"], ref[f"lower_{suffix}_ci"], rtol=REL)
    np.testing.assert_allclose(ours["upper"], ref[f"upper_{suffix}_ci"], rtol=REL)


# --- Divergences: PHStatsMethods differs from R; Bairn follows R ---------------------------------


def test_divergence_zero_events_break_phstatsmethods_rate_but_not_bairn():
    with pytest.raises(ValueError):
        phm.ph_rate(pd.DataFrame({"x": [0.0], "n": [50.0]}), "x", "n")
    ours = stats.rate([0], [50], multiplier=1).iloc[0]
    assert ours["lower"] == 0.0
    assert ours["upper"] == pytest.approx(special.gammaincinv(1, 0.975) / 50, rel=1e-12)


def test_divergence_python_byars_lower_switches_to_exact_below_ten():
    assert byars_lower(1) == pytest.approx(0.025317807984289897, rel=REL)
    assert float(stats.byar(1)[0]) == pytest.approx(0.013072132901504351, rel=REL)


def test_divergence_python_byars_wrapper_passes_one_minus_confidence():
    with pytest.warns(UserWarning):
        lower, upper = byars(5, confidence=0.95)
    # At 5% "confidence" the interval is tiny; R and Bairn give the 95% exact interval.
    ours = stats.rate([5], [1], multiplier=1).iloc[0]
    assert upper - lower < 2 < 9 < ours["upper"] - ours["lower"]


def test_divergence_funnel_clipping_respects_the_multiplier():
    frame = pd.DataFrame({"x": [900, 5, 950], "n": [1000, 10, 1000]})
    ref = ph_funnels.calculate_funnel_limits(frame, "x", "proportion", 1000, denom_col="n")
    assert ref["upper_3s_limit"].max() == 100  # clipped to 100 although the scale is per 1000
    baseline = frame["x"].sum() / frame["n"].sum()
    ours = stats.funnel_limits(baseline, ref["Population"], multiplier=1000)
    assert ours["upper998"].max() > 100
    assert ours["upper998"].max() <= 1000
    unclipped = ref["upper_3s_limit"] < 100
    np.testing.assert_allclose(
        ours["upper998"][unclipped], ref["upper_3s_limit"][unclipped], rtol=REL
    )


# --- Funnels -------------------------------------------------------------------------------------


def test_proportion_funnel_limits_equal_sigma_adjustment():
    rng = np.random.default_rng(11)
    for _ in range(300):
        p = rng.uniform(0.001, 0.999)
        pop = float(np.floor(10 ** rng.uniform(0, 7)) + 1)
        ours = stats.funnel_limits(p, [pop], multiplier=1).iloc[0]
        for side, col, prob in (
            ("low", "lower95", 0.975),
            ("high", "upper95", 0.975),
            ("low", "lower998", 0.999),
            ("high", "upper998", 0.999),
        ):
            expected = ph_utils.sigma_adjustment(prob, pop, p, side, 1)
            assert ours[col] == pytest.approx(min(max(expected, 0), 1), rel=1e-8, abs=1e-15)


def test_proportion_funnel_labels_agree_on_random_areas():
    rng = np.random.default_rng(12)
    for _ in range(20):
        n = rng.integers(20, 20000, 40)
        x = rng.binomial(n, rng.uniform(0.05, 0.4) * rng.uniform(0.6, 1.4, 40).clip(0, 2))
        x = np.minimum(x, n)
        ours = stats.funnel_significance(x, n)
        ref = ph_funnels.assign_funnel_significance(
            pd.DataFrame({"x": x, "n": n}), "x", "proportion", denom_col="n"
        )
        assert ours["significance"].tolist() == ref["significance"].tolist()


def test_poisson_funnel_limits_match_the_bisection_of_the_reference():
    # PHStatsMethods places funnel points at whole event counts: populations where O events
    # sit exactly on a limit. Bairn's limit at that population must give back O events.
    rate_per_person = 0.004
    for events in (1, 2, 3, 5, 9, 10, 25, 100, 400):
        for tail, side, col in ((0.025, "high", "lower95"), (0.001, "low", "upper998")):
            expected_events = ph_utils.poisson_funnel(events, tail, side)
            population = expected_events / rate_per_person
            ours = stats.funnel_limits(rate_per_person, [population], kind="rate", multiplier=1)
            # The reference bisects to 1e-7 on v = μ/(1 + O + μ), about 1e-5 relative in μ.
            assert ours[col].iloc[0] * population == pytest.approx(events, rel=2e-5)


def test_rate_funnel_labels_agree_exactly_below_ten_events():
    rng = np.random.default_rng(13)
    pop = rng.integers(50, 3000, 400)
    x = rng.poisson(pop * 0.003 * rng.uniform(0.3, 2.5, 400))
    frame = pd.DataFrame({"x": x, "n": pop, "r": x / pop * 1000})
    ours = stats.funnel_significance(x, pop, kind="rate", multiplier=1000)
    ref = ph_funnels.assign_funnel_significance(
        frame, "x", "rate", denom_col="n", rate="r", rate_type="crude", multiplier=1000
    )
    small = x < 10
    assert small.sum() > 100
    assert ours["significance"][small].tolist() == ref["significance"][small].tolist()
    # From 10 events the reference labels with Byar's approximation; labels may then differ,
    # but only for areas whose exact tail probability is close to a threshold.
    differ = ours["significance"].to_numpy() != ref["significance"].to_numpy()
    assert differ.mean() < 0.02
