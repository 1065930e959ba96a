"""The statistics Bairn publishes: intervals, funnels, SPC, run charts, baseline comparisons.

Every function checks its arguments up front and raises `StatsInputError` (a ValueError and a
BairnError) with one sentence naming the argument. Methods and references: docs/stats.md.
"""

from bairn.stats._checks import StatsInputError
from bairn.stats.baseline import compare_to_baseline
from bairn.stats.funnel import funnel_axis, funnel_limits, funnel_significance
from bairn.stats.intervals import ESP2013, byar, dsr, proportion, rate, wilson
from bairn.stats.laney import p_prime, u_prime
from bairn.stats.overdispersion import Overdispersion, funnel_overdispersion
from bairn.stats.runchart import run_chart
from bairn.stats.spc import xmr

__all__ = [
    "ESP2013",
    "Overdispersion",
    "StatsInputError",
    "byar",
    "compare_to_baseline",
    "dsr",
    "funnel_axis",
    "funnel_limits",
    "funnel_overdispersion",
    "funnel_significance",
    "p_prime",
    "proportion",
    "rate",
    "run_chart",
    "u_prime",
    "wilson",
    "xmr",
]
