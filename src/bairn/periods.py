"""One label scheme for periods everywhere: files, commands, API, pages.

`2025Q2` a calendar quarter, `2025` a calendar year, `SY2024-25` the statistics year
(1 August 2024 to 31 July 2025, as the Scottish Government publishes), `FY2024-25` the financial
year (1 April 2024 to 31 March 2025). Every period is a closed date range [start, end].
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from bairn.errors import BairnError

KINDS = ("quarter", "year", "statistics_year", "financial_year")
BASELINE_PERIOD = "SY2015-16"  # the 2016 baseline: the statistics year ending 31 July 2016

_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_SPLIT_YEAR = re.compile(r"^(SY|FY)(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date
    kind: str
    label: str

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def quarters(self) -> list[Period]:
        """The calendar quarters overlapping this period (all lie inside for Q, year and FY)."""
        out = []
        q = quarter_of(self.start)
        while q.start <= self.end:
            out.append(q)
            q = next_quarter(q)
        return out


# Remembered: the analyses and reports parse the same few hundred labels tens of thousands of
# times a report, and a Period is immutable, so sharing one is safe.
@lru_cache(maxsize=4096)
def parse_period(label: str) -> Period:
    text = label.strip().upper()
    if m := _QUARTER.match(text):
        year, q = int(m[1]), int(m[2])
        start = dt.date(year, 3 * q - 2, 1)
        end = _month_end(year, 3 * q)
        return Period(start, end, "quarter", f"{year}Q{q}")
    if m := _YEAR.match(text):
        year = int(m[1])
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", str(year))
    if m := _SPLIT_YEAR.match(text):
        first, second = int(m[2]), int(m[3])
        if (first + 1) % 100 != second:
            raise BairnError(
                f"Period {label!r} has years that do not follow each other; "
                f"write it as {m[1]}{first}-{(first + 1) % 100:02d}."
            )
        if m[1] == "SY":
            start, end = dt.date(first, 8, 1), dt.date(first + 1, 7, 31)
            kind = "statistics_year"
        else:
            start, end = dt.date(first, 4, 1), dt.date(first + 1, 3, 31)
            kind = "financial_year"
        return Period(start, end, kind, f"{m[1]}{first}-{second:02d}")
    raise BairnError(
        f"Period {label!r} is not one Bairn understands; use 2025Q2 (quarter), 2025 (calendar "
        "year), SY2024-25 (statistics year, 1 August to 31 July) or FY2024-25 (financial year)."
    )


def quarter_of(day: dt.date) -> Period:
    return parse_period(f"{day.year}Q{(day.month - 1) // 3 + 1}")


def next_quarter(q: Period) -> Period:
    return quarter_of(q.end + dt.timedelta(days=1))


def statistics_year_of(day: dt.date) -> Period:
    first = day.year if day.month >= 8 else day.year - 1
    return parse_period(f"SY{first}-{(first + 1) % 100:02d}")


def financial_year_of(day: dt.date) -> Period:
    first = day.year if day.month >= 4 else day.year - 1
    return parse_period(f"FY{first}-{(first + 1) % 100:02d}")


def periods_between(start: dt.date, end: dt.date, kind: str) -> list[Period]:
    """Every complete period of `kind` lying wholly within [start, end], in order."""
    step = {
        "quarter": quarter_of,
        "year": lambda d: parse_period(str(d.year)),
        "statistics_year": statistics_year_of,
        "financial_year": financial_year_of,
    }[kind]
    out = []
    p = step(start)
    while p.start <= end:
        if p.start >= start and p.end <= end:
            out.append(p)
        p = step(p.end + dt.timedelta(days=1))
    return out


def last_complete_quarter(today: dt.date | None = None) -> Period:
    today = today or dt.date.today()
    q = quarter_of(today)
    return quarter_of(q.start - dt.timedelta(days=1))


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)
