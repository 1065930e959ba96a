"""Generic rules (from the standard's YAML): each case lists the exact cells it must flag."""

import pytest

from bairn.ingest.rules import generic as g
from tests.ingest.builders import child, clean, with_rows
from tests.ingest.rules.helpers import Case, flagged, ids


def edit(table: str, row: int, **values):
    t = clean()
    t[table][row].update(values)
    return t


CASES = [
    Case(g.not_a_date, "clean", clean(), set()),
    Case(
        g.not_a_date,
        "bad dates",
        with_rows(
            edit("concerns", 1, received_date="2025-02-30"),
            children=[child("C7", birth="1/2/2015"), child("C8", birth="yesterday")],
        ),
        {("concerns", 3, "received_date"), ("children", 6, "birth_date")},
    ),
    Case(g.not_a_date, "midnight time ok", edit("irds", 0, end_date="2025-01-13 00:00:00"), set()),
    Case(
        g.not_a_date,
        "time not midnight",
        edit("irds", 0, end_date="2025-01-13 10:00"),
        {("irds", 2, "end_date")},
    ),
    Case(g.not_an_integer, "clean", clean(), set()),
    Case(
        g.not_an_integer,
        "decimal and text",
        with_rows(children=[child("C7", simd_decile="3.5"), child("C8", simd_decile="three")]),
        {("children", 5, "simd_decile"), ("children", 6, "simd_decile")},
    ),
    Case(g.out_of_range, "clean", clean(), set()),
    Case(
        g.out_of_range,
        "0 and 11",
        with_rows(
            children=[
                child("C7", simd_decile="0"),
                child("C8", simd_decile="11"),
                child("C9", simd_decile="10"),
            ]
        ),
        {("children", 5, "simd_decile"), ("children", 6, "simd_decile")},
    ),
    Case(g.required_missing, "clean", clean(), set()),
    Case(
        g.required_missing,
        "empty and blank",
        with_rows(edit("meetings", 2, outcome="  "), children=[child("C7", sex="")]),
        {("meetings", 4, "outcome"), ("children", 5, "sex")},
    ),
    Case(
        g.required_missing,
        "1.1 field missing in 1.0 is fine",
        edit("meetings", 0, child_attended=""),
        set(),
        version="1.0",
    ),
    Case(g.not_in_code_list, "clean", clean(), set()),
    Case(
        g.not_in_code_list,
        "wrong codes",
        with_rows(
            edit("concerns", 0, source="Social Work"), children=[child("C7", council="S99999999")]
        ),
        {("concerns", 2, "source"), ("children", 5, "council_code")},
    ),
    Case(g.duplicate_key, "clean", clean(), set()),
    Case(
        g.duplicate_key,
        "repeats after the first",
        with_rows(
            children=[child("C1"), child("C1")],
            meeting_concerns=[{"meeting_id": "M1", "concern_type": "neglect"}],
        ),
        {
            ("children", 5, "child_id"),
            ("children", 6, "child_id"),
            ("meeting_concerns", 5, "meeting_id+concern_type"),
        },
    ),
    Case(g.unknown_reference, "clean", clean(), set()),
    Case(
        g.unknown_reference,
        "meeting for an unknown child",
        with_rows(
            meetings=[dict(clean()["meetings"][0], meeting_id="M9", child_id="NOBODY")],
            meeting_concerns=[{"meeting_id": "M404", "concern_type": "neglect"}],
        ),
        {("meetings", 5, "child_id"), ("meeting_concerns", 5, "meeting_id")},
    ),
    Case(g.reference_not_found, "clean", clean(), set()),
    Case(
        g.reference_not_found,
        "unknown concern and meeting",
        with_rows(
            edit("irds", 0, concern_id="K404"),
            registrations=[
                dict(
                    clean()["registrations"][1],
                    registration_id="R9",
                    meeting_id="M404",
                    start_date="2025-06-01",
                    child_id="C3",
                )
            ],
        ),
        {("irds", 2, "concern_id"), ("registrations", 4, "meeting_id")},
    ),
    Case(g.other_childs_record, "clean", clean(), set()),
    Case(
        g.other_childs_record,
        "registration of another child's meeting",
        edit("registrations", 0, meeting_id="M2"),
        {("registrations", 2, "meeting_id")},
    ),
    Case(g.missing_table, "clean", clean(), set()),
    Case(
        g.missing_table,
        "no children file",
        {k: v for k, v in clean().items() if k != "children"},
        {
            (t, None, "child_id")
            for t in (
                "concerns",
                "irds",
                "investigations",
                "meetings",
                "registrations",
                "core_groups",
                "reporter_referrals",
            )
        },
    ),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_generic_rule(case: Case):
    assert flagged(case) == case.expected
