"""A small, hand-built extract whose indicator values are worked out by hand in the tests.

Two councils (Aberdeen City A and Angus B), calendar year 2025, loaded as one submission each.
Dates are chosen so each indicator has rows that count, rows that do not, and edge cases: an
unborn baby, a registration spanning quarters, a child who moves council, a re-registration.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

A, B = "S12000033", "S12000041"


def d(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if isinstance(text, str) else None


CHILDREN = [
    # child, council, sex, birth, expected birth, disability, simd decile
    ("a1", A, "female", "2015-03-01", None, "no", 1),  # 9-10 in 2025: band 5-10, quintile 1
    ("a2", A, "female", "2025-05-28", "2025-06-01", "not_known", 10),  # unborn until May
    ("a3", A, "male", "2008-01-15", None, "yes", 3),  # 16-17, quintile 2
    ("a4", A, "male", "2022-06-30", None, "no", 2),  # 0-4, moves to Angus in April
    ("b4", B, "male", "2022-06-30", None, "no", 2),  # the same child, Angus's new id
    ("b5", B, "female", "2012-09-09", None, "no", None),  # SIMD not known
]
CONCERNS = [
    ("k1", "a1", "2025-01-02", "police"),
    ("k2", "a2", "2025-01-10", "health"),
    ("k3", "a3", "2025-02-01", "education"),
    ("k4", "a4", "2025-03-03", "police"),
    ("k5", "b5", "2025-05-05", "public"),
]
IRDS = [
    # ird, child, concern, start, end, outcome, jii
    ("i1", "a1", "k1", "2025-01-03", "2025-01-05", "investigation", "yes"),
    ("i2", "a2", "k2", "2025-01-11", "2025-01-12", "investigation", "no"),
    ("i3", "a3", "k3", "2025-02-02", "2025-02-03", "no_further_action", "no"),
    ("i4", "a4", "k4", "2025-03-04", None, None, "not_considered"),  # still open
]
INVESTIGATIONS = [
    ("v1", "a1", "i1", "2025-01-05", "2025-01-20", "meeting_required"),
    ("v2", "a2", "i2", "2025-01-12", "2025-01-30", "meeting_required"),
    ("v4", "a4", "i4", "2025-03-05", None, None),
]
MEETINGS = [
    # meeting, child, investigation, type, date, outcome, views, attended, advocate
    ("m1", "a1", "v1", "initial", "2025-01-25", "register", "yes", "yes", "no"),  # 23 days
    ("m2", "a2", "v2", "pre_birth", "2025-02-20", "register", "not_applicable", "no", "no"),
    ("m4", "a4", None, "initial", "2025-03-20", "register", "no", "no", "no"),  # no concern link
    ("m5", "a1", None, "review", "2025-07-01", "remain_registered", "yes", "no", "yes"),
    ("m6", "a1", None, "review", "2025-09-01", "deregister", "yes", "yes", "yes"),
    ("m7", "b4", None, "transfer", "2025-04-20", "register", "no", "no", "no"),
    ("m8", "a1", None, "initial", "2025-11-01", "register", "yes", "yes", "no"),
]
MEETING_CONCERNS = [
    ("m1", "neglect"),
    ("m1", "domestic_abuse"),
    ("m2", "parental_drug_misuse"),
    ("m2", "neglect"),
    ("m4", "neglect"),
    ("m8", "emotional_abuse"),
]
REGISTRATIONS = [
    # registration, child, meeting, start, end, reason
    ("r1", "a1", "m1", "2025-01-25", "2025-09-01", "risk_reduced"),
    ("r2", "a2", "m2", "2025-02-20", None, None),  # spans every quarter
    ("r4", "a4", "m4", "2025-03-20", "2025-04-15", "moved_area"),
    ("r7", "b4", "m7", "2025-04-20", None, None),
    ("r8", "a1", "m8", "2025-11-01", None, None),  # re-registration 2 months after r1 ended
]
CORE_GROUPS = [
    ("m1", "a1", "2025-02-07"),  # 10 working days after Saturday 25 January: timely
    ("m2", "a2", "2025-03-20"),  # 20 working days: late
]
REFERRALS = [("f1", "a3", "2025-02-10", "care_and_protection")]


def frames() -> dict[str, pd.DataFrame]:
    council_of = {c[0]: c[1] for c in CHILDREN}
    children = pd.DataFrame(
        [
            {
                "child_id": c,
                "council_code": council,
                "sex": sex,
                "birth_date": d(birth),
                "expected_birth_date": d(expected),
                "ethnic_group": "white_scottish",
                "disability": disability,
                "simd_decile": decile,
            }
            for c, council, sex, birth, expected, disability, decile in CHILDREN
        ]
    )
    out = {"children": children}
    spec = {
        "concerns": (CONCERNS, ["concern_id", "child_id", "received_date", "source"]),
        "irds": (
            IRDS,
            ["ird_id", "child_id", "concern_id", "start_date", "end_date", "outcome",
             "jii_decision"],
        ),
        "investigations": (
            INVESTIGATIONS,
            ["investigation_id", "child_id", "ird_id", "start_date", "end_date", "outcome"],
        ),
        "meetings": (
            MEETINGS,
            ["meeting_id", "child_id", "investigation_id", "meeting_type", "meeting_date",
             "outcome", "child_views_presented", "child_attended", "advocate_present"],
        ),
        "meeting_concerns": (MEETING_CONCERNS, ["meeting_id", "concern_type"]),
        "registrations": (
            REGISTRATIONS,
            ["registration_id", "child_id", "meeting_id", "start_date", "end_date", "end_reason"],
        ),
        "core_groups": (CORE_GROUPS, ["meeting_id", "child_id", "first_core_group_date"]),
        "reporter_referrals": (
            REFERRALS, ["referral_id", "child_id", "referral_date", "grounds"]
        ),
    }  # fmt: skip
    for name, (rows, cols) in spec.items():
        frame = pd.DataFrame(rows, columns=cols)
        for col in cols:
            if col.endswith("_date"):
                frame[col] = frame[col].map(d)
        out[name] = frame
    assert set(council_of) >= set(out["concerns"].child_id)
    return out


def by_council(council: str) -> dict[str, pd.DataFrame]:
    """The rows of one council (the meeting_concerns follow their meetings)."""
    all_frames = frames()
    kids = set(all_frames["children"].query("council_code == @council").child_id)
    out = {}
    for name, frame in all_frames.items():
        if "child_id" in frame:
            out[name] = frame[frame.child_id.isin(kids)]
    meetings = set(out["meetings"].meeting_id)
    mc = all_frames["meeting_concerns"]
    out["meeting_concerns"] = mc[mc.meeting_id.isin(meetings)]
    return out
