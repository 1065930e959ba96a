import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bairn.errors import BairnError
from bairn.periods import (
    financial_year_of,
    last_complete_quarter,
    parse_period,
    periods_between,
    quarter_of,
    statistics_year_of,
)


@pytest.mark.parametrize(
    ("label", "start", "end", "kind"),
    [
        ("2025Q2", dt.date(2025, 4, 1), dt.date(2025, 6, 30), "quarter"),
        ("2024q4", dt.date(2024, 10, 1), dt.date(2024, 12, 31), "quarter"),
        ("2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31), "year"),
        ("SY2015-16", dt.date(2015, 8, 1), dt.date(2016, 7, 31), "statistics_year"),
        ("FY2024-25", dt.date(2024, 4, 1), dt.date(2025, 3, 31), "financial_year"),
        ("SY1999-00", dt.date(1999, 8, 1), dt.date(2000, 7, 31), "statistics_year"),
    ],
)
def test_labels(label, start, end, kind):
    p = parse_period(label)
    assert (p.start, p.end, p.kind) == (start, end, kind)
    assert parse_period(p.label) == p


@pytest.mark.parametrize("label", ["2025Q5", "SY2024-26", "Q2 2025", "", "FY24-25"])
def test_bad_labels_are_plain_errors(label):
    with pytest.raises(BairnError, match="Period"):
        parse_period(label)


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31)))
def test_every_day_is_in_exactly_its_periods(day):
    for p in (quarter_of(day), statistics_year_of(day), financial_year_of(day)):
        assert p.contains(day)
        assert parse_period(p.label) == p
    assert not quarter_of(day).contains(quarter_of(day).end + dt.timedelta(days=1))


def test_year_and_financial_year_are_their_quarters():
    assert [q.label for q in parse_period("2025").quarters()] == [
        "2025Q1",
        "2025Q2",
        "2025Q3",
        "2025Q4",
    ]
    assert [q.label for q in parse_period("FY2024-25").quarters()] == [
        "2024Q2",
        "2024Q3",
        "2024Q4",
        "2025Q1",
    ]


def test_periods_between_keeps_only_whole_periods():
    got = periods_between(dt.date(2012, 8, 1), dt.date(2014, 9, 30), "statistics_year")
    assert [p.label for p in got] == ["SY2012-13", "SY2013-14"]
    quarters = periods_between(dt.date(2012, 8, 1), dt.date(2013, 3, 31), "quarter")
    assert [p.label for p in quarters] == ["2012Q4", "2013Q1"]


def test_last_complete_quarter():
    assert last_complete_quarter(dt.date(2026, 11, 28)).label == "2026Q3"
    assert last_complete_quarter(dt.date(2026, 1, 1)).label == "2025Q4"
