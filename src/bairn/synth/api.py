"""`generate`: the public entry point. Checks the arguments, fits the national plan, plans the
signals, then simulates and writes council by council."""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bairn.errors import BairnError
from bairn.standard import load_standard
from bairn.synth.calibration import load_calibration
from bairn.synth.core import CouncilPlan, Movers, movers_out, simulate_council, simulate_own
from bairn.synth.dates import last_complete_quarter_end, stats_year_end, to_day
from bairn.synth.fit import DEFAULT_START, national_plan
from bairn.synth.population import Kids, build_population
from bairn.synth.process import Knobs
from bairn.synth.reference import load_councils
from bairn.synth.signals import STREAM_SIGNALS, plan_signals
from bairn.synth.tables import build_tables
from bairn.synth.timescales import load_rules
from bairn.synth.writer import FORMATS, ExtractWriter

Progress = Callable[[str, int, int], None]
MAX_SCALE = 100.0
# Children born up to 18 years before the start and events to the end must fit the calendar
# tables in dates.py.
EARLIEST, LATEST = dt.date(1990, 1, 1), dt.date(2099, 12, 31)


@dataclass(frozen=True)
class SynthResult:
    """What `generate` wrote: row counts and paths per table (in the standard's order), and the
    signals also written to `signals_path`."""

    out_dir: Path
    fmt: str
    version: str
    seed: int
    scale: float
    start: dt.date
    end: dt.date
    row_counts: dict[str, int]
    paths: dict[str, Path]
    signals: list[dict]
    signals_path: Path

    @property
    def total_rows(self) -> int:
        return sum(self.row_counts.values())


def _date(value: dt.date | str | None, what: str, default: dt.date) -> dt.date:
    if value is None:
        return default
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise BairnError(
            f"The {what} date {value!r} is not a date; give it as YYYY-MM-DD."
        ) from None


def _check(seed, scale, start, end, fmt) -> tuple[int, float, dt.date, dt.date]:
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise BairnError(f"The seed must be a whole number of 0 or more, not {seed!r}.")
    try:
        scale = float(scale)
    except (TypeError, ValueError):
        raise BairnError(f"The scale must be a number, not {scale!r}.") from None
    if not math.isfinite(scale) or scale <= 0 or scale > MAX_SCALE:
        raise BairnError(f"The scale must be more than 0 and at most {MAX_SCALE:g}, not {scale:g}.")
    start_d = _date(start, "start", DEFAULT_START)
    end_d = _date(end, "end", last_complete_quarter_end(dt.date.today()))
    for what, d in (("start", start_d), ("end", end_d)):
        if not EARLIEST <= d <= LATEST:
            raise BairnError(f"The {what} date {d} must be between {EARLIEST} and {LATEST}.")
    if start_d > end_d:
        raise BairnError(f"The start date {start_d} is after the end date {end_d}; swap them.")
    if fmt not in FORMATS:
        raise BairnError(f"The format must be 'csv' or 'parquet', not {fmt!r}.")
    return int(seed), scale, start_d, end_d


def _prepare_folder(out_dir: str | os.PathLike) -> Path:
    path = Path(out_dir)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BairnError(f"Cannot create the folder {path}: {exc.strerror}.") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise BairnError(f"Cannot write to the folder {path}; choose a folder you can write to.")
    return path


def generate(
    out_dir: str | os.PathLike,
    *,
    seed: int = 0,
    scale: float = 1.0,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    fmt: str = "csv",
    version: str | None = None,
    progress: Progress | None = None,
) -> SynthResult:
    """Write a synthetic record-level extract for all 32 councils and return what was written.

    The same arguments give the same bytes. `scale` multiplies volumes (1 = Scotland, about 50 =
    England). `progress(step, done, total)` is called as councils are simulated and written.
    """
    seed, scale, start_d, end_d = _check(seed, scale, start, end, fmt)
    standard = load_standard()
    version = standard.check_version(version)
    folder = _prepare_folder(out_dir)
    report = progress or (lambda step, done, total: None)

    cal, ts, councils = load_calibration(), load_rules(), load_councils()
    report("calibrate", 0, 1)
    pop = build_population(cal, councils)
    sig = plan_signals(cal, pop, seed, to_day(start_d), to_day(end_d))
    steps = tuple(
        (day, float(pop.share[c]) * (mult - 1)) for c, (day, mult) in sig.intensity_shift.items()
    )
    nat = national_plan(cal, ts, start_d, end_d, steps)
    plans = _council_plans(cal, pop, nat, sig, seed, scale)
    report("calibrate", 1, 1)

    # Pass 1: who moves where (only the movers are kept).
    movers: list[Movers] = []
    for i, plan in enumerate(plans):
        kids, chains = simulate_own(cal, ts, plan, seed, nat.start_day, nat.end_day)
        movers.append(movers_out(cal, kids, chains, plan, councils.pop_0_17, seed, nat.end_day))
        report("simulate", i + 1, len(plans))

    # Pass 2: each council again, with its children moving in, written before the next.
    concern_types = list(standard.codelists["concern_types"].values)
    writer = ExtractWriter(folder, standard.tables_in(version), version, fmt)
    try:
        for i, plan in enumerate(plans):
            core = simulate_council(
                cal, ts, plan, _arrivals(movers, i), seed, nat.start_day, nat.end_day
            )
            tables = build_tables(cal, core, plan.code, i, seed, nat.end_day, concern_types)
            for name, table in tables:
                writer.write(name, table)
            report("write", i + 1, len(plans))
        signals_path = writer.close(sig.as_json())
    except BaseException:
        writer.abort()
        raise
    return SynthResult(
        out_dir=folder,
        fmt=fmt,
        version=version,
        seed=seed,
        scale=scale,
        start=start_d,
        end=end_d,
        row_counts=dict(writer.rows),
        paths=dict(writer.paths),
        signals=sig.as_json(),
        signals_path=signals_path,
    )


def _council_plans(cal, pop, nat, sig, seed, scale) -> list[CouncilPlan]:
    councils = pop.councils
    days = np.arange(nat.start_day, nat.end_day + 1)
    years = stats_year_end(days)
    year0 = int(years[0])
    n_years = int(years[-1]) - year0 + 1
    rng = np.random.Generator(
        np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(STREAM_SIGNALS, 1)))
    )
    sd = float(cal.model["population"]["council_year_sd"])
    # Background council-by-year variation, scaled so it never moves the national level.
    noise = np.exp(sd * rng.standard_normal((len(councils), n_years)))
    noise /= pop.share @ noise
    plans = []
    for i, code in enumerate(councils.codes):
        daily = nat.daily * scale * pop.share[i] * noise[i, years - year0]
        if i in sig.intensity_shift:
            from_day, mult = sig.intensity_shift[i]
            daily = np.where(days >= from_day, daily * mult, daily)
        plans.append(CouncilPlan(i, code, daily, pop.decile_p[i], sig.knobs.get(i, Knobs())))
    return plans


def _arrivals(movers: list[Movers], dest: int) -> Movers:
    picked = [
        (m.meet_day[m.dest == dest], m.kids.take(np.nonzero(m.dest == dest)[0])) for m in movers
    ]
    return Movers(
        dest=np.full(sum(len(d) for d, _ in picked), dest),
        meet_day=np.concatenate([d for d, _ in picked]),
        kids=Kids.concat([k for _, k in picked]),
    )


def default_end(today: dt.date | None = None) -> dt.date:
    """The default end date: the last day of the last complete calendar quarter before today."""
    return last_complete_quarter_end(today or dt.date.today())


__all__ = ["SynthResult", "default_end", "generate"]
