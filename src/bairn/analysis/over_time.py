"""Change over time: an area's series with statistical process control (Making Data Count XmR
rules; Laney P′/U′ for percentages and rates whose denominators change; Anhøj run charts)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bairn import stats
from bairn.analysis.common import family
from bairn.areas import SCOTLAND
from bairn.errors import BairnError
from bairn.indicators.catalogue import Indicator
from bairn.periods import parse_period

CHARTS = ("xmr", "laney", "run")
BASELINE_END = parse_period("SY2015-16").end
SERIES = ["indicator_id", "area_code", "period", "numerator", "denominator"]  # then the chart's
IMPROVEMENT = {"higher_is_better": "increase", "lower_is_better": "decrease", "neither": "neutral"}


def trend(
    results: pd.DataFrame,
    ind: Indicator,
    area_code: str,
    *,
    period_kind: str = "quarter",
    chart: str = "xmr",
    fix_on_baseline: bool = True,
    relative_to_scotland: bool = False,
) -> pd.DataFrame:
    """One row per period: value, mean and limits, rule, point type.

    With `fix_on_baseline`, limits are fixed on the points up to the end of the 2016 baseline
    year (SY2015-16) when there are at least 12 of them, so later points are judged against the
    baseline era, the programme's own question. With `relative_to_scotland`, each value is the
    area's as a percentage of Scotland's in the same period (Scotland = 100), which takes out
    changes the whole country shared (guidance, recording, the national trend), so what remains
    is the area's own change.
    """
    if chart not in CHARTS:
        raise BairnError(f"Chart {chart!r} is not one of {', '.join(CHARTS)}.")
    rows, starts = _series(results, ind, area_code, period_kind)
    if relative_to_scotland:
        rows = _relative(rows, results, ind)
    valued = rows.value.notna().to_numpy()
    if not valued.all():
        rows, starts = rows[valued], starts[valued]
    rows = rows.reset_index(drop=True)
    if len(rows) < 2:
        raise BairnError(
            f"There are fewer than two {period_kind.replace('_', ' ')}s with a value of {ind.id} "
            f"for {area_code}; a trend needs more."
        )
    fixed = int((starts <= BASELINE_END).sum()) if fix_on_baseline else 0
    fix = fixed if fixed >= 12 else None
    improvement = IMPROVEMENT[ind.polarity]
    if chart == "run":
        spc = stats.run_chart(rows.value.to_numpy(float), baseline_points=fix)
    elif chart == "laney" and relative_to_scotland:
        raise BairnError("A Laney chart works on counts; it cannot be relative to Scotland.")
    elif chart == "laney":
        fam = family(ind, "a Laney chart")
        fn = stats.p_prime if fam == "proportion" else stats.u_prime
        spc = fn(
            rows.numerator.to_numpy(float),
            rows.denominator.to_numpy(float),
            multiplier=ind.multiplier,
            fix_after_n_points=fix,
            improvement=improvement,
        )
    else:
        spc = stats.xmr(rows.value.to_numpy(float), fix_after_n_points=fix, improvement=improvement)
    # One frame made at once (the series' columns as they are, the chart's as arrays, as
    # setting them used to give them): adding the chart's columns one by one cost a fifth of
    # a report.
    out = pd.DataFrame(
        {
            **{col: rows[col] for col in SERIES},
            **{col: spc[col].to_numpy() for col in spc.columns if col not in SERIES},
        },
        index=rows.index,
    )
    out.attrs = rows.attrs  # the input's, as filtering the input would have kept them
    out.attrs["warnings"] = list(spc.attrs.get("warnings", []))
    out.attrs["fixed_on_baseline_points"] = fix
    return out


def _series(
    results: pd.DataFrame, ind: Indicator, area_code: str, period_kind: str
) -> tuple[pd.DataFrame, np.ndarray]:
    """The area's total rows for periods of one kind, in time order, with each one's start.
    Positions are worked out on plain lists and the rows taken once: every comparison, filter or
    sort of a frame of text columns costs a tenth of a millisecond or more."""
    columns = (results[col].tolist() for col in ("indicator_id", "area_code", "breakdown"))
    positions = [
        i
        for i, (indicator, area, breakdown) in enumerate(zip(*columns, strict=True))
        if indicator == ind.id and area == area_code and breakdown == "total"
    ]
    labels = results.period.tolist()
    periods = [parse_period(labels[i]) for i in positions]
    kept = [i for i, p in enumerate(periods) if p.kind == period_kind]
    # sort_values' own sort (quicksort of the start dates), so equal starts keep its order
    starts = np.array([periods[i].start for i in kept], dtype=object)
    order = starts.argsort(kind="quicksort")
    rows = results.iloc[np.asarray(positions, dtype=int)[kept][order]]
    return rows, starts[order]


def _relative(rows: pd.DataFrame, results: pd.DataFrame, ind: Indicator) -> pd.DataFrame:
    scotland = results[
        (results.indicator_id == ind.id)
        & (results.area_code == SCOTLAND)
        & (results.breakdown == "total")
    ].set_index("period")["value"]
    out = rows.copy()
    out["value"] = 100 * out["value"] / out["period"].map(scotland)
    return out
