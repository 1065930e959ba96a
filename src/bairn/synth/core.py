"""One council's simulation: new children over time, their process chains, and children moving in.

Each council draws from its own random streams (seed, purpose, council), so a council's data does
not depend on the order councils are processed in, and the chains can be recomputed exactly. That
is what keeps memory bounded: a first pass finds the children who move to another council and
keeps only them; the second pass recomputes each council, adds the children moving in, and writes
it before the next council starts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bairn.synth.calibration import Calibration
from bairn.synth.dates import NEVER
from bairn.synth.draws import categorical, uniform_int
from bairn.synth.population import Kids, draw_simd, new_children
from bairn.synth.process import Chains, Knobs, simulate_chains
from bairn.synth.spells import KIND_TRANSFER, MOVED, Spells, simulate_spells
from bairn.synth.timescales import Timescales

STREAM_CHAINS, STREAM_MOVES, STREAM_DETAILS, STREAM_ARRIVALS = 1, 2, 3, 4


def stream(seed: int, purpose: int, council: int) -> np.random.Generator:
    return np.random.Generator(
        np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(purpose, council)))
    )


@dataclass(frozen=True)
class CouncilPlan:
    index: int
    code: str
    daily: np.ndarray  # expected new children per day from the start date
    decile_p: np.ndarray
    knobs: Knobs


@dataclass
class Movers:
    """Children whose registration ended `moved_area`, on their way to a new council."""

    dest: np.ndarray
    meet_day: np.ndarray  # the transfer meeting in the new council
    kids: Kids


@dataclass
class CouncilCore:
    kids: Kids  # own children first, then children who moved in
    n_own: int
    chains: Chains
    transfer_child: np.ndarray  # index into kids
    transfer_day: np.ndarray  # transfer meeting = registration start
    transfer_spells: Spells


def simulate_own(
    cal: Calibration, ts: Timescales, plan: CouncilPlan, seed: int, start_day: int, end_day: int
) -> tuple[Kids, Chains]:
    rng = stream(seed, STREAM_CHAINS, plan.index)
    counts = rng.poisson(plan.daily)
    first_day = np.repeat(start_day + np.arange(len(counts), dtype=np.int64), counts)
    kids = new_children(rng, cal, first_day, plan.decile_p)
    chains = simulate_chains(rng, cal, ts, kids, end_day, plan.knobs)
    return kids, chains


def movers_out(
    cal: Calibration,
    kids: Kids,
    chains: Chains,
    plan: CouncilPlan,
    weights: np.ndarray,
    seed: int,
    end_day: int,
) -> Movers:
    """Children moving away, with the council they move to (chosen by its child population)."""
    rng = stream(seed, STREAM_MOVES, plan.index)
    sp = chains.spells
    moved = np.nonzero((sp.reason == MOVED) & (sp.end <= end_day))[0]
    child = chains.spell_child[moved]
    w = weights.astype(np.float64).copy()
    w[plan.index] = 0
    dest = categorical(rng, w / w.sum(), len(moved))
    lo, hi = cal.model["delays"]["transfer_meeting_days"]
    day = sp.end[moved] + uniform_int(rng, lo, hi, len(moved))
    ok = (day <= end_day) & (day < kids.eighteenth[child] - 1)
    return Movers(dest[ok], day[ok], kids.take(child[ok]))


def simulate_council(
    cal: Calibration,
    ts: Timescales,
    plan: CouncilPlan,
    movers_in: Movers,
    seed: int,
    start_day: int,
    end_day: int,
) -> CouncilCore:
    kids, chains = simulate_own(cal, ts, plan, seed, start_day, end_day)
    rng = stream(seed, STREAM_ARRIVALS, plan.index)
    arrived = movers_in.kids
    n = len(arrived)
    day = movers_in.meet_day
    unborn = day < arrived.birth
    new = Kids(
        first_day=day,
        unborn_first=unborn,
        birth=arrived.birth,
        edd=np.where(unborn, arrived.edd, NEVER),
        eighteenth=arrived.eighteenth,
        sex=arrived.sex,
        ethnic=arrived.ethnic,
        disability=arrived.disability,
        simd=draw_simd(rng, plan.decile_p, n),
    )
    spells = simulate_spells(
        rng, cal, ts, day, np.full(n, KIND_TRANSFER), arrived.eighteenth, np.zeros(n, dtype=bool)
    )
    return CouncilCore(
        kids=Kids.concat([kids, new]),
        n_own=len(kids),
        chains=chains,
        transfer_child=len(kids) + np.arange(n),
        transfer_day=day,
        transfer_spells=spells,
    )
