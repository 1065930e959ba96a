"""Small units: calendar arithmetic on day numbers, identifiers, draws."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from bairn.synth.dates import (
    add_months,
    age_in_years,
    anniversary,
    from_day,
    quarter_index,
    quarter_label,
    stats_year_end,
    to_day,
)
from bairn.synth.draws import from_ranges
from bairn.synth.tables import id_width, make_ids

days = st.dates(min_value=dt.date(1960, 1, 1), max_value=dt.date(2120, 12, 31))


def _py_add_months(d: dt.date, k: int) -> dt.date:
    m = d.month - 1 + k
    y, m = d.year + m // 12, m % 12 + 1
    last = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(y, m, min(d.day, last))


@given(days, st.integers(0, 24))
def test_add_months_clamps_to_month_end(d: dt.date, k: int) -> None:
    assert from_day(add_months(np.array([to_day(d)]), k)[0]) == _py_add_months(d, k)


@given(days, days)
def test_age_in_completed_years(birth: dt.date, on: dt.date) -> None:
    expected = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    assert age_in_years(np.array([to_day(birth)]), np.array([to_day(on)]))[0] == expected


def test_leapling_turns_18_on_1_march() -> None:
    eighteenth = anniversary(np.array([to_day(dt.date(2004, 2, 29))]), 18)[0]
    assert from_day(eighteenth) == dt.date(2022, 3, 1)


@given(days)
def test_statistics_year_and_quarter(d: dt.date) -> None:
    n = np.array([to_day(d)])
    assert stats_year_end(n)[0] == d.year + (d.month >= 8)
    assert quarter_label(int(quarter_index(n)[0])) == f"{d.year}Q{(d.month - 1) // 3 + 1}"


def test_identifiers_are_fixed_width_and_widen_when_needed() -> None:
    ids = make_ids("S12000033", "children", 3).to_pylist()
    assert ids == ["S12000033-C0000001", "S12000033-C0000002", "S12000033-C0000003"]
    assert make_ids("S12000049", "meetings", 12)[-1].as_py() == "S12000049-MTG0000012"
    assert (id_width(9_999_999), id_width(10_000_000)) == (7, 8)
    assert make_ids("S12000049", "irds", 0).to_pylist() == []


def test_delay_ranges_are_respected() -> None:
    rng = np.random.default_rng(0)
    x = from_ranges(rng, np.array([[0, 0, 0.5], [3, 5, 0.5]]), 10_000)
    assert set(np.unique(x)) == {0, 3, 4, 5}
    assert abs((x == 0).mean() - 0.5) < 0.03
