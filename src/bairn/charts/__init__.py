"""Bairn's charts: Vega-Lite specs for funnel plots and SPC charts, rendered to accessible SVG on
the server, with a plain-English description of each. Used by the web pages and the reports, so
both draw the same thing. Never imports Django.

from bairn.charts import funnel_spec, trend_spec, render_svg, describe_funnel, describe_trend
"""

from bairn.charts.funnel import describe_funnel, funnel_spec
from bairn.charts.render import render_svg
from bairn.charts.style import unit_label
from bairn.charts.trend import describe_trend, trend_spec

__all__ = [
    "describe_funnel",
    "describe_trend",
    "funnel_spec",
    "render_svg",
    "trend_spec",
    "unit_label",
]
