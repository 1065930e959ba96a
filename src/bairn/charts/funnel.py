"""Funnel plots: each area's value against its denominator, inside limits around Scotland.

The input is `bairn.analysis.variation` (possibly masked for an audience, where suppressed values
are the GSS symbol `c`) and `bairn.analysis.across_areas.funnel_curve`. Only numeric points are
drawn; the description says how many were suppressed.
"""

from __future__ import annotations

import math

import pandas as pd

from bairn.charts import style
from bairn.charts.common import area_name, fmt, listing, number, numeric, plural, suppressed
from bairn.indicators.catalogue import load_catalogue

HIGH, LOW = "High (0.001)", "Low (0.001)"
AREA_WORDS = {"council": ("council", "councils"), "cpc": ("CPC", "CPCs")}


def _indicator(variation: pd.DataFrame):
    ids = variation["indicator_id"].dropna().unique() if "indicator_id" in variation else []
    catalogue = load_catalogue()
    return catalogue.indicators.get(str(ids[0])) if len(ids) else None


def _polarity(variation: pd.DataFrame) -> str:
    ind = _indicator(variation)
    return ind.polarity if ind else "neither"


def category(label: object, polarity: str) -> str:
    """The chart category of a funnel significance label, for an indicator's polarity."""
    if label == HIGH:
        return {
            "higher_is_better": style.OUT_IMPROVEMENT,
            "lower_is_better": style.OUT_CONCERN,
        }.get(polarity, style.OUT_HIGH)
    if label == LOW:
        return {
            "higher_is_better": style.OUT_CONCERN,
            "lower_is_better": style.OUT_IMPROVEMENT,
        }.get(polarity, style.OUT_LOW)
    return style.WITHIN


def _points(variation: pd.DataFrame, highlight: str | None) -> list[dict]:
    polarity = _polarity(variation)
    values = numeric(variation["value"]).tolist()
    dens = numeric(variation["denominator"]).tolist()
    labels = variation["significance"].tolist()
    rows = []
    for i, code in enumerate(variation["area_code"].tolist()):
        if math.isnan(values[i]) or math.isnan(dens[i]):
            continue
        rows.append(
            {
                "area_code": str(code),
                "area": area_name(code),
                "denominator": number(dens[i]),
                "value": number(values[i]),
                "category": category(labels[i], polarity),
                "highlight": str(code) == highlight,
            }
        )
    return sorted(rows, key=lambda r: (r["denominator"], r["area_code"]))


def _lines(variation: pd.DataFrame, curve: pd.DataFrame, low: float) -> list[dict]:
    curve = curve[numeric(curve["denominator"]) >= low].sort_values("denominator")
    xs = [number(den) for den in curve["denominator"].tolist()]
    rows = []
    for name, cols in (
        ("95% limits", ("lower95", "upper95")),
        ("99.8% limits", ("lower998", "upper998")),
    ):
        for side, col in zip(("lower", "upper"), cols, strict=True):
            key = f"{name} {side}"
            for x, y in zip(xs, map(number, curve[col].tolist()), strict=True):
                if y is not None:
                    rows.append({"line": name, "key": key, "x": x, "y": y})
    baseline = number(numeric(variation["baseline"]).dropna().iloc[0]) if len(variation) else None
    if baseline is not None and len(curve):
        for den in (float(curve["denominator"].min()), float(curve["denominator"].max())):
            rows.append({"line": "Scotland", "key": "Scotland", "x": den, "y": baseline})
    tau2 = numeric(variation.get("tau2", pd.Series(dtype=float))).max()
    if pd.notna(tau2) and tau2 > 0:
        # the areas in order of denominator (as sort_values orders them), no frame copied
        dens = numeric(variation["denominator"]).reset_index(drop=True).sort_values()
        order = dens.index.tolist()
        name = style.OVERDISPERSED
        for side in ("lower", "upper"):
            limits = numeric(variation[f"adjusted_{side}998"]).tolist()
            for den, y in zip(dens.tolist(), (limits[i] for i in order), strict=True):
                if number(y) is not None and number(den) is not None:
                    rows.append(
                        {"line": name, "key": f"{name} {side}", "x": number(den), "y": number(y)}
                    )
    return rows


def funnel_spec(
    variation: pd.DataFrame,
    curve: pd.DataFrame,
    *,
    title: str,
    unit_label: str,
    highlight: str | None = None,
) -> dict:
    """A Vega-Lite spec of the funnel plot: limits, Scotland's line and one point per area."""
    points = _points(variation, highlight)
    dens = numeric(variation["denominator"]).dropna()
    low = float(dens.min()) * 0.5 if len(dens) else 0.0
    lines = _lines(variation, curve, low)
    ys = [p["value"] for p in points] + [r["y"] for r in lines if r["line"] != "95% limits"]
    lo, hi = (min(ys), max(ys)) if ys else (0.0, 1.0)
    pad = (hi - lo) * 0.05 or 1.0
    y_domain = [max(lo - pad, 0.0) if lo >= 0 else lo - pad, hi + pad]
    if unit_label.strip() == "%":
        y_domain = [max(y_domain[0], 0.0), min(y_domain[1], 100.0)]
    ind = _indicator(variation)
    x_title = (ind.denominator.rstrip(".") if ind else "Denominator")[:60]
    x = {"field": "x", "type": "quantitative", "title": x_title, "scale": {"zero": False}}
    y = {"field": "y", "type": "quantitative", "title": unit_label, "scale": {"domain": y_domain}}
    layers: list[dict] = [
        {
            "data": {"name": "limits"},
            "mark": {"type": "line", "clip": True, "strokeWidth": 1.4},
            "encoding": {
                "x": x,
                "y": y,
                "detail": {"field": "key"},
                **style.line_scales(sorted({r["line"] for r in lines})),
            },
        },
        {
            "data": {"name": "areas"},
            "mark": {"type": "point", "filled": True, "size": 70, "opacity": 1, "clip": True},
            "encoding": {
                "x": {**x, "field": "denominator"},
                "y": {**y, "field": "value"},
                **style.point_scales(sorted({p["category"] for p in points})),
                "description": {"field": "area"},
            },
        },
    ]
    # The data in named datasets: the same funnel with another area marked is then the same chart
    # with other data, which the renderer draws again without compiling and laying it out anew.
    datasets = {"limits": lines, "areas": points}
    if any(p["highlight"] for p in points):
        datasets["marked"] = [p for p in points if p["highlight"]]
        layers.append(
            {
                "data": {"name": "marked"},
                "mark": {
                    "type": "point",
                    "shape": "circle",
                    "size": 320,
                    "strokeWidth": 2,
                    "color": style.INK,
                    "filled": False,
                },
                "encoding": {"x": {**x, "field": "denominator"}, "y": {**y, "field": "value"}},
            }
        )
        layers.append(
            {
                "data": {"name": "marked"},
                "mark": {
                    "type": "text",
                    "dx": 12,
                    "dy": -10,
                    "align": "left",
                    "fontSize": 11,
                    "fontWeight": "bold",
                    "color": style.INK,
                },
                "encoding": {
                    "x": {**x, "field": "denominator"},
                    "y": {**y, "field": "value"},
                    "text": {"field": "area"},
                },
            }
        )
    return {
        "$schema": style.SCHEMA,
        "title": title,
        "description": describe_funnel(variation, unit_label=unit_label),
        "width": style.WIDTH,
        "height": style.HEIGHT,
        "layer": layers,
        "datasets": datasets,
        "resolve": {"scale": {"x": "shared", "y": "shared"}},
        "config": style.config(),
    }


def _named(codes: list[object], values: list[float], unit_label: str) -> list[str]:
    return [f"{area_name(c)} ({fmt(v, unit_label)})" for c, v in zip(codes, values, strict=True)]


def describe_funnel(variation: pd.DataFrame, *, unit_label: str) -> str:
    """Which areas lie above or below the 99.8% limits, with and without overdispersion."""
    if variation.empty:
        return "There are no areas to compare."
    area_type = str(variation["area_type"].iloc[0]) if "area_type" in variation else "area"
    one, many = AREA_WORDS.get(area_type, ("area", "areas"))
    values = numeric(variation["value"]).tolist()
    drawn = [i for i, v in enumerate(values) if not math.isnan(v)]  # rows with a number
    base = numeric(variation["baseline"]).dropna()
    period = str(variation["period"].iloc[0]) if "period" in variation else ""
    parts = [
        f"Funnel plot of {len(variation)} {many if len(variation) != 1 else one}"
        + (f" in {period}" if period else "")
        + (
            f", around Scotland's value of {fmt(float(base.iloc[0]), unit_label)}"
            if len(base)
            else ""
        )
        + "."
    ]
    codes, labels = variation["area_code"].tolist(), variation["significance"].tolist()

    def named(rows: list[int]) -> str:
        return listing(_named([codes[i] for i in rows], [values[i] for i in rows], unit_label))

    high = [i for i in drawn if labels[i] == HIGH]
    low = [i for i in drawn if labels[i] == LOW]
    if high:
        parts.append(f"Above the upper 99.8% limit: {named(high)}.")
    if low:
        parts.append(f"Below the lower 99.8% limit: {named(low)}.")
    if not drawn:
        parts.append("No area's value can be shown.")
    elif not high and not low:
        parts.append("Every area shown is within the 99.8% limits.")
    else:
        inside = len(drawn) - len(high) - len(low)
        parts.append(
            f"{plural(inside, one, many)} {'is' if inside == 1 else 'are'} within the limits."
        )
    tau2 = numeric(variation.get("tau2", pd.Series(dtype=float))).max()
    if drawn and pd.notna(tau2) and tau2 > 0 and "adjusted_significance" in variation:
        adjusted = variation["adjusted_significance"].tolist()
        adj = [i for i in drawn if adjusted[i] in (HIGH, LOW)]
        if adj:
            parts.append(
                "Allowing for overdispersion between areas, still outside the 99.8% limits: "
                f"{named(adj)}."
            )
        else:
            parts.append("Allowing for overdispersion between areas, none is outside the limits.")
    n_c = suppressed(variation)
    missing = len(variation) - len(drawn) - n_c
    if n_c:
        parts.append(
            f"{plural(n_c, one, many)} not drawn: the value is suppressed (c) to protect "
            "individuals."
        )
    if missing > 0:
        parts.append(f"{plural(missing, one, many)} not drawn: no value.")
    return " ".join(parts)
