"""What the chart modules share: numbers that survived disclosure control, names, formatting."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from bairn.areas import all_areas


def numeric(column: pd.Series) -> pd.Series:
    """A column as floats: GSS symbols (c, z, :) and blanks become NaN, never a drawn point."""
    if column.dtype == np.float64 and len(column):  # floats already (an empty one gives ints)
        return column.copy()
    # Blanks of every kind (None, NA, NaT) as NaN first, on the values: `Series.where` cost
    # ten times the conversion, and charts convert a few hundred columns a report.
    values = column.to_numpy(dtype=object, copy=True)
    values[pd.isna(values)] = np.nan
    as_objects = pd.Series(values, index=column.index, name=column.name, dtype=object)
    return pd.to_numeric(as_objects, errors="coerce")


def shown(frame: pd.DataFrame, column: str = "value") -> pd.Series:
    """True where the row has a number to draw (its value was not suppressed or missing)."""
    return numeric(frame[column]).notna()


def suppressed(frame: pd.DataFrame, column: str = "value") -> int:
    """How many rows carry the GSS symbol `c` (confidential) instead of a number."""
    # as `astype(str) == "c"` counts them (a blank is never "c"), without making text of all
    return sum(1 for value in frame[column].tolist() if str(value) == "c")


def area_name(code: str) -> str:
    found = all_areas().get(str(code))
    return found.name if found else str(code)


def fmt(value: float | None, unit_label: str = "") -> str:
    """A value as a reader sees it: one decimal place (two below 1), the unit after it (% closes
    up)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "not available"
    text = f"{value:,.2f}" if 0 < abs(value) < 1 else f"{value:,.1f}"
    if not unit_label:
        return text
    if unit_label.strip() == "%":
        return f"{text}%"
    return f"{text} {unit_label}"


def number(value: object) -> float | None:
    """A JSON-safe float (None for NaN, symbols or missing)."""
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) or math.isinf(out) else out


def listing(names: list[str]) -> str:
    """Plain English list: 'A', 'A and B', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"
