"""The figures behind the statistics pages: published rows, funnel plots, trends with SPC and
baseline comparisons for one audience, each masked (bairn.analysis.mask_for_audience: published
rows only, with the published numbers, and nothing a suppressed count would give away) before a
page or the API sees it."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from bairn.areas import SCOTLAND
from bairn.charts.common import numeric
from bairn.errors import BairnError
from bairn.indicators.catalogue import Indicator
from bairn.web.results import safety
from bairn.web.results.publications import Prepared

HIGH, LOW = "High (0.001)", "Low (0.001)"
FUNNEL_FAMILIES = ("percent", "per_1000")


def published(
    prep: Prepared,
    *,
    indicators: list[str] | None = None,
    areas: list[str] | None = None,
    periods: list[str] | None = None,
    breakdown: str | None = "total",
):
    """A part of the audience's publication (a bairn.disclosure.Protected)."""
    return prep.publication.select(
        indicators=indicators, areas=areas, periods=periods, breakdown=breakdown
    )


@dataclass
class Funnel:
    indicator: Indicator
    period: str
    area_type: str
    table: pd.DataFrame | None = None  # one row per area: published numbers, limits, labels
    curve: pd.DataFrame | None = None  # limits along the denominator axis, for drawing
    message: str = ""
    outliers: list[dict] = field(default_factory=list)


def funnel(prep: Prepared, ind: Indicator, period: str, area_type: str = "council") -> Funnel:
    from bairn.analysis import mask_for_audience, variation
    from bairn.analysis.across_areas import funnel_curve

    out = Funnel(ind, period, area_type)
    if ind.unit not in FUNNEL_FAMILIES:
        out.message = (
            f"A funnel plot needs a percentage or a rate per 1,000 children; this indicator is a "
            f"{ind.unit.replace('_', ' ')}."
        )
        return out
    try:
        frame = variation(prep.results, ind, period, area_type)
        part = published(prep, indicators=[ind.id], periods=[period])
        masked = mask_for_audience(frame, part)
    except BairnError as exc:
        out.message = str(exc)
        return out
    out.table = masked.sort_values("area_code").reset_index(drop=True)
    scotland = part.frame[part.frame.area_code == SCOTLAND]
    if not (len(scotland) and safety.is_number(scotland.iloc[0].value)):
        out.table["baseline"] = safety.C  # Scotland's own figure is suppressed
    shown = numeric(out.table.denominator).dropna()
    base = numeric(frame.baseline).dropna()
    if (
        len(scotland)
        and safety.is_number(scotland.iloc[0].numerator)
        and len(shown) >= 2
        and len(base)
    ):
        # the table's baseline is on the value's scale; the limits want a proportion or rate
        raw = float(base.iloc[0]) / ind.multiplier
        out.curve = funnel_curve(ind, raw, shown.to_numpy(float))
    for row in out.table.itertuples(index=False):
        if row.significance in (HIGH, LOW):
            out.outliers.append(
                {"area_code": row.area_code, "high": row.significance == HIGH, "value": row.value}
            )
    return out


@dataclass
class Trend:
    indicator: Indicator
    area_code: str
    period_kind: str
    table: pd.DataFrame | None = None
    message: str = ""
    warnings: list[str] = field(default_factory=list)
    fixed_on_baseline: int | None = None


def trend_kinds(prep: Prepared, area_code: str) -> list[str]:
    """Period kinds this audience receives for an area, most detailed first."""
    frame = prep.protected.frame
    have = set(frame.loc[frame.area_code == area_code, "period"].astype(str).unique())
    periods = prep.periods
    kinds = []
    for kind in ("quarter", "statistics_year", "financial_year", "year"):
        if have & set(periods.loc[periods.kind == kind, "period"]):
            kinds.append(kind)
    return kinds


def trend(prep: Prepared, ind: Indicator, area_code: str, period_kind: str) -> Trend:
    from bairn.analysis import mask_for_audience
    from bairn.analysis import trend as spc_trend

    out = Trend(ind, area_code, period_kind)
    try:
        frame = spc_trend(prep.results, ind, area_code, period_kind=period_kind)
        part = published(prep, indicators=[ind.id], areas=[area_code])
        masked = mask_for_audience(frame, part)
    except BairnError as exc:
        out.message = str(exc)
        return out
    out.table = masked
    out.warnings = list(frame.attrs.get("warnings", []))
    out.fixed_on_baseline = frame.attrs.get("fixed_on_baseline_points")
    return out


RULES = {
    "outside": "a point outside the limits",
    "trend": "seven points each rising or falling",
    "two_in_three": "two of three points near a limit",
    "shift": "seven points on one side of the average",
}


def spc_verdict(result: Trend) -> dict:
    """The latest point's SPC reading: a short label, a sentence and a tone."""
    if result.table is None or result.table.empty:
        return {"label": "Not enough data", "text": result.message, "tone": "none"}
    last = result.table.iloc[-1]
    point = last.get("point_type")
    if point == safety.C or point is None:
        return {
            "label": "Not shown",
            "text": "The latest figure is suppressed to protect privacy.",
            "tone": "none",
        }
    rule = RULES.get(str(last.get("rule")), "")
    labels = {
        "common_cause": ("No signal", "Common-cause variation: nothing beyond the usual.", "none"),
        "special_cause_improvement": ("Improving", f"Special cause (improvement): {rule}.", "good"),
        "special_cause_concern": ("Concern", f"Special cause (concern): {rule}.", "bad"),
        "special_cause_neutral_high": ("Higher", f"Special cause (higher): {rule}.", "neutral"),
        "special_cause_neutral_low": ("Lower", f"Special cause (lower): {rule}.", "neutral"),
    }
    label, text, tone = labels.get(str(point), ("No signal", "", "none"))
    return {"label": label, "text": f"{text} Latest period {last.period}.", "tone": tone}


@dataclass
class Baseline:
    indicator: Indicator
    period: str
    table: pd.DataFrame | None = None
    message: str = ""


def baseline(prep: Prepared, ind: Indicator, period: str) -> Baseline:
    from bairn.analysis import baseline_change, baseline_period_for, mask_for_audience

    out = Baseline(ind, period)
    if ind.unit not in FUNNEL_FAMILIES:
        out.message = "A baseline test needs a percentage or a rate per 1,000 children."
        return out
    try:
        base_period = baseline_period_for(period)
        frame = baseline_change(prep.results, ind, period)
        part = published(prep, indicators=[ind.id], periods=[period, base_period])
        masked = mask_for_audience(frame, part)
    except BairnError as exc:
        out.message = str(exc)
        return out
    table = masked
    order = {"scotland": 0, "cpc": 1, "council": 2}
    table = table.assign(_o=table.area_type.map(order)).sort_values(["_o", "area_code"])
    out.table = table.drop(columns="_o").reset_index(drop=True)
    return out
