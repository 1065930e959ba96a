"""Period, area and resubmission rules: each case lists the exact cells it must flag."""

import pytest

from bairn.ingest.engine import StagedSubmission
from bairn.ingest.rules import period as r
from bairn.ingest.rules import resubmission as rs
from bairn.store import SourceFile, Store
from tests.ingest.builders import ABERDEEN, ANGUS, child, clean, submission, with_rows
from tests.ingest.rules.helpers import Case, flagged, ids


def edit(table: str, row: int, **values):
    t = clean()
    t[table][row].update(values)
    return t


SCOPE = [
    Case(r.outside_period, "no --period", clean(), set()),
    Case(r.outside_period, "2025Q1", clean(), {("meetings", 4, "meeting_date")}, period="2025Q1"),
    Case(
        r.outside_period,
        "meeting concerns take their meeting's date",
        with_rows(meeting_concerns=[{"meeting_id": "M3", "concern_type": "neglect"}]),
        {("meetings", 4, "meeting_date"), ("meeting_concerns", 5, "meeting_date")},
        period="2025Q1",
    ),
    Case(r.outside_period, "2025 holds everything", clean(), set(), period="2025"),
    Case(r.other_council, "no --area", with_rows(children=[child("C7", council=ANGUS)]), set()),
    Case(
        r.other_council,
        "an Angus child in Aberdeen's file",
        with_rows(children=[child("C7", council=ANGUS)]),
        {("children", 5, "council_code")},
        area=ABERDEEN,
    ),
]


@pytest.mark.parametrize("case", SCOPE, ids=ids(SCOPE))
def test_scope_rule(case: Case):
    assert flagged(case) == case.expected


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    """A store holding the clean extract (Aberdeen, 2025Q1 and 2025Q2)."""
    path = tmp_path_factory.mktemp("store") / "store.duckdb"
    with StagedSubmission(submission(clean())) as staged:
        frames = staged.frames()
    with Store(path) as store:
        store.load(frames, files=[SourceFile("x.csv", "0" * 64)], version="1.1")
    return path


def moved():
    """Meeting M3 re-dated from 2025Q2 into 2025Q1 and submitted for 2025Q1 alone."""
    t = edit("meetings", 2, meeting_date="2025-03-20")
    t["meetings"] = [m for m in t["meetings"] if m["meeting_id"] == "M3"]
    t = {k: v for k, v in t.items() if k in ("children", "meetings")}
    return t


RESUBMISSION = [
    Case(rs.moved_period, "the same extract again replaces everything", clean(), set()),
    Case(
        rs.moved_period,
        "a record moved into another period",
        moved(),
        {("meetings", 2, "meeting_id")},
    ),
    Case(rs.moved_period, "moved, and both periods resubmitted", moved(), set(), period="2025"),
    Case(rs.id_in_other_council, "same council", clean(), set()),
    Case(
        rs.id_in_other_council,
        "Angus reuses Aberdeen's identifiers",
        {
            "children": [child("C1", council=ANGUS)],
            "concerns": [
                {
                    "concern_id": "K1",
                    "child_id": "C1",
                    "received_date": "2025-01-10",
                    "source": "police",
                },
                {
                    "concern_id": "K7",
                    "child_id": "C1",
                    "received_date": "2025-01-10",
                    "source": "police",
                },
            ],
        },
        {("children", 2, "child_id"), ("concerns", 2, "concern_id")},
    ),
]


@pytest.mark.parametrize("case", RESUBMISSION, ids=ids(RESUBMISSION))
def test_resubmission_rule(case: Case, store_path):
    assert flagged(case, store_path=store_path) == case.expected


def test_resubmission_rules_need_a_store():
    assert flagged(RESUBMISSION[1]) == set()
    assert flagged(RESUBMISSION[4]) == set()


def test_references_are_found_in_the_store(store_path):
    """An IRD in 2025Q2 about a concern loaded with 2025Q1 is not a missing reference."""
    from bairn.ingest.rules import generic

    t = {
        "children": clean()["children"][:1],
        "irds": [
            {
                "ird_id": "I5",
                "child_id": "C1",
                "concern_id": "K1",
                "start_date": "2025-04-02",
                "end_date": "",
                "outcome": "",
                "jii_decision": "no",
            }
        ],
    }
    case = Case(generic.reference_not_found, "in store", t, set())
    assert flagged(case, store_path=store_path) == set()
    assert flagged(case) == set()  # concerns not submitted and no store: nothing to check
    t["concerns"] = clean()["concerns"][1:]
    assert flagged(case) == {("irds", 2, "concern_id")}
    assert flagged(case, store_path=store_path) == set()
