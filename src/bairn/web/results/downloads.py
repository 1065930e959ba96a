"""Downloads of an indicator's published figures (CSV, JSON, XLSX through bairn.publication's
writers) and the chart images. Exports for a non-public audience are recorded in the audit log."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from bairn.disclosure import write_csv, write_json
from bairn.publication import write_xlsx
from bairn.web import audit
from bairn.web.results import pagecache
from bairn.web.results.common import context_for, not_ready
from bairn.web.results.views import _indicator_or_404

FORMATS = {
    "csv": ("text/csv; charset=utf-8", write_csv),
    "json": ("application/json", write_json),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", write_xlsx),
}


def written(protected, fmt: str) -> bytes:
    """The bytes a bairn.publication writer produces for a protected output (public outputs
    are audited by the writer as they are written)."""
    with tempfile.TemporaryDirectory(prefix="bairn-download-") as folder:
        path = FORMATS[fmt][1](protected, Path(folder) / f"out.{fmt}")
        return Path(path).read_bytes()


def audience_slug(audience) -> str:
    return f"area-{audience.cpc}" if audience.cpc else audience.name


def attachment(data: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=FORMATS[fmt][0])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_not_required
@require_safe
def download(request, indicator_id: str, fmt: str):
    if fmt not in FORMATS:
        raise Http404("No such format.")
    ind = _indicator_or_404(indicator_id)
    ctx = context_for(request)
    if ctx.prep is None:
        response = not_ready(request, ctx, ind.title)
        response.status_code = 503
        response["Retry-After"] = "30"
        return response
    prep = ctx.prep

    def build() -> tuple[bytes, int]:
        chosen = prep.publication.select(indicators=[ind.id], breakdown=None)
        return written(chosen, fmt), len(chosen.frame)

    data, rows = pagecache.cached(
        prep.run_id, ctx.audience.key, "download", (ind.id, fmt), build, kind="html"
    )
    if not ctx.audience.is_public:
        audit.record(
            request,
            audit.EXPORT,
            ("indicator", ind.id),
            {"format": fmt, "audience": ctx.audience.key, "rows": rows, "run": prep.run_id},
            area_code=ctx.audience.cpc or "",
        )
    name = f"bairn-{ind.id}-{audience_slug(ctx.audience)}-run{prep.run_id}.{fmt}"
    return attachment(data, fmt, name)
