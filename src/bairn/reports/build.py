"""`build_report`: the one entry point the CLI and the web app's "download report" task call.

Order of work: publish (the audience's protected tables) → read the unprotected results → compute
the analyses → mask them for the audience (which puts the published numbers in) → lay out → for the
public, audit the data behind the report (`bairn.disclosure.writers.checked`) → render.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from bairn.areas import area as lookup_area
from bairn.disclosure.writers import checked
from bairn.errors import BairnError
from bairn.periods import parse_period
from bairn.publication import AUDIENCES, Publication, check_audience, subset
from bairn.reports.data import ReportData
from bairn.reports.model import Report

KINDS = ("cpc", "national")
FORMATS = ("html", "pdf", "xlsx")
Progress = Callable[[str, int, int], None]


def check_arguments(kind: str, fmt: str, audience: str, cpc: str | None) -> None:
    if kind not in KINDS:
        raise BairnError(f"Report {kind!r} is not one Bairn makes; use {' or '.join(KINDS)}.")
    if fmt not in FORMATS:
        raise BairnError(f"Format {fmt!r} is not available; use {', '.join(FORMATS)}.")
    if audience not in AUDIENCES:
        raise BairnError(f"Audience {audience!r} is not one of {', '.join(AUDIENCES)}.")
    check_audience(audience, cpc)


def make_report(
    data: ReportData,
    kind: str,
    area: str | None,
    period: str,
    *,
    commentary: Mapping[str, str] | None = None,
    annotations: Mapping[str, Sequence[dict]] | None = None,
    indicators: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> Report:
    """Lay out one report from loaded data (many reports can share one `ReportData`)."""
    unknown = sorted(set(commentary or {}) - set(data.catalogue.indicators))
    if unknown:
        raise BairnError(
            f"The commentary names indicator(s) the catalogue does not have: {', '.join(unknown)}."
        )
    label = parse_period(period).label
    data.shown.clear()
    if kind == "cpc":
        from bairn.reports.cpc import build_cpc_report

        if not area:
            raise BairnError("A CPC report needs an area: --area CODE (a CPC or a council).")
        report = build_cpc_report(
            data,
            lookup_area(area).code,
            label,
            commentary=dict(commentary or {}),
            annotations={k: list(v) for k, v in (annotations or {}).items()},
            indicators=list(indicators) if indicators else None,
            progress=progress,
        )
    else:
        from bairn.reports.national import build_national_report

        report = build_national_report(
            data,
            label,
            area_type=area or "council",
            commentary=dict(commentary or {}),
            indicators=list(indicators) if indicators else None,
            progress=progress,
        )
    audit_shown(data)
    return report


def audit_shown(data: ReportData) -> None:
    """The published rows this report shows, audited as one output (public: LP audit now)."""
    frame = data.publication.protected.frame
    keys = pd.MultiIndex.from_arrays([frame.indicator_id, frame.area_code, frame.period])
    shown = pd.MultiIndex.from_tuples(sorted(data.shown)) if data.shown else keys[:0]
    no_total = [i.id for i in data.catalogue.indicators.values() if not i.total_row]
    wanted = frame.breakdown.eq("total") | frame.indicator_id.isin(no_total)
    mask = pd.Series(keys.isin(shown), index=frame.index) & wanted
    checked(subset(data.publication.protected, mask))


def render(report: Report, fmt: str) -> bytes:
    if fmt == "html":
        from bairn.reports.html import render_html

        return render_html(report).encode("utf-8")
    if fmt == "pdf":
        from bairn.reports.pdf import render_pdf

        return render_pdf(report)
    from bairn.reports.xlsx import render_xlsx

    return render_xlsx(report)


def build_report(
    kind: str,
    area: str | None,
    period: str,
    audience: str,
    fmt: str,
    db: str | Path | None,
    cpc: str | None = None,
    commentary: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    annotations: Mapping[str, Sequence[dict]] | None = None,
    surveys: pd.DataFrame | None = None,
    prepared: tuple[Publication, pd.DataFrame] | None = None,
    indicators: Sequence[str] | None = None,
) -> bytes:
    """A CPC (`kind="cpc"`, `area` a CPC or council code) or national report (`area` None, or
    the area type to compare: "council" or "cpc") for `period` and `audience`, as HTML, PDF or
    XLSX bytes. `commentary` maps indicator ids to the committee's text; `annotations` maps
    indicator ids to [{"period": "2021Q1", "label": "..."}] drawn on the SPC charts; `surveys`
    (the survey indicators after `bairn.voices.apply_survey_rule`, long shape) replaces the
    ones the store holds (`bairn voices publish`); `prepared` is the audience's publication
    and the total results it was made from, if already at hand (`ReportData.load`);
    `indicators` makes a shorter report of only those (catalogue ids; shown in the report's
    usual order)."""
    check_arguments(kind, fmt, audience, cpc)
    note = progress or (lambda *_: None)
    note("publishing the figures for the audience", 0, 3)
    data = ReportData.load(db, audience=audience, cpc=cpc, prepared=prepared)
    if surveys is not None:
        data = data.with_surveys(surveys)
    note("analysing", 1, 3)
    report = make_report(
        data,
        kind,
        area,
        period,
        commentary=commentary,
        annotations=annotations,
        indicators=indicators,
    )
    note(f"writing {fmt.upper()}", 2, 3)
    out = render(report, fmt)
    note("done", 3, 3)
    return out
