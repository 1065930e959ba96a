"""The look every Bairn chart shares: Vega-Lite version, fonts, colours and point shapes.

Colours follow the Making Data Count convention (blue improvement, orange concern, grey common
cause, purple a special cause with no better direction), darkened so that each has at least 4.5:1
contrast against white (WCAG 2.2 1.4.11 asks 3:1 of graphics). Shape carries the same meaning,
so nothing depends on colour alone.
"""

from __future__ import annotations

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
VL_VERSION = "6.4"  # what the renderer bundles (package.json); matches Altair 6's schema
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
WIDTH, HEIGHT = 420, 210

# What a value axis says for each unit of the indicator catalogue.
UNIT_LABELS = {
    "percent": "%",
    "per_1000": "per 1,000 children",
    "days": "days",
    "count": "number",
    "ratio": "ratio",
}


def unit_label(unit: str) -> str:
    return UNIT_LABELS.get(unit, unit)


IMPROVEMENT = "#005EB8"
CONCERN = "#C25100"
COMMON = "#6F6F6F"
NEUTRAL = "#6A3D9A"
INK = "#333333"
FAINT = "#8C8C8C"

# Point categories: (label, fill colour, shape). One table for funnels and SPC charts.
COMMON_CAUSE = "Common cause variation"
SPECIAL_IMPROVEMENT = "Special cause: improvement"
SPECIAL_CONCERN = "Special cause: concern"
SPECIAL_HIGH = "Special cause: higher"
SPECIAL_LOW = "Special cause: lower"
WITHIN = "Within the 99.8% limits"
OUT_IMPROVEMENT = "Beyond the 99.8% limits: better"
OUT_CONCERN = "Beyond the 99.8% limits: worse"
OUT_HIGH = "Above the 99.8% limits"
OUT_LOW = "Below the 99.8% limits"

POINT_STYLE: dict[str, tuple[str, str]] = {
    COMMON_CAUSE: (COMMON, "circle"),
    SPECIAL_IMPROVEMENT: (IMPROVEMENT, "square"),
    SPECIAL_CONCERN: (CONCERN, "diamond"),
    SPECIAL_HIGH: (NEUTRAL, "triangle-up"),
    SPECIAL_LOW: (NEUTRAL, "triangle-down"),
    WITHIN: (COMMON, "circle"),
    OUT_IMPROVEMENT: (IMPROVEMENT, "square"),
    OUT_CONCERN: (CONCERN, "diamond"),
    OUT_HIGH: (NEUTRAL, "triangle-up"),
    OUT_LOW: (NEUTRAL, "triangle-down"),
}

POINT_TYPE_CATEGORY = {
    "common_cause": COMMON_CAUSE,
    "special_cause_improvement": SPECIAL_IMPROVEMENT,
    "special_cause_concern": SPECIAL_CONCERN,
    "special_cause_neutral_high": SPECIAL_HIGH,
    "special_cause_neutral_low": SPECIAL_LOW,
}

# Line styles: (label, stroke colour, dash pattern).
OVERDISPERSED = "99.8% limits (overdispersion)"
LINE_STYLE: dict[str, tuple[str, list[int]]] = {
    "Scotland": (INK, [1, 0]),
    "99.8% limits": (INK, [6, 3]),
    "95% limits": (FAINT, [2, 2]),
    OVERDISPERSED: (NEUTRAL, [10, 3, 2, 3]),
    "Value": (COMMON, [1, 0]),
    "Mean": (INK, [1, 0]),
    "Process limits": (INK, [6, 3]),
}


def point_scales(categories: list[str]) -> dict:
    """Fill and shape encodings for a point layer whose `category` field takes these values."""
    domain = [c for c in POINT_STYLE if c in categories]
    legend = {"title": None, "orient": "right", "direction": "vertical"}
    return {
        "fill": {
            "field": "category",
            "type": "nominal",
            "scale": {"domain": domain, "range": [POINT_STYLE[c][0] for c in domain]},
            "legend": legend,
        },
        "shape": {
            "field": "category",
            "type": "nominal",
            "scale": {"domain": domain, "range": [POINT_STYLE[c][1] for c in domain]},
            "legend": legend,
        },
    }


def line_scales(lines: list[str]) -> dict:
    domain = [name for name in LINE_STYLE if name in lines]
    legend = {"title": None, "orient": "right", "direction": "vertical", "symbolType": "stroke"}
    return {
        "stroke": {
            "field": "line",
            "type": "nominal",
            "scale": {"domain": domain, "range": [LINE_STYLE[n][0] for n in domain]},
            "legend": legend,
        },
        "strokeDash": {
            "field": "line",
            "type": "nominal",
            "scale": {"domain": domain, "range": [LINE_STYLE[n][1] for n in domain]},
            "legend": legend,
        },
    }


def config() -> dict:
    return {
        "font": FONT,
        "background": "white",
        "view": {"stroke": None},
        "axis": {
            "labelColor": INK,
            "titleColor": INK,
            "labelFontSize": 11,
            "titleFontSize": 11,
            "titleFontWeight": "normal",
            "gridColor": "#E6E6E6",
            "domainColor": INK,
            "tickColor": INK,
        },
        "legend": {
            "labelColor": INK,
            "labelFontSize": 11,
            "labelLimit": 220,
            "offset": 12,
            "rowPadding": 3,
        },
        "title": {"color": INK, "fontSize": 13, "anchor": "start", "fontWeight": "bold"},
    }
