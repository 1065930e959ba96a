"""Reading computed results back out of the store, filtered, in one long shape."""

from __future__ import annotations

import pandas as pd

from bairn.errors import BairnError
from bairn.indicators.storage import has_results
from bairn.store import Store

COLUMNS = [
    "indicator_id", "area_code", "area_type", "period", "breakdown", "category",
    "numerator", "denominator", "value", "lower95", "upper95",
]  # fmt: skip


def read_results(
    store: Store,
    *,
    indicators: list[str] | None = None,
    areas: list[str] | None = None,
    periods: list[str] | None = None,
    breakdown: str | None = "total",
    area_type: str | None = None,
    period_kind: str | None = None,
    extra_columns: tuple[str, ...] = (),
) -> pd.DataFrame:
    """The long results table. `breakdown=None` returns every breakdown."""
    if not has_results(store.con):
        raise BairnError("No indicators have been computed yet; run `bairn indicators compute`.")
    where, params = [], []
    for column, values in (("indicator_id", indicators), ("area_code", areas), ("period", periods)):
        if values:
            where.append(f"{column} IN (SELECT unnest(?))")
            params.append(list(values))
    for column, value in (
        ("breakdown", breakdown),
        ("area_type", area_type),
        ("period_kind", period_kind),
    ):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    cols = ", ".join(COLUMNS + list(extra_columns))
    return store.con.execute(
        f"""SELECT {cols} FROM indicator_results {clause}
            ORDER BY indicator_id, area_type DESC, area_code, period_kind, period, breakdown,
                     category""",
        params,
    ).df()
