"""The benchmark's pandas peer (benchmarks/pandas_peer.py) gives exactly Bairn's rows for its five
indicators, on a small synthetic extract made awkward on purpose: councils whose data start late
or end early (so CPCs and Scotland lose periods) and children with missing sex, disability, SIMD
decile or birth date (so 'not_known' categories appear beyond the code lists)."""

import datetime as dt
import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bairn.indicators import compute
from bairn.standard import load_standard
from bairn.store import SourceFile, Store
from bairn.store.files import read_clean_extract
from bairn.synth import generate

PEER = Path(__file__).resolve().parents[2] / "benchmarks" / "pandas_peer.py"
FIVE = [
    "concerns_rate", "irds_rate", "registrations_rate", "register_count", "ird_to_investigation",
]  # fmt: skip
KEYS = ["indicator_id", "area_code", "area_type", "period", "period_kind", "breakdown", "category"]
FIGURES = ["numerator", "denominator", "value", "lower95", "upper95"]
LATE_START = ("S12000030", "2020-01-15")  # Stirling, in CPC-CLST with Clackmannanshire
EARLY_END = ("S12000010", "2021-08-01")  # East Lothian, in CPC-ELML with Midlothian


def load_peer():
    spec = importlib.util.spec_from_file_location("pandas_peer", PEER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_awkward(folder: Path) -> None:
    """Cut two councils' records in time and blank some children's fields, in the CSV files."""
    read = {"dtype": str, "keep_default_na": False}
    kids = pd.read_csv(folder / "children.csv", **read)
    council = kids.set_index("child_id").council_code
    dropped_meetings: set[str] = set()
    for table in load_standard().tables.values():
        path, when = folder / f"{table.name}.csv", table.period_date
        if when is None or when.table is not None or not path.exists():
            continue
        rows = pd.read_csv(path, **read)
        owner = rows.child_id.map(council)
        cut = ((owner == LATE_START[0]) & (rows[when.field] < LATE_START[1])) | (
            (owner == EARLY_END[0]) & (rows[when.field] >= EARLY_END[1])
        )
        if table.name == "meetings":
            dropped_meetings = set(rows.meeting_id[cut])
        rows[~cut].to_csv(path, index=False)
    concerns = pd.read_csv(folder / "meeting_concerns.csv", **read)
    concerns[~concerns.meeting_id.isin(dropped_meetings)].to_csv(
        folder / "meeting_concerns.csv", index=False
    )
    pick = np.random.default_rng(0).random((len(kids), 4)) < 0.04
    kids.loc[pick[:, 0], "simd_decile"] = ""
    kids.loc[pick[:, 1], "sex"] = ""
    kids.loc[pick[:, 2], "disability"] = ""
    kids.loc[pick[:, 3], ["birth_date", "expected_birth_date"]] = ""
    kids.to_csv(folder / "children.csv", index=False)


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    folder = tmp_path_factory.mktemp("peer")
    extract = folder / "extract"
    generate(extract, seed=3, scale=0.05, start=dt.date(2019, 1, 1), end=dt.date(2021, 12, 31))
    make_awkward(extract)
    with Store(folder / "bairn.duckdb") as store:
        store.load(read_clean_extract(extract), files=[SourceFile("peer", "0" * 64)], version="1.1")
        compute(store, FIVE)
        bairn = store.con.execute(
            f"SELECT {', '.join(KEYS + FIGURES)} FROM indicator_results"
            " WHERE indicator_id IN (SELECT unnest(?))",
            [FIVE],
        ).df()
    return bairn, load_peer().pandas_five(extract)


def test_the_extract_is_awkward(both):
    bairn, _ = both
    quarters = bairn[(bairn.indicator_id == "concerns_rate") & (bairn.period_kind == "quarter")]
    per_area = quarters.groupby("area_code").period.nunique()
    assert per_area["S12000005"] == 12
    assert per_area[LATE_START[0]] == per_area["CPC-CLST"] == 8
    assert per_area[EARLY_END[0]] == per_area["CPC-ELML"] == 11
    assert per_area["S92000003"] == 7
    beyond = bairn[(bairn.category == "not_known") & (bairn.breakdown == "age_band")]
    assert (beyond.numerator > 0).any()
    assert (bairn[bairn.breakdown == "simd_quintile"].category == "not_known").any()


def test_the_peer_gives_bairns_rows(both):
    bairn, peer = both
    assert list(peer.columns) == KEYS + FIGURES
    assert not peer.duplicated(KEYS).any()
    assert len(peer) == len(bairn) > 10_000
    problem = load_peer().differences(bairn, peer)
    assert problem is None, problem
