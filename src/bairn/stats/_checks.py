"""Argument checks shared by every public function.

Each check raises `StatsInputError` (a `ValueError`) with one plain sentence naming the argument,
in the style of PHEindicatormethods' `stop()` messages, before any arithmetic runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from bairn.errors import BairnError

# The only pair of levels PHEindicatormethods accepts together, and Bairn's column suffixes for it.
CONFIDENCE_PAIR = (0.95, 0.998)
PAIR_SUFFIXES = ("95", "998")


class StatsInputError(BairnError, ValueError):
    """An argument to a `bairn.stats` function is unusable; the message says which and why."""


def as_vector(name: str, values: Any) -> np.ndarray:
    """Return `values` as a float64 array of at most one dimension.

    Missing values (None, NaN, pd.NA) become NaN; each public function decides what NaN means.
    """
    if isinstance(values, (str, bytes)):
        raise StatsInputError(f"{name} must be numeric, not text.")
    if isinstance(values, (pd.Series, pd.Index)):
        values = values.to_numpy(dtype="float64", na_value=np.nan)
    try:
        arr = np.asarray(values, dtype="float64")
    except (TypeError, ValueError):
        raise StatsInputError(f"{name} must contain only numbers or missing values.") from None
    if arr.ndim > 1:
        raise StatsInputError(f"{name} must be a single number or a one-dimensional sequence.")
    if np.isinf(arr).any():
        raise StatsInputError(f"{name} must not contain infinite values.")
    return arr


def same_length(**arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """Broadcast single numbers against sequences; refuse sequences of different lengths."""
    sizes = {name: arr.size for name, arr in arrays.items() if arr.ndim == 1}
    if len(set(sizes.values())) > 1:
        described = ", ".join(f"{name} has {size}" for name, size in sizes.items())
        raise StatsInputError(f"Arguments must have the same length: {described} values.")
    return tuple(np.broadcast_arrays(*arrays.values()))


def non_negative(name: str, arr: np.ndarray) -> None:
    if (arr < 0).any():
        raise StatsInputError(f"{name} must all be greater than or equal to zero.")


def positive(name: str, arr: np.ndarray) -> None:
    if (arr <= 0).any():
        raise StatsInputError(f"{name} must all be greater than zero.")


def no_missing(name: str, arr: np.ndarray) -> None:
    if np.isnan(arr).any():
        raise StatsInputError(f"{name} must not contain missing values.")


def not_above(name: str, arr: np.ndarray, limit_name: str, limit: np.ndarray) -> None:
    if (arr > limit).any():
        raise StatsInputError(
            f"{name} must be less than or equal to {limit_name} for a proportion "
            "(each numerator must not exceed its denominator)."
        )


def complete_counts(x: Any, n: Any, proportion: bool) -> tuple[np.ndarray, np.ndarray]:
    """Numerators and denominators with nothing missing: funnels and charts need every area."""
    x_arr, n_arr = same_length(x=as_vector("x", x), n=as_vector("n", n))
    x_arr, n_arr = np.atleast_1d(x_arr), np.atleast_1d(n_arr)
    no_missing("x (numerators)", x_arr)
    no_missing("n (denominators)", n_arr)
    non_negative("x (numerators)", x_arr)
    positive("n (denominators)", n_arr)
    if proportion:
        not_above("x (numerators)", x_arr, "n (denominators)", n_arr)
    return x_arr, n_arr


def positive_number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise StatsInputError(f"{name} must be a positive number.")
    value = float(value)
    if not np.isfinite(value) or value <= 0:
        raise StatsInputError(f"{name} must be a positive number.")
    return value


def whole_number(name: str, value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise StatsInputError(f"{name} must be a whole number of at least {minimum}.")
    return int(value)


def choice(name: str, value: Any, options: Sequence[str]) -> str:
    if value not in options:
        listed = ", ".join(repr(o) for o in options)
        raise StatsInputError(f"{name} must be one of {listed}; got {value!r}.")
    return value


def _one_level(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise StatsInputError(
            "confidence must be a number between 0.9 and 1 (or 90 and 100), "
            "or the pair (0.95, 0.998)."
        )
    level = float(value)
    # PHEindicatormethods accepts levels written as percentages too (95 means 0.95).
    if 90 <= level <= 100:
        level /= 100
    if not 0.9 <= level <= 1:
        raise StatsInputError(
            "confidence must be between 0.9 and 1 (or 90 and 100), or the pair (0.95, 0.998); "
            f"got {value!r}."
        )
    return level


def confidence_levels(confidence: Any) -> tuple[float, ...]:
    """One level, or exactly the pair 0.95 and 0.998 (in that order), as the R reference allows."""
    if isinstance(confidence, (list, tuple, np.ndarray)):
        levels = tuple(_one_level(c) for c in confidence)
        if len(levels) == 1:
            return levels
        if levels != CONFIDENCE_PAIR:
            raise StatsInputError(
                "confidence may hold two levels only as the pair (0.95, 0.998); "
                f"got {tuple(confidence)!r}."
            )
        return levels
    return (_one_level(confidence),)


def single_confidence(confidence: Any) -> float:
    levels = confidence_levels(confidence)
    if len(levels) != 1:
        raise StatsInputError("confidence must be a single level for this function.")
    return levels[0]


def limit_columns(levels: tuple[float, ...]) -> list[tuple[float, str, str]]:
    """Column names per level: `lower`/`upper` for one level, `lower95`… for the pair."""
    if len(levels) == 1:
        return [(levels[0], "lower", "upper")]
    return [
        (lv, f"lower{sfx}", f"upper{sfx}") for lv, sfx in zip(levels, PAIR_SUFFIXES, strict=True)
    ]


def index_of(*candidates: Any, size: int) -> pd.Index:
    """Keep a caller's pandas index so results join back onto their rows."""
    for candidate in candidates:
        if isinstance(candidate, pd.Series) and len(candidate.index) == size:
            return candidate.index
    return pd.RangeIndex(size)
