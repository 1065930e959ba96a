"""Funnel and SPC charts: valid Vega-Lite, accessible deterministic SVG with the right number of
points, descriptions that name the outliers and signals, suppressed values never drawn."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import cache

import pytest

from bairn.analysis import trend, variation
from bairn.analysis.across_areas import funnel_curve
from bairn.charts import describe_funnel, describe_trend, funnel_spec, render_svg, style, trend_spec
from bairn.indicators import load_catalogue
from tests.charts.conftest import HIGH_AREA, LOW_AREA, SHIFT_AREA, suppress

SVG = "{http://www.w3.org/2000/svg}"
RATE = "per 1,000 children"


@cache
def _validator():
    import jsonschema
    from altair.vegalite.v6.schema.core import load_schema

    schema = load_schema()
    return jsonschema.Draft7Validator(schema)


def assert_valid(spec: dict) -> None:
    errors = sorted(_validator().iter_errors(spec), key=lambda e: list(e.path))
    assert not errors, errors[0].message


def marks(svg: str, layer: int, kind: str = "symbol") -> int:
    """How many items a layer drew (Vega names each layer's mark group layer_<n>_marks)."""
    root = ET.fromstring(svg)
    name = f"mark-{kind} role-mark layer_{layer}_marks"
    return sum(len(list(g)) for g in root.iter(f"{SVG}g") if name in g.get("class", ""))


@pytest.fixture(scope="module")
def funnel(results):
    ind = load_catalogue().get("register_rate")
    var = variation(results, ind, "2025Q2", "cpc")
    base = float(var.baseline.iloc[0]) / ind.multiplier
    return var, funnel_curve(ind, base, var.denominator.to_numpy(float))


@pytest.fixture(scope="module")
def series(results):
    return trend(results, load_catalogue().get("register_rate"), SHIFT_AREA)


def test_funnel_spec_is_valid_vega_lite_and_renders_every_area(funnel):
    var, curve = funnel
    spec = funnel_spec(var, curve, title="Children on the register", unit_label=RATE)
    assert_valid(spec)
    assert spec["$schema"].endswith("v6.4.1.json")
    points = spec["datasets"]["areas"]
    assert len(points) == len(var) == 30
    svg = render_svg(spec)
    assert marks(svg, 0, "line") >= 5  # Scotland, 95% and 99.8% limits, both sides
    assert marks(svg, 1) == 30


def test_funnel_description_names_the_outliers(funnel):
    var, _ = funnel
    text = describe_funnel(var, unit_label=RATE)
    above = re.search(r"Above the upper 99.8% limit: (.*?)\. [A-Z]", text)[1]
    below = re.search(r"Below the lower 99.8% limit: (.*?)\. [A-Z]", text)[1]
    assert "City of Edinburgh" in above
    assert "Glasgow City" in below
    assert "Scotland's value" in text


def test_funnel_highlight_rings_and_labels_the_area(funnel):
    var, curve = funnel
    spec = funnel_spec(var, curve, title="t", unit_label=RATE, highlight=HIGH_AREA)
    assert_valid(spec)
    svg = render_svg(spec)
    assert marks(svg, 2) == 1 and marks(svg, 3, "text") == 1
    assert "City of Edinburgh</text>" in svg


def test_outliers_take_improvement_and_concern_styles_by_polarity(results):
    ind = load_catalogue().get("initial_meeting_timely")  # higher is better
    var = variation(results, ind, "2025Q2", "cpc")
    curve = funnel_curve(ind, float(var.baseline.iloc[0]) / 100, var.denominator.to_numpy(float))
    spec = funnel_spec(var, curve, title="t", unit_label="%")
    points = {p["area_code"]: p["category"] for p in spec["datasets"]["areas"]}
    assert points[HIGH_AREA] == style.OUT_IMPROVEMENT
    assert points[LOW_AREA] == style.OUT_CONCERN
    fill = spec["layer"][1]["encoding"]["fill"]["scale"]
    shape = spec["layer"][1]["encoding"]["shape"]["scale"]
    colours = dict(zip(fill["domain"], fill["range"], strict=True))
    shapes = dict(zip(shape["domain"], shape["range"], strict=True))
    assert colours[style.OUT_IMPROVEMENT] == style.IMPROVEMENT
    assert colours[style.OUT_CONCERN] == style.CONCERN
    assert len({shapes[c] for c in shapes}) == len(shapes)  # shape alone tells them apart


def test_suppressed_areas_are_not_drawn_and_are_counted(funnel):
    var, curve = funnel
    masked = suppress(var, {HIGH_AREA, "CPC-S12000006"}, "area_code")
    spec = funnel_spec(masked, curve, title="t", unit_label=RATE, highlight=HIGH_AREA)
    assert_valid(spec)
    codes = {p["area_code"] for p in spec["datasets"]["areas"]}
    assert HIGH_AREA not in codes and len(codes) == 28
    assert len(spec["layer"]) == 2  # nothing to ring: the highlighted area is suppressed
    svg = render_svg(spec)
    assert marks(svg, 1) == 28
    assert "2 CPCs not drawn: the value is suppressed (c)" in spec["description"]
    assert "City of Edinburgh" not in spec["description"]


def test_trend_spec_is_valid_and_draws_every_period_with_the_signals(series):
    spec = trend_spec(
        series,
        title="Stirling",
        unit_label=RATE,
        annotations=[{"period": "2021Q1", "label": "Neglect action 3 starts"}],
    )
    assert_valid(spec)
    svg = render_svg(spec)
    assert marks(svg, 1) == len(series) == 48
    assert marks(svg, 2, "rule") == 1 and "Neglect action 3 starts</text>" in svg
    cats = {p["category"] for p in spec["datasets"]["points"]}
    assert style.SPECIAL_HIGH in cats  # register_rate has no better direction: purple


def test_trend_description_gives_latest_value_limits_and_special_causes(series):
    text = describe_trend(series, unit_label=RATE)
    assert "Latest value" in text and "2025Q4" in text
    assert "process limits" in text
    assert "a point beyond a process limit (higher): 20 points between 2021Q1 and 2025Q4" in text
    assert "Special causes at" in text


def test_suppressed_periods_leave_a_gap_and_are_counted(series):
    masked = suppress(series, {"2020Q1", "2020Q2", "2020Q3"}, "period")
    spec = trend_spec(masked, title="t", unit_label=RATE)
    assert_valid(spec)
    values = spec["datasets"]["lines"]
    gaps = [v for v in values if v["line"] == "Value" and v["y"] is None]
    assert len(gaps) == 3
    svg = render_svg(spec)
    assert marks(svg, 1) == 45
    assert "3 periods not drawn: the value is suppressed (c)" in spec["description"]


def test_render_is_accessible_and_deterministic(funnel, series):
    var, curve = funnel
    spec = funnel_spec(var, curve, title="Register & rate <test>", unit_label=RATE)
    first, second = render_svg(spec), render_svg(spec)
    assert first == second
    root = ET.fromstring(first)
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert (title.get("id"), desc.get("id")) == (title_id, desc_id)
    assert title.text == "Register & rate <test>"
    assert desc.text == spec["description"]
    other = render_svg(trend_spec(series, title="t", unit_label=RATE))
    ids = set(re.findall(r'id="([^"]+)"', first))
    assert ids and not ids & set(re.findall(r'id="([^"]+)"', other))  # safe to inline together


def _luminance(hex_colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_colours_meet_wcag_contrast_against_white():
    for colour, _ in list(style.POINT_STYLE.values()) + list(style.LINE_STYLE.values()):
        ratio = 1.05 / (_luminance(colour) + 0.05)
        assert ratio >= 3.0, colour  # WCAG 1.4.11 non-text contrast
    for colour in (style.IMPROVEMENT, style.CONCERN, style.COMMON, style.NEUTRAL, style.INK):
        assert 1.05 / (_luminance(colour) + 0.05) >= 4.5, colour  # also legible as text


def test_a_chart_with_every_value_suppressed_renders_empty_and_says_so(funnel, series):
    var, curve = funnel
    spec = funnel_spec(
        suppress(var, set(var.area_code), "area_code"), curve, title="t", unit_label=RATE
    )
    assert_valid(spec)
    assert marks(render_svg(spec), 1) == 0
    assert "No area's value can be shown" in spec["description"]
    assert "30 CPCs not drawn" in spec["description"]
    spec = trend_spec(suppress(series, set(series.period), "period"), title="t", unit_label=RATE)
    assert marks(render_svg(spec), 1) == 0
    assert "48 periods not drawn" in spec["description"]
    assert "common cause" not in spec["description"]
