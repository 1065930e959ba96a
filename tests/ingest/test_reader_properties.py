"""Property tests: whatever bytes arrive, the readers give a report or a clean exit 2, never a
crash or a hang. Sizes are bounded and every example has a deadline."""

import datetime as dt
import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bairn.errors import BairnError
from bairn.ingest.engine import validate
from bairn.ingest.readers import read_paths
from bairn.ingest.readers.csv import _exact, _fast
from tests.ingest.builders import AS_OF

HEADER = ["concern_id", "child_id", "received_date", "source"]
FAST = settings(
    max_examples=35,
    deadline=dt.timedelta(seconds=10),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
cell = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)


def _read_or_refuse(tmp_path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    try:
        sub = read_paths([path])
    except BairnError as exc:
        assert exc.exit_code == 2
        msg = str(exc)
        assert msg and "\n" not in msg and "Traceback" not in msg
        return
    result = validate(sub, as_of=AS_OF)
    assert not result.crashed, result.crashed[0].traceback
    for issue in result.to_dicts():
        assert issue["message"] and issue["rule"]


@FAST
@given(data=st.binary(max_size=2000))
def test_random_bytes_as_csv(tmp_path, data):
    _read_or_refuse(tmp_path, "concerns.csv", data)


@FAST
@given(data=st.binary(max_size=2000))
def test_random_bytes_after_a_good_header(tmp_path, data):
    _read_or_refuse(tmp_path, "concerns.csv", (",".join(HEADER) + "\r\n").encode() + data)


@FAST
@given(data=st.binary(max_size=600), name=st.sampled_from(["concerns.xlsx", "concerns.parquet"]))
def test_random_bytes_as_xlsx_or_parquet(tmp_path, data, name):
    _read_or_refuse(tmp_path, name, data)


@FAST
@given(
    rows=st.lists(st.lists(cell, min_size=0, max_size=6), max_size=12),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"]),
    sep=st.sampled_from([",", ";"]),
    cut=st.integers(0, 400),
)
def test_malformed_rows_encodings_and_truncation(tmp_path, rows, encoding, sep, cut):
    lines = [sep.join(HEADER)] + [sep.join(_quote(v, sep) for v in r) for r in rows]
    try:
        data = "\r\n".join(lines).encode(encoding, errors="replace")
    except UnicodeEncodeError:
        return
    if cut:
        data = data[: max(len(data) - cut, len(lines[0]) + 1)]
    _read_or_refuse(tmp_path, "concerns.csv", data)


def _quote(v: str, sep: str) -> str:
    if any(c in v for c in (sep, '"', "\n", "\r")):
        return '"' + v.replace('"', '""') + '"'
    return v


@settings(
    max_examples=4,
    deadline=dt.timedelta(seconds=10),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(size=st.integers(200_000, 1_500_000))
def test_huge_fields(tmp_path, size):
    data = (",".join(HEADER) + "\nK1," + "x" * size + ",2025-01-01,police\n").encode()
    _read_or_refuse(tmp_path, "concerns.csv", data)


@FAST
@given(
    rows=st.lists(st.lists(cell, min_size=4, max_size=4), max_size=15),
    sep=st.sampled_from([",", ";"]),
)
def test_fast_and_exact_csv_readers_agree(rows, sep):
    """The Arrow fast path and the exact csv-module path read regular files identically."""
    rows = [r for r in rows if any(v.strip() for v in r)]
    text = "\r\n".join([sep.join(HEADER)] + [sep.join(_quote(v, sep) for v in r) for r in rows])
    from pathlib import Path

    fast = _fast(Path("concerns.csv"), text.encode("utf-8"), HEADER, sep)
    exact = _exact(Path("concerns.csv"), text, HEADER, sep)
    if fast is None:  # fell back to the exact reader: nothing to compare
        return
    assert [c.to_pylist() for c in fast.columns] == [c.to_pylist() for c in exact.columns]
    assert fast.rows.to_pylist() == exact.rows.to_pylist()


def test_truncated_xlsx_is_exit_2(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "concerns"
    wb.active.append(HEADER)
    buf = io.BytesIO()
    wb.save(buf)
    whole = buf.getvalue()
    for cut in (10, len(whole) // 2, len(whole) - 30):
        _read_or_refuse(tmp_path, "concerns.xlsx", whole[:cut])
    assert zipfile.is_zipfile(io.BytesIO(whole))
