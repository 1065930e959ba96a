"""Small hand-made extracts for the ingest tests: a clean one, and helpers to break it."""

from __future__ import annotations

import copy
import csv
import datetime as dt
from pathlib import Path

import pyarrow as pa

from bairn.ingest.model import Submission, TablePart

AS_OF = dt.date(2025, 7, 1)
ABERDEEN, ANGUS = "S12000033", "S12000041"


def child(child_id, birth="2015-03-01", council=ABERDEEN, **kw):
    row = {
        "child_id": child_id,
        "council_code": council,
        "sex": "female",
        "birth_date": birth,
        "expected_birth_date": "",
        "ethnic_group": "white_scottish",
        "disability": "no",
        "simd_decile": "3",
    }
    row.update(kw)
    return row


CLEAN: dict[str, list[dict]] = {
    "children": [
        child("C1"),
        child("C2", birth="", expected_birth_date="2025-08-01", sex="not_known"),
        child("C3", birth="2010-06-15", sex="male", simd_decile=""),
    ],
    "concerns": [
        {"concern_id": "K1", "child_id": "C1", "received_date": "2025-01-10", "source": "police"},
        {"concern_id": "K2", "child_id": "C2", "received_date": "2025-02-01", "source": "health"},
        {"concern_id": "K3", "child_id": "C3", "received_date": "2025-01-20", "source": "public"},
    ],
    "irds": [
        {
            "ird_id": "I1",
            "child_id": "C1",
            "concern_id": "K1",
            "start_date": "2025-01-11",
            "end_date": "2025-01-13",
            "outcome": "investigation",
            "jii_decision": "no",
        },
        {
            "ird_id": "I2",
            "child_id": "C2",
            "concern_id": "K2",
            "start_date": "2025-02-02",
            "end_date": "2025-02-03",
            "outcome": "investigation",
            "jii_decision": "not_considered",
        },
        {
            "ird_id": "I3",
            "child_id": "C3",
            "concern_id": "K3",
            "start_date": "2025-01-21",
            "end_date": "",
            "outcome": "",
            "jii_decision": "yes",
        },
    ],
    "investigations": [
        {
            "investigation_id": "V1",
            "child_id": "C1",
            "ird_id": "I1",
            "start_date": "2025-01-14",
            "end_date": "2025-02-01",
            "outcome": "meeting_required",
        },
        {
            "investigation_id": "V2",
            "child_id": "C2",
            "ird_id": "I2",
            "start_date": "2025-02-04",
            "end_date": "2025-02-20",
            "outcome": "meeting_required",
        },
    ],
    "meetings": [
        {
            "meeting_id": "M1",
            "child_id": "C1",
            "investigation_id": "V1",
            "meeting_type": "initial",
            "meeting_date": "2025-02-05",
            "outcome": "register",
            "child_views_presented": "yes",
            "child_attended": "yes",
            "advocate_present": "no",
        },
        {
            "meeting_id": "M2",
            "child_id": "C2",
            "investigation_id": "V2",
            "meeting_type": "pre_birth",
            "meeting_date": "2025-03-01",
            "outcome": "register",
            "child_views_presented": "not_applicable",
            "child_attended": "no",
            "advocate_present": "no",
        },
        {
            "meeting_id": "M3",
            "child_id": "C1",
            "investigation_id": "",
            "meeting_type": "review",
            "meeting_date": "2025-05-01",
            "outcome": "deregister",
            "child_views_presented": "yes",
            "child_attended": "no",
            "advocate_present": "yes",
        },
    ],
    "meeting_concerns": [
        {"meeting_id": "M1", "concern_type": "neglect"},
        {"meeting_id": "M1", "concern_type": "domestic_abuse"},
        {"meeting_id": "M2", "concern_type": "parental_drug_misuse"},
    ],
    "registrations": [
        {
            "registration_id": "R1",
            "child_id": "C1",
            "meeting_id": "M1",
            "start_date": "2025-02-05",
            "end_date": "2025-05-01",
            "end_reason": "risk_reduced",
        },
        {
            "registration_id": "R2",
            "child_id": "C2",
            "meeting_id": "M2",
            "start_date": "2025-03-01",
            "end_date": "",
            "end_reason": "",
        },
    ],
    "core_groups": [
        {"meeting_id": "M1", "child_id": "C1", "first_core_group_date": "2025-02-20"},
        {"meeting_id": "M2", "child_id": "C2", "first_core_group_date": "2025-03-10"},
    ],
    "reporter_referrals": [
        {
            "referral_id": "F1",
            "child_id": "C1",
            "referral_date": "2025-02-06",
            "grounds": "care_and_protection",
        },
    ],
}


def clean() -> dict[str, list[dict]]:
    return copy.deepcopy(CLEAN)


def with_rows(tables: dict[str, list[dict]] | None = None, **extra: list[dict]):
    """The clean extract (or `tables`) with rows appended to some tables."""
    out = clean() if tables is None else copy.deepcopy(tables)
    for name, rows in extra.items():
        out.setdefault(name, []).extend(rows)
    return out


def submission(tables: dict[str, list[dict]], version: str = "1.1") -> Submission:
    """A Submission straight from rows: row n of a table is shown as row n + 1 (header row 1)."""
    sub = Submission(version)
    for name, rows in tables.items():
        cols = sorted({k for r in rows for k in r}) if rows else ["child_id"]
        arrays = {"_row": pa.array(range(2, len(rows) + 2), pa.int64())}
        for c in cols:
            arrays[c] = pa.array([r.get(c) for r in rows], pa.string())
        sub.parts.append(TablePart(name, f"{name}.csv", pa.table(arrays)))
    return sub


def write_csvs(folder: Path, tables: dict[str, list[dict]], delimiter: str = ",") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        cols = list(dict.fromkeys(k for r in rows for k in r))
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, cols, delimiter=delimiter)
            w.writeheader()
            w.writerows(rows)
    return folder
