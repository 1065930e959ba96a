"""Fitting the national intensity of new children to the published register and registrations.

The process is linear in its input: a child who first comes to notice on day d contributes, on
average, K_stock(t - d) children to the register on day t and K_reg(t - d) registrations on day t.
The kernels come from a Monte Carlo run of the very same process code (fixed internal seed, so the
fit does not depend on the user's seed), one per guidance era because review timescales differ.
The intensity is one level per statistics year; the levels solve a weighted least-squares problem
against the 31 July register counts and the published registrations, with a light smoothness
penalty. Because no event may precede the start date the register starts empty, and the fit
compensates by raising the first year's level a little.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from functools import cache

import numpy as np

from bairn.synth.calibration import Calibration
from bairn.synth.dates import stats_year_end, stats_year_start_day, to_day
from bairn.synth.draws import uniform_int
from bairn.synth.population import new_children
from bairn.synth.process import Knobs, simulate_chains
from bairn.synth.spells import KIND_TRANSFER, MOVED, simulate_spells
from bairn.synth.timescales import Timescales

HORIZON_DAYS = 25 * 366
DEFAULT_START = dt.date(2012, 8, 1)


@dataclass(frozen=True)
class Kernels:
    stock: np.ndarray  # expected children on the register, by days since a new child's concern
    regs: np.ndarray  # expected registrations starting on that day
    meetings: np.ndarray  # expected initial and pre-birth meetings on that day


@dataclass(frozen=True)
class NationalPlan:
    start_day: int
    end_day: int
    daily: np.ndarray  # new children per day, nationally, at scale 1, before signals
    year_levels: dict[int, float]
    steps: tuple[tuple[int, float], ...] = ()


def _transfers_on(rng, cal, ts, chains, kids) -> tuple[np.ndarray, np.ndarray]:
    """Spells the movers go on to in their new council (start, end)."""
    sp = chains.spells
    moved = np.nonzero(sp.reason == MOVED)[0]
    lo, hi = cal.model["delays"]["transfer_meeting_days"]
    day = sp.end[moved] + uniform_int(rng, lo, hi, len(moved))
    eighteenth = kids.eighteenth[chains.spell_child[moved]]
    ok = day < eighteenth - 1
    t = simulate_spells(
        rng, cal, ts, day[ok], np.full(ok.sum(), KIND_TRANSFER), eighteenth[ok],
        np.zeros(ok.sum(), dtype=bool),
    )  # fmt: skip
    return t.start, t.end


@cache
def kernels(cal: Calibration, ts: Timescales, era: int) -> Kernels:
    fit = cal.model["fit"]
    n = int(fit["monte_carlo_children"])
    rng = np.random.default_rng([int(fit["monte_carlo_seed"]), era])
    base = to_day(dt.date(2016, 1, 1))
    fixed = ts.fixed(era)
    kids = new_children(rng, cal, np.full(n, base, dtype=np.int64), np.full(10, 0.1))
    chains = simulate_chains(rng, cal, fixed, kids, base + HORIZON_DAYS, Knobs())
    t_start, t_end = _transfers_on(rng, cal, fixed, chains, kids)
    start = np.concatenate([chains.spells.start, t_start]) - base
    end = np.concatenate([chains.spells.end, t_end]) - base
    diff = np.bincount(start, minlength=HORIZON_DAYS + 1)[: HORIZON_DAYS + 1].astype(np.float64)
    diff -= np.bincount(np.minimum(end, HORIZON_DAYS), minlength=HORIZON_DAYS + 1)[
        : HORIZON_DAYS + 1
    ]
    ep = chains.episodes
    meet = ep.meet_day[ep.meeting] - base
    return Kernels(
        stock=np.cumsum(diff)[:HORIZON_DAYS] / n,
        regs=np.bincount(start, minlength=HORIZON_DAYS)[:HORIZON_DAYS] / n,
        meetings=np.bincount(meet, minlength=HORIZON_DAYS)[:HORIZON_DAYS] / n,
    )


def _block_response(cum: np.ndarray, a: int, b: int, length: int) -> np.ndarray:
    """sum_{d=a..b} K[t-d] for t = 0..length-1, given cum = cumsum(K) padded to >= length."""
    t = np.arange(length)
    hi = cum[np.clip(t - a, -1, len(cum) - 1)] * (t - a >= 0)
    lo = cum[np.clip(t - b - 1, -1, len(cum) - 1)] * (t - b - 1 >= 0)
    return hi - lo


def _responses(
    cal, ts, start_day, end_day, years, steps
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per statistics-year block of unit intensity: register, registrations and meetings by day.

    `steps` [(day, extra)] raise the national intensity by `extra` (a share) from `day` on: a
    signal council's shift is part of the national total the published figures describe.
    """
    length = end_day - start_day + 1
    eras = [kernels(cal, ts, e) for e in range(len(ts.guidance_ids))]
    pad = max(length, HORIZON_DAYS)

    def cum(k: np.ndarray) -> np.ndarray:
        return np.cumsum(np.concatenate([k, np.zeros(pad - len(k) + 1)]))

    cums = [(cum(k.stock), cum(k.regs), cum(k.meetings)) for k in eras]
    cuts = sorted({*ts.switch_days.tolist(), *(d for d, _ in steps)})
    out = np.zeros((3, len(years), length))
    for j, y in enumerate(years):
        a0 = max(stats_year_start_day(y), start_day)
        b0 = min(stats_year_start_day(y + 1) - 1, end_day)
        edges = [a0, *(c for c in cuts if a0 < c <= b0), b0 + 1]
        for a, nxt in itertools.pairwise(edges):
            era = int(ts.era(np.array([a]))[0])
            weight = 1.0 + sum(extra for d, extra in steps if a >= d)
            for m in range(3):
                resp = _block_response(cums[era][m], a - start_day, nxt - 1 - start_day, length)
                out[m, j] += weight * resp
    return out[0], out[1], out[2]


def _solve(cal, ts, start_day, end_day, steps) -> tuple[np.ndarray, np.ndarray] | None:
    years = np.arange(stats_year_end(start_day), stats_year_end(end_day) + 1)
    stock, regs, _ = _responses(cal, ts, start_day, end_day, years, steps)
    fit = cal.model["fit"]
    rows, rhs = [], []
    for y, (low, high) in cal.register_targets().items():
        t = to_day(dt.date(y, 7, 31)) - start_day
        if 0 <= t <= end_day - start_day:
            target = (low + high) / 2
            rows.append(stock[:, t] / target)
            rhs.append(1.0)
    for y, value in cal.registration_targets().items():
        a = stats_year_start_day(y) - start_day
        b = stats_year_start_day(y + 1) - 1 - start_day
        if a >= 0 and b <= end_day - start_day:
            w = float(fit["registrations_weight"]) / value
            rows.append(regs[:, a : b + 1].sum(axis=1) * w)
            rhs.append(float(fit["registrations_weight"]))
    if not rows:
        return None
    # Years with no target of their own are tied to the nearest year that has one.
    target_years = sorted(set(cal.register_targets()) | set(cal.registration_targets()))
    tie = np.clip(years, target_years[0], target_years[-1])
    free = np.unique(tie)
    tie_matrix = (tie[:, None] == free[None, :]).astype(np.float64)
    a_mat = np.array(rows) @ tie_matrix
    ref = 1.0 / max(a_mat.max(), 1e-12)  # a typical level, to make the penalty unit-free
    smooth = float(fit["smoothness_weight"])
    pen = np.zeros((len(free) - 1, len(free)))
    for i in range(len(free) - 1):
        pen[i, i], pen[i, i + 1] = smooth / ref, -smooth / ref
    a_full = np.vstack([a_mat, pen])
    b_full = np.concatenate([rhs, np.zeros(len(free) - 1)])
    levels, *_ = np.linalg.lstsq(a_full, b_full, rcond=None)
    levels = np.maximum(levels, 0.05 * np.median(levels))
    return years, tie_matrix @ levels


def national_plan(
    cal: Calibration,
    ts: Timescales,
    start: dt.date,
    end: dt.date,
    steps: tuple[tuple[int, float], ...] = (),
) -> NationalPlan:
    start_day, end_day = to_day(start), to_day(end)
    solved = _solve(cal, ts, start_day, end_day, steps)
    if solved is None:
        # No published figure falls in the range: carry on the levels of the default period.
        default_end = max(end_day, to_day(dt.date(2024, 7, 31)))
        years_d, levels_d = _solve(cal, ts, to_day(DEFAULT_START), default_end, ())
        years = np.arange(stats_year_end(start_day), stats_year_end(end_day) + 1)
        idx = np.clip(np.searchsorted(years_d, years), 0, len(years_d) - 1)
        levels = levels_d[idx]
    else:
        years, levels = solved
    day_years = stats_year_end(np.arange(start_day, end_day + 1))
    daily = levels[day_years - years[0]]
    levels_by_year = dict(zip(years.tolist(), levels.tolist(), strict=True))
    return NationalPlan(start_day, end_day, daily, levels_by_year, tuple(steps))


def expected_series(
    cal: Calibration, ts: Timescales, plan: NationalPlan
) -> dict[str, dict[int, float]]:
    """Expected register at 31 July, registrations and initial/pre-birth meetings per statistics
    year under the fitted plan (before chance, signals and council variation)."""
    years = np.array(sorted(plan.year_levels))
    stock, regs, meets = _responses(cal, ts, plan.start_day, plan.end_day, years, plan.steps)
    lv = np.array([plan.year_levels[y] for y in years])
    st, rg, mt = lv @ stock, lv @ regs, lv @ meets
    out: dict[str, dict[int, float]] = {"register": {}, "registrations": {}, "meetings": {}}
    for y in years.tolist():
        t = to_day(dt.date(y, 7, 31)) - plan.start_day
        if 0 <= t < len(st):
            out["register"][y] = float(st[t])
        a = max(stats_year_start_day(y) - plan.start_day, 0)
        b = min(stats_year_start_day(y + 1) - plan.start_day, len(rg))
        out["registrations"][y] = float(rg[a:b].sum())
        out["meetings"][y] = float(mt[a:b].sum())
    return out
