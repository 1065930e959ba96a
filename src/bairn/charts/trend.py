"""SPC charts over time: an area's series with its centre line, process limits and the Making
Data Count signals, with programme actions marked where they start.

The input is `bairn.analysis.trend` (possibly masked: suppressed values are the GSS symbol `c`).
Suppressed periods leave a gap in the line and no point; the description counts them.
"""

from __future__ import annotations

from collections.abc import Sequence

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


def _start(period: str) -> str:
    return parse_period(str(period)).start.isoformat()


def _centre(trend: pd.DataFrame) -> str | None:
    return "mean" if "mean" in trend else ("median" if "median" in trend else None)


def _data(trend: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    values = numeric(trend["value"])
    centre = _centre(trend)
    segments = trend["segment"] if "segment" in trend else pd.Series(0, index=trend.index)
    lines, points = [], []
    for i, row in enumerate(trend.itertuples(index=False)):
        date, seg = _start(row.period), int(number(segments.iloc[i]) or 0)
        value = number(values.iloc[i])
        lines.append({"line": "Value", "key": "value", "date": date, "y": value})
        if centre:
            lines.append(
                {
                    "line": "Mean",
                    "key": f"centre {seg}",
                    "date": date,
                    "y": number(getattr(row, centre)),
                }
            )
        for side in ("lpl", "upl"):
            if side in trend:
                lines.append(
                    {
                        "line": "Process limits",
                        "key": f"{side} {seg}",
                        "date": date,
                        "y": number(getattr(row, side)),
                    }
                )
        if value is not None:
            kind = str(getattr(row, "point_type", "common_cause"))
            points.append(
                {
                    "period": str(row.period),
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
            "data": {"values": lines},
            "mark": {"type": "line", "strokeWidth": 1.4, "invalid": "break-paths-show-domains"},
            "encoding": {
                "x": x,
                "y": y,
                "detail": {"field": "key"},
                **style.line_scales(sorted({r["line"] for r in lines})),
            },
        },
        {
            "data": {"values": points},
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
    if marks:
        layers.append(
            {
                "data": {"values": marks},
                "mark": {"type": "rule", "color": style.NEUTRAL, "strokeDash": [3, 3]},
                "encoding": {"x": x},
            }
        )
        layers.append(
            {
                "data": {"values": marks},
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
        "config": style.config(),
    }


def describe_trend(
    trend: pd.DataFrame, *, unit_label: str, annotations: Sequence[dict] = ()
) -> str:
    """The latest value, the limits it is judged against, and the special causes."""
    if trend.empty:
        return "There are no periods to show."
    code = str(trend["area_code"].iloc[0]) if "area_code" in trend else ""
    values = numeric(trend["value"])
    drawn = trend[values.notna()]
    parts = [
        f"SPC chart of {len(trend)} periods"
        + (f" for {area_name(code)}" if code else "")
        + f", {trend['period'].iloc[0]} to {trend['period'].iloc[-1]}."
    ]
    if len(drawn):
        last = drawn.iloc[-1]
        latest = fmt(number(numeric(drawn["value"]).iloc[-1]), unit_label)
        text = f"Latest value {latest} in {last['period']}"
        centre = _centre(trend)
        extras = []
        if centre and number(last[centre]) is not None:
            extras.append(f"{centre} {fmt(number(last[centre]), unit_label)}")
        if "lpl" in trend and number(last["lpl"]) is not None and number(last["upl"]) is not None:
            extras.append(
                f"process limits {fmt(number(last['lpl']))} to "
                f"{fmt(number(last['upl']), unit_label)}"
            )
        parts.append(text + (f" ({'; '.join(extras)})." if extras else "."))
    fixed = trend.attrs.get("fixed_on_baseline_points")
    if fixed:
        parts.append(f"Limits are fixed on the first {fixed} periods, up to the 2016 baseline.")
    if "point_type" in trend:
        special = drawn[drawn["point_type"].astype(str).str.startswith("special_cause")]
    else:
        special = drawn.iloc[0:0]
    if len(special):
        groups: dict[tuple[str, str], list[str]] = {}
        for row in special.itertuples(index=False):
            key = (RULES.get(str(row.rule), str(row.rule)), DIRECTION.get(str(row.point_type), ""))
            groups.setdefault(key, []).append(str(row.period))
        described = [
            f"{rule} ({direction}): {_periods(periods)}"
            for (rule, direction), periods in groups.items()
        ]
        parts.append(f"Special causes at {plural(len(special), 'point')}: {'; '.join(described)}.")
        if str(special.iloc[-1]["period"]) == str(drawn.iloc[-1]["period"]):
            parts.append("The latest point is a special cause.")
    elif len(drawn):
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
