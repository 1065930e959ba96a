"""Analyses pass through disclosure control too. Only rows the audience's publication holds are
kept (a quarter the public scheme does not publish is not shown at all), and their numerator,
denominator and value are the published ones (rounded, if the policy rounds; `c` where
suppressed), never those the analysis computed. A row with a suppressed count shows no label,
point type, test or limits: funnel and SPC limits are functions of the denominator, so showing
them would give the denominator away (and with it, by the value's band, the count). A baseline
comparison is hidden when either period is suppressed."""

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
COUNTS = ("numerator", "denominator", "value")  # shown as published, never as computed


Key = tuple[str, str, str]
Numbers = tuple[object, ...]  # numerator, denominator, value, then any extra columns


def published_numbers(protected: Protected, extra: tuple[str, ...] = ()) -> dict[Key, Numbers]:
    """Each (indicator, area, period) of the publication's total rows, mapped to its published
    numerator, denominator and value (numbers or GSS symbols), then the `extra` columns: what
    `mask_for_audience` reads (work it out once to mask many analyses of one publication; the
    reports' tables read the interval from the same lookup)."""
    published = protected.frame
    total = (published.breakdown == "total").to_numpy()

    def column(name: str) -> list:
        # Column by column: filtering the whole frame copies every column, and lists are read
        # many times faster than a column of text
        return published[name][total].tolist()

    keys = zip(*(column(col) for col in KEYS), strict=True)
    numbers = zip(*(column(col) for col in (*COUNTS, *extra)), strict=True)
    return dict(zip(keys, numbers, strict=True))


def mask_for_audience(
    frame: pd.DataFrame,
    protected: Protected,
    *,
    numbers: dict[Key, Numbers] | None = None,
    strict: bool = True,
) -> pd.DataFrame:
    """What the audience may see of an analysis `frame`, in its order: rows the publication
    holds, their numerator, denominator and value (and the baseline's) replaced by the
    published ones, and `c` for everything a suppressed count would give away. `numbers` is
    `published_numbers(protected)`, if already worked out. When none of `frame`'s rows is
    published, `strict` raises a plain error (the audience asked for figures it does not
    receive); otherwise the result is empty."""
    if numbers is None:
        numbers = published_numbers(protected)
    ids, areas = frame["indicator_id"].tolist(), frame["area_code"].tolist()
    periods = [("", "period")]
    if "baseline_period" in frame:
        periods.append(("baseline_", "baseline_period"))
    found = [
        [numbers.get(key) for key in zip(ids, areas, frame[column].tolist(), strict=True)]
        for _, column in periods
    ]
    kept = np.fromiter(
        (None not in row for row in zip(*found, strict=True)), dtype=bool, count=len(frame)
    )
    if strict and not kept.any() and not frame.empty:
        raise BairnError(
            f"These figures are not published for the {protected.audience} audience; the public "
            "receives statistics-year figures: choose an SY… period (e.g. SY2023-24) "
            "or an audience entitled to more detail."
        )
    # Every row is published in most analyses: then no row need be copied.
    out = frame.reset_index(drop=True) if kept.all() else frame[kept].reset_index(drop=True)
    found = [[f for f, keep in zip(each, kept, strict=True) if keep] for each in found]
    hidden = np.array(
        [
            any(map(_suppressed, (n for counts in row for n in counts)))
            for row in zip(*found, strict=True)
        ],
        dtype=bool,
    )
    published = {prefix + col for prefix, _ in periods for col in COUNTS}  # put in below
    limits = [col for col in out.columns if col.startswith(LIMIT_PREFIXES)]
    for col in dict.fromkeys([*HIDDEN, *limits]):
        if col in out and col not in published:
            out[col] = _as_c_where(hidden, out[col].to_numpy(dtype=object, copy=True), out.index)
    for (prefix, _), each in zip(periods, found, strict=True):
        for i, col in enumerate(COUNTS):
            if prefix + col in out:
                out[prefix + col] = pd.Series([f[i] for f in each], index=out.index, dtype=object)
    return out


def _as_c_where(hidden: np.ndarray, values: np.ndarray, index: pd.Index) -> pd.Series:
    values[hidden] = C
    return pd.Series(values, index=index, dtype=object)  # never inferred as strings or numbers


def _suppressed(number: object) -> bool:
    return isinstance(number, str) and number == C
