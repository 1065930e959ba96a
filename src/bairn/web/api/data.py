"""The data endpoints: indicators (the long table), variation, trend, baseline."""

from __future__ import annotations

import json

import pandas as pd
from django.http import HttpRequest, HttpResponse
from ninja import Query

from bairn.errors import BairnError
from bairn.indicators import load_catalogue
from bairn.publication import subset
from bairn.web.api import schemas
from bairn.web.api.api import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    _audit,
    _check_format,
    _csv_frame,
    _header,
    _json,
    _ready,
    api,
    plain,
)
from bairn.web.results import pagecache, pages


def _indicator(indicator_id: str):
    return load_catalogue().get(indicator_id)


def _next_url(request: HttpRequest, offset: int, limit: int, total: int) -> str | None:
    if offset + limit >= total:
        return None
    query = request.GET.copy()
    query["offset"] = str(offset + limit)
    query["limit"] = str(limit)
    return f"{request.path}?{query.urlencode()}"


@api.get(
    "/indicators",
    response={200: schemas.Page, 400: schemas.Problem, 503: schemas.Problem},
    summary="Indicator results (the long table), disclosure-controlled for the caller",
)
def indicators(
    request: HttpRequest,
    indicator: list[str] = Query(None, description="Indicator id(s); all when absent."),
    area: list[str] = Query(None, description="Area code(s): S12…, CPC-…, S92000003."),
    period: list[str] = Query(None, description="Period label(s): SY2023-24, 2024Q1, …"),
    breakdown: str = Query("total", description="total, a breakdown name, or all."),
    format: str = Query("json", description="json or csv."),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
):
    from bairn.periods import parse_period
    from bairn.web.results.downloads import written

    _check_format(format)
    ctx = _ready(request)
    periods = sorted(parse_period(p).label for p in period or [])
    key = (
        tuple(sorted(indicator or [])), tuple(sorted(area or [])), tuple(periods),
        breakdown, format, limit, offset,
    )  # fmt: skip

    def build() -> tuple[bytes | dict, int, int]:
        chosen = ctx.prep.publication.select(
            indicators=list(key[0]) or None,
            areas=list(key[1]) or None,
            periods=periods or None,
            breakdown=None if breakdown == "all" else breakdown,
        )
        total = len(chosen.frame)
        if format == "csv":
            window = pd.Series(False, index=chosen.frame.index)
            window.iloc[offset : offset + limit] = True
            part = subset(chosen, window)
            return written(part, "csv"), total, len(part.frame)
        rows = plain(chosen.frame.iloc[offset : offset + limit])
        return json.dumps(rows, ensure_ascii=False, allow_nan=False), total, len(rows)

    body, total, count = pagecache.cached(
        ctx.prep.run_id, ctx.audience.key, "api:indicators", key, build, kind="html"
    )
    _audit(request, ctx, "indicators", format, count)
    next_url = _next_url(request, offset, limit, total)
    if format == "csv":
        response = _csv_response(body)
        response["X-Total-Count"] = str(total)
        if next_url:
            response["Link"] = f'<{next_url}>; rel="next"'
        return response
    head = {**_header(ctx), "total": total, "offset": offset, "limit": limit, "next": next_url}
    text = json.dumps(head, ensure_ascii=False)[:-1] + ', "data": ' + body + "}"
    return HttpResponse(text, content_type="application/json")


def _csv_response(data: bytes):
    return HttpResponse(data, content_type="text/csv; charset=utf-8")


def _analysis(request, ctx, endpoint: str, format: str, frame: pd.DataFrame, warnings=()):
    _audit(request, ctx, endpoint, format, len(frame))
    if format == "csv":
        return _csv_frame(ctx, frame)
    return _json({**_header(ctx), "warnings": list(warnings), "data": plain(frame)})


@api.get(
    "/variation",
    response={200: schemas.Analysis, 400: schemas.Problem, 503: schemas.Problem},
    summary="Each area against funnel limits around Scotland (99.8% and 95%)",
)
def variation(
    request: HttpRequest,
    indicator: str,
    period: str = Query(None, description="Default: the latest statistics year."),
    area_type: str = Query("council", description="council or cpc."),
    format: str = "json",
):
    from bairn.periods import parse_period

    _check_format(format)
    if area_type not in ("council", "cpc"):
        raise BairnError(f"Area type {area_type!r} is not council or cpc.")
    ind = _indicator(indicator)
    ctx = _ready(request)
    label = parse_period(period).label if period else ctx.prep.latest_period()
    result = pages.funnel(ctx.prep, ind, label, area_type)
    if result.table is None:
        raise BairnError(result.message)
    return _analysis(request, ctx, "variation", format, result.table)


@api.get(
    "/trend",
    response={200: schemas.Analysis, 400: schemas.Problem, 503: schemas.Problem},
    summary="One area's series with SPC (XmR) limits and signals",
)
def trend(
    request: HttpRequest,
    indicator: str,
    area: str,
    period_kind: str = Query(None, description="quarter, statistics_year, financial_year, year."),
    format: str = "json",
):
    from bairn.areas import area as lookup

    _check_format(format)
    ind = _indicator(indicator)
    code = lookup(area).code
    ctx = _ready(request)
    kinds = pages.trend_kinds(ctx.prep, code)
    kind = period_kind or (kinds[0] if kinds else "statistics_year")
    result = pages.trend(ctx.prep, ind, code, kind)
    if result.table is None:
        raise BairnError(result.message)
    return _analysis(request, ctx, "trend", format, result.table, result.warnings)


@api.get(
    "/baseline",
    response={200: schemas.Analysis, 400: schemas.Problem, 503: schemas.Problem},
    summary="Change against the 2016 baseline, for every area",
)
def baseline(
    request: HttpRequest,
    indicator: str,
    period: str = Query(None, description="Default: the latest statistics year."),
    format: str = "json",
):
    from bairn.periods import parse_period

    _check_format(format)
    ind = _indicator(indicator)
    ctx = _ready(request)
    label = parse_period(period).label if period else ctx.prep.latest_period()
    result = pages.baseline(ctx.prep, ind, label)
    if result.table is None:
        raise BairnError(result.message)
    return _analysis(request, ctx, "baseline", format, result.table)
