"""Registration spells: from the registering meeting, through review meetings, to de-registration.

A spell ends at the review that de-registers the child (most), when the child moves to another
council, or the day before the child turns 18. Durations come out of the review schedule and the
chance each review de-registers, so they cluster at review dates as real registrations do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bairn.synth.calibration import Calibration
from bairn.synth.dates import NEVER, add_months
from bairn.synth.draws import categorical, uniform_int
from bairn.synth.timescales import Timescales

KIND_INITIAL, KIND_PRE_BIRTH, KIND_TRANSFER = 0, 1, 2
END_REASONS = (
    "risk_reduced",
    "looked_after",
    "other_carers",
    "other",
    "moved_area",
    "aged_out",
)
MOVED = END_REASONS.index("moved_area")
AGED_OUT = END_REASONS.index("aged_out")


@dataclass
class Spells:
    start: np.ndarray
    end: np.ndarray  # never NEVER here: every simulated spell ends (the extract end cuts later)
    reason: np.ndarray  # index into END_REASONS
    core_group: np.ndarray  # NEVER when the core group had not met before the spell ended
    review_spell: np.ndarray  # one entry per review meeting
    review_day: np.ndarray
    review_deregisters: np.ndarray


def _review_schedule(
    rng: np.random.Generator,
    cal: Calibration,
    ts: Timescales,
    start: np.ndarray,
    kind: np.ndarray,
    n_reviews: np.ndarray,
) -> np.ndarray:
    """Review days, shape (n, max_reviews); NEVER past each spell's last review."""
    d = cal.model["delays"]
    max_reviews = int(cal.model["registration"]["max_reviews"])
    n = len(start)
    days = np.full((n, max_reviews), NEVER, dtype=np.int64)
    first_frac = np.array([float(d["first_review_earliest_fraction"][g]) for g in ts.guidance_ids])
    prev = start.copy()
    for k in range(max_reviews):
        active = n_reviews > k
        if not active.any():
            break
        if k == 0:
            pre_birth = kind == KIND_PRE_BIRTH
            months = np.where(
                pre_birth, int(d["pre_birth_first_review_months"]), ts.first_review(prev)
            )
            frac = np.where(pre_birth, first_frac.max(), first_frac[ts.era(prev)])
        else:
            months = ts.review(prev)
            frac = np.full(n, float(d["review_earliest_fraction"]))
        limit = add_months(prev, months)
        earliest = prev + np.ceil(frac * (limit - prev)).astype(np.int64)
        timely = rng.random(n) < float(d["review_timely"])
        late_lo, late_hi = d["review_late_days"]
        late = limit + uniform_int(rng, late_lo, late_hi, n)
        day = np.where(timely, uniform_int(rng, earliest, limit, n), late)
        days[:, k] = np.where(active, day, NEVER)
        prev = np.where(active, day, prev)
    return days


def simulate_spells(
    rng: np.random.Generator,
    cal: Calibration,
    ts: Timescales,
    start: np.ndarray,
    kind: np.ndarray,
    eighteenth: np.ndarray,
    allow_move: np.ndarray,
) -> Spells:
    reg = cal.model["registration"]
    d = cal.model["delays"]
    n = len(start)
    max_reviews = int(reg["max_reviews"])
    hazards = []
    for g in ts.guidance_ids:
        h = np.array(reg["deregister_at_review"][g], dtype=np.float64)
        hazards.append(np.concatenate([h, np.repeat(h[-1], max_reviews - len(h))]))
    hit = rng.random((n, max_reviews)) < np.array(hazards)[ts.era(start)]
    hit[:, -1] = True
    n_reviews = hit.argmax(axis=1) + 1

    days = _review_schedule(rng, cal, ts, start, kind, n_reviews)
    end = days[np.arange(n), n_reviews - 1]
    codes, p = cal.probs("registration", "end_reason_at_review")
    reason = np.array([END_REASONS.index(c) for c in codes])[categorical(rng, p, n)]

    # A move happens part-way through a spell that would otherwise have run on.
    moves = allow_move & (rng.random(n) < float(reg["move_council"])) & (end - start > 28)
    move_day = uniform_int(rng, start + 14, end - 1, n)
    end = np.where(moves, move_day, end)
    reason = np.where(moves, MOVED, reason)

    # Nobody is on a child protection register at 18: the registration ends the day before.
    last_day = eighteenth - 1
    aged = end > last_day
    end = np.where(aged, np.maximum(last_day, start), end)
    reason = np.where(aged, AGED_OUT, reason)

    # Reviews after an early end did not happen; the one that de-registers is the last kept.
    ended_early = moves | aged
    keep = days <= end[:, None]
    keep &= ~(ended_early[:, None] & (days >= end[:, None]))
    spell_idx, k_idx = np.nonzero(keep)
    review_day = days[spell_idx, k_idx]
    deregisters = ~ended_early[spell_idx] & (review_day == end[spell_idx])

    timely = rng.random(n) < float(d["core_group_within_15_days"])
    lo, hi = d["core_group_late_days"]
    delay = np.where(timely, uniform_int(rng, 2, 15, n), uniform_int(rng, lo, hi, n))
    core_group = np.where(start + delay < end, start + delay, NEVER)

    return Spells(start, end, reason, core_group, spell_idx, review_day, deregisters)
