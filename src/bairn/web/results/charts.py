"""Charts: server-rendered SVG from bairn.charts (Vega-Lite drawn by Vega under Node.js), inlined
in the indicator page beside a text summary and the data table, and offered as .svg files.

The SVG carries no inline styles or scripts, so it keeps to the Content-Security-Policy when it
is part of the page; each is drawn once per indicator run and audience (pagecache).
"""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from bairn.areas import SCOTLAND, all_areas, areas_of_type
from bairn.charts.style import unit_label
from bairn.errors import BairnError
from bairn.indicators.catalogue import Indicator
from bairn.web.results import pages
from bairn.web.results.common import context_for
from bairn.web.results.publications import Prepared

log = logging.getLogger("bairn.web.results")
SVG_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'none'"


def _unit(ind: Indicator) -> str:
    return unit_label(ind.unit)


def funnel_chart(prep: Prepared, ind: Indicator, period: str, area_type: str) -> dict:
    """{"svg", "text"} for the funnel plot ("svg" empty when it cannot be drawn)."""

    def build() -> dict:
        from bairn.charts import describe_funnel, funnel_spec, render_svg

        result = pages.funnel(prep, ind, period, area_type)
        if result.table is None:
            return {"svg": "", "text": result.message}
        unit = _unit(ind)
        text = describe_funnel(result.table, unit_label=unit)
        if result.curve is None:
            return {"svg": "", "text": text}
        title = f"{ind.title}: {pages.AREA_TYPES[area_type].lower()}, {period}"
        try:
            svg = render_svg(funnel_spec(result.table, result.curve, title=title, unit_label=unit))
        except BairnError as exc:
            log.warning("funnel plot for %s not drawn: %s", ind.id, exc)
            svg = ""
        return {"svg": svg, "text": text}

    return pages._cached(prep, "funnel-chart", (ind.id, period, area_type), build)


def trend_chart(
    prep: Prepared,
    ind: Indicator,
    area_code: str,
    kind: str,
    annotations: tuple[tuple[str, str], ...] = (),
) -> dict:
    """{"svg", "text"} for the SPC chart, with programme actions (period, label) drawn on it."""
    notes = [{"period": period, "label": label} for period, label in annotations]

    def build() -> dict:
        from bairn.charts import describe_trend, render_svg, trend_spec

        result = pages.trend(prep, ind, area_code, kind)
        if result.table is None:
            return {"svg": "", "text": result.message}
        unit = _unit(ind)
        title = f"{ind.title}: {pages.area_name(area_code)}"
        try:
            spec = trend_spec(result.table, title=title, unit_label=unit, annotations=notes)
            svg = render_svg(spec)
        except BairnError as exc:
            log.warning("trend chart for %s not drawn: %s", ind.id, exc)
            svg = ""
        text = describe_trend(result.table, unit_label=unit, annotations=notes)
        return {"svg": svg, "text": text}

    key = (ind.id, area_code, kind, annotations)
    return pages._cached(prep, "trend-chart", key, build)


def action_notes(request, indicator_id: str, area_code: str) -> tuple[tuple[str, str], ...]:
    """The programme actions linked to this indicator and area that the viewer may see."""
    from bairn.web.programme import annotations

    return tuple(
        (n["period"], n["label"]) for n in annotations(indicator_id, area_code, request.user)
    )


def _svg_response(svg: str, name: str) -> HttpResponse:
    if not svg:
        raise Http404("There is no chart for these choices.")
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Security-Policy"] = SVG_POLICY
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _prep_and_indicator(request, indicator_id: str):
    from bairn.web.results.views import _indicator_or_404

    ind = _indicator_or_404(indicator_id)
    ctx = context_for(request)
    if ctx.prep is None:
        raise Http404("The figures are being prepared.")
    return ctx.prep, ind


@login_not_required
@require_safe
def funnel_svg(request, indicator_id: str):
    prep, ind = _prep_and_indicator(request, indicator_id)
    period = request.GET.get("period", "")
    area_type = request.GET.get("areas", "council")
    if area_type not in pages.AREA_TYPES or period not in set(prep.periods.period):
        raise Http404("No such chart.")
    chart = funnel_chart(prep, ind, period, area_type)
    return _svg_response(chart["svg"], f"bairn-{ind.id}-funnel-{period}.svg")


@login_not_required
@require_safe
def trend_svg(request, indicator_id: str):
    prep, ind = _prep_and_indicator(request, indicator_id)
    area_code = request.GET.get("area", SCOTLAND)
    kind = request.GET.get("kind", "statistics_year")
    codes = {SCOTLAND, *(a.code for a in areas_of_type("council") + areas_of_type("cpc"))}
    if area_code not in codes or area_code not in all_areas():
        raise Http404("No such chart.")
    if kind not in pages.trend_kinds(prep, area_code):
        raise Http404("No such chart.")
    chart = trend_chart(prep, ind, area_code, kind, action_notes(request, ind.id, area_code))
    return _svg_response(chart["svg"], f"bairn-{ind.id}-trend-{area_code}.svg")
