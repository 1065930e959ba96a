"""The engine on a national synthetic extract: additivity for every indicator, and the national
figures in the published ranges of domain/scotland.md."""

import pandas as pd
import pytest

from bairn.areas import SCOTLAND, areas_of_type
from bairn.indicators import load_catalogue, read_results
from bairn.periods import parse_period
from bairn.store import Store


@pytest.fixture(scope="module")
def national(national_store):
    db, _signals = national_store
    with Store(db, read_only=True) as store:
        return read_results(store, breakdown=None, extra_columns=("period_kind",))


KEYS = ["indicator_id", "period", "breakdown", "category"]


def _sum_of(results, members: dict[str, list[str]]) -> None:
    """Each area's numerator and denominator equal the sums over its councils (one grouping)."""
    pairs = pd.DataFrame(
        [(area, council) for area, councils in members.items() for council in councils],
        columns=["area", "area_code"],
    )
    councils = results[results.area_type == "council"].merge(pairs, on="area_code")
    expected = councils.groupby(["area", *KEYS], dropna=False)[["numerator", "denominator"]].sum(
        min_count=1
    )
    got = results[results.area_code.isin(members)].rename(columns={"area_code": "area"})
    got = got.set_index(["area", *KEYS])[["numerator", "denominator"]]
    joined = got.join(expected.add_suffix("_sum"), how="inner")
    assert len(joined) == len(got) > 0
    assert set(joined.index.get_level_values("area")) == set(members)
    assert (joined.numerator == joined.numerator_sum).all()
    assert (joined.denominator.fillna(-1) == joined.denominator_sum.fillna(-1)).all()


def test_cpcs_equal_the_sum_of_their_councils(national):
    additive = national[national.indicator_id != "simd_gradient_ratio"]
    _sum_of(additive, {a.code: list(a.councils) for a in areas_of_type("cpc")})


def test_scotland_equals_the_sum_of_councils(national):
    additive = national[national.indicator_id != "simd_gradient_ratio"]
    _sum_of(additive, {SCOTLAND: [a.code for a in areas_of_type("council")]})


def test_years_equal_their_quarters_for_flow_measures(national):
    catalogue = load_catalogue()
    flows = [i.id for i in catalogue.indicators.values() if i.kind != "snapshot" and not i.derived]
    data = national[national.indicator_id.isin(flows) & (national.area_type != "cpc")]
    years = data[data.period_kind.isin(["year", "financial_year"])]
    parts = pd.DataFrame(
        [(label, q.label) for label in years.period.unique()
         for q in parse_period(label).quarters()],
        columns=["year", "period"],
    )  # fmt: skip
    quarters = data[data.period_kind == "quarter"].merge(parts, on="period")
    keys = ["indicator_id", "area_code", "breakdown", "category", "year"]
    summed = quarters.groupby(keys)[["numerator", "denominator"]].sum(min_count=1)
    got = years.rename(columns={"period": "year"}).set_index(keys)[["numerator", "denominator"]]
    joined = got.join(summed.add_suffix("_q"), how="inner")
    assert len(joined) == len(got) > 1000
    assert (joined.numerator == joined.numerator_q).all()
    record_based = joined.index.get_level_values(0).map(
        lambda i: catalogue.get(i).unit != "per_1000"
    )
    same_den = joined.denominator.fillna(0) == joined.denominator_q.fillna(0)
    assert same_den[record_based].all()


def scotland(national, indicator, period, breakdown="total", category="all"):
    row = national[
        (national.indicator_id == indicator)
        & (national.area_code == SCOTLAND)
        & (national.period == period)
        & (national.breakdown == breakdown)
        & (national.category == category)
    ]
    assert len(row) == 1, (indicator, period)
    return row.iloc[0]


@pytest.mark.parametrize(
    ("period", "low", "high"),
    [("SY2013-14", 2500, 3250), ("SY2015-16", 2400, 3050), ("SY2021-22", 1750, 2300),
     ("SY2023-24", 1850, 2400)],
)  # fmt: skip
def test_register_at_31_july_is_in_the_published_range(national, period, low, high):
    assert low <= scotland(national, "register_count", period).numerator <= high


@pytest.mark.parametrize(
    ("period", "published"), [("SY2012-13", 4251), ("SY2013-14", 4622), ("SY2023-24", 3167)]
)
def test_registrations_per_statistics_year_near_the_published_ones(national, period, published):
    got = scotland(national, "registrations_rate", period).numerator
    assert abs(got - published) / published < 0.15


def test_register_rate_per_1000_is_plausible(national):
    rate = scotland(national, "register_rate", "SY2015-16").value
    assert 2.0 <= rate <= 3.2


def test_deprivation_gradient_is_steep(national):
    share = scotland(national, "share_registrations_most_deprived", "SY2023-24").value
    assert 38 <= share <= 58
    assert scotland(national, "simd_gradient_ratio", "SY2023-24").value > 5


def test_concern_shares_of_children_near_2023_24(national):
    published = {"domestic_abuse": 45, "neglect": 42, "emotional_abuse": 33}
    for concern, pct in published.items():
        got = scotland(
            national, "concerns_identified_share_of_children", "SY2023-24", "concern_type", concern
        ).value
        assert abs(got - pct) <= 8, concern


def test_no_negative_or_impossible_values(national):
    assert (national.numerator >= 0).all()
    pct = national[national.indicator_id.map(lambda i: load_catalogue().get(i).unit) == "percent"]
    assert pct.value.dropna().between(0, 100).all()
    assert not pd.isna(scotland(national, "registrations_rate", "2024").value)
