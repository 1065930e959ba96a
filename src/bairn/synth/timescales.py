"""The guidance timescales from `bairn.standard`, looked up for whole arrays of dates at once.

Each event's clock follows the guidance in force on the date that starts it. Before the earliest
guidance in the standard (2014) the 2014 values are used: the generator needs a rule for 2012-14
and the 21-day standard was already practice then.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from bairn.standard import load_timescales
from bairn.synth.dates import to_day


@dataclass(frozen=True, eq=False)  # hashed by identity: loaded once, used as a cache key
class Timescales:
    switch_days: np.ndarray  # first day of each guidance after the first
    guidance_ids: tuple[str, ...]
    initial_limit_days: np.ndarray
    core_group_limit_days: np.ndarray
    first_review_months: np.ndarray
    review_months: np.ndarray

    def era(self, days: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.switch_days, np.asarray(days), side="right")

    def initial_limit(self, days: np.ndarray) -> np.ndarray:
        return self.initial_limit_days[self.era(days)]

    def first_review(self, days: np.ndarray) -> np.ndarray:
        return self.first_review_months[self.era(days)]

    def review(self, days: np.ndarray) -> np.ndarray:
        return self.review_months[self.era(days)]

    def fixed(self, era: int) -> Timescales:
        """The same rules with one guidance in force throughout (for the calibration kernel)."""
        pick = slice(era, era + 1)
        return Timescales(
            np.array([], dtype=np.int64),
            self.guidance_ids[pick],
            self.initial_limit_days[pick],
            self.core_group_limit_days[pick],
            self.first_review_months[pick],
            self.review_months[pick],
        )


def _stage(g, stage: str, unit: str) -> int:
    s = g.standards[stage]
    if s.unit not in (unit, "working_days"):
        raise ValueError(f"guidance {g.id} {stage}: unexpected unit {s.unit}")
    return s.limit


@cache
def load_rules() -> Timescales:
    guidance = load_timescales()
    return Timescales(
        switch_days=np.array([to_day(g.in_force_from) for g in guidance[1:]], dtype=np.int64),
        guidance_ids=tuple(g.id for g in guidance),
        initial_limit_days=np.array(
            [_stage(g, "initial_meeting", "calendar_days") for g in guidance]
        ),
        core_group_limit_days=np.array(
            [_stage(g, "first_core_group", "calendar_days") for g in guidance]
        ),
        first_review_months=np.array([_stage(g, "first_review", "months") for g in guidance]),
        review_months=np.array([_stage(g, "subsequent_review", "months") for g in guidance]),
    )
