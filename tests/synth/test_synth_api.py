"""The public API: arguments, errors a user can cause, what the result reports, progress."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from bairn.errors import BairnError
from bairn.standard import load_standard
from bairn.synth import default_end, generate

SMALL = {"scale": 0.05, "start": "2019-01-01", "end": "2019-12-31"}


def test_result_describes_files(extract) -> None:
    standard = load_standard()
    names = [t.name for t in standard.tables_in()]
    assert list(extract.row_counts) == names
    for name in names:
        path = extract.paths[name]
        assert path == extract.out_dir / f"{name}.csv"
        lines = path.read_bytes().count(b"\n")
        assert lines == extract.row_counts[name] + 1  # header + one line per row
    assert extract.signals_path.name == "signals.json"
    assert extract.version == standard.current
    assert extract.total_rows > 500_000
    assert sorted(p.name for p in extract.out_dir.iterdir()) == sorted(
        [f"{n}.csv" for n in names] + ["signals.json"]
    )


def test_default_end_is_last_complete_quarter() -> None:
    assert default_end(dt.date(2026, 11, 28)) == dt.date(2026, 9, 30)
    assert default_end(dt.date(2026, 10, 1)) == dt.date(2026, 9, 30)
    assert default_end(dt.date(2026, 9, 30)) == dt.date(2026, 6, 30)
    assert default_end(dt.date(2027, 1, 1)) == dt.date(2026, 12, 31)


def test_progress_is_reported(tmp_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    generate(
        tmp_path, progress=lambda step, done, total: calls.append((step, done, total)), **SMALL
    )
    steps = {c[0] for c in calls}
    assert {"calibrate", "simulate", "write"} <= steps
    assert ("write", 32, 32) in calls
    assert all(0 <= done <= total for _, done, total in calls)


def test_version_1_0_has_its_own_columns(tmp_path: Path) -> None:
    result = generate(tmp_path, version="1.0", **SMALL)
    header = result.paths["meetings"].read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == load_standard().tables["meetings"].field_names("1.0")
    assert "child_attended" not in header


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"scale": 0}, "scale must be more than 0"),
        ({"scale": -1}, "scale must be more than 0"),
        ({"scale": float("nan")}, "scale must be more than 0"),
        ({"scale": "big"}, "scale must be a number"),
        ({"start": "2012-13-01"}, "start date '2012-13-01' is not a date"),
        ({"end": "yesterday"}, "end date 'yesterday' is not a date"),
        ({"start": "2020-01-01", "end": "2019-01-01"}, "is after the end date"),
        ({"start": "1900-01-01"}, "between"),
        ({"fmt": "xlsx"}, "format must be 'csv' or 'parquet'"),
        ({"version": "9.9"}, "Version '9.9' of the standard does not exist"),
        ({"seed": -1}, "seed must be a whole number"),
        ({"seed": 1.5}, "seed must be a whole number"),
    ],
)
def test_user_errors_are_one_plain_sentence(tmp_path: Path, kwargs: dict, message: str) -> None:
    args = {**SMALL, **kwargs}
    with pytest.raises(BairnError) as err:
        generate(tmp_path, **args)
    text = str(err.value)
    assert message in text
    assert text.endswith(".") and "\n" not in text
    assert not any(tmp_path.iterdir())  # nothing half-written


def test_unwritable_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    with pytest.raises(BairnError, match="Cannot create the folder"):
        generate(blocker / "out", **SMALL)
    if os.geteuid() != 0:  # root can write anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        with pytest.raises(BairnError, match="Cannot write to the folder"):
            generate(locked, **SMALL)
