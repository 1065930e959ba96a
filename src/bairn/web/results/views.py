"""The statistics pages: national overview, indicator, areas, area, compare. Public pages: an
anonymous visitor sees the published statistics; a signed-in user what their role allows
(audience.py). Every number comes from the audience's bairn.publication."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.views.decorators.http import require_safe

from bairn.areas import SCOTLAND, all_areas, areas_of_type
from bairn.errors import BairnError
from bairn.indicators import load_catalogue
from bairn.web.results import pages
from bairn.web.results.common import body, context_for, not_ready, page

MAX_COMPARE = 8


def _indicator_or_404(indicator_id: str):
    try:
        return load_catalogue().get(indicator_id)
    except BairnError:
        raise Http404("No such indicator.") from None


def _choice(value: str | None, allowed: list[str], default: str | None) -> str | None:
    return value if value in allowed else default


@login_not_required
@require_safe
def overview(request):
    ctx = context_for(request)
    title = "Child protection statistics for Scotland"
    if ctx.prep is None:
        return not_ready(request, ctx, title)
    html = body(ctx, "overview", (), "results/overview_body.html", lambda: pages.overview(ctx.prep))
    return page(request, ctx, title, html)


@login_not_required
@require_safe
def indicator(request, indicator_id: str):
    ind = _indicator_or_404(indicator_id)
    ctx = context_for(request)
    if ctx.prep is None:
        return not_ready(request, ctx, ind.title)
    prep = ctx.prep
    groups = pages.periods_for(prep, ind)
    offered = [p for g in groups for p in g["periods"]]
    default = next((p for p in offered if p.startswith("SY")), offered[0] if offered else None)
    period = _choice(request.GET.get("period"), offered, default)
    area_type = _choice(request.GET.get("areas"), list(pages.AREA_TYPES), "council")
    codes = [SCOTLAND] + [a.code for a in areas_of_type("cpc") + areas_of_type("council")]
    trend_area = _choice(request.GET.get("area"), codes, SCOTLAND)
    kinds = pages.trend_kinds(prep, trend_area)
    kind = _choice(request.GET.get("kind"), kinds, kinds[0] if kinds else "statistics_year")
    from bairn.web.results.charts import action_notes

    notes = action_notes(request, ind.id, trend_area)
    params = (ind.id, period, area_type, trend_area, kind, notes)

    def build() -> dict:
        from bairn.web.results import charts

        data = pages.indicator(prep, ind, period, area_type) if period else {}
        if period:
            data["funnel_chart"] = charts.funnel_chart(prep, ind, period, area_type)
        return {
            "trend_chart": charts.trend_chart(prep, ind, trend_area, kind, notes),
            "ind": ind,
            "period": period,
            "area_type": area_type,
            "area_types": pages.AREA_TYPES,
            "groups": groups,
            "trend_area": trend_area,
            "trend_area_name": pages.area_name(trend_area),
            "kind": kind,
            "kinds": kinds,
            "areas": [{"code": c, "name": pages.area_name(c)} for c in codes],
            **data,
            **pages.trend_view(prep, ind, trend_area, kind),
        }

    html = body(ctx, "indicator", params, "results/indicator_body.html", build)
    return page(request, ctx, ind.title, html, label="Indicator")


@login_not_required
@require_safe
def areas(request):
    ctx = context_for(request)
    groups = [
        {"title": "Scotland", "areas": [all_areas()[SCOTLAND]]},
        {"title": "Child Protection Committees", "areas": areas_of_type("cpc")},
        {"title": "Councils", "areas": areas_of_type("council")},
    ]
    from django.shortcuts import render

    return render(
        request,
        "results/areas.html",
        {"title": "Areas", "groups": groups, "audience": ctx.audience},
    )


@login_not_required
@require_safe
def area(request, code: str):
    found = all_areas().get(code)
    if found is None:
        raise Http404("No such area.")
    ctx = context_for(request)
    if ctx.prep is None:
        return not_ready(request, ctx, found.name)
    html = body(ctx, "area", (code,), "results/area_body.html", lambda: pages.area(ctx.prep, code))
    label = {"council": "Council", "cpc": "Child Protection Committee"}.get(found.type, "Country")
    return page(request, ctx, found.name, html, label=label)


@login_not_required
@require_safe
def compare(request):
    ctx = context_for(request)
    title = "Compare areas"
    if ctx.prep is None:
        return not_ready(request, ctx, title)
    prep = ctx.prep
    known = all_areas()
    chosen = []
    for code in request.GET.getlist("area"):
        if code in known and code not in chosen:
            chosen.append(code)
    chosen = chosen[:MAX_COMPARE]
    kinds = ("statistics_year", "financial_year", "year", "quarter")
    offered = [p for k in kinds for p in reversed(prep.period_labels(k))]
    period = _choice(request.GET.get("period"), offered, prep.latest_period("statistics_year"))
    options = [
        {"title": "Scotland", "areas": [known[SCOTLAND]]},
        {"title": "Child Protection Committees", "areas": areas_of_type("cpc")},
        {"title": "Councils", "areas": areas_of_type("council")},
    ]
    params = (tuple(chosen), period)

    def build() -> dict:
        data = pages.compare(prep, tuple(chosen), period) if chosen and period else {}
        return {
            "options": options,
            "chosen": chosen,
            "period": period,
            "offered": offered,
            "max": MAX_COMPARE,
            **data,
        }

    html = body(ctx, "compare", params, "results/compare_body.html", build)
    return page(request, ctx, title, html)
