"""Change against the 2016 baseline, with a test appropriate to the measure: a difference of
proportions (Newcombe) for percentages, a rate ratio (exact conditional) for rates."""

from __future__ import annotations

import pandas as pd

from bairn import stats
from bairn.analysis.common import family
from bairn.errors import BairnError
from bairn.indicators.catalogue import Indicator
from bairn.periods import parse_period

BASELINE_YEAR = {
    "statistics_year": "SY2015-16",
    "financial_year": "FY2015-16",
    "year": "2016",
}


def baseline_period_for(period: str) -> str:
    """Like is compared with like: a statistics year with SY2015-16, a financial year with
    FY2015-16, a calendar year with 2016, and a quarter with the same quarter of 2016 (so
    seasons do not masquerade as change)."""
    p = parse_period(period)
    if p.kind == "quarter":
        return f"2016Q{(p.start.month - 1) // 3 + 1}"
    return BASELINE_YEAR[p.kind]


def baseline_change(results: pd.DataFrame, ind: Indicator, period: str) -> pd.DataFrame:
    """One row per area with figures in both `period` and its baseline period."""
    kind = family(ind, "a baseline comparison")
    base_period = baseline_period_for(period)
    rows = results[(results.indicator_id == ind.id) & (results.breakdown == "total")]
    now = rows[rows.period == period].set_index("area_code")
    then = rows[rows.period == base_period].set_index("area_code")
    both = now.merge(
        then, left_index=True, right_index=True, how="inner", suffixes=("", "_baseline")
    )
    both = both[(both.denominator > 0) & (both.denominator_baseline > 0)]
    if both.empty:
        raise BairnError(
            f"There are no figures for both {period} and the baseline {base_period}; the data "
            "must cover the 2016 baseline year."
        )
    cmp = stats.compare_to_baseline(
        both.numerator.to_numpy(float),
        both.denominator.to_numpy(float),
        both.numerator_baseline.to_numpy(float),
        both.denominator_baseline.to_numpy(float),
        kind=kind,
        multiplier=ind.multiplier,
    )
    out = pd.DataFrame(
        {
            "indicator_id": ind.id,
            "area_code": both.index,
            "area_type": both.area_type.to_numpy(),
            "period": period,
            "baseline_period": base_period,
            "numerator": both.numerator.to_numpy(),
            "denominator": both.denominator.to_numpy(),
            "baseline_numerator": both.numerator_baseline.to_numpy(),
            "baseline_denominator": both.denominator_baseline.to_numpy(),
        }
    )
    for col in cmp.columns:
        out[col] = cmp[col].to_numpy()
    return out
