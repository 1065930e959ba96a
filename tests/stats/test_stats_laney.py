"""Laney P′ and U′ charts, hand-worked from qicharts2's definitions."""

import numpy as np
import pytest

from bairn import stats

D2 = 1.128


def test_p_prime_hand_worked():
    # n = 100 each, p = .5 .6 .5 .4 .5: p̄ = .5, σᵢ = √(.25/100) = .05, z = 0 2 0 −2 0,
    # mean |Δz| = 2, σ_z = 2/1.128; limits .5 ± 3·.05·σ_z, near .5 ± 2·.05·σ_z.
    result = stats.p_prime([50, 60, 50, 40, 50], [100] * 5)
    sigma_z = 2 / D2
    assert result["sigma_z"].iloc[0] == pytest.approx(sigma_z, rel=1e-12)
    assert result["mean"].iloc[0] == pytest.approx(50.0)
    assert result["upl"].iloc[0] == pytest.approx(100 * (0.5 + 3 * 0.05 * sigma_z), rel=1e-12)
    assert result["lpl"].iloc[0] == pytest.approx(100 * (0.5 - 3 * 0.05 * sigma_z), rel=1e-12)
    assert result["near_upper"].iloc[0] == pytest.approx(100 * (0.5 + 2 * 0.05 * sigma_z))
    assert result["value"].tolist() == pytest.approx([50, 60, 50, 40, 50])


def test_u_prime_hand_worked():
    # n = 100 each, u = 1 1.2 1 .8 1: ū = 1, σᵢ = √(1/100) = .1, z = 0 2 0 −2 0.
    result = stats.u_prime([100, 120, 100, 80, 100], [100] * 5, multiplier=1)
    sigma_z = 2 / D2
    assert result["upl"].iloc[0] == pytest.approx(1 + 3 * 0.1 * sigma_z, rel=1e-12)
    assert result["lpl"].iloc[0] == pytest.approx(1 - 3 * 0.1 * sigma_z, rel=1e-12)


def test_limits_vary_with_the_denominator():
    result = stats.p_prime([10, 40, 12, 90, 20, 35], [100, 400, 100, 900, 200, 300])
    widths = (result["upl"] - result["lpl"]).to_numpy()
    n = np.array([100, 400, 100, 900, 200, 300])
    # Width ∝ 1/√n: width × √n is the same for every point.
    assert np.allclose(widths * np.sqrt(n), widths[0] * 10)


def test_p_prime_clips_to_the_scale_and_u_prime_at_zero():
    p = stats.p_prime([1, 9, 0, 10, 5], [10, 10, 10, 10, 10], multiplier=1)
    assert (p["lpl"] >= 0).all() and (p["upl"] <= 1).all()
    u = stats.u_prime([0, 9, 0, 12, 1], [10, 10, 10, 10, 10], multiplier=1)
    assert (u["lpl"] >= 0).all()


def test_special_causes_use_the_making_data_count_rules():
    n = [1000] * 20
    x = [200, 210, 190, 205, 195, 200, 210, 190, 205, 195, 200, 200] + [260] * 8
    result = stats.p_prime(x, n, fix_after_n_points=12)
    assert result["mean"].iloc[-1] == pytest.approx(20.0)
    assert result["rule"].tolist()[12:] == ["outside"] * 8
    assert set(result["point_type"].iloc[12:]) == {"special_cause_improvement"}
    worse = stats.p_prime(x, n, fix_after_n_points=12, improvement="decrease")
    assert set(worse["point_type"].iloc[12:]) == {"special_cause_concern"}


def test_same_columns_as_xmr_plus_sigma_z():
    xmr_columns = list(stats.xmr([1.0, 2.0, 3.0]).columns)
    assert list(stats.p_prime([1, 2, 3], [10, 10, 10]).columns) == [*xmr_columns, "sigma_z"]


def test_all_zero_proportions_have_no_limits_and_a_warning():
    result = stats.p_prime([0, 0, 0], [10, 20, 30])
    assert result["upl"].isna().all()
    assert any("no P′ limits" in w for w in result.attrs["warnings"])


def test_laney_argument_errors():
    with pytest.raises(ValueError, match="x \\(numerators\\)"):
        stats.p_prime([5, 12], [10, 10])
    with pytest.raises(ValueError, match="n \\(denominators\\)"):
        stats.u_prime([5, 12], [10, 0])
    with pytest.raises(ValueError, match="same length"):
        stats.u_prime([5, 12, 3], [10, 10])
