"""Engine-shaped results for chart tests, built by hand so that the outliers and signals are
known: 30 CPCs and Scotland, 48 quarters, a rate (register_rate) and a percentage
(initial_meeting_timely)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bairn.areas import SCOTLAND, areas_of_type
from bairn.periods import parse_period

HIGH_AREA = "CPC-S12000036"  # City of Edinburgh: drawn far above the funnel
LOW_AREA = "CPC-S12000049"  # Glasgow City: far below
SHIFT_AREA = "CPC-CLST"  # Clackmannanshire and Stirling: a step up from 2021Q1
QUARTERS = [f"{y}Q{q}" for y in range(2014, 2026) for q in range(1, 5)]


def _rows(indicator: str, unit: str, rate: float, rng: np.random.Generator) -> list[dict]:
    rows = []
    cpcs = sorted(a.code for a in areas_of_type("cpc"))
    dens = dict(zip(cpcs, rng.integers(4_000, 110_000, len(cpcs)), strict=True))
    if unit == "percent":
        dens = {c: max(int(d // 400), 20) for c, d in dens.items()}
    for period in QUARTERS:
        total_x = total_n = 0
        shifted = parse_period(period).start >= parse_period("2021Q1").start
        for code in cpcs:
            n = int(dens[code])
            p = rate * (3.0 if code == HIGH_AREA else 0.2 if code == LOW_AREA else 1.0)
            if code == SHIFT_AREA and shifted:
                p *= 2.2
            x = int(min(rng.poisson(p * n), n))
            total_x, total_n = total_x + x, total_n + n
            rows.append(_row(indicator, code, "cpc", period, x, n, unit))
        rows.append(_row(indicator, SCOTLAND, "scotland", period, total_x, total_n, unit))
    return rows


def _row(indicator, code, area_type, period, x, n, unit) -> dict:
    mult = 100 if unit == "percent" else 1000
    return {
        "indicator_id": indicator,
        "area_code": code,
        "area_type": area_type,
        "period": period,
        "breakdown": "total",
        "category": "total",
        "numerator": float(x),
        "denominator": float(n),
        "value": x / n * mult,
        "lower95": np.nan,
        "upper95": np.nan,
    }


@pytest.fixture(scope="session")
def results() -> pd.DataFrame:
    rng = np.random.default_rng(20250630)
    rows = _rows("register_rate", "per_1000", 0.003, rng)
    rows += _rows("initial_meeting_timely", "percent", 0.6, rng)
    return pd.DataFrame(rows)


def suppress(frame: pd.DataFrame, codes_or_periods: set[str], column: str) -> pd.DataFrame:
    """What `bairn.analysis.mask_for_audience` leaves for suppressed rows: the symbol `c`."""
    from bairn.analysis.disclose import HIDDEN

    out = frame.copy()
    hit = out[column].isin(codes_or_periods).to_numpy()
    for col in HIDDEN:
        if col in out:
            out[col] = out[col].astype(object)
            out.loc[hit, col] = "c"
    return out
