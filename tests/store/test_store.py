import json
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from bairn.errors import BairnError
from bairn.store import SourceFile, Store, resolve_db_path

ABERDEEN, ANGUS = "S12000033", "S12000041"
FILES = [SourceFile("children.csv", "0" * 64)]


def extract(council: str, dates: list[str], prefix: str = "c") -> dict[str, pd.DataFrame]:
    """A tiny extract: one child per concern date, for one council."""
    ids = [f"{council}-{prefix}{i}" for i in range(len(dates))]
    children = pd.DataFrame(
        {
            "child_id": ids,
            "council_code": council,
            "sex": "female",
            "birth_date": pd.to_datetime("2015-01-01").date(),
            "ethnic_group": "white_scottish",
            "disability": "no",
        }
    )
    concerns = pd.DataFrame(
        {
            "concern_id": [f"{i}-k" for i in ids],
            "child_id": ids,
            "received_date": pd.to_datetime(dates).date,
            "source": "police",
        }
    )
    return {"children": children, "concerns": concerns}


def test_db_path_resolution(monkeypatch):
    assert resolve_db_path() == Path("bairn-data/bairn.duckdb")
    monkeypatch.setenv("BAIRN_DB", "/x/y.duckdb")
    assert resolve_db_path() == Path("/x/y.duckdb")
    assert resolve_db_path("z.duckdb") == Path("z.duckdb")


def test_national_load_splits_into_council_quarter_submissions(tmp_path):
    frames = extract(ABERDEEN, ["2025-01-05", "2025-02-01", "2025-04-10"])
    angus = extract(ANGUS, ["2025-01-20"], prefix="a")
    merged = {k: pd.concat([frames[k], angus[k]]) for k in frames}
    with Store(tmp_path / "s.duckdb") as store:
        result = store.load(merged, files=FILES, version="1.1")
        subs = store.submissions()
        assert [(s["area_code"], s["period"]) for s in subs] == [
            (ABERDEEN, "2025Q1"),
            (ABERDEEN, "2025Q2"),
            (ANGUS, "2025Q1"),
        ]
        assert [json.loads(s["row_counts"]) for s in subs] == [
            {"concerns": 2},
            {"concerns": 1},
            {"concerns": 1},
        ]
        assert result.rows["concerns"] == 4
        assert store.row_counts()["children"] == 4
        assert all(s["standard_version"] == "1.1" for s in subs)
        assert json.loads(subs[0]["files"]) == [{"name": "children.csv", "sha256": "0" * 64}]


def test_resubmission_replaces_only_its_council_and_period(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        store.load(extract(ABERDEEN, ["2025-01-05", "2025-04-10"]), files=FILES, version="1.1")
        store.load(extract(ANGUS, ["2025-01-20"], prefix="a"), files=FILES, version="1.1")
        again = extract(ABERDEEN, ["2025-03-01", "2025-03-02", "2025-03-03"], prefix="r")
        store.load(again, files=FILES, version="1.1", area=ABERDEEN, period="2025Q1")
        rows = store.con.execute(
            "SELECT council_code, child_id FROM concerns ORDER BY child_id"
        ).fetchall()
        assert rows == [
            (ABERDEEN, f"{ABERDEEN}-c1"),  # 2025Q2 untouched
            (ABERDEEN, f"{ABERDEEN}-r0"),
            (ABERDEEN, f"{ABERDEEN}-r1"),
            (ABERDEEN, f"{ABERDEEN}-r2"),
            (ANGUS, f"{ANGUS}-a0"),  # other council untouched
        ]
        # the replaced child had no other records, so it is gone
        kids = {r[0] for r in store.con.execute("SELECT child_id FROM children").fetchall()}
        assert f"{ABERDEEN}-c0" not in kids and f"{ABERDEEN}-c1" in kids
        history = {(s["area_code"], s["period"], s["status"]) for s in store.submissions()}
        assert (ABERDEEN, "2025Q1", "replaced") in history
        assert (ABERDEEN, "2025Q1", "current") in history
        assert (ABERDEEN, "2025Q2", "current") in history


def test_load_outside_the_named_period_is_refused_and_changes_nothing(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        store.load(extract(ABERDEEN, ["2025-01-05"]), files=FILES, version="1.1")
        before = store.row_counts(), store.submissions()
        with pytest.raises(BairnError, match="fall outside 2025Q1"):
            store.load(
                extract(ABERDEEN, ["2025-01-05", "2025-05-01"], prefix="x"),
                files=FILES,
                version="1.1",
                area=ABERDEEN,
                period="2025Q1",
            )
        assert (store.row_counts(), store.submissions()) == before


def test_rows_of_another_council_are_refused(tmp_path):
    with Store(tmp_path / "s.duckdb") as store, pytest.raises(BairnError, match="another council"):
        store.load(extract(ANGUS, ["2025-01-05"]), files=FILES, version="1.1", area=ABERDEEN)


def test_read_only_store_must_exist(tmp_path):
    with pytest.raises(BairnError, match="There is no Bairn store"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_a_load_killed_mid_way_leaves_the_store_unchanged(tmp_path):
    """kill -9 a process in the middle of a large replacement: the store is exactly as before."""
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.load(extract(ABERDEEN, ["2025-01-05", "2025-02-05"]), files=FILES, version="1.1")
        before = (
            store.con.execute("SELECT * FROM concerns ORDER BY concern_id").fetchall(),
            store.con.execute("SELECT * FROM children ORDER BY child_id").fetchall(),
            store.submissions(),
        )
    script = textwrap.dedent(f"""
        import os, signal, threading, pandas as pd
        from bairn.store import Store, SourceFile
        n = 400_000
        ids = [f"{ABERDEEN}-big{{i}}" for i in range(n)]
        children = pd.DataFrame({{"child_id": ids, "council_code": "{ABERDEEN}", "sex": "male",
            "ethnic_group": "white_scottish", "disability": "no"}})
        concerns = pd.DataFrame({{"concern_id": ids, "child_id": ids,
            "received_date": pd.Timestamp("2025-01-07").date(), "source": "police"}})
        store = Store({str(db)!r})
        print("loading", flush=True)
        threading.Timer(0.4, lambda: os.kill(os.getpid(), signal.SIGKILL)).start()
        store.load({{"children": children, "concerns": concerns}},
                   files=[SourceFile("x", "1" * 64)], version="1.1")
        print("finished", flush=True)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == -9, proc.stderr
    assert "loading" in proc.stdout and "finished" not in proc.stdout
    con = duckdb.connect(str(db))
    after_concerns = con.execute("SELECT * FROM concerns ORDER BY concern_id").fetchall()
    after_children = con.execute("SELECT * FROM children ORDER BY child_id").fetchall()
    con.close()
    with Store(db) as store:
        after = (after_concerns, after_children, store.submissions())
    assert after == before
