"""Analyses the programme asks of every indicator: is this area different (variation across
areas), has something changed (trend with SPC), and how far from the 2016 baseline (baseline).

Names are imported on first use so that `bairn --help` does not load the statistics stack.
"""

from __future__ import annotations

from bairn.lazy import lazy_exports

_EXPORTS = {
    "baseline_change": "bairn.analysis.since_baseline",
    "baseline_period_for": "bairn.analysis.since_baseline",
    "mask_for_audience": "bairn.analysis.disclose",
    "trend": "bairn.analysis.over_time",
    "variation": "bairn.analysis.across_areas",
}
__all__ = sorted(_EXPORTS)

__getattr__ = lazy_exports(__name__, _EXPORTS)
