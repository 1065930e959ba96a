"""Links from actions to measures: SPC verdicts before and after an action's start, the trend
chart with the action drawn on it, and the annotations other pages draw.

Numbers are read only from the publication the statistics pages show the viewer's audience
(`bairn.web.results.publications.current`, prepared by the `publish` task; the audience as
`bairn.web.results.audience.audience_for` decides: national analysts the national set, CPC staff
whose scope is a whole CPC that CPC's set, everyone else the public set, which holds annual
figures only, so the verdict then uses statistics years). Until it is prepared, a verdict says
so.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

import pandas as pd

from bairn.errors import BairnError
from bairn.web.results.audience import audience_for

RULES = ("shift", "outside", "trend")
AFTER = "special-cause change after this action"
NONE_AFTER = "no special-cause change since this action"
BEFORE = "special-cause change before this action"
NONE_BEFORE = "no special-cause change before this action"
KIND_ORDER = ("quarter", "statistics_year", "financial_year", "year")


NO_STORE = "No analytical store is available, so no verdict can be given."
PREPARING = (
    "The published figures for your audience are being prepared; the verdict will show when "
    "they are ready."
)


def published_frame(user) -> tuple[pd.DataFrame | None, str]:
    """The viewer's audience's published figures as the statistics pages have them (prepared
    by the `publish` task, never in a request: protecting a national store's public tables
    takes minutes), or None and why there are none. Asking queues the task if needed."""
    from bairn.web import analytical
    from bairn.web.results import publications

    if not analytical.store_exists():
        return None, NO_STORE
    prep, _task = publications.current(audience_for(user))
    if prep is None:
        return None, PREPARING
    return prep.protected.frame, ""


@dataclass
class Verdict:
    indicator_id: str
    indicator_name: str
    area_code: str
    area_name: str
    direction: str
    from_period: str
    period_kind: str = ""
    before: str = ""
    after: str = ""
    moved: bool = False
    note: str = ""
    rows: list[dict] = field(default_factory=list)
    chart_svg: str = ""


def _fires(rows: pd.DataFrame, direction: str) -> bool:
    hits = rows[rows.special_cause.astype(bool) & rows.rule.isin(RULES)]
    if direction == "up":
        return bool((hits.value > hits["mean"]).any())
    return bool((hits.value < hits["mean"]).any())


def verdict(frame: pd.DataFrame | None, link, unavailable: str = NO_STORE) -> Verdict:
    from bairn.analysis import trend
    from bairn.areas import all_areas
    from bairn.indicators import load_catalogue
    from bairn.periods import parse_period

    area = all_areas().get(link.area_code)
    ind = load_catalogue().indicators.get(link.indicator_id)
    out = Verdict(
        link.indicator_id, ind.title if ind else link.indicator_id, link.area_code,
        area.name if area else link.area_code, link.direction, link.from_period,
    )  # fmt: skip
    if ind is None:
        out.note = f"{link.indicator_id} is not in the indicator catalogue."
        return out
    if frame is None:
        out.note = unavailable
        return out
    try:
        start = parse_period(link.from_period).start
    except (BairnError, ValueError):
        out.note = f"{link.from_period!r} is not a period label."
        return out
    mine = frame[(frame.indicator_id == ind.id) & (frame.area_code == link.area_code)]
    # a suppressed point (`c`) is not drawn and takes no part in the limits
    numbers = {
        c: pd.to_numeric(mine[c], errors="coerce") for c in ("numerator", "denominator", "value")
    }
    mine = mine.assign(**numbers).dropna(subset=["value"])
    kinds = {parse_period(p).kind for p in mine.period.unique()}
    kind = next((k for k in KIND_ORDER if k in kinds), None)
    if kind is None:
        out.note = "No published figures for this indicator and area at your access level."
        return out
    try:
        spc = trend(mine, ind, link.area_code, period_kind=kind)
    except BairnError as exc:
        out.note = str(exc)
        return out
    out.period_kind = kind.replace("_", " ")
    starts = spc.period.map(lambda p: parse_period(p).start)
    after, before = spc[starts >= start], spc[starts < start]
    out.moved = _fires(after, link.direction)
    out.after = AFTER if out.moved else NONE_AFTER
    out.before = BEFORE if _fires(before, link.direction) else NONE_BEFORE
    out.rows = [
        {"period": r.period, "value": r.value, "mean": r["mean"], "lpl": r.lpl, "upl": r.upl,
         "signal": r.rule if r.special_cause else ""}
        for _, r in spc.iterrows()
    ]  # fmt: skip
    out.chart_svg = _chart(spc, ind, link)
    return out


def _chart(spc: pd.DataFrame, ind, link) -> str:
    """A data URL of the SVG chart from `bairn.charts` (the indicator pages' SPC chart)."""
    from bairn import charts

    try:
        label = f"{link.action.ref} starts"
        spec = charts.trend_spec(
            spc, title=ind.title, unit_label=charts.unit_label(ind.unit),
            annotations=[{"period": link.from_period, "label": label}],
        )  # fmt: skip
        svg = charts.render_svg(spec)
    except Exception:  # a chart failure must not hide the verdict and table
        return ""
    data = svg.encode("utf-8") if isinstance(svg, str) else svg
    return "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")


def verdicts_for(action, user) -> list[Verdict]:
    links = list(action.measures.all())
    if not links:
        return []
    frame, unavailable = published_frame(user)
    return [verdict(frame, link, unavailable) for link in links]


def annotations_for(indicator_id: str, area_code: str, viewer=None) -> list[dict]:
    from bairn.web.programme.access import can_view
    from bairn.web.programme.models import MeasureLink

    links = MeasureLink.objects.filter(indicator_id=indicator_id, area_code=area_code)
    if viewer is not None and not can_view(viewer):
        links = links.filter(action__programme__publish_summary=True)
    links = links.select_related("action__programme").order_by("from_period", "action__ref")
    return [
        {"period": link.from_period,
         "label": f"{link.action.programme.slug.upper()} {link.action.ref}: {link.action.title}"}
        for link in links
    ]  # fmt: skip


def annotations_by_indicator(area_code: str, viewer) -> dict[str, list[dict]]:
    """Every indicator's annotations for one area, as `bairn.reports.build_report` takes them."""
    from bairn.web.programme.models import MeasureLink

    out: dict[str, list[dict]] = {}
    ids = MeasureLink.objects.filter(area_code=area_code).values_list("indicator_id", flat=True)
    for indicator_id in sorted(set(ids)):
        notes = annotations_for(indicator_id, area_code, viewer)
        if notes:
            out[indicator_id] = notes
    return out
