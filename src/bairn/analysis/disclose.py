"""Analyses pass through disclosure control too. Only rows the audience's publication holds are
kept (a quarter the public scheme does not publish is not shown at all); a row whose numerator,
denominator or value is suppressed shows none of them, nor its label, point type or limits: funnel
and SPC limits are functions of the denominator, so showing them would give the denominator away
(and with it, by the value's band, the count). A baseline comparison is hidden when either period
is."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bairn.disclosure import Protected
from bairn.errors import BairnError

C = "c"
HIDDEN = (
    "numerator", "value", "lower95", "upper95", "significance", "adjusted_significance",
    "rule", "point_type", "special_cause", "estimate", "lower", "upper", "p_value", "verdict",
    "baseline_numerator", "near_lower", "near_upper", "denominator", "baseline_denominator",
)  # fmt: skip
LIMIT_PREFIXES = ("lower", "upper", "adjusted_lower", "adjusted_upper", "lpl", "upl")
KEYS = ["indicator_id", "area_code", "period"]


def published_status(protected: Protected) -> dict[tuple[str, str, str], bool]:
    """Each (indicator, area, period) of the publication's total rows, mapped to whether it is
    suppressed: what `mask_for_audience` reads (work it out once to mask many analyses of one
    publication)."""
    published = protected.frame
    published = published[published.breakdown == "total"]
    hidden = (
        published["numerator"].astype(str).eq(C)
        | published["denominator"].astype(str).eq(C)
        | published["value"].astype(str).eq(C)
    )
    keys = zip(published.indicator_id, published.area_code, published.period, strict=True)
    return dict(zip(keys, hidden.tolist(), strict=True))


def mask_for_audience(
    frame: pd.DataFrame,
    protected: Protected,
    *,
    status: dict[tuple[str, str, str], bool] | None = None,
    strict: bool = True,
) -> pd.DataFrame:
    """Keep what the audience may see of `frame`, in its order, with `c` where a suppressed
    cell would show. `status` is `published_status(protected)`, if already worked out. When
    none of `frame`'s rows is published, `strict` raises a plain error (the audience asked
    for figures it does not receive); otherwise the result is empty."""
    if status is None:
        status = published_status(protected)
    ids, areas = frame["indicator_id"].tolist(), frame["area_code"].tolist()
    found = [status.get(key) for key in zip(ids, areas, frame["period"].tolist(), strict=True)]
    if "baseline_period" in frame:
        keys = zip(ids, areas, frame["baseline_period"].tolist(), strict=True)
        found = [
            None if shown is None or base is None else shown or base
            for shown, base in zip(found, (status.get(key) for key in keys), strict=True)
        ]
    kept = np.fromiter((f is not None for f in found), dtype=bool, count=len(found))
    if strict and not kept.any() and not frame.empty:
        raise BairnError(
            f"These figures are not published for the {protected.audience} audience; the public "
            "receives statistics-year figures: choose an SY… period (e.g. SY2023-24) "
            "or an audience entitled to more detail."
        )
    out = frame[kept].reset_index(drop=True)
    mask = np.array([f for f in found if f is not None], dtype=bool)
    limits = [col for col in out.columns if col.startswith(LIMIT_PREFIXES)]
    for col in dict.fromkeys([*HIDDEN, *limits]):
        if col in out:
            values = out[col].to_numpy(dtype=object, copy=True)
            values[mask] = C
            out[col] = pd.Series(values, index=out.index, dtype=object)  # never inferred
    return out
