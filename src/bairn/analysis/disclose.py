"""Analyses pass through disclosure control too. Only rows the audience's publication holds are
kept (a quarter the public scheme does not publish is not shown at all); a row whose numerator,
denominator or value is suppressed shows none of them, nor its label, point type or limits: funnel
and SPC limits are functions of the denominator, so showing them would give the denominator away
(and with it, by the value's band, the count). A baseline comparison is hidden when either period
is."""

from __future__ import annotations

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


def published_status(protected: Protected) -> pd.DataFrame:
    """The keys of the publication's total rows, each with whether it is suppressed: what
    `mask_for_audience` reads (work it out once to mask many analyses of one publication)."""
    published = protected.frame
    published = published[published.breakdown == "total"]
    hidden = (
        published["numerator"].astype(str).eq(C)
        | published["denominator"].astype(str).eq(C)
        | published["value"].astype(str).eq(C)
    )
    return published[KEYS].assign(_hidden=hidden.to_numpy())


def mask_for_audience(
    frame: pd.DataFrame, protected: Protected, *, status: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Keep what the audience may see of `frame`, with `c` where a suppressed cell would show.
    `status` is `published_status(protected)`, if already worked out."""
    if status is None:
        status = published_status(protected)
    out = frame.merge(status, on=KEYS, how="inner")
    if "baseline_period" in out:
        base = status.rename(columns={"period": "baseline_period", "_hidden": "_base_hidden"})
        out = out.merge(base, on=["indicator_id", "area_code", "baseline_period"], how="inner")
        out["_hidden"] = out["_hidden"] | out.pop("_base_hidden")
    if out.empty and not frame.empty:
        raise BairnError(
            f"These figures are not published for the {protected.audience} audience; the public "
            "receives statistics-year figures: choose an SY… period (e.g. SY2023-24) "
            "or an audience entitled to more detail."
        )
    mask = out.pop("_hidden").astype(bool).to_numpy()
    limits = [col for col in out.columns if col.startswith(LIMIT_PREFIXES)]
    for col in dict.fromkeys([*HIDDEN, *limits]):
        if col in out:
            out[col] = out[col].astype(object)
            out.loc[mask, col] = C
    return out
