"""Run charts: Anhøj's rules (qicharts2) and runcharter-style rebasing, worked by hand."""

import pytest

from bairn import stats
from bairn.stats.runchart import crossings_min, longest_run_max

# Anhøj & Olesen (2014), table 1: n useful points → (longest run limit, fewest crossings).
CRITICAL = {
    10: (6, 2), 12: (7, 3), 14: (7, 4), 17: (7, 5), 20: (7, 6), 24: (8, 8), 30: (8, 10),
    40: (8, 14), 50: (9, 19), 100: (10, 41),
}  # fmt: skip

BASELINE = [5, 6, 4, 5, 6, 4, 5, 6, 4, 5, 6, 4, 5]  # 13 points, median 5


@pytest.mark.parametrize(("n", "limits"), CRITICAL.items())
def test_critical_values(n, limits):
    assert (longest_run_max(n), crossings_min(n)) == limits


def test_long_run_and_few_crossings_signal():
    result = stats.run_chart(range(1, 11))  # median 5.5: five below, then five above
    row = result.iloc[0]
    assert row["n_useful"] == 10
    assert (row["longest_run"], row["longest_run_max"]) == (5, 6)
    assert (row["n_crossings"], row["n_crossings_min"]) == (1, 2)
    assert row["runs_signal"]


def test_random_looking_series_has_no_signal():
    result = stats.run_chart([1, 9] * 5)
    row = result.iloc[0]
    assert (row["longest_run"], row["n_crossings"]) == (1, 9)
    assert not result["runs_signal"].any()
    assert not result["long_run"].any()


def test_points_on_the_median_neither_break_nor_count_in_runs():
    # Median 5. Sides − − + 0 + + −: the point on the median sits inside a run of three.
    result = stats.run_chart([4, 4, 6, 5, 6, 6, 4])
    assert result["median"].iloc[0] == 5
    assert result["side"].tolist() == [-1, -1, 1, 0, 1, 1, -1]
    assert result["run_length"].tolist() == [2, 2, 3, 0, 3, 3, 1]
    row = result.iloc[0]
    assert (row["n_useful"], row["longest_run"], row["n_crossings"]) == (6, 3, 2)


def test_long_run_marks_the_points_of_an_unusually_long_run():
    # Median 5 from the alternating first ten; the tenth point (9) starts a run of ten above.
    values = [1, 9] * 5 + [9] * 9 + [1, 9] * 3
    result = stats.run_chart(values, baseline_points=10)
    row = result.iloc[0]
    assert row["n_useful"] == 25
    assert (row["longest_run"], row["longest_run_max"]) == (10, 8)
    assert result["long_run"].tolist() == [False] * 9 + [True] * 10 + [False] * 6
    assert row["runs_signal"]


def test_baseline_points_fix_the_median():
    result = stats.run_chart([1, 2, 3, 4, 5, 10, 10, 10], baseline_points=5)
    assert result["median"].tolist() == [3] * 8
    assert result["baseline"].tolist() == [True] * 5 + [False] * 3


def test_rebase_after_a_sustained_run_above():
    tail = [7, 8, 9, 7, 8, 9, 7, 8, 9, 8, 8]
    result = stats.run_chart(BASELINE + tail, baseline_points=13, rebase_after=9)
    assert result["median"].tolist() == [5] * 13 + [8] * 11
    assert result["segment"].tolist() == [0] * 13 + [1] * 11
    assert result["sustained"].tolist() == [False] * 13 + [True] * 9 + [False] * 2
    assert result["baseline"].tolist() == [True] * 22 + [False] * 2
    seg1 = result.iloc[13]
    # Against the new median 8: − 0 + − 0 + − 0 + 0 0 → six useful points, five crossings.
    assert (seg1["n_useful"], seg1["longest_run"], seg1["n_crossings"]) == (6, 1, 5)


def test_a_point_on_the_other_side_restarts_the_count():
    tail = [7] * 8 + [3] + [7] * 9
    result = stats.run_chart(BASELINE + tail, baseline_points=13, rebase_after=9, direction="above")
    assert result["segment"].tolist() == [0] * 22 + [1] * 9
    assert result["median"].iloc[-1] == 7
    below = stats.run_chart(BASELINE + tail, baseline_points=13, rebase_after=9, direction="below")
    assert below["segment"].max() == 0


def test_points_on_the_median_are_skipped_inside_a_sustained_run():
    tail = [7, 7, 7, 7, 5, 7, 7, 7, 7, 7]
    result = stats.run_chart(BASELINE + tail, baseline_points=13, rebase_after=9)
    assert result["sustained"].tolist()[13:] == [True] * 10  # the span, median point included
    assert result["baseline"].tolist()[13:] == [True] * 4 + [False] + [True] * 5
    assert result["segment"].iloc[13] == 1


def test_rebasing_repeats_with_each_new_median():
    tail = [8] * 9 + [12] * 9
    result = stats.run_chart(BASELINE + tail, baseline_points=13, rebase_after=9)
    assert result["median"].tolist() == [5] * 13 + [8] * 9 + [12] * 9
    assert result["segment"].max() == 2


def test_direction_limits_which_side_triggers_a_rebase():
    tail = [3] * 9
    above = stats.run_chart(BASELINE + tail, baseline_points=13, rebase_after=9, direction="above")
    assert above["segment"].max() == 0
    both = stats.run_chart(BASELINE + tail, baseline_points=13, rebase_after=9)  # default "both"
    assert both["median"].iloc[-1] == 3


def test_warnings_for_short_series():
    result = stats.run_chart([1, 2, 3, 4, 5], baseline_points=3, rebase_after=9)
    assert any("no rebase was possible" in w for w in result.attrs["warnings"])
    assert any("at least 10" in w for w in result.attrs["warnings"])
    assert stats.run_chart([1, 9] * 6).attrs["warnings"] == []


def test_all_points_on_the_median():
    result = stats.run_chart([3, 3, 3])
    assert result["n_useful"].iloc[0] == 0
    assert result["longest_run"].isna().all()
    assert not result["runs_signal"].any()


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: stats.run_chart([1, 2, 3], rebase_after=9), "baseline_points must be given"),
        (lambda: stats.run_chart([1, 2, 3], direction="up"), "direction"),
        (lambda: stats.run_chart([1, 2, 3], baseline_points=0), "baseline_points"),
        (lambda: stats.run_chart([1, None, 3]), "missing"),
    ],
)
def test_run_chart_argument_errors(call, words):
    with pytest.raises(ValueError) as info:
        call()
    assert words in str(info.value)
