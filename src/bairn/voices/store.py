"""Survey indicators in the analytical store: the hand-off from the web app, which collects the
answers, to everything that publishes figures without Django (the reports, the CLI).

The table holds the survey indicators *before* the survey disclosure rule (aggregates, never a
response); every reader applies `apply_survey_rule` for its audience. Publishing replaces the
whole table in one transaction, so a reader sees the previous waves or the new ones, never half.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from bairn.indicators.results import COLUMNS
from bairn.store import Store

TABLE = "survey_results"
DDL = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    indicator_id VARCHAR NOT NULL, area_code VARCHAR NOT NULL, area_type VARCHAR NOT NULL,
    period VARCHAR NOT NULL, breakdown VARCHAR NOT NULL, category VARCHAR NOT NULL,
    numerator DOUBLE, denominator DOUBLE, value DOUBLE, lower95 DOUBLE, upper95 DOUBLE,
    published_at TIMESTAMP NOT NULL
)
"""


def save_survey_results(store: Store, table: pd.DataFrame) -> int:
    """Replace the store's survey indicators with `table` (the long shape of
    `bairn.voices.indicators.aggregate`); returns the number of rows written."""
    frame = table[COLUMNS].copy()
    for col in ("numerator", "denominator", "value", "lower95", "upper95"):
        frame[col] = pd.to_numeric(frame[col], errors="raise").astype(float)
    frame["published_at"] = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with store.transaction() as con:
        con.execute(DDL)
        con.execute(f"DELETE FROM {TABLE}")
        con.register("survey_frame", frame)
        con.execute(f"INSERT INTO {TABLE} SELECT * FROM survey_frame")
        con.unregister("survey_frame")
    return len(frame)


def read_survey_results(store: Store) -> pd.DataFrame:
    """The survey indicators the store holds (unprotected), or an empty frame."""
    found = store.con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [TABLE]
    ).fetchall()[0][0]
    if not found:
        return pd.DataFrame(columns=COLUMNS)
    return store.con.execute(
        f"SELECT {', '.join(COLUMNS)} FROM {TABLE} ORDER BY indicator_id, area_code, period, "
        "breakdown, category"
    ).df()
