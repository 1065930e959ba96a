"""Every indicator against the hand-built scenario (tests/indicators/scenario.py): each expected
numerator and denominator below is counted by hand from the rows in that file."""

from pathlib import Path

import pandas as pd
import pytest

from bairn.indicators import compute, load_catalogue, read_results
from bairn.store import SourceFile, Store
from tests.indicators.scenario import A, B, by_council

POPULATION = Path(__file__).resolve().parents[2] / "src/bairn/indicators/data"
FILES = [SourceFile("scenario", "0" * 64)]


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    db = tmp_path_factory.mktemp("scenario") / "s.duckdb"
    with Store(db) as store:
        for council in (A, B):
            store.load(by_council(council), files=FILES, version="1.1", area=council, period="2025")
        compute(store)
        frame = read_results(store, breakdown=None)
    return frame.set_index(["indicator_id", "area_code", "period", "breakdown", "category"])


def cell(results, indicator, period, area=A, breakdown="total", category="all"):
    row = results.loc[(indicator, area, period, breakdown, category)]
    den = None if pd.isna(row.denominator) else row.denominator
    return row.numerator, den


def population(council: str, year: int, ages=range(18), sex="all") -> int:
    pop = pd.read_csv(POPULATION / "population_children.csv")
    sel = pop[(pop.council_code == council) & (pop.year == year) & (pop.sex == sex)]
    return int(sel[sel.age.isin(list(ages))].population.sum())


# (indicator, period, area, breakdown, category) -> (numerator, denominator); None means the
# denominator is the population of children aged 0-17 in 2025 (checked separately).
EXPECTED = {
    ("concerns_rate", "2025Q1", A, "total", "all"): (4, None),
    ("concerns_rate", "2025Q1", A, "age_band", "5-10"): (1, "0-4..5-10"),
    ("concerns_rate", "2025Q1", A, "age_band", "unborn"): (1, "none"),
    ("concerns_rate", "2025Q1", A, "age_band", "16-17"): (1, "16-17"),
    ("concerns_rate", "2025Q3", A, "total", "all"): (0, None),  # no events is zero, not missing
    ("concerns_rate", "2025Q2", B, "total", "all"): (1, None),
    ("irds_rate", "2025Q1", A, "total", "all"): (4, None),
    ("investigations_rate", "2025Q1", A, "total", "all"): (3, None),
    ("initial_meetings_rate", "2025Q1", A, "total", "all"): (3, None),
    ("initial_meetings_rate", "2025Q2", B, "total", "all"): (0, None),  # a transfer is not one
    ("pre_birth_meetings", "2025Q1", A, "total", "all"): (1, "none"),
    ("registrations_rate", "2025Q1", A, "total", "all"): (3, None),
    ("registrations_rate", "2025Q2", A, "total", "all"): (0, None),
    ("registrations_rate", "2025", A, "total", "all"): (4, None),
    ("registrations_rate", "2025Q2", B, "total", "all"): (1, None),  # the child who moved
    ("registrations_rate", "2025Q1", A, "simd_quintile", "1"): (2, "q1"),
    ("pre_birth_registrations", "2025Q1", A, "total", "all"): (1, "none"),
    ("deregistrations", "2025Q2", A, "total", "all"): (1, "none"),
    ("deregistrations", "2025Q3", A, "total", "all"): (1, "none"),
    ("reporter_referrals_rate", "2025Q1", A, "total", "all"): (1, None),
    ("register_count", "2025Q1", A, "total", "all"): (3, "none"),
    ("register_count", "2025Q2", A, "total", "all"): (2, "none"),  # r1 spans Q1 to Q3
    ("register_count", "2025Q3", A, "total", "all"): (1, "none"),
    ("register_count", "2025Q4", A, "total", "all"): (2, "none"),
    ("register_count", "2025", A, "total", "all"): (2, "none"),  # snapshot at 31 December
    ("register_count", "2025Q1", A, "age_band", "unborn"): (1, "none"),
    ("register_count", "2025Q2", A, "age_band", "0-4"): (1, "none"),  # born in May
    ("register_count", "2025Q2", B, "total", "all"): (1, "none"),
    ("register_rate", "2025Q1", A, "total", "all"): (3, None),
    ("concern_to_ird", "2025Q1", A, "total", "all"): (4, 4),
    ("concern_to_ird", "2025Q2", B, "total", "all"): (0, 1),
    ("ird_to_investigation", "2025Q1", A, "total", "all"): (2, 3),  # the open IRD waits
    ("ird_jii", "2025Q1", A, "total", "all"): (1, 4),
    ("ird_no_further_action", "2025Q1", A, "total", "all"): (1, 3),
    ("investigation_to_meeting", "2025Q1", A, "total", "all"): (2, 2),
    ("meeting_to_registration", "2025Q1", A, "total", "all"): (3, 3),
    ("meeting_to_registration", "2025Q4", A, "total", "all"): (1, 1),
    ("deregistered_risk_reduced", "2025Q2", A, "total", "all"): (0, 1),
    ("deregistered_risk_reduced", "2025", A, "total", "all"): (1, 2),
    ("registration_under_6_months", "2025Q2", A, "total", "all"): (1, 1),
    ("registration_under_6_months", "2025Q3", A, "total", "all"): (0, 1),
    ("registration_over_2_years", "2025", A, "total", "all"): (0, 2),
    ("reregistrations_18m", "2025Q1", A, "total", "all"): (0, 3),
    ("reregistrations_18m", "2025Q4", A, "total", "all"): (1, 1),
    ("reregistrations_18m", "2025Q2", B, "total", "all"): (0, 1),  # moving is not re-registering
    ("mean_registration_days", "2025Q2", A, "total", "all"): (26, 1),
    ("mean_registration_days", "2025", A, "total", "all"): (245, 2),
    ("concerns_identified_share_of_concerns", "2025Q1", A, "concern_type", "neglect"): (3, 5),
    ("concerns_identified_share_of_concerns", "2025Q1", A, "concern_type", "domestic_abuse"): (
        1,
        5,
    ),
    ("concerns_identified_share_of_concerns", "2025Q4", A, "concern_type", "emotional_abuse"): (
        1,
        1,
    ),
    ("concerns_identified_share_of_children", "2025Q1", A, "concern_type", "neglect"): (3, 3),
    (
        "concerns_identified_share_of_children",
        "2025Q1",
        A,
        "concern_type",
        "parental_drug_misuse",
    ): (
        1,
        3,
    ),
    ("concerns_identified_share_of_children", "2025Q1", A, "concern_type", "emotional_abuse"): (
        0,
        3,
    ),
    ("initial_meeting_timely", "2025Q1", A, "total", "all"): (1, 1),
    ("first_core_group_timely", "2025Q1", A, "total", "all"): (1, 3),
    ("first_core_group_timely", "2025Q4", A, "total", "all"): (0, 1),
    ("review_timely", "2025Q3", A, "total", "all"): (2, 2),
    ("pre_birth_timely", "2025Q1", A, "total", "all"): (1, 1),
    ("mean_days_concern_to_initial_meeting", "2025Q1", A, "total", "all"): (23, 1),
    ("child_views_presented", "2025Q1", A, "total", "all"): (1, 2),
    ("child_views_presented", "2025Q3", A, "total", "all"): (2, 2),
    ("child_attended", "2025Q1", A, "total", "all"): (1, 1),
    ("child_attended", "2025Q3", A, "total", "all"): (1, 2),
    ("advocate_present", "2025Q1", A, "total", "all"): (0, 1),
    ("advocate_present", "2025Q3", A, "total", "all"): (2, 2),
    ("share_registrations_most_deprived", "2025Q1", A, "total", "all"): (2, 3),
    ("share_registrations_most_deprived", "2025Q2", B, "total", "all"): (1, 1),
    ("simd_gradient_ratio", "2025Q1", A, "total", "all"): (2, 1),
}


def test_every_indicator_is_checked_by_hand():
    checked = {key[0] for key in EXPECTED}
    assert checked == set(load_catalogue().indicators)


@pytest.mark.parametrize(("key", "expected"), list(EXPECTED.items()), ids=lambda v: str(v))
def test_indicator_cell(results, key, expected):
    indicator, period, area, breakdown, category = key
    numerator, denominator = cell(results, indicator, period, area, breakdown, category)
    want_num, want_den = expected
    assert numerator == want_num
    if want_den is None:
        assert denominator == population(area, 2025)
    elif want_den == "none":
        assert denominator is None
    elif want_den == "16-17":
        assert denominator == population(area, 2025, ages=[16, 17])
    elif want_den == "0-4..5-10":
        assert denominator == population(area, 2025, ages=range(5, 11))
    elif want_den == "q1":
        share = pd.read_csv(POPULATION / "simd_quintile_population_share.csv")
        q1 = share[(share.council_code == area) & (share.simd_quintile == 1)].share.item()
        assert denominator == round(population(area, 2025) * q1)
    else:
        assert denominator == want_den


def test_values_and_intervals(results):
    row = results.loc[("ird_to_investigation", A, "2025Q1", "total", "all")]
    assert row.value == pytest.approx(100 * 2 / 3)
    assert row.lower95 < row.value < row.upper95
    rate = results.loc[("registrations_rate", A, "2025Q1", "total", "all")]
    assert rate.value == pytest.approx(1000 * 3 / population(A, 2025))
    mean = results.loc[("mean_registration_days", A, "2025", "total", "all")]
    assert mean.value == pytest.approx(122.5)
    ratio = results.loc[("simd_gradient_ratio", A, "2025Q1", "total", "all")]
    q = results.loc[("registrations_rate", A, "2025Q1", "simd_quintile", "1")]
    q5 = results.loc[("registrations_rate", A, "2025Q1", "simd_quintile", "5")]
    assert ratio.value == pytest.approx(q.value / q5.value)
    assert ratio.lower95 < ratio.value < ratio.upper95


def test_unborn_children_have_no_population_denominator(results):
    row = results.loc[("registrations_rate", A, "2025Q1", "age_band", "unborn")]
    assert row.numerator == 1 and pd.isna(row.denominator) and pd.isna(row.value)


def test_cpc_of_one_council_equals_the_council_and_scotland_needs_every_council(results):
    council = results.xs(A, level="area_code")
    cpc = results.xs("CPC-S12000033", level="area_code")
    pd.testing.assert_frame_equal(
        council[["numerator", "denominator"]], cpc[["numerator", "denominator"]]
    )
    assert "S92000003" not in results.index.get_level_values("area_code")
    # Angus and Aberdeen cover 2025 only: no statistics year is complete
    assert not any(p.startswith("SY") for p in results.index.get_level_values("period"))


def test_sql_intervals_equal_bairn_stats(results):
    """The engine computes intervals in SQL; they must be bairn.stats's to 1e-9."""
    from bairn import stats

    frame = results.reset_index()
    units = frame.indicator_id.map(lambda i: load_catalogue().get(i).unit)
    for unit, fn in (("percent", stats.proportion), ("per_1000", stats.rate)):
        rows = frame[(units == unit) & (frame.denominator > 0)]
        assert len(rows) > 50
        want = fn(rows.numerator.to_numpy(), rows.denominator.to_numpy())
        for got_col, want_col in (("value", "value"), ("lower95", "lower"), ("upper95", "upper")):
            got = rows[got_col].to_numpy(float)
            assert got == pytest.approx(want[want_col].to_numpy(float), rel=1e-9, abs=1e-12)
