"""Clean synthetic data (bairn.synth) validates with zero errors."""

import datetime as dt

import pytest

from bairn.ingest.engine import validate
from bairn.ingest.readers import read_paths


def test_clean_synthetic_extract_has_no_errors(tmp_path):
    synth = pytest.importorskip(
        "bairn.synth", reason="bairn.synth (the synthetic data generator) is not written yet"
    )
    end = dt.date(2025, 6, 30)
    synth.generate(tmp_path / "extract", seed=0, scale=1.0, end=end)
    result = validate(read_paths([tmp_path / "extract"]), as_of=end)
    errors = [i for i in result.to_dicts() if i["severity"] == "error"]
    assert not result.crashed
    assert errors == [], errors[:10]
