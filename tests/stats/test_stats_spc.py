"""XmR limits and the Making Data Count rules, from their definitions, with hand-worked answers.

Most cases sit on a fixed baseline of twelve points alternating 12, 10: mean 11, every moving
range 2, so upl = 11 + 2.66·2 = 16.32, lpl = 5.68, near limits 11 ± (2/3·2.66)·2 = 14.547, 7.453.
The baseline ends below the mean so a run in the tail starts fresh.
"""

import numpy as np
import pandas as pd
import pytest

from bairn import stats

BASE = [12.0, 10.0] * 6


def chart(tail, **options):
    result = stats.xmr(BASE + list(tail), fix_after_n_points=12, **options)
    return result.iloc[12:]


def rules(tail, **options):
    return chart(tail, **options)["rule"].tolist()


def test_output_columns_and_types():
    result = stats.xmr(BASE)
    assert list(result.columns) == [
        "value", "mean", "lpl", "upl", "near_lower", "near_upper", "special_cause", "rule",
        "point_type", "segment", "baseline", "trial_limits",
    ]  # fmt: skip
    assert result["special_cause"].dtype == bool
    assert result["mean"].dtype == np.float64
    assert (result["special_cause"] == (result["rule"] != "")).all()


def test_limits_hand_worked():
    # Mean 3.6; moving ranges 2, 1, 2, 1 → 1.5; none ≥ 3.267 × 1.5.
    result = stats.xmr([2, 4, 3, 5, 4])
    row = result.iloc[0]
    assert row["mean"] == pytest.approx(3.6)
    assert row["upl"] == pytest.approx(3.6 + 2.66 * 1.5)
    assert row["lpl"] == pytest.approx(3.6 - 2.66 * 1.5)
    assert row["near_upper"] == pytest.approx(3.6 + 2 / 3 * 2.66 * 1.5)
    assert row["near_lower"] == pytest.approx(3.6 - 2 / 3 * 2.66 * 1.5)
    assert not result["special_cause"].any()


def test_fixed_baseline_limits():
    row = chart([11.0]).iloc[0]
    assert (row["mean"], row["upl"], row["lpl"]) == pytest.approx((11, 16.32, 5.68))
    assert (row["near_upper"], row["near_lower"]) == pytest.approx((11 + 3.546667, 11 - 3.546667))


def test_moving_range_screening():
    # Ranges: seven of 1 and two of 30 (mean 67/9 = 7.44); 30 ≥ 3.267 × 7.44 so both go,
    # leaving a mean moving range of 1. The mean of the values is 134/10 = 13.4.
    values = [10, 11, 10, 11, 10, 40, 10, 11, 10, 11]
    screened = stats.xmr(values).iloc[0]
    assert screened["upl"] == pytest.approx(13.4 + 2.66)
    unscreened = stats.xmr(values, screen_outliers=False).iloc[0]
    assert unscreened["upl"] == pytest.approx(13.4 + 2.66 * 67 / 9)


def test_shift_of_seven_on_one_side():
    got = chart([12] * 7)
    assert got["rule"].tolist() == ["shift"] * 7
    assert got["point_type"].tolist() == ["special_cause_improvement"] * 7
    assert rules([12] * 6) == [""] * 6


def test_shift_length_option():
    assert rules([12] * 6, shift_length=6) == ["shift"] * 6
    assert rules([12] * 7, shift_length=8) == [""] * 7


def test_point_on_the_mean_breaks_a_shift():
    assert rules([12, 12, 12, 11, 12, 12, 12, 12]) == [""] * 8


def test_trend_of_seven_rising():
    got = chart([9, 9.5, 10, 10.5, 11, 11.5, 12])
    assert got["rule"].tolist() == ["trend"] * 7
    assert got["point_type"].tolist() == ["special_cause_improvement"] * 7


def test_six_rising_is_not_a_trend_unless_asked():
    tail = [9, 9.5, 10, 10.5, 11, 11.5]
    assert rules(tail) == [""] * 6
    assert rules(tail, trend_length=6) == ["trend"] * 6


def test_equal_neighbours_break_a_trend():
    assert rules([9, 9.5, 10, 10, 10.5, 11, 11.5, 12]) == [""] * 8


def test_falling_trend_is_a_concern_when_increase_is_good():
    got = chart([13, 12.5, 12, 11.5, 11, 10.5, 10])
    assert got["rule"].tolist() == ["trend"] * 7
    assert set(got["point_type"]) == {"special_cause_concern"}
    decrease = chart([13, 12.5, 12, 11.5, 11, 10.5, 10], improvement="decrease")
    assert set(decrease["point_type"]) == {"special_cause_improvement"}
    neutral = chart([13, 12.5, 12, 11.5, 11, 10.5, 10], improvement="neutral")
    assert set(neutral["point_type"]) == {"special_cause_neutral_low"}


def test_peak_between_two_trends_takes_the_direction_of_the_trend_it_starts():
    tail = [9, 9.5, 10, 10.5, 11, 11.5, 12, 11.5, 11, 10.5, 10, 9.5, 9]
    got = chart(tail)
    assert got["rule"].tolist() == ["trend"] * 13
    types = got["point_type"].tolist()
    assert types[:6] == ["special_cause_improvement"] * 6
    assert types[6:] == ["special_cause_concern"] * 7  # the peak (12) starts the fall


def test_outside_the_limits_and_rule_priority():
    assert rules([17]) == ["outside"]
    assert chart([5])["point_type"].tolist() == ["special_cause_concern"]
    # Seven above the mean is a shift, but the point beyond the limit is labelled "outside".
    assert rules([12, 12, 12, 17, 12, 12, 12]) == ["shift"] * 3 + ["outside"] + ["shift"] * 3


def test_two_in_three_near_the_limit_on_one_side():
    assert rules([15, 12, 15]) == ["two_in_three", "", "two_in_three"]
    assert rules([15, 15, 12]) == ["two_in_three", "two_in_three", ""]
    assert chart([15, 12, 15])["point_type"].tolist()[0] == "special_cause_improvement"


def test_two_in_three_needs_all_three_on_the_same_side():
    assert rules([15, 10, 15]) == ["", "", ""]
    assert rules([15, 11, 15]) == ["", "", ""]  # a point on the mean is on neither side


def test_two_in_three_2023_counts_points_beyond_the_process_limit():
    tail = [17, 15, 12]
    assert rules(tail, two_in_three="pre-2023") == ["outside", "", ""]
    assert rules(tail, two_in_three="2023") == ["outside", "two_in_three", ""]


def test_rebase_starts_new_limits_and_moving_ranges():
    values = [12, 10] * 6 + [22, 20] * 6
    result = stats.xmr(values, rebase=[12])
    assert result["segment"].tolist() == [0] * 12 + [1] * 12
    first, second = result.iloc[0], result.iloc[12]
    assert first["mean"] == pytest.approx(11) and second["mean"] == pytest.approx(21)
    # The jump 10 → 22 between segments is not a moving range of either segment.
    assert second["upl"] == pytest.approx(21 + 2.66 * 2)
    assert not result["special_cause"].any()
    whole = stats.xmr(values)
    assert whole["mean"].iloc[0] == pytest.approx(16)
    assert whole["special_cause"].any()


def test_rebase_by_index_label():
    values = pd.Series([12, 10] * 6 + [22, 20] * 6, index=range(2001, 2025))
    result = stats.xmr(values, rebase=2013)
    assert result.index.tolist() == list(range(2001, 2025))
    assert result.loc[2013, "segment"] == 1 and result.loc[2012, "segment"] == 0


def test_fix_after_n_points_freezes_the_limits():
    result = stats.xmr(BASE + [20] * 6, fix_after_n_points=12)
    assert result["mean"].tolist() == pytest.approx([11] * 18)
    assert result["baseline"].tolist() == [True] * 12 + [False] * 6
    assert result["rule"].tolist()[12:] == ["outside"] * 6
    free = stats.xmr(BASE + [20] * 6)
    assert free["mean"].iloc[0] == pytest.approx((11 * 12 + 20 * 6) / 18)


def test_fix_after_n_points_applies_within_each_segment():
    values = BASE + [13] + BASE + [30] * 3
    result = stats.xmr(values, fix_after_n_points=12, rebase=[13])
    assert result["mean"].tolist() == pytest.approx([11] * 28)
    assert result["baseline"].sum() == 24


def test_short_series_warning():
    short = stats.xmr(BASE)
    assert short["trial_limits"].all()
    assert len(short.attrs["warnings"]) == 1
    assert "12 points" in short.attrs["warnings"][0]
    long_enough = stats.xmr([*BASE, 11])
    assert not long_enough["trial_limits"].any()
    assert long_enough.attrs["warnings"] == []


def test_short_segment_after_a_rebase_is_flagged_alone():
    result = stats.xmr(BASE * 2 + [11] * 5, rebase=[24])
    assert result["trial_limits"].tolist() == [False] * 24 + [True] * 5
    assert any("Segment 1" in w for w in result.attrs["warnings"])


def test_no_variation_gives_no_limits_and_says_so():
    result = stats.xmr([5.0] * 15)
    assert result["upl"].isna().all()
    assert not result["special_cause"].any()
    assert any("no usable variation" in w for w in result.attrs["warnings"])


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: stats.xmr(BASE, fix_after_n_points=11), "fix_after_n_points"),
        (lambda: stats.xmr(BASE, improvement="up"), "improvement"),
        (lambda: stats.xmr(BASE, two_in_three="2019"), "two_in_three"),
        (lambda: stats.xmr(BASE, trend_length=2), "trend_length"),
        (lambda: stats.xmr([1, np.nan, 2]), "values must not contain missing"),
        (lambda: stats.xmr([]), "at least one value"),
        (lambda: stats.xmr(BASE, rebase=[40]), "beyond the end"),
        (lambda: stats.xmr(BASE, rebase=["2020-01"]), "rebase point"),
    ],
)
def test_xmr_argument_errors(call, words):
    with pytest.raises(ValueError) as info:
        call()
    assert words in str(info.value)
