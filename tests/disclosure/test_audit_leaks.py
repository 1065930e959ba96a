"""The audit finds the classic differencing leaks in hand-built published tables."""

from __future__ import annotations

import pandas as pd
import pytest

from bairn.disclosure import audit, ensure_safe
from bairn.errors import BairnError

from .conftest import rows


def _scotland_table(councils, scotland, suppressed: dict[str, int], other: int = 20):
    entries = []
    total = 0
    for c in councils:
        v = suppressed.get(c, other)
        total += v
        entries.append((c, "council", "2024Q1", "c" if c in suppressed else v))
    entries.append((scotland, "scotland", "2024Q1", total))
    return rows(entries)


def test_one_suppressed_council_with_scotland_total_is_pinned(councils, scotland):
    frame = _scotland_table(councils, scotland, {councils[3]: 3})
    report = audit(frame)
    assert not report.passed
    fail = report.failures.iloc[0]
    assert fail["area_code"] == councils[3]
    assert fail["lower"] == fail["upper"] == 3
    assert "pinned to 3" in fail["problem"]


def test_two_suppressed_councils_with_room_pass(councils, scotland):
    frame = _scotland_table(councils, scotland, {councils[3]: 3, councils[10]: 20})
    report = audit(frame, exact=True)
    assert report.passed, report.failures
    b = report.bounds.set_index("area_code")
    assert b.loc[councils[3], "lower"] == 0 and b.loc[councils[3], "upper"] == 23


def test_two_small_suppressed_councils_are_too_narrow(councils, scotland):
    frame = _scotland_table(councils, scotland, {councils[3]: 1, councils[10]: 2})
    report = audit(frame)
    assert not report.passed
    assert set(report.failures["upper"]) == {3}


def test_cpc_of_two_councils_with_one_suppressed(geo):
    clack, stirling = geo.cpc_members["CPC-CLST"]
    frame = rows(
        [
            (clack, "council", "2024Q1", "c"),
            (stirling, "council", "2024Q1", 40),
            ("CPC-CLST", "cpc", "2024Q1", 42),
        ]
    )
    report = audit(frame)
    assert not report.passed
    assert report.failures.iloc[0]["area_code"] == clack
    assert report.failures.iloc[0]["lower"] == 2


def test_single_council_cpc_shown_reveals_its_council():
    frame = rows([("S12000033", "council", "2024Q1", "c"), ("CPC-S12000033", "cpc", "2024Q1", 3)])
    report = audit(frame)
    assert not report.passed and report.failures.iloc[0]["upper"] == 3


def test_three_quarters_and_the_year(councils):
    c = councils[0]
    frame = rows(
        [
            (c, "council", "2024Q1", 10),
            (c, "council", "2024Q2", 11),
            (c, "council", "2024Q3", 12),
            (c, "council", "2024Q4", "c"),
            (c, "council", "2024", 35),
        ]
    )
    report = audit(frame)
    assert not report.passed and report.failures.iloc[0]["lower"] == 2


def test_snapshot_quarters_do_not_add_up_to_the_year(councils):
    c = councils[0]
    frame = rows(
        [
            (c, "council", "2024Q1", 10),
            (c, "council", "2024Q2", 11),
            (c, "council", "2024Q3", 12),
            (c, "council", "2024Q4", "c"),
            (c, "council", "2024", 35),
        ],
        kind="snapshot",
    )
    assert audit(frame).passed


def test_financial_year_is_a_sum_of_quarters_but_statistics_year_is_not(councils):
    c = councils[0]
    q = [
        (c, "council", p, v)
        for p, v in (("2024Q2", 10), ("2024Q3", 11), ("2024Q4", 12), ("2025Q1", "c"))
    ]
    fy = rows([*q, (c, "council", "FY2024-25", 36)])
    sy = rows([*q, (c, "council", "SY2024-25", 36)])
    assert not audit(fy).passed
    assert audit(sy).passed


def test_categories_against_the_total(councils):
    c = councils[0]
    frame = rows(
        [
            (c, "council", "2024", 30),
            (c, "council", "2024", 20, "sex", "male"),
            (c, "council", "2024", "c", "sex", "female"),
            (c, "council", "2024", 6, "sex", "not_known"),
        ]
    )
    assert not audit(frame).passed


def test_multi_response_categories_only_bound_by_the_total(councils):
    c = councils[0]
    frame = rows(
        [
            (c, "council", "2024", 30),
            (c, "council", "2024", 20, "concern_type", "a"),
            (c, "council", "2024", "c", "concern_type", "b"),
            (c, "council", "2024", 6, "concern_type", "c"),
        ]
    )
    report = audit(frame, exact=True)
    assert report.passed
    assert report.bounds.iloc[0]["upper"] == 30


def test_shown_value_beside_a_suppressed_numerator_is_a_leak(councils):
    frame = rows([(councils[0], "council", "2024", "c")], unit="per_1000")
    frame["denominator"] = "5000"
    frame["value"] = "0.6"
    report = audit(frame)
    assert not report.passed
    assert "gives it back" in report.failures.iloc[0]["problem"]


def test_shown_small_count_fails(councils):
    report = audit(rows([(councils[0], "council", "2024", 3)]))
    assert not report.passed and "a count of 3 is shown" in report.failures.iloc[0]["problem"]


def test_ensure_safe_raises_a_plain_sentence(councils, scotland):
    frame = _scotland_table(councils, scotland, {councils[3]: 3})
    with pytest.raises(BairnError) as err:
        ensure_safe(frame)
    assert err.value.exit_code == 1
    assert "failed the disclosure audit" in str(err.value) and "\n" not in str(err.value)


def test_inconsistent_file_fails_closed(councils, scotland):
    frame = _scotland_table(councils, scotland, {councils[3]: 3, councils[4]: 8})
    scot = frame["area_type"].eq("scotland")
    frame.loc[scot, "numerator"] = "5"  # less than the shown councils: nothing fits
    report = audit(frame)
    assert not report.passed


def test_audit_reads_only_the_published_frame(councils, scotland):
    frame = _scotland_table(councils, scotland, {councils[3]: 3, councils[10]: 20})
    assert isinstance(frame, pd.DataFrame)
    assert not frame.isin(["3"]).any().any()  # the hidden value is not in the input
    assert audit(frame).passed


def test_rounded_counts_are_intervals_to_the_audit(geo):
    clack, stirling = geo.cpc_members["CPC-CLST"]
    frame = rows(
        [(clack, "council", "2024", "c"), (stirling, "council", "2024", 40),
         ("CPC-CLST", "cpc", "2024", 45)]
    )  # fmt: skip
    assert not audit(frame).passed  # exact: the council is pinned to 5
    report = audit(frame, exact=True, metadata={"rounding": "5"})
    # rounded to 5: CPC in [43, 47], Stirling in [38, 42], so the council is in [1, 9]
    assert report.passed, report.failures
    b = report.bounds.set_index("area_code").loc[clack]
    assert (b["lower"], b["upper"]) == (1, 9)
    single = rows([("S12000033", "council", "2024", "c"), ("CPC-S12000033", "cpc", "2024", 5)])
    failed = audit(single, metadata={"rounding": "5"})
    assert not failed.passed  # [3, 7] is narrower than the policy's width of 5
    assert failed.failures.iloc[0]["upper"] - failed.failures.iloc[0]["lower"] < 5
