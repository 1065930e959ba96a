"""The child protection process, one concern (episode) at a time, for whole arrays of children.

concern -> IRD -> investigation -> initial or pre-birth meeting -> registration (a spell), then
possibly a further concern: after a de-registration (which may lead to re-registration) or after
an episode that ended without registration. Each generation of further concerns is one pass of
vectorised work, so the Python loop runs over generations (a handful), never over children.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from bairn.synth.calibration import Calibration
from bairn.synth.dates import NEVER, age_in_years, anniversary
from bairn.synth.draws import categorical_by_group, from_ranges, lognormal_days, uniform_int
from bairn.synth.population import Kids
from bairn.synth.spells import KIND_INITIAL, KIND_PRE_BIRTH, MOVED, Spells, simulate_spells
from bairn.synth.timescales import Timescales

IRD_OUTCOMES = ("investigation", "single_agency", "no_further_action")
INV_OUTCOMES = ("meeting_required", "other_support", "no_further_action")
JII = ("yes", "no", "not_considered")
MAX_GENERATIONS = 12


@dataclass(frozen=True)
class Knobs:
    """A council's deliberate signals (the defaults mean none)."""

    timely_change_day: int = int(NEVER)
    timely_after: float = 0.85
    after_deregistration_multiplier: float = 1.0
    gap_multiplier: float = 1.0


@dataclass
class Episodes:
    child: np.ndarray
    s: np.ndarray  # day the concern was received
    gen: np.ndarray
    prior: np.ndarray  # the child had been registered before this concern
    unborn: np.ndarray  # unborn when the concern was received
    ird: np.ndarray
    ird_start: np.ndarray
    ird_end: np.ndarray
    ird_outcome: np.ndarray
    jii: np.ndarray
    inv: np.ndarray
    inv_start: np.ndarray
    inv_end: np.ndarray
    inv_outcome: np.ndarray
    meeting: np.ndarray
    meet_day: np.ndarray
    pre_birth: np.ndarray
    registered: np.ndarray
    spell: np.ndarray  # index into the chain's spells, -1 when not registered


@dataclass
class Chains:
    episodes: Episodes
    spells: Spells
    spell_child: np.ndarray
    spell_episode: np.ndarray


def _concat(items: list, cls: type) -> object:
    return cls(**{f.name: np.concatenate([getattr(i, f.name) for i in items]) for f in fields(cls)})


def _outcome_table(cal: Calibration, plain: str, prior: str, order: tuple[str, ...]) -> np.ndarray:
    f = cal.model["funnel"]
    return np.array([[float(f[key][c]) for c in order] for key in (plain, prior)])


def _funnel(
    rng: np.random.Generator,
    cal: Calibration,
    ts: Timescales,
    kids: Kids,
    child: np.ndarray,
    s: np.ndarray,
    prior: np.ndarray,
    unborn: np.ndarray,
    knobs: Knobs,
) -> Episodes:
    f = cal.model["funnel"]
    d = cal.model["delays"]
    n = len(s)
    ird = rng.random(n) < float(f["concern_to_ird"])
    ird_start = s + from_ranges(rng, cal.ranges("concern_to_ird"), n)
    ird_end = ird_start + from_ranges(rng, cal.ranges("ird_duration"), n)
    table = _outcome_table(cal, "ird_outcome", "ird_outcome_previously_registered", IRD_OUTCOMES)
    ird_outcome = categorical_by_group(rng, table, prior.astype(np.int64))
    inv = ird & (ird_outcome == 0)
    u = rng.random(n)
    p_yes = np.where(inv, float(f["jii_yes_when_investigation"]), float(f["jii_yes_otherwise"]))
    jii = np.where(u < p_yes, 0, np.where(u > 1 - float(f["jii_not_considered"]), 2, 1))

    inv_start = ird_end + from_ranges(rng, cal.ranges("ird_to_investigation"), n)
    table = _outcome_table(
        cal, "investigation_outcome", "investigation_outcome_previously_registered", INV_OUTCOMES
    )
    inv_outcome = categorical_by_group(rng, table, prior.astype(np.int64))
    meeting = inv & (inv_outcome == 0)

    # Meeting timing: most within the guidance's initial-meeting limit, the rest a few weeks late.
    limit = ts.initial_limit(s)
    lo = inv_start - s + 2
    p_timely = np.where(
        (s >= knobs.timely_change_day) & ~unborn,
        knobs.timely_after,
        float(d["initial_meeting_timely"]),
    )
    timely = (rng.random(n) < p_timely) & (lo <= limit)
    late = np.minimum(
        np.floor(rng.exponential(float(d["initial_meeting_late_mean_days"]), n)),
        float(d["initial_meeting_late_max_days"]),
    ).astype(np.int64)
    delay = np.where(timely, uniform_int(rng, lo, limit, n), np.maximum(lo, limit) + 1 + late)
    meet_day = s + delay
    inv_len = from_ranges(rng, cal.ranges("investigation_duration"), n)
    inv_end = np.where(meeting, np.minimum(inv_start + inv_len, meet_day), inv_start + inv_len)
    pre_birth = meeting & unborn & (meet_day < kids.birth[child])
    p_reg = np.where(pre_birth, float(f["register_at_pre_birth"]), float(f["register_at_initial"]))
    registered = meeting & (rng.random(n) < p_reg)
    return Episodes(
        child=child,
        s=s,
        gen=np.zeros(n, dtype=np.int64),
        prior=prior,
        unborn=unborn,
        ird=ird,
        ird_start=np.where(ird, ird_start, NEVER),
        ird_end=np.where(ird, ird_end, NEVER),
        ird_outcome=ird_outcome,
        jii=jii,
        inv=inv,
        inv_start=np.where(inv, inv_start, NEVER),
        inv_end=np.where(inv, inv_end, NEVER),
        inv_outcome=inv_outcome,
        meeting=meeting,
        meet_day=np.where(meeting, meet_day, NEVER),
        pre_birth=pre_birth,
        registered=registered,
        spell=np.full(n, -1, dtype=np.int64),
    )


def _births(rng: np.random.Generator, cal: Calibration, kids: Kids, ep: Episodes) -> None:
    """Expected and actual birth dates of children unborn at their first concern: a pre-birth
    meeting is mostly held by 28 weeks of pregnancy (12 weeks before the expected date)."""
    first = ep.gen == 0
    idx = ep.child[first & kids.unborn_first[ep.child]]
    e = np.nonzero(first & kids.unborn_first[ep.child])[0]
    n = len(idx)
    meet = ep.meet_day[e]
    on_time = rng.random(n) < float(cal.model["delays"]["pre_birth_by_28_weeks"])
    edd_meeting = meet + np.where(
        on_time, uniform_int(rng, 84, 168, n), uniform_int(rng, 14, 83, n)
    )
    edd = np.where(ep.meeting[e], edd_meeting, ep.s[e] + uniform_int(rng, 40, 200, n))
    birth = edd + np.round(rng.normal(-4, 8, n)).astype(np.int64)
    birth = np.maximum(birth, np.where(ep.meeting[e], meet + 3, ep.s[e] + 1))
    kids.edd[idx] = edd
    kids.birth[idx] = birth
    kids.eighteenth[idx] = anniversary(birth, 18)


def simulate_chains(
    rng: np.random.Generator,
    cal: Calibration,
    ts: Timescales,
    kids: Kids,
    end_day: int,
    knobs: Knobs,
) -> Chains:
    """Every episode and registration spell of `kids`, from their first concern on.

    Unborn children get their birth dates here (after their first episode), so `kids` is
    updated in place.
    """
    f = cal.model["funnel"]
    buffer = int(f["no_new_episode_within_days_of_18"])
    child = np.arange(len(kids))
    s = kids.first_day.copy()
    prior = np.zeros(len(kids), dtype=bool)
    unborn = kids.unborn_first.copy()
    all_eps: list[Episodes] = []
    all_spells: list[Spells] = []
    spell_child: list[np.ndarray] = []
    spell_episode: list[np.ndarray] = []
    n_eps = n_spells = 0
    for gen in range(MAX_GENERATIONS):
        if len(s) == 0:
            break
        ep = _funnel(rng, cal, ts, kids, child, s, prior, unborn, knobs)
        ep.gen[:] = gen
        if gen == 0:
            _births(rng, cal, kids, ep)
        reg = np.nonzero(ep.registered)[0]
        kind = np.where(ep.pre_birth[reg], KIND_PRE_BIRTH, KIND_INITIAL)
        sp = simulate_spells(
            rng, cal, ts, ep.meet_day[reg], kind, kids.eighteenth[ep.child[reg]],
            np.ones(len(reg), dtype=bool),
        )  # fmt: skip
        ep.spell[reg] = n_spells + np.arange(len(reg))
        all_eps.append(ep)
        all_spells.append(sp)
        spell_child.append(ep.child[reg])
        spell_episode.append(n_eps + reg)
        n_eps += len(ep.s)
        n_spells += len(reg)

        # Further concerns: after a de-registration at review, or after an unregistered episode.
        n = len(ep.s)
        after_dereg = np.zeros(n, dtype=bool)
        after_dereg[reg] = sp.reason < MOVED
        q_r = min(
            0.95, float(f["concern_after_deregistration"]) * knobs.after_deregistration_multiplier
        )
        go_r = after_dereg & (rng.random(n) < q_r)
        go_nr = ~ep.registered & (rng.random(n) < float(f["repeat_concern"]))
        end = np.zeros(n, dtype=np.int64)
        end[reg] = sp.end
        last = np.maximum.reduce(
            [ep.s, np.where(ep.ird, ep.ird_end, 0), np.where(ep.inv, ep.inv_end, 0)]
        )
        last = np.maximum(last, np.where(ep.meeting, ep.meet_day, 0))
        g_r = cal.model["funnel"]["after_deregistration_gap_days"]
        g_nr = cal.model["funnel"]["repeat_gap_days"]
        gap_r = lognormal_days(
            rng, float(g_r["median"]) * knobs.gap_multiplier, float(g_r["sigma"]), n
        )
        gap_nr = lognormal_days(rng, float(g_nr["median"]), float(g_nr["sigma"]), n)
        nxt = np.where(go_r, end + gap_r, last + gap_nr)
        ok = (go_r | go_nr) & (nxt <= end_day) & (nxt < kids.eighteenth[ep.child] - buffer)
        child = ep.child[ok]
        s = nxt[ok]
        prior = ep.prior[ok] | ep.registered[ok]
        unborn = s < kids.birth[child]

    episodes = _concat(all_eps, Episodes)
    spells = _concat_spells(all_spells)
    return Chains(episodes, spells, np.concatenate(spell_child), np.concatenate(spell_episode))


def _concat_spells(parts: list[Spells]) -> Spells:
    offsets = np.cumsum([0] + [len(p.start) for p in parts[:-1]])
    return Spells(
        start=np.concatenate([p.start for p in parts]),
        end=np.concatenate([p.end for p in parts]),
        reason=np.concatenate([p.reason for p in parts]),
        core_group=np.concatenate([p.core_group for p in parts]),
        review_spell=np.concatenate(
            [p.review_spell + o for p, o in zip(parts, offsets, strict=True)]
        ),
        review_day=np.concatenate([p.review_day for p in parts]),
        review_deregisters=np.concatenate([p.review_deregisters for p in parts]),
    )


def age_band_index(birth: np.ndarray, day: np.ndarray, bounds: tuple[int, ...]) -> np.ndarray:
    """0 for unborn, then 1 + the band of the completed age (bands start at `bounds`)."""
    age = age_in_years(np.where(birth == NEVER, day, birth), day)
    band = np.searchsorted(np.array(bounds), age, side="right")
    return np.where(day < birth, 0, band)
