"""The vendored council data match their sources and the standard's code lists."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from bairn.standard import load_standard
from bairn.synth.reference import COUNCILS_CSV, build_councils_table, load_councils

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "reference"


def test_councils_are_the_standards_2019_codes() -> None:
    councils = load_councils()
    assert list(councils.codes) == sorted(load_standard().codelists["councils"].values)
    assert councils.pop_0_17.sum() == 1_006_212  # NRS mid-2022, SOURCES.md
    assert councils.pop_0_15.sum() == 891_892
    assert councils.simd_pop.sum() == 5_424_800  # SIMD 2020 data-zone populations (mid-2017)


@pytest.mark.skipif(not SHARED.exists(), reason="shared reference data not present")
def test_vendored_table_matches_shared_reference() -> None:
    rebuilt = build_councils_table(SHARED)
    vendored = pd.read_csv(COUNCILS_CSV)
    pd.testing.assert_frame_equal(rebuilt, vendored, check_dtype=False)
