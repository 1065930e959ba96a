"""What the analyses may show: their numbers replaced by the published ones, and everything
derived from a suppressed count hidden with it.

`bairn.analysis.mask_for_audience` keeps only rows the audience's publication holds and hides
values, labels and point types where a numerator is suppressed. Two further rules apply here,
because an analysis frame is computed from the raw results: its counts (numerator, denominator
and, for baseline comparisons, the baseline's) are always taken from the published table, never
from the analysis; and where a published *denominator* is suppressed, the limits drawn at that
denominator (which would give it back) are hidden too.
"""

from __future__ import annotations

import math

import pandas as pd

SYMBOLS = frozenset({"c", "z", ":"})
C = "c"
COUNTS = ("numerator", "denominator", "value")
KEYS = ["indicator_id", "area_code", "period"]
FUNNEL_LIMITS = (
    "lower95", "upper95", "lower998", "upper998", "adjusted_lower998", "adjusted_upper998",
)  # fmt: skip
JUDGEMENTS = (
    "significance", "adjusted_significance", "rule", "point_type", "special_cause", "estimate",
    "lower", "upper", "p_value", "verdict",
)  # fmt: skip


def is_symbol(value: object) -> bool:
    return isinstance(value, str) and value in SYMBOLS


def is_number(value: object) -> bool:
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, (int, float)):
        return not math.isnan(float(value))
    return hasattr(value, "item") and is_number(value.item())


def numeric(column: pd.Series) -> pd.Series:
    """Floats, with GSS symbols and blanks as NaN."""
    return pd.to_numeric(column.astype(object).where(column.notna(), None), errors="coerce")


def hidden(column: pd.Series) -> pd.Series:
    return column.astype(str).isin(SYMBOLS)


def from_publication(
    frame: pd.DataFrame,
    published: pd.DataFrame,
    *,
    prefix: str = "",
    period_column: str = "period",
    limits: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Replace `frame`'s numerator, denominator and value (named with `prefix`) by the published
    ones for the same indicator, area and period; hide the judgements (labels, point types,
    verdicts) where any of them is suppressed, and the `limits` drawn at the denominator where
    the denominator is. Rows the publication does not hold are dropped."""
    pub = published[[*KEYS, *COUNTS]].rename(
        columns={"period": period_column, **{c: prefix + c for c in COUNTS}}
    )
    keys = ["indicator_id", "area_code", period_column]
    out = frame.drop(columns=[prefix + c for c in COUNTS if prefix + c in frame]).merge(
        pub, on=keys, how="inner"
    )
    counts_hidden = (hidden(out[prefix + "numerator"]) | hidden(out[prefix + "value"])).to_numpy()
    denominator_hidden = hidden(out[prefix + "denominator"]).to_numpy()
    for col in JUDGEMENTS:
        if col in out:
            out[col] = out[col].astype(object)
            out.loc[counts_hidden | denominator_hidden, col] = C
    for col in limits:
        if col in out:
            out[col] = out[col].astype(object)
            out.loc[denominator_hidden, col] = C
    return out
