"""The statistics API (django-ninja): /api/v1/…, OpenAPI document at /api/v1/openapi.json.

Anonymous requests get the `public` audience; a signed-in session what its role allows (the
same rule as the pages, bairn.web.results.audience). Every number comes from the audience's
bairn.publication; analyses are masked and made safe like the pages'. Every response of data for
a non-public audience (JSON or CSV) is recorded in the audit log as an export. There is no
interactive documentation page: its scripts would come from a CDN, which the site's
Content-Security-Policy forbids; read the OpenAPI document with any viewer.
"""

from __future__ import annotations

import json

import pandas as pd
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Status

from bairn.areas import all_areas
from bairn.errors import BairnError
from bairn.indicators import load_catalogue
from bairn.web import audit
from bairn.web.api import schemas
from bairn.web.results.common import Context, context_for

DEFAULT_LIMIT = 5_000
MAX_LIMIT = 50_000

api = NinjaAPI(
    title="Bairn statistics API",
    version="1",
    description=(
        "Child protection indicators for every council, Child Protection Committee and "
        "Scotland, disclosure-controlled for the caller's audience (anonymous: public). "
        "Numbers are numbers; GSS symbols are strings: c = suppressed, z = not applicable, "
        ": = not available. Add format=csv for CSV."
    ),
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
)


class NotReady(Exception):
    def __init__(self, ctx: Context):
        self.ctx = ctx


@api.exception_handler(NotReady)
def not_ready(request, exc: NotReady):
    task = exc.ctx.task
    body = {
        "detail": "The figures are being prepared; try again shortly."
        if task
        else "There are no statistics yet: no data has been loaded or computed.",
        "task": task.pk if task else None,
    }
    response = JsonResponse(body, status=503)
    response["Retry-After"] = "30"
    return response


@api.exception_handler(BairnError)
def bairn_error(request, exc: BairnError):
    return JsonResponse({"detail": str(exc)}, status=400)


def _ready(request) -> Context:
    ctx = context_for(request)
    if ctx.prep is None:
        raise NotReady(ctx)
    return ctx


def plain(frame: pd.DataFrame) -> list[dict]:
    """Rows as JSON-able dicts: numbers stay numbers, symbols strings, missing values null."""
    rows = frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
    for row in rows:
        for key, value in row.items():
            if hasattr(value, "item"):
                row[key] = value.item()
            elif isinstance(value, float) and value != value:
                row[key] = None
            elif not isinstance(value, (int, float, str, bool, type(None))):
                row[key] = str(value)
    return rows


def _header(ctx: Context) -> dict:
    protected = ctx.prep.protected
    notes = [protected.footnote] + ([protected.record.marking] if protected.record.marking else [])
    return {
        "audience": ctx.audience.key,
        "metadata": {**protected.metadata, "run_id": str(ctx.prep.run_id)},
        "notes": notes,
    }


def _audit(request, ctx: Context, endpoint: str, fmt: str, rows: int) -> None:
    if ctx.audience.is_public:
        return
    query = {k: request.GET.getlist(k) for k in request.GET}
    audit.record(
        request,
        audit.EXPORT,
        ("api", endpoint),
        {"format": fmt, "rows": rows, "audience": ctx.audience.key, "query": query},
        area_code=ctx.audience.cpc or "",
    )


def _json(body: dict) -> HttpResponse:
    return HttpResponse(
        json.dumps(body, ensure_ascii=False, allow_nan=False), content_type="application/json"
    )


def _csv_frame(ctx: Context, frame: pd.DataFrame) -> HttpResponse:
    """An analysis as CSV: '#' lines (footnote, marking, metadata), then the table."""
    header = _header(ctx)
    lines = [f"# {n}" for n in header["notes"]]
    lines += [f"# {k}: {v}" for k, v in header["metadata"].items()]
    text = "\n".join(lines) + "\n" + frame.to_csv(index=False, lineterminator="\n")
    return HttpResponse(text, content_type="text/csv; charset=utf-8")


def _check_format(fmt: str) -> None:
    if fmt not in ("json", "csv"):
        raise BairnError(f"Format {fmt!r} is not available; use json or csv.")


@api.get("/catalogue", response=list[schemas.CatalogueItem], summary="The indicator catalogue")
def catalogue(request: HttpRequest):
    return [ind.as_dict() for ind in load_catalogue().indicators.values()]


@api.get(
    "/catalogue/{indicator_id}",
    response={200: schemas.CatalogueItem, 404: schemas.Problem},
    summary="One indicator's definition",
)
def catalogue_item(request: HttpRequest, indicator_id: str):
    found = load_catalogue().indicators.get(indicator_id)
    if found is None:
        return Status(404, {"detail": f"There is no indicator {indicator_id!r}."})
    return found.as_dict()


@api.get("/areas", response=list[schemas.AreaItem], summary="Councils, CPCs and Scotland")
def areas(request: HttpRequest):
    return [
        {"code": a.code, "name": a.name, "type": a.type, "councils": list(a.councils)}
        for a in all_areas().values()
    ]


@api.get(
    "/periods",
    response={200: list[schemas.PeriodItem], 503: schemas.Problem},
    summary="Periods the caller's audience receives",
)
def periods(request: HttpRequest):
    from bairn.periods import parse_period

    ctx = _ready(request)
    out = []
    for row in ctx.prep.periods.itertuples(index=False):
        p = parse_period(row.period)
        out.append(
            {"period": p.label, "kind": p.kind, "start": p.start.isoformat(),
             "end": p.end.isoformat(), "scotland": bool(row.scotland)}
        )  # fmt: skip
    return out


from bairn.web.api import data  # noqa: E402,F401  (the data endpoints register themselves)
