"""The store numbers each council's child once (`child_keys`) and every row with a child carries
the number: the indicators join on it instead of on (council_code, child_id)."""

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bairn.store import SourceFile, Store
from bairn.store.schema import record_columns

ABERDEEN, ANGUS = "S12000033", "S12000041"
FILES = [SourceFile("children.csv", "0" * 64)]
QUARTER_DAYS = {"2025Q1": "2025-02-0", "2025Q2": "2025-05-0", "2025Q3": "2025-08-0"}


def extract(council: str, quarter: str, children: list[str]) -> dict[str, pd.DataFrame]:
    """One concern for each named child (ids as the council gives them: two councils may use
    the same id for different children), dated inside `quarter`."""
    days = [f"{QUARTER_DAYS[quarter]}{1 + i % 9}" for i in range(len(children))]
    return {
        "children": pd.DataFrame(
            {
                "child_id": children,
                "council_code": council,
                "sex": "female",
                "birth_date": pd.to_datetime("2015-01-01").date(),
                "ethnic_group": "white_scottish",
                "disability": "no",
            }
        ),
        "concerns": pd.DataFrame(
            {
                "concern_id": [f"{quarter}-{c}" for c in children],
                "child_id": children,
                "received_date": pd.to_datetime(days).date,
                "source": "police",
            }
        ),
    }


def load(store: Store, council: str, quarter: str, children: list[str]) -> None:
    store.load(
        extract(council, quarter, children),
        files=FILES,
        version="1.1",
        area=council,
        period=quarter,
    )


def keyed_tables(store: Store) -> list[str]:
    return [
        t.name for t in store.standard.tables.values() if "child_key" in dict(record_columns(t))
    ]


def assert_every_row_carries_its_childs_number(store: Store) -> None:
    con = store.con
    numbers, children, distinct_keys = con.execute(
        "SELECT count(*), count(DISTINCT (council_code, child_id)), count(DISTINCT child_key) "
        "FROM child_keys"
    ).fetchall()[0]
    assert numbers == children == distinct_keys, "a child numbered twice, or a number reused"
    for table in keyed_tables(store):
        wrong = con.execute(f"""
            SELECT count(*) FROM {table} t
            LEFT JOIN child_keys k ON k.council_code = t.council_code AND k.child_id = t.child_id
            WHERE t.child_key IS DISTINCT FROM k.child_key
        """).fetchall()[0][0]
        assert wrong == 0, f"{wrong} row(s) of {table} carry another child's number"


def test_children_with_the_same_id_in_two_councils_get_two_numbers(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        load(store, ABERDEEN, "2025Q1", ["c1", "c2"])
        load(store, ANGUS, "2025Q1", ["c1"])
        keys = dict(
            store.con.execute(
                "SELECT council_code || '/' || child_id, child_key FROM concerns"
            ).fetchall()
        )
        assert len(set(keys.values())) == 3
        assert_every_row_carries_its_childs_number(store)


def test_a_childs_number_survives_resubmission_of_another_period(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        load(store, ABERDEEN, "2025Q1", ["c1", "c2"])
        load(store, ABERDEEN, "2025Q2", ["c1"])
        first = store.con.execute(
            "SELECT child_key FROM child_keys WHERE child_id = 'c1'"
        ).fetchall()
        # c1's 2025Q1 concern is replaced by one for c3 only: c1 keeps its number (its 2025Q2
        # concern still points at it), c3 gets a new one, and no number is given twice
        load(store, ABERDEEN, "2025Q1", ["c3"])
        assert (
            store.con.execute("SELECT child_key FROM child_keys WHERE child_id = 'c1'").fetchall()
            == first
        )
        q2 = store.con.execute("SELECT child_key FROM concerns WHERE child_id = 'c1'").fetchall()
        assert q2 == first
        assert_every_row_carries_its_childs_number(store)


LOADS = st.lists(
    st.tuples(
        st.sampled_from([ABERDEEN, ANGUS]),
        st.sampled_from(sorted(QUARTER_DAYS)),
        st.lists(st.sampled_from(["c1", "c2", "c3", "c4"]), min_size=1, max_size=4, unique=True),
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(loads=LOADS)
def test_any_sequence_of_loads_keeps_every_row_on_its_childs_number(tmp_path_factory, loads):
    with Store(tmp_path_factory.mktemp("keys") / "s.duckdb") as store:
        for council, quarter, children in loads:
            load(store, council, quarter, children)
            assert_every_row_carries_its_childs_number(store)


def test_a_store_made_before_children_were_numbered_is_brought_up_to_date(tmp_path):
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        load(store, ABERDEEN, "2025Q1", ["c1", "c2"])
        load(store, ANGUS, "2025Q2", ["c1"])
        before = store.con.execute(
            "SELECT concern_id, council_code, child_id FROM concerns ORDER BY concern_id"
        ).fetchall()
        # the store as schema version 1 left it: no numbers anywhere
        for table in keyed_tables(store):
            store.con.execute(f"ALTER TABLE {table} DROP COLUMN child_key")
        store.con.execute("DELETE FROM child_keys")
    with Store(db) as store:
        after = store.con.execute(
            "SELECT concern_id, council_code, child_id FROM concerns ORDER BY concern_id"
        ).fetchall()
        assert after == before
        assert store.con.execute("SELECT count(*) FROM child_keys").fetchall()[0][0] == 3
        assert_every_row_carries_its_childs_number(store)
        load(store, ANGUS, "2025Q3", ["c1", "c9"])
        assert_every_row_carries_its_childs_number(store)
