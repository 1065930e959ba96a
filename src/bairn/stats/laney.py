"""Laney P′ and U′ charts: p/u charts widened by the observed between-period variation.

Follows qicharts2's pp and up charts: centre p̄ = Σx/Σn over the baseline; binomial (or Poisson)
sigma per point σᵢ; z-scores zᵢ = (pᵢ − p̄)/σᵢ; σ_z = mean |Δz| / 1.128; limits p̄ ± 3·σᵢ·σ_z,
near limits ± 2·σᵢ·σ_z, clipped to [0, 1] (P′) or at 0 (U′). The Making Data Count rules from
the XmR chart then label the points.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from bairn.stats import _checks as ck
from bairn.stats._rules import apply_rules
from bairn.stats.spc import (
    COLUMNS,
    SHORT_SEGMENT,
    chart_frame,
    rule_options,
    segment_ids,
    short_segment_warning,
)

D2 = 1.128


def _prime_chart(
    x: Any,
    n: Any,
    proportion: bool,
    multiplier: float,
    fix_after_n_points: int | None,
    rebase: Any,
    options: dict[str, Any],
) -> pd.DataFrame:
    x_arr, n_arr = ck.complete_counts(x, n, proportion)
    if x_arr.size == 0:
        raise ck.StatsInputError("x and n must contain at least one period.")
    mult = ck.positive_number("multiplier", multiplier)
    fix = None
    if fix_after_n_points is not None:
        fix = ck.whole_number("fix_after_n_points", fix_after_n_points, 2)
    rules = rule_options(**options)
    segments = segment_ids(rebase, x if isinstance(x, pd.Series) else n, x_arr.size)
    size = x_arr.size
    names = [*COLUMNS, "sigma_z"]
    columns: dict[str, np.ndarray] = {name: np.empty(size, dtype=object) for name in names}
    warnings: list[str] = []
    chart = "P′" if proportion else "U′"
    for seg in np.unique(segments):
        where = np.flatnonzero(segments == seg)
        xs, ns = x_arr[where], n_arr[where]
        m = where.size
        base = slice(None) if fix is None else slice(0, fix)
        centre = xs[base].sum() / ns[base].sum()
        values = xs / ns
        with np.errstate(invalid="ignore", divide="ignore"):
            sigma = np.sqrt(centre * (1 - centre) / ns) if proportion else np.sqrt(centre / ns)
            z = (values[base] - centre) / sigma[base]
            steps = np.abs(np.diff(z))
            sigma_z = steps.mean() / D2 if steps.size else float("nan")
        width = sigma * sigma_z
        top = 1.0 if proportion else np.inf
        lpl, upl = np.clip(centre - 3 * width, 0, top), np.clip(centre + 3 * width, 0, top)
        near_lower = np.clip(centre - 2 * width, 0, top)
        near_upper = np.clip(centre + 2 * width, 0, top)
        centre_arr = np.full(m, centre)
        special, rule, point_type = apply_rules(
            values, centre_arr, lpl, upl, near_lower, near_upper, options=rules
        )
        scaled = {
            "value": values, "mean": centre_arr, "lpl": lpl, "upl": upl,
            "near_lower": near_lower, "near_upper": near_upper,
        }  # fmt: skip
        for name, arr in scaled.items():
            columns[name][where] = arr * mult
        columns["special_cause"][where] = special
        columns["rule"][where] = rule
        columns["point_type"][where] = point_type
        columns["segment"][where] = seg
        columns["baseline"][where] = np.arange(m) < (m if fix is None else fix)
        columns["trial_limits"][where] = m < SHORT_SEGMENT
        columns["sigma_z"][where] = sigma_z
        label = f"Segment {seg} (points {where[0] + 1}–{where[-1] + 1})"
        if m < SHORT_SEGMENT:
            warnings.append(short_segment_warning(label, m))
        if not np.isfinite(sigma_z):
            warnings.append(
                f"{label}: every baseline point has the same extreme value or there is only "
                f"one, so no {chart} limits could be calculated."
            )
    frame = chart_frame(columns, x if isinstance(x, pd.Series) else n, size, warnings)
    frame["sigma_z"] = frame["sigma_z"].astype("float64")
    return frame


def p_prime(
    x: Any,
    n: Any,
    multiplier: float = 100,
    fix_after_n_points: int | None = None,
    rebase: Sequence[Any] | Any | None = None,
    improvement: Literal["increase", "decrease", "neutral"] = "increase",
    trend_length: int = 7,
    shift_length: int = 7,
    two_in_three: Literal["2023", "pre-2023"] = "2023",
) -> pd.DataFrame:
    """Laney P′ chart for proportions x/n per period; same columns as `xmr` plus `sigma_z`."""
    options = dict(
        improvement=improvement,
        trend_length=trend_length,
        shift_length=shift_length,
        two_in_three=two_in_three,
    )
    return _prime_chart(x, n, True, multiplier, fix_after_n_points, rebase, options)


def u_prime(
    x: Any,
    n: Any,
    multiplier: float = 1000,
    fix_after_n_points: int | None = None,
    rebase: Sequence[Any] | Any | None = None,
    improvement: Literal["increase", "decrease", "neutral"] = "increase",
    trend_length: int = 7,
    shift_length: int = 7,
    two_in_three: Literal["2023", "pre-2023"] = "2023",
) -> pd.DataFrame:
    """Laney U′ chart for rates x/n per period; same columns as `xmr` plus `sigma_z`."""
    options = dict(
        improvement=improvement,
        trend_length=trend_length,
        shift_length=shift_length,
        two_in_three=two_in_three,
    )
    return _prime_chart(x, n, False, multiplier, fix_after_n_points, rebase, options)
