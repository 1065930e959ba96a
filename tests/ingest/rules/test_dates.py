"""Date-order rules: each case lists the exact cells it must flag."""

import pytest

from bairn.ingest.rules import dates as d
from tests.ingest.builders import child, clean, with_rows
from tests.ingest.rules.helpers import Case, flagged, ids


def edit(table: str, row: int, **values):
    t = clean()
    t[table][row].update(values)
    return t


CONCERN = {"concern_id": "K9", "child_id": "C1", "received_date": "2025-01-01", "source": "police"}

CASES = [
    Case(d.end_before_start, "clean", clean(), set()),
    Case(
        d.end_before_start,
        "IRD and registration end first",
        with_rows(
            edit("irds", 0, end_date="2025-01-10"),
            registrations=[
                {
                    "registration_id": "R9",
                    "child_id": "C3",
                    "meeting_id": "",
                    "start_date": "2025-03-01",
                    "end_date": "2025-02-28",
                    "end_reason": "other",
                }
            ],
        ),
        {("irds", 2, "end_date"), ("registrations", 4, "end_date")},
    ),
    Case(d.end_before_start, "same day is fine", edit("irds", 0, end_date="2025-01-11"), set()),
    Case(d.registered_before_meeting, "clean", clean(), set()),
    Case(
        d.registered_before_meeting,
        "registered the day before",
        edit("registrations", 1, start_date="2025-02-28"),
        {("registrations", 3, "start_date")},
    ),
    Case(d.core_group_before_meeting, "clean", clean(), set()),
    Case(
        d.core_group_before_meeting,
        "core group first",
        edit("core_groups", 0, first_core_group_date="2025-02-01"),
        {("core_groups", 2, "first_core_group_date")},
    ),
    Case(d.before_birth, "clean (unborn child's pre-birth events are fine)", clean(), set()),
    Case(
        d.before_birth,
        "concern before birth",
        with_rows(
            concerns=[dict(CONCERN, concern_id="K8", child_id="C3", received_date="2010-06-14")],
            irds=[
                {
                    "ird_id": "I9",
                    "child_id": "C3",
                    "concern_id": "",
                    "start_date": "2010-06-15",
                    "end_date": "",
                    "outcome": "",
                    "jii_decision": "no",
                }
            ],
        ),
        {("concerns", 5, "received_date")},
    ),
    Case(
        d.before_birth,
        "born child with expected date: pre-birth allowed",
        with_rows(
            edit("children", 0, expected_birth_date="2015-03-10"),
            concerns=[dict(CONCERN, received_date="2014-12-01")],
        ),
        set(),
    ),
    Case(d.before_pregnancy, "clean", clean(), set()),
    Case(
        d.before_pregnancy,
        "long before the expected birth",
        with_rows(
            concerns=[
                dict(CONCERN, child_id="C2", received_date="2024-10-01"),
                dict(CONCERN, concern_id="K8", child_id="C2", received_date="2024-10-26"),
            ]
        ),
        {("concerns", 5, "received_date")},
    ),
    Case(d.future_date, "clean", clean(), set()),
    Case(
        d.future_date,
        "after the day of checking",
        with_rows(
            edit("meetings", 2, meeting_date="2025-07-02"),
            children=[child("C7", birth="2026-01-01", expected_birth_date="2026-01-01")],
        ),
        {("meetings", 4, "meeting_date"), ("children", 5, "birth_date")},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_date_rule(case: Case):
    assert flagged(case) == case.expected
