"""Dates as int64 day numbers (days since 1970-01-01), so every step is a numpy array operation.

`NEVER` marks an absent or open date (an IRD not closed, a registration still open); it sorts after
every real date, so "still on the register at day t" is simply `start <= t < end`.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

NEVER = np.int64(2**31 - 1)
_EPOCH = dt.date(1970, 1, 1)


def to_day(d: dt.date) -> int:
    return (d - _EPOCH).days


def from_day(n: int) -> dt.date:
    return _EPOCH + dt.timedelta(days=int(n))


# Calendar lookups by table: numpy's datetime conversions are the slowest step of the review
# schedule otherwise. The tables span every date the generator can touch (see FIRST_DAY/LAST_DAY).
FIRST_DAY = dt.date(1950, 1, 1)
LAST_DAY = dt.date(2149, 12, 31)
_D0 = (FIRST_DAY - _EPOCH).days
_ALL = np.arange(_D0, (LAST_DAY - _EPOCH).days + 1, dtype=np.int64).astype("M8[D]")
_MONTH = _ALL.astype("M8[M]").astype(np.int64)
_DOM = (_ALL - _ALL.astype("M8[M]").astype("M8[D]")).astype(np.int64)
_M0 = int(_MONTH[0])
_MONTH_STARTS = np.arange(_M0, int(_MONTH[-1]) + 2, dtype=np.int64).astype("M8[M]")
_MONTH_STARTS = _MONTH_STARTS.astype("M8[D]").astype(np.int64)
del _ALL


def _split(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(month number since 1970-01, zero-based day of month)."""
    i = np.clip(np.asarray(days, dtype=np.int64) - _D0, 0, len(_MONTH) - 1)
    return _MONTH[i], _DOM[i]


def _month_start(months: np.ndarray) -> np.ndarray:
    i = np.clip(np.asarray(months, dtype=np.int64) - _M0, 0, len(_MONTH_STARTS) - 1)
    return _MONTH_STARTS[i]


def add_months(days: np.ndarray, months: int | np.ndarray) -> np.ndarray:
    """Calendar months later, clamped to the month's last day (31 Aug + 6 months = 28/29 Feb),
    which is how "within 6 months" is read."""
    m, dom = _split(days)
    target = m + np.asarray(months, dtype=np.int64)
    length = _month_start(target + 1) - _month_start(target)
    return _month_start(target) + np.minimum(dom, length - 1)


def anniversary(days: np.ndarray, years: int) -> np.ndarray:
    """The date `years` after each day; 29 Feb rolls to 1 Mar in common years, as Scots law
    (Age of Legal Capacity (Scotland) Act 1991 s.6) dates a leapling's birthday."""
    m, dom = _split(days)
    return _month_start(m + 12 * years) + dom


def age_in_years(birth: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Completed years of age on each day (negative before birth)."""
    bm, bdom = _split(birth)
    om, odom = _split(on)
    months = om - bm - (odom < bdom)
    return np.floor_divide(months, 12)


def year_of(days: np.ndarray) -> np.ndarray:
    return np.asarray(days, dtype=np.int64).astype("M8[D]").astype("M8[Y]").astype(np.int64) + 1970


def stats_year_end(days: np.ndarray) -> np.ndarray:
    """The statistics year (1 Aug-31 Jul) a day falls in, named by the year it ends: 2013 for
    2012-13."""
    m, _ = _split(days)
    return m // 12 + 1970 + (m % 12 >= 7)


def stats_year_start_day(year_end: int) -> int:
    return to_day(dt.date(year_end - 1, 8, 1))


def quarter_index(days: np.ndarray) -> np.ndarray:
    """Calendar quarters since 1970Q1 (2021Q1 = 204)."""
    m, _ = _split(days)
    return m // 3


def quarter_label(q: int) -> str:
    return f"{1970 + q // 4}Q{q % 4 + 1}"


def quarter_start_day(q: int) -> int:
    return int(_month_start(np.array([3 * q]))[0])


def last_complete_quarter_end(today: dt.date) -> dt.date:
    """The last day of the last calendar quarter that ended before `today`."""
    first_month_of_quarter = 3 * ((today.month - 1) // 3) + 1
    return dt.date(today.year, first_month_of_quarter, 1) - dt.timedelta(days=1)
