"""Helpers: hand-built published tables in Bairn's long schema."""

from __future__ import annotations

import pandas as pd
import pytest

from bairn.disclosure.relations import SCOTLAND, scotland_geography


def rows(
    entries: list[tuple], indicator: str = "IND", unit: str = "count", kind: str = "flow"
) -> pd.DataFrame:
    """entries: (area_code, area_type, period, numerator) with numerator a number or 'c'."""
    out = []
    for area, atype, period, num, *rest in entries:
        bd, cat = rest if rest else ("total", "all")
        out.append(
            {
                "indicator_id": indicator,
                "area_code": area,
                "area_type": atype,
                "period": period,
                "breakdown": bd,
                "category": cat,
                "unit": unit,
                "kind": kind,
                "numerator": str(num),
                "denominator": "z",
                "value": str(num),
                "lower95": "c" if num == "c" else ":",
                "upper95": "c" if num == "c" else ":",
            }
        )
    return pd.DataFrame(out)


@pytest.fixture(scope="session")
def geo():
    return scotland_geography()


@pytest.fixture(scope="session")
def councils(geo):
    return sorted(geo.council_cpc)


@pytest.fixture(scope="session")
def scotland():
    return SCOTLAND
