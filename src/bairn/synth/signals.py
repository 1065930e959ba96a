"""Deliberate signals with known ground truth, for testing SPC and funnel-plot detection.

Three councils, drawn from the seed, get one signal each; every other council follows the
national pattern with no deliberate change. The ground truth goes to `signals.json`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from bairn.synth.calibration import Calibration
from bairn.synth.dates import quarter_index, quarter_label, quarter_start_day
from bairn.synth.population import Population
from bairn.synth.process import Knobs

STREAM_SIGNALS = 0


@dataclass(frozen=True)
class Signal:
    id: str
    council_code: str
    indicator: str
    measure: str
    start_period: str
    direction: str
    size: float
    description: str


@dataclass(frozen=True)
class SignalPlan:
    signals: list[Signal]
    knobs: dict[int, Knobs]  # council index -> knobs
    intensity_shift: dict[int, tuple[int, float]]  # council index -> (from day, multiplier)

    def as_json(self) -> list[dict]:
        return [asdict(s) for s in self.signals]


def _pick(rng: np.random.Generator, pop: Population, bounds: list[float], taken: set[int]) -> int:
    """A council whose expected share of national activity is within `bounds`: big enough for
    the signal to stand out of chance, small enough not to move the national figures much."""
    lo, hi = bounds
    pool = [i for i, share in enumerate(pop.share) if lo <= share <= hi and i not in taken]
    return int(pool[rng.integers(len(pool))])


def plan_signals(
    cal: Calibration, pop: Population, seed: int, start_day: int, end_day: int
) -> SignalPlan:
    cfg = cal.signals
    councils = pop.councils
    rng = np.random.Generator(
        np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(STREAM_SIGNALS,)))
    )
    first_q = int(quarter_index(np.array([start_day]))[0])
    if quarter_start_day(first_q) < start_day:
        first_q += 1
    last_q = max(int(quarter_index(np.array([end_day + 1]))[0]) - 1, first_q)
    f_lo, f_hi = cfg["start_between"]
    span = last_q - first_q
    q_lo, q_hi = first_q + round(f_lo * span), first_q + round(f_hi * span)
    # A change of practice shows in meetings about three weeks after the concerns it affects.
    lead = int(cfg["lead_days"])
    taken: set[int] = set()

    rate = cfg["registrations_rate"]
    c_rate = _pick(rng, pop, rate["council_activity_share"], taken)
    taken.add(c_rate)
    q_rate = int(rng.integers(q_lo, q_hi + 1))

    rereg = cfg["reregistrations_18m"]
    c_rereg = _pick(rng, pop, rereg["council_activity_share"], taken)
    taken.add(c_rereg)

    timely = cfg["initial_meeting_timely"]
    c_timely = _pick(rng, pop, timely["council_activity_share"], taken)
    q_timely = int(rng.integers(q_lo, q_hi + 1))
    base_timely = float(cal.model["delays"]["initial_meeting_timely"])
    after = float(timely["timely_after"])

    signals = [
        Signal(
            id="signal-1",
            council_code=councils.codes[c_rate],
            indicator="registrations_rate",
            measure=(
                "registrations per 1,000 children aged 0-17, by quarter (size: relative change)"
            ),
            start_period=quarter_label(q_rate),
            direction="up",
            size=float(rate["size"]),
            description=(
                f"From {quarter_label(q_rate)} new child protection concerns in "
                f"{councils.names[c_rate]} rise by {rate['size']:.0%} and stay there, so "
                "registrations per 1,000 children shift up by about that much (a sustained step)."
            ),
        ),
        Signal(
            id="signal-2",
            council_code=councils.codes[c_rereg],
            indicator="reregistrations_18m",
            measure=(
                "share of registrations that are re-registrations within 18 months of a previous "
                "de-registration (size: ratio to the national share)"
            ),
            start_period=quarter_label(first_q),
            direction="up",
            size=float(rereg["size"]),
            description=(
                f"Throughout the period {councils.names[c_rereg]} is a persistent outlier: "
                "de-registered children come back sooner and more often, giving about "
                f"{rereg['size']}x the national share of re-registrations within 18 months."
            ),
        ),
        Signal(
            id="signal-3",
            council_code=councils.codes[c_timely],
            indicator="initial_meeting_timely",
            measure=(
                "share of initial planning meetings held within the timescale: 21 days from the "
                "concern under the 2014 guidance, 28 under the 2021 guidance "
                "(size: drop in the share)"
            ),
            start_period=quarter_label(q_timely),
            direction="down",
            size=round(base_timely - after, 4),
            description=(
                f"From {quarter_label(q_timely)} the share of initial meetings within the "
                f"timescale in {councils.names[c_timely]} drops from about {base_timely:.0%} to "
                f"about {after:.0%} and stays there."
            ),
        ),
    ]
    knobs = {
        c_rereg: Knobs(
            after_deregistration_multiplier=float(rereg["concern_after_deregistration_multiplier"]),
            gap_multiplier=float(rereg["gap_multiplier"]),
        ),
        c_timely: Knobs(timely_change_day=quarter_start_day(q_timely) - lead, timely_after=after),
    }
    shift = {c_rate: (quarter_start_day(q_rate) - lead, 1.0 + float(rate["size"]))}
    return SignalPlan(signals, knobs, shift)
