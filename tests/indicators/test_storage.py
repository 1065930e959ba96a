"""How results are kept: numbers under integer keys, read back through the `indicator_results`
view; a CPC of one council shown with its council's rows; a store from before the keyed layout
moved into it unchanged."""

import datetime as dt
import shutil

import pytest

from bairn.areas import all_areas
from bairn.indicators import compute, read_results
from bairn.store import Store
from tests.stores import synthetic_store

KEYS = ["indicator_id", "area_code", "area_type", "period", "breakdown", "category"]


@pytest.fixture(scope="module")
def computed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("storage")
    db, _ = synthetic_store(
        folder, seed=5, scale=0.05, start=dt.date(2021, 4, 1), end=dt.date(2023, 3, 31)
    )
    return db


@pytest.fixture
def store(computed, tmp_path):
    copy = tmp_path / "bairn.duckdb"
    shutil.copy(computed, copy)
    with Store(copy) as opened:
        yield opened


def everything(store):
    return read_results(store, breakdown=None).sort_values(KEYS).reset_index(drop=True)


def single_council_cpcs():
    return {
        a.code: a.councils[0]
        for a in all_areas().values()
        if a.type == "cpc" and len(a.councils) == 1
    }


def test_a_cpc_of_one_council_shows_its_councils_rows_without_a_copy(store):
    results = everything(store)
    cpcs = single_council_cpcs()
    assert len(cpcs) == 28
    for cpc, council in list(cpcs.items())[:5]:
        ours = results[results.area_code == cpc].drop(columns=["area_code", "area_type"])
        theirs = results[results.area_code == council].drop(columns=["area_code", "area_type"])
        assert len(ours) > 0
        assert ours.reset_index(drop=True).equals(theirs.reset_index(drop=True))
    stored = store.con.execute("""
        SELECT count(*) FROM result_values v JOIN result_areas a USING (area_key)
        WHERE a.area_code IN (SELECT unnest(?))
    """, [list(cpcs)]).fetchall()[0][0]  # fmt: skip
    assert stored == 0
    assert not results.duplicated(KEYS).any()


def test_a_partial_run_replaces_only_its_indicators_and_keeps_every_key(store):
    before = everything(store)
    keys_before = store.con.execute("SELECT * FROM result_indicators ORDER BY 1").fetchall()
    run = compute(store, ["concerns_rate"])
    after = everything(store)
    assert store.con.execute("SELECT * FROM result_indicators ORDER BY 1").fetchall() == keys_before
    assert not after.duplicated(KEYS).any()
    assert len(after) == len(before)
    assert run.rows == (before.indicator_id == "concerns_rate").sum()
    assert after.equals(before)


def test_a_store_with_the_old_flat_table_is_read_and_then_moved_unchanged(store):
    con = store.con
    expected = everything(store)
    runs = con.execute("SELECT run_id, count(*) FROM indicator_results GROUP BY 1").fetchall()
    con.execute("CREATE TABLE flat AS SELECT * FROM indicator_results")
    con.execute("DROP VIEW indicator_results")
    for table in ("result_values", "result_area_aliases", "result_indicators", "result_areas",
                  "result_periods", "result_categories"):  # fmt: skip
        con.execute(f"DROP TABLE {table}")
    con.execute("ALTER TABLE flat RENAME TO indicator_results")
    assert everything(store).equals(expected)  # readable as it was
    compute(store, ["irds_rate"])
    assert con.execute(
        "SELECT count(*) FROM duckdb_views() WHERE view_name = 'indicator_results'"
    ).fetchall()[0][0] == 1  # fmt: skip
    moved = everything(store)
    others = expected.indicator_id != "irds_rate"
    assert (
        moved[moved.indicator_id != "irds_rate"]
        .reset_index(drop=True)
        .equals(expected[others].reset_index(drop=True))
    )
    assert moved.equals(expected)
    kept = dict(con.execute("SELECT run_id, count(*) FROM indicator_results GROUP BY 1").fetchall())
    assert kept[runs[0][0]] == runs[0][1] - (expected.indicator_id == "irds_rate").sum()
