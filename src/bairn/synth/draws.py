"""Vectorised random draws shared by the process modules."""

from __future__ import annotations

import numpy as np


def categorical(rng: np.random.Generator, p: np.ndarray, n: int) -> np.ndarray:
    """n draws of an index from one probability vector."""
    cum = np.cumsum(np.asarray(p, dtype=np.float64))
    cum /= cum[-1]
    return np.minimum(np.searchsorted(cum, rng.random(n), side="right"), len(cum) - 1)


def categorical_by_group(
    rng: np.random.Generator, table: np.ndarray, group: np.ndarray
) -> np.ndarray:
    """One draw per row from the probability row `table[group[i]]` (rows need not sum to 1)."""
    cum = np.cumsum(np.asarray(table, dtype=np.float64), axis=1)
    cum /= cum[:, -1:]
    u = rng.random(len(group))
    return np.minimum((u[:, None] >= cum[group]).sum(axis=1), table.shape[1] - 1)


def from_ranges(rng: np.random.Generator, ranges: np.ndarray, n: int) -> np.ndarray:
    """Integer days from a mixture of [low, high, probability] ranges, uniform within a range."""
    which = categorical(rng, ranges[:, 2], n)
    low = ranges[which, 0]
    high = ranges[which, 1]
    return (low + np.floor(rng.random(n) * (high - low + 1))).astype(np.int64)


def uniform_int(
    rng: np.random.Generator, low: np.ndarray | int, high: np.ndarray | int, n: int
) -> np.ndarray:
    """Integers uniform on [low, high] inclusive (high < low gives low)."""
    low = np.asarray(low, dtype=np.int64)
    high = np.maximum(np.asarray(high, dtype=np.int64), low)
    return low + np.floor(rng.random(n) * (high - low + 1)).astype(np.int64)


def lognormal_days(rng: np.random.Generator, median: float, sigma: float, n: int) -> np.ndarray:
    return np.maximum(1, np.round(median * np.exp(sigma * rng.standard_normal(n)))).astype(np.int64)
