"""Plausibility rules: each case lists the exact cells it must flag."""

import pytest

from bairn.ingest.rules import plausibility as p
from bairn.ingest.rules import v1_1
from tests.ingest.builders import child, clean, with_rows
from tests.ingest.rules.helpers import Case, flagged, ids


def edit(table: str, row: int, **values):
    t = clean()
    t[table][row].update(values)
    return t


def reg(rid, child_id, start, end="", reason=""):
    return {
        "registration_id": rid,
        "child_id": child_id,
        "meeting_id": "",
        "start_date": start,
        "end_date": end,
        "end_reason": reason or ("other" if end else ""),
    }


CASES = [
    Case(p.aged_18_or_over, "clean", clean(), set()),
    Case(
        p.aged_18_or_over,
        "18th birthday and after",
        with_rows(
            children=[child("C7", birth="2007-01-20")],
            concerns=[
                {
                    "concern_id": "K7",
                    "child_id": "C7",
                    "received_date": "2025-01-20",
                    "source": "police",
                },
                {
                    "concern_id": "K8",
                    "child_id": "C7",
                    "received_date": "2025-01-19",
                    "source": "police",
                },
            ],
            registrations=[reg("R7", "C7", "2024-06-01", "2025-01-20", "aged_out")],
        ),
        {("concerns", 5, "received_date")},
    ),
    Case(p.overlapping_registrations, "clean", clean(), set()),
    Case(
        p.overlapping_registrations,
        "open registration overlapped",
        with_rows(
            registrations=[
                reg("R8", "C2", "2025-04-01"),
                reg("R9", "C1", "2025-05-01", "2025-06-01"),
            ]
        ),
        {("registrations", 4, "registration_id")},
    ),
    Case(
        p.overlapping_registrations,
        "same start twice",
        with_rows(
            registrations=[
                reg("R8", "C3", "2025-04-01", "2025-05-01"),
                reg("R9", "C3", "2025-04-01", "2025-04-20"),
            ]
        ),
        {("registrations", 5, "registration_id")},
    ),
    Case(p.long_registration, "clean", clean(), set()),
    Case(
        p.long_registration,
        "closed and open",
        with_rows(
            registrations=[
                reg("R8", "C3", "2011-01-01", "2021-01-02"),
                reg("R9", "C1", "2015-06-30"),
                reg("R10", "C1", "2015-07-01", "2025-07-01"),
            ]
        ),
        {("registrations", 4, "registration_id"), ("registrations", 5, "registration_id")},
    ),
    Case(p.long_ird, "clean", clean(), set()),
    Case(
        p.long_ird,
        "over a year",
        with_rows(
            irds=[
                {
                    "ird_id": "I8",
                    "child_id": "C3",
                    "concern_id": "",
                    "start_date": "2023-01-01",
                    "end_date": "2024-01-02",
                    "outcome": "single_agency",
                    "jii_decision": "no",
                },
                {
                    "ird_id": "I9",
                    "child_id": "C3",
                    "concern_id": "",
                    "start_date": "2023-01-01",
                    "end_date": "2024-01-01",
                    "outcome": "single_agency",
                    "jii_decision": "no",
                },
            ]
        ),
        {("irds", 5, "ird_id")},
    ),
    Case(p.pre_birth_after_birth, "clean", clean(), set()),
    Case(
        p.pre_birth_after_birth,
        "pre-birth meeting for a born child",
        edit("meetings", 0, meeting_type="pre_birth"),
        {("meetings", 2, "meeting_date")},
    ),
    Case(p.no_birth_date, "clean", clean(), set()),
    Case(
        p.no_birth_date,
        "neither date",
        with_rows(children=[child("C7", birth="")]),
        {("children", 5, "birth_date")},
    ),
    Case(p.closed_without_outcome, "clean", clean(), set()),
    Case(
        p.closed_without_outcome,
        "ended without saying how",
        with_rows(edit("irds", 0, outcome=""), registrations=[reg("R9", "C3", "2025-01-01")])
        | {"investigations": [dict(clean()["investigations"][0], outcome="")]},
        {("irds", 2, "outcome"), ("investigations", 2, "outcome")},
    ),
    Case(v1_1.unborn_attended, "clean", clean(), set()),
    Case(
        v1_1.unborn_attended,
        "unborn baby attended",
        edit("meetings", 1, child_attended="yes"),
        {("meetings", 3, "child_attended")},
    ),
    Case(
        v1_1.unborn_attended,
        "field not in 1.0",
        edit("meetings", 1, child_attended="yes"),
        set(),
        version="1.0",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_plausibility_rule(case: Case):
    assert flagged(case) == case.expected
