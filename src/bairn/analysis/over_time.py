"""Change over time: an area's series with statistical process control (Making Data Count XmR
rules; Laney P′/U′ for percentages and rates whose denominators change; Anhøj run charts)."""

from __future__ import annotations

import pandas as pd

from bairn import stats
from bairn.analysis.common import family
from bairn.areas import SCOTLAND
from bairn.errors import BairnError
from bairn.indicators.catalogue import Indicator
from bairn.periods import parse_period

CHARTS = ("xmr", "laney", "run")
BASELINE_END = parse_period("SY2015-16").end
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
    rows = results[
        (results.indicator_id == ind.id)
        & (results.area_code == area_code)
        & (results.breakdown == "total")
    ].copy()
    rows["start"] = rows.period.map(lambda p: parse_period(p).start)
    rows["kind"] = rows.period.map(lambda p: parse_period(p).kind)
    rows = rows[rows.kind == period_kind].sort_values("start")
    if relative_to_scotland:
        rows = _relative(rows, results, ind)
    rows = rows[rows.value.notna()].reset_index(drop=True)
    if len(rows) < 2:
        raise BairnError(
            f"There are fewer than two {period_kind.replace('_', ' ')}s with a value of {ind.id} "
            f"for {area_code}; a trend needs more."
        )
    fixed = int((rows.start <= BASELINE_END).sum()) if fix_on_baseline else 0
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
    out = rows[["indicator_id", "area_code", "period", "numerator", "denominator"]].copy()
    spc = spc.reset_index(drop=True)
    for col in spc.columns:
        if col not in out:
            out[col] = spc[col].to_numpy()
    out.attrs["warnings"] = list(spc.attrs.get("warnings", []))
    out.attrs["fixed_on_baseline_points"] = fix
    return out


def _relative(rows: pd.DataFrame, results: pd.DataFrame, ind: Indicator) -> pd.DataFrame:
    scotland = results[
        (results.indicator_id == ind.id)
        & (results.area_code == SCOTLAND)
        & (results.breakdown == "total")
    ].set_index("period")["value"]
    out = rows.copy()
    out["value"] = 100 * out["value"] / out["period"].map(scotland)
    return out
