"""Variation across areas: each area's value against funnel limits around Scotland, with and
without the overdispersion adjustment (30 CPCs of very different sizes are overdispersed)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bairn import stats
from bairn.analysis.common import family
from bairn.areas import SCOTLAND
from bairn.errors import BairnError
from bairn.indicators.catalogue import Indicator

COLUMNS = [
    "indicator_id", "area_code", "area_type", "period", "numerator", "denominator", "value",
    "baseline", "lower95", "upper95", "lower998", "upper998", "significance",
    "adjusted_lower998", "adjusted_upper998", "adjusted_significance", "tau2", "phi",
]  # fmt: skip


def variation(
    results: pd.DataFrame, ind: Indicator, period: str, area_type: str = "council"
) -> pd.DataFrame:
    """One row per area of `area_type` with its funnel limits and labels for `period`."""
    kind = family(ind, "a funnel plot")
    rows = results[
        (results.indicator_id == ind.id)
        & (results.period == period)
        & (results.breakdown == "total")
    ]
    scotland = rows[rows.area_code == SCOTLAND]
    areas = rows[(rows.area_type == area_type)].copy()
    areas = areas[areas.denominator.fillna(0) > 0].sort_values("area_code")
    if len(areas) < 2 or scotland.empty:
        raise BairnError(
            f"There are no figures for {ind.id} in {period} for every area; choose a period the "
            "data covers for all councils (bairn indicators --indicator ... --area S92000003)."
        )
    base = float(scotland.numerator.iloc[0] / scotland.denominator.iloc[0])
    x = areas.numerator.to_numpy(float)
    n = areas.denominator.to_numpy(float)
    sig = stats.funnel_significance(x, n, kind=kind, multiplier=ind.multiplier, baseline=base)
    out = areas[["indicator_id", "area_code", "area_type", "period", "numerator", "denominator"]]
    out = out.reset_index(drop=True)
    for col in ("value", "baseline", "lower95", "upper95", "lower998", "upper998", "significance"):
        out[col] = sig[col].to_numpy()
    if 0 < base < (1 if kind == "proportion" else np.inf):
        od = stats.funnel_overdispersion(x, n, kind=kind, multiplier=ind.multiplier, baseline=base)
        points = od.points
        out["adjusted_lower998"] = points["lower998"].to_numpy()
        out["adjusted_upper998"] = points["upper998"].to_numpy()
        out["adjusted_significance"] = points["significance"].to_numpy()
        out["tau2"], out["phi"] = od.tau2, od.phi
    else:
        for col in ("adjusted_lower998", "adjusted_upper998", "tau2", "phi"):
            out[col] = np.nan
        out["adjusted_significance"] = "Not significant"
    return out[COLUMNS]


def funnel_curve(ind: Indicator, baseline: float, denominators: np.ndarray) -> pd.DataFrame:
    """The funnel's limits along the denominator axis, for drawing."""
    kind = family(ind, "a funnel plot")
    axis = stats.funnel_axis(denominators)
    return stats.funnel_limits(baseline, axis, kind=kind, multiplier=ind.multiplier)
