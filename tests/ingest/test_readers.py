"""Readers: CSV, XLSX and Parquet; folders and lists; row numbers as the user sees them."""

import codecs
import datetime as dt
import re

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from bairn.errors import BairnError
from bairn.ingest.engine import validate
from bairn.ingest.readers import read_paths
from bairn.ingest.readers.columns import identify_table
from bairn.standard import load_standard
from tests.ingest.builders import AS_OF, clean, write_csvs

HEADER = "concern_id,child_id,received_date,source"


def issues(sub):
    return {(i.table, i.row, i.column, i.rule) for i in sub.issues}


def rows_of(sub, table):
    part = next(p for p in sub.parts if p.table == table)
    return part.data.to_pylist()


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    "encoding,newline,sep",
    [
        ("utf-8", "\n", ","),
        ("utf-8-sig", "\r\n", ","),
        ("utf-8", "\r\n", ";"),
        ("utf-16", "\r\n", "\t"),
    ],
)
def test_csv_dialects(tmp_path, encoding, newline, sep):
    lines = [
        HEADER.replace(",", sep),
        sep.join(["K1", "C1", "2025-01-10", "police"]),
        sep.join(["K2", '"C 2' + sep + ' x"', "2025-01-11", "health"]),
    ]
    path = write(tmp_path / "concerns.csv", newline.join(lines) + newline, encoding)
    sub = read_paths([path])
    assert rows_of(sub, "concerns") == [
        {
            "_row": 2,
            "concern_id": "K1",
            "child_id": "C1",
            "received_date": "2025-01-10",
            "source": "police",
        },
        {
            "_row": 3,
            "concern_id": "K2",
            "child_id": f"C 2{sep} x",
            "received_date": "2025-01-11",
            "source": "health",
        },
    ]
    assert sub.issues == []


def test_row_numbers_count_records_not_lines(tmp_path):
    text = f'{HEADER}\nK1,"C1\nsecond line",2025-01-10,police\n\nK3,C3,2025-01-12,x\n'
    sub = read_paths([write(tmp_path / "concerns.csv", text)])
    filled = [r for r in rows_of(sub, "concerns") if any(v for k, v in r.items() if k != "_row")]
    assert [r["_row"] for r in filled] == [2, 4]
    assert filled[0]["child_id"] == "C1\nsecond line"
    result = validate(sub, as_of=AS_OF)
    assert ("concerns", 4, "source") in {
        (i["table"], i["row"], i["column"]) for i in result.to_dicts()
    }


def test_malformed_rows_are_reported_exactly(tmp_path):
    text = f"{HEADER}\nK1,C1,2025-01-10,police\nK2,C2,2025-01-10\nK3,C3,2025-01-10,police,x\n"
    sub = read_paths([write(tmp_path / "concerns.csv", text)])
    assert issues(sub) == {("concerns", 3, None, "S05"), ("concerns", 4, None, "S05")}
    assert [r["_row"] for r in rows_of(sub, "concerns")] == [2]
    assert "has 3 values but the header has 4 columns" in sub.issues[0].message


def test_columns_match_case_and_space_insensitively(tmp_path):
    text = (
        " Concern ID ;CHILD_ID;Received Date;source;Notes;received-date\n"
        "K1;C1;2025-01-10;police;x;y\n"
    )
    sub = read_paths([write(tmp_path / "Concerns.csv", text)])
    assert issues(sub) == {("concerns", 1, "Notes", "S01"), ("concerns", 1, "received_date", "S04")}
    assert rows_of(sub, "concerns")[0]["received_date"] == "2025-01-10"


def test_missing_columns(tmp_path):
    sub = read_paths(
        [write(tmp_path / "irds.csv", "ird_id,child_id,start_date\nI1,C1,2025-01-01\n")]
    )
    assert issues(sub) == {
        ("irds", 1, "jii_decision", "S02"),
        ("irds", 1, "concern_id", "S03"),
        ("irds", 1, "end_date", "S03"),
        ("irds", 1, "outcome", "S03"),
    }


def test_version_specific_columns(tmp_path):
    path = write_csvs(tmp_path / "x", {"meetings": clean()["meetings"]}) / "meetings.csv"
    old = read_paths([path], version="1.0")
    assert {(i.column, i.rule) for i in old.issues} == {
        ("child_attended", "S01"),
        ("advocate_present", "S01"),
    }
    assert old.issues[0].message == (
        "Column 'child_attended' is not a field of meetings in version 1.0 of the standard, so "
        "it is ignored; it belongs to version 1.1: give --version 1.1 to check it."
    )


def test_file_and_sheet_names_find_their_tables():
    s = load_standard()
    names = {
        n: (t.name if (t := identify_table(s, "1.1", n)) else None)
        for n in [
            "children",
            "Case Conferences",
            "aberdeen_meetings_2025Q1",
            "meeting concerns q1",
            "CPPMs",
            "notes",
            "2025-core-groups",
        ]
    }
    assert names == {
        "children": "children",
        "Case Conferences": "meetings",
        "aberdeen_meetings_2025Q1": "meetings",
        "meeting concerns q1": "meeting_concerns",
        "CPPMs": "meetings",
        "notes": None,
        "2025-core-groups": "core_groups",
    }


def test_folder_reads_table_files_and_warns_about_others(tmp_path):
    folder = write_csvs(tmp_path / "extract", clean())
    (folder / "notes.csv").write_text("a,b\n1,2\n")
    (folder / "signals.json").write_text("{}")
    sub = read_paths([folder])
    assert sub.tables == sorted(clean())
    assert issues(sub) == {(None, None, None, "S06")}
    assert len(sub.sources) == 10 and all(len(s.sha256) == 64 for s in sub.sources)
    assert validate(sub, as_of=AS_OF).exit_code == 0


def test_files_of_one_table_are_combined(tmp_path):
    a = write(tmp_path / "concerns_q1.csv", f"{HEADER}\nK1,C1,2025-01-10,police\n")
    b = write(tmp_path / "concerns_q2.csv", f"{HEADER}\nK1,C1,2025-04-10,police\n")
    sub = read_paths([a, b])
    result = validate(sub, as_of=AS_OF)
    dup = [i for i in result.to_dicts() if i["rule"] == "G06"]
    assert [(d["file"], d["row"]) for d in dup] == [("concerns_q2.csv", 2)]


def _workbook(path, sheets, extra=None):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    if extra:
        extra(wb)
    wb.save(path)
    return path


def test_xlsx_one_sheet_per_table(tmp_path):
    path = _workbook(
        tmp_path / "extract.xlsx",
        {
            "Concerns": [
                HEADER.split(","),
                ["K1", "C1", dt.datetime(2025, 1, 10), "police"],
                [],
                ["K2", "C2", "2025-01-11", "health"],
            ],
            "_codes": [["anything"]],
            "Notes": [["a"]],
        },
    )
    sub = read_paths([path])
    assert rows_of(sub, "concerns") == [
        {
            "_row": 2,
            "concern_id": "K1",
            "child_id": "C1",
            "received_date": "2025-01-10",
            "source": "police",
        },
        {
            "_row": 4,
            "concern_id": "K2",
            "child_id": "C2",
            "received_date": "2025-01-11",
            "source": "health",
        },
    ]
    assert issues(sub) == {(None, None, None, "S06")}
    assert sub.parts[0].file == "extract.xlsx [Concerns]"


def test_xlsx_one_file_per_table_and_numbers(tmp_path):
    header = [
        "child_id",
        "council_code",
        "sex",
        "birth_date",
        "expected_birth_date",
        "ethnic_group",
        "disability",
        "simd_decile",
    ]
    path = _workbook(
        tmp_path / "children.xlsx",
        {
            "Sheet1": [
                ["Extract of 2025-06-30"],
                [],
                header,
                ["C1", "S12000033", "male", dt.date(2015, 1, 2), None, "white_scottish", "no", 3.0],
            ]
        },
    )
    sub = read_paths([path])
    row = rows_of(sub, "children")[0]
    assert (row["_row"], row["birth_date"], row["simd_decile"]) == (4, "2015-01-02", "3")
    assert sub.issues == []  # the title row above the header is skipped


def test_parquet(tmp_path):
    table = pa.table(
        {
            "concern_id": ["K1", "K2"],
            "child_id": ["C1", "C2"],
            "received_date": pa.array([dt.date(2025, 1, 10), None], pa.date32()),
            "source": pa.array(["police", "health"]).dictionary_encode(),
        }
    )
    pq.write_table(table, tmp_path / "concerns.parquet")
    sub = read_paths([tmp_path / "concerns.parquet"])
    assert rows_of(sub, "concerns") == [
        {
            "_row": 1,
            "concern_id": "K1",
            "child_id": "C1",
            "received_date": "2025-01-10",
            "source": "police",
        },
        {
            "_row": 2,
            "concern_id": "K2",
            "child_id": "C2",
            "received_date": None,
            "source": "health",
        },
    ]


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("concerns.csv", b"", "is empty"),
        (
            "concerns.csv",
            f"{HEADER}\nK1,C\xe9,2025-01-10,police\n".encode("latin-1"),
            "is not UTF-8 text (line 2 has the byte 0xe9)",
        ),
        ("concerns.csv", b"\x00\x01\x02binary" * 10, "is not a text file"),
        ("concerns.csv", b"a,b,c\n1,2,3\n", "has none of the columns of concerns"),
        ("concerns.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "password"),
        ("concerns.xlsx", b"PK\x03\x04 truncated", "not an XLSX workbook"),
        ("concerns.parquet", b"PAR1 not really", "cannot be read as Parquet"),
        ("concerns.xls", b"whatever", "old Excel"),
        ("concerns.pdf", b"%PDF-1.4", "not a table file"),
        ("mystery.csv", f"{HEADER}\n".encode(), "cannot tell which table"),
    ],
)
def test_unreadable_input_is_exit_2_with_one_sentence(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(BairnError, match=re.escape(message)) as err:
        read_paths([path])
    assert err.value.exit_code == 2
    assert "\n" not in str(err.value)


def test_empty_folder_and_missing_path(tmp_path):
    with pytest.raises(BairnError, match="holds no CSV, XLSX or Parquet"):
        read_paths([tmp_path])
    with pytest.raises(BairnError, match="does not exist"):
        read_paths([tmp_path / "nope"])


def test_utf16_bom_is_decoded(tmp_path):
    path = tmp_path / "concerns.csv"
    path.write_bytes(
        codecs.BOM_UTF16_LE + f"{HEADER}\nK1,C1,2025-01-10,police\n".encode("utf-16-le")
    )
    assert rows_of(read_paths([path]), "concerns")[0]["child_id"] == "C1"
