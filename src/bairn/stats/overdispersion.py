"""Overdispersion-adjusted funnels: Spiegelhalter's additive random-effects τ² (FunnelPlotR).

When areas differ by more than chance allows (30 Child Protection Committees of very different
size usually do), plain funnels flag most large areas. Spiegelhalter (2005) widens the limits by
a between-area variance τ², estimated by DerSimonian–Laird from z-scores winsorised at 10% each
end, on a variance-stabilising scale: arcsine square root for proportions, square root of the
observed/expected ratio for rates and ratios (FunnelPlotR's "CQC" method).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from bairn.stats import _checks as ck
from bairn.stats.funnel import TAILS, Kind, checked_baseline, checked_kind, label_points


@dataclass(frozen=True)
class Overdispersion:
    """Result of `funnel_overdispersion`.

    phi: dispersion ratio, mean of squared winsorised z-scores (1 means none).
    tau2: between-area variance on the transformed scale; 0 when phi ≤ (k − 1)/k.
    points: per area `value, baseline, z, z_winsorised, z_adjusted, lower95, upper95, lower998,
    upper998, significance`, limits and labels from the adjusted funnel.
    """

    kind: str
    baseline: float
    multiplier: float
    phi: float
    tau2: float
    n_areas: int
    trim: float
    points: pd.DataFrame = field(repr=False)

    @property
    def overdispersed(self) -> bool:
        return self.tau2 > 0

    def limits(self, denominators: Any) -> pd.DataFrame:
        """Adjusted funnel lines, in the same shape as `funnel_limits`, for drawing."""
        n = np.atleast_1d(ck.as_vector("denominators", denominators))
        ck.no_missing("denominators", n)
        ck.positive("denominators", n)
        frame = {
            "denominator": n,
            "baseline": np.full(n.size, self.baseline * self.multiplier),
        }
        frame.update(_adjusted_limits(self.kind, self.baseline, n, self.tau2, self.multiplier))
        return pd.DataFrame(frame, index=ck.index_of(denominators, size=n.size))


def _transformed(kind: str, x: np.ndarray, n: np.ndarray, base: float):
    """Observed value Y, target and within-area standard error s on the stabilised scale."""
    if kind == "proportion":
        return np.arcsin(np.sqrt(x / n)), float(np.arcsin(np.sqrt(base))), 1 / (2 * np.sqrt(n))
    expected = base * n
    return np.sqrt(x / expected), 1.0, 1 / (2 * np.sqrt(expected))


def _adjusted_limits(
    kind: str, base: float, n: np.ndarray, tau2: float, mult: float
) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for suffix, tail in TAILS.items():
        z = float(special.ndtri(1 - tail))
        if kind == "proportion":
            spread = z * np.sqrt(1 / (4 * n) + tau2)
            centre = np.arcsin(np.sqrt(base))
            # Clip the angle to [0, π/2] before squaring the sine, or wide limits fold back.
            lower = np.sin(np.clip(centre - spread, 0, np.pi / 2)) ** 2
            upper = np.sin(np.clip(centre + spread, 0, np.pi / 2)) ** 2
        else:
            spread = z * np.sqrt(1 / (4 * base * n) + tau2)
            # Same fold-back guard: a negative root means the lower limit is 0, not its square.
            lower = np.clip(1 - spread, 0, None) ** 2 * base
            upper = (1 + spread) ** 2 * base
        out[f"lower{suffix}"] = lower * mult
        out[f"upper{suffix}"] = upper * mult
    return out


def funnel_overdispersion(
    x: Any,
    n: Any,
    kind: Kind = "proportion",
    multiplier: float = 100,
    baseline: float | None = None,
    trim: float = 0.1,
) -> Overdispersion:
    """Estimate overdispersion across areas and give adjusted limits and labels per area.

    Steps (Spiegelhalter 2005; FunnelPlotR): z = (Y − target)/s; winsorise z at the `trim` and
    1 − `trim` quantiles; φ = Σ z_w² / k; if kφ > k − 1, τ² = (kφ − (k − 1)) / (Σw − Σw²/Σw)
    with w = 1/s², else τ² = 0; adjusted z = (Y − target)/√(s² + τ²). baseline defaults as in
    `funnel_significance` (pooled for proportions and rates, 1 for ratios). Expected counts for
    rates are baseline × n, so a rate funnel is treated as a ratio of observed to expected.
    """
    kind = checked_kind(kind)
    x_arr, n_arr = ck.complete_counts(x, n, proportion=kind == "proportion")
    if x_arr.size < 2:
        raise ck.StatsInputError("x and n must describe at least two areas to estimate spread.")
    mult = ck.positive_number("multiplier", multiplier)
    if isinstance(trim, bool) or not isinstance(trim, (int, float)) or not 0 <= trim < 0.5:
        raise ck.StatsInputError("trim must be a fraction from 0 up to (not including) 0.5.")
    if baseline is None:
        baseline = 1.0 if kind == "ratio" else float(x_arr.sum() / n_arr.sum())
    base = checked_baseline(baseline, kind)
    if base == 0 or (kind == "proportion" and base == 1):
        raise ck.StatsInputError(
            "baseline must lie strictly inside its range to measure spread around it; "
            "all areas have the same extreme value."
        )

    y, target, s = _transformed(kind, x_arr, n_arr, base)
    z = (y - target) / s
    # R's quantile() default (type 7) is numpy's default linear interpolation.
    low, high = np.quantile(z, [trim, 1 - trim])
    z_w = np.clip(z, low, high)
    k = z.size
    phi = float(np.mean(z_w**2))
    w = 1 / s**2
    if k * phi < k - 1:
        tau2 = 0.0
    else:
        tau2 = max(0.0, float((k * phi - (k - 1)) / (w.sum() - (w**2).sum() / w.sum())))
    z_adj = (y - target) / np.sqrt(s**2 + tau2)

    frame: dict[str, Any] = {
        "value": x_arr / n_arr * mult,
        "baseline": np.full(k, base * mult),
        "z": z,
        "z_winsorised": z_w,
        "z_adjusted": z_adj,
    }
    frame.update(_adjusted_limits(kind, base, n_arr, tau2, mult))
    crit = {sfx: float(special.ndtri(1 - tail)) for sfx, tail in TAILS.items()}
    frame["significance"] = label_points(
        z_adj > crit["998"], z_adj > crit["95"], z_adj < -crit["998"], z_adj < -crit["95"]
    )
    points = pd.DataFrame(frame, index=ck.index_of(x, n, size=k))
    return Overdispersion(kind, base, mult, phi, tau2, k, float(trim), points)
