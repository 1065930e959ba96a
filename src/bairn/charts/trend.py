"""SPC charts over time: an area's series with its centre line, process limits and the Making
Data Count signals, with programme actions marked where they start.

The input is `bairn.analysis.trend` (possibly masked: suppressed values are the GSS symbol `c`).
Suppressed periods leave a gap in the line and no point; the description counts them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import pandas as pd

from bairn.charts import style
from bairn.charts.common import area_name, fmt, listing, number, numeric, plural, suppressed
from bairn.periods import parse_period

RULES = {
    "outside": "a point beyond a process limit",
    "trend": "a run of 7 points rising or falling",
    "two_in_three": "2 of 3 points close to a limit",
    "shift": "7 points in a row on one side of the centre line",
}
DIRECTION = {
    "special_cause_improvement": "improvement",
    "special_cause_concern": "concern",
    "special_cause_neutral_high": "higher",
    "special_cause_neutral_low": "lower",
}


@lru_cache(maxsize=4096)  # a report draws the same few hundred periods many times
def _start(period: str) -> str:
    return parse_period(str(period)).start.isoformat()


def _centre(trend: pd.DataFrame) -> str | None:
    return "mean" if "mean" in trend else ("median" if "median" in trend else None)


def _column(trend: pd.DataFrame, name: str, default: object = None) -> list:
    """A column as a list (`default` in every row when the frame has none): rows are read from
    lists, as reading them from the frame cost more than the rest of the chart."""
    return trend[name].tolist() if name in trend else [default] * len(trend)


def _data(trend: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    values = numeric(trend["value"]).tolist()
    centre = _centre(trend)
    centres = _column(trend, centre) if centre else []
    segments = _column(trend, "segment", 0)
    sides = [(side, trend[side].tolist()) for side in ("lpl", "upl") if side in trend]
    kinds = _column(trend, "point_type", "common_cause")
    lines, points = [], []
    for i, period in enumerate(trend["period"].tolist()):
        date, seg = _start(period), int(number(segments[i]) or 0)
        value = number(values[i])
        lines.append({"line": "Value", "key": "value", "date": date, "y": value})
        if centre:
            lines.append(
                {"line": "Mean", "key": f"centre {seg}", "date": date, "y": number(centres[i])}
            )
        for side, limits in sides:
            lines.append(
                {
                    "line": "Process limits",
                    "key": f"{side} {seg}",
                    "date": date,
                    "y": number(limits[i]),
                }
            )
        if value is not None:
            kind = str(kinds[i])
            points.append(
                {
                    "period": str(period),
                    "date": date,
                    "value": value,
                    "category": style.POINT_TYPE_CATEGORY.get(kind, style.COMMON_CAUSE),
                }
            )
    # Lines with no number at all (e.g. limits a flat series cannot have) are left out.
    keep = {r["key"] for r in lines if r["y"] is not None}
    return [r for r in lines if r["key"] in keep], points


def trend_spec(
    trend: pd.DataFrame,
    *,
    title: str,
    unit_label: str,
    annotations: Sequence[dict] = (),
) -> dict:
    """A Vega-Lite spec of the SPC chart; annotations are {"period": "2021Q1", "label": "..."}."""
    lines, points = _data(trend)
    dates = sorted({r["date"] for r in lines})
    years = {d[:4] for d in dates}
    x = {
        "field": "date",
        "type": "temporal",
        "title": None,
        "scale": {"type": "utc"},
        "axis": {
            "format": "%Y",
            "tickCount": {"interval": "year", "step": 2 if len(years) > 8 else 1},
        },
    }
    y = {"field": "y", "type": "quantitative", "title": unit_label, "scale": {"zero": False}}
    layers: list[dict] = [
        {
            "data": {"name": "lines"},
            "mark": {"type": "line", "strokeWidth": 1.4, "invalid": "break-paths-show-domains"},
            "encoding": {
                "x": x,
                "y": y,
                "detail": {"field": "key"},
                **style.line_scales(sorted({r["line"] for r in lines})),
            },
        },
        {
            "data": {"name": "points"},
            "mark": {"type": "point", "filled": True, "size": 60, "opacity": 1},
            "encoding": {
                "x": x,
                "y": {**y, "field": "value"},
                **style.point_scales(sorted({p["category"] for p in points})),
                "description": {"field": "period"},
            },
        },
    ]
    marks = []
    for note in annotations:
        try:
            date = _start(str(note["period"]))
        except Exception:  # an unknown period label is not drawn
            continue
        if dates and dates[0] <= date <= dates[-1]:
            marks.append({"date": date, "label": str(note.get("label", ""))})
    # The data in named datasets: the same chart for another area is then the same chart with
    # other data and title, which the renderer draws again without compiling it anew.
    datasets = {"lines": lines, "points": points}
    if marks:
        datasets["notes"] = marks
        layers.append(
            {
                "data": {"name": "notes"},
                "mark": {"type": "rule", "color": style.NEUTRAL, "strokeDash": [3, 3]},
                "encoding": {"x": x},
            }
        )
        layers.append(
            {
                "data": {"name": "notes"},
                "mark": {
                    "type": "text",
                    "align": "left",
                    "baseline": "top",
                    "dx": 3,
                    "y": 2,
                    "fontSize": 10,
                    "color": style.NEUTRAL,
                },
                "encoding": {"x": x, "text": {"field": "label"}},
            }
        )
    return {
        "$schema": style.SCHEMA,
        "title": title,
        "description": describe_trend(trend, unit_label=unit_label, annotations=annotations),
        "width": style.WIDTH,
        "height": style.HEIGHT,
        "layer": layers,
        "datasets": datasets,
        "config": style.config(),
    }


def describe_trend(
    trend: pd.DataFrame, *, unit_label: str, annotations: Sequence[dict] = ()
) -> str:
    """The latest value, the limits it is judged against, and the special causes."""
    if trend.empty:
        return "There are no periods to show."
    code = str(trend["area_code"].iloc[0]) if "area_code" in trend else ""
    periods = trend["period"].tolist()
    values = numeric(trend["value"]).tolist()
    drawn = [i for i, v in enumerate(values) if not math.isnan(v)]  # rows with a number
    parts = [
        f"SPC chart of {len(trend)} periods"
        + (f" for {area_name(code)}" if code else "")
        + f", {periods[0]} to {periods[-1]}."
    ]
    if drawn:
        last = drawn[-1]
        latest = fmt(number(values[last]), unit_label)
        text = f"Latest value {latest} in {periods[last]}"
        centre = _centre(trend)
        extras = []
        if centre and number(trend[centre].iloc[last]) is not None:
            extras.append(f"{centre} {fmt(number(trend[centre].iloc[last]), unit_label)}")
        if "lpl" in trend:
            lpl, upl = number(trend["lpl"].iloc[last]), number(trend["upl"].iloc[last])
            if lpl is not None and upl is not None:
                extras.append(f"process limits {fmt(lpl)} to {fmt(upl, unit_label)}")
        parts.append(text + (f" ({'; '.join(extras)})." if extras else "."))
    fixed = trend.attrs.get("fixed_on_baseline_points")
    if fixed:
        parts.append(f"Limits are fixed on the first {fixed} periods, up to the 2016 baseline.")
    kinds = _column(trend, "point_type")
    # a missing point type (NaN, or the column absent) is never a special cause
    special = [i for i in drawn if str(kinds[i]).startswith("special_cause")]
    if special:
        rules = trend["rule"].tolist()
        groups: dict[tuple[str, str], list[str]] = {}
        for i in special:
            rule, kind = str(rules[i]), str(kinds[i])
            key = (RULES.get(rule, rule), DIRECTION.get(kind, ""))
            groups.setdefault(key, []).append(str(periods[i]))
        described = [
            f"{rule} ({direction}): {_periods(labels)}"
            for (rule, direction), labels in groups.items()
        ]
        parts.append(f"Special causes at {plural(len(special), 'point')}: {'; '.join(described)}.")
        if str(periods[special[-1]]) == str(periods[drawn[-1]]):
            parts.append("The latest point is a special cause.")
    elif drawn:
        parts.append("No special causes: the variation is common cause.")
    n_c = suppressed(trend)
    if n_c:
        parts.append(
            f"{plural(n_c, 'period')} not drawn: the value is suppressed (c) to protect "
            "individuals."
        )
    shown = [n for n in annotations if "label" in n]
    if shown:
        parts.append("Marked: " + "; ".join(f"{n['label']} ({n['period']})" for n in shown) + ".")
    return " ".join(parts)


def _periods(periods: list[str]) -> str:
    if len(periods) <= 4:
        return listing(periods)
    return f"{len(periods)} points between {periods[0]} and {periods[-1]}"
