"""The quarterly report for a Child Protection Committee (or one council): a summary of what
changed and what stands out, the data quality of the submissions behind it, then one section per
indicator (definition; latest value against Scotland and similar areas; trend with SPC; funnel
position; change since the 2016 baseline; scrutiny questions and the committee's commentary)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from bairn.areas import SCOTLAND, area, cpc_of
from bairn.errors import BairnError
from bairn.indicators.catalogue import Indicator
from bairn.periods import parse_period
from bairn.reports import blocks
from bairn.reports.config import audience_line, load_config
from bairn.reports.data import ReportData
from bairn.reports.model import DECIMALS, Column, Group, Report, Table
from bairn.reports.quality import quality_tables
from bairn.reports.similar import similar_areas
from bairn.reports.summary import Headline, headline_row, stand_out
from bairn.reports.voices import survey_group

Progress = Callable[[str, int, int], None]


def build_cpc_report(
    data: ReportData,
    area_code: str,
    period: str,
    *,
    commentary: dict[str, str] | None = None,
    annotations: dict[str, list[dict]] | None = None,
    indicators: list[str] | None = None,
    progress: Progress | None = None,
) -> Report:
    place = area(area_code)
    if place.type == "scotland":
        raise BairnError("For Scotland use the national report: bairn report national.")
    note = progress or (lambda *_: None)
    config = load_config()
    if not data.has_figures(place.code, period):
        raise BairnError(
            f"There are no figures for {place.name} in {period} published to the {data.audience} "
            "audience; the public receives statistics years (e.g. SY2023-24), and a CPC's own "
            "staff (--audience area) or national analysts get quarters."
        )
    compare = data.comparison_period(period)
    similar = similar_areas(place.code)[: config.similar_areas]
    groups, headlines = [], []
    grouped = config.grouped(data.catalogue, indicators)
    total = sum(len(inds) for _, inds in grouped)
    done = 0
    for title, inds in grouped:
        sections = []
        for ind in inds:
            note(f"{place.name}: {ind.title}", done, total)
            section, head = _section(
                data,
                ind,
                place.code,
                place.type,
                period,
                compare,
                similar,
                (commentary or {}).get(ind.id),
                tuple((annotations or {}).get(ind.id, ())),
            )
            sections.append(section)
            headlines.append(head)
            done += 1
        groups.append(Group(title, sections))
    cpc = place if place.type == "cpc" else area(cpc_of(place.code))
    voices = survey_group(data.surveys, cpc.code, cpc.name)
    if voices is not None:
        groups.append(voices)
    note(f"{place.name}: summary", done, total)
    councils = list(place.councils)
    quality, quality_notes = quality_tables(data, councils, period)
    kind = "CPC" if place.type == "cpc" else "council"
    return Report(
        kind="cpc",
        title=f"{place.name}: child protection {_kind_of(period)} report, {period}",
        subtitle=f"Minimum dataset indicators for the {kind}, with Scotland and similar areas",
        period=period,
        comparison_period=compare,
        audience=data.audience,
        audience_line=audience_line(data.audience, data.cpc),
        marking=data.publication.protected.record.marking,
        footnote=data.publication.protected.footnote,
        facts=_facts(data, place, period, compare, similar),
        summary=stand_out(headlines, period, compare),
        summary_table=_summary_table(headlines, period, compare),
        quality=quality,
        quality_notes=quality_notes,
        groups=groups,
        method_notes=_method_notes(compare, period),
        dated=data.computed_at(),
    )


def _section(data, ind: Indicator, code, area_type, period, compare, similar, text, notes_on):
    slug = ind.id.replace("_", "-")
    section = blocks.indicator_section(ind, text)
    head = Headline(ind, data.number(ind.id, code, period), period=period)
    if not ind.total_row:
        pairs = [(code, period)] + ([(SCOTLAND, compare)] if compare else [])
        section.blocks.append(blocks.category_table(data, ind, pairs, f"{slug}-categories"))
        section.notes.append(
            "This indicator has no total, only a value for each category, so it has no trend, "
            "funnel plot or baseline test here; the table gives each category."
        )
        return section, head
    rows = [("This area", code, period)]
    if compare:
        if compare != period:
            rows.append(("This area", code, compare))
        rows.append(("Scotland", SCOTLAND, compare))
        rows += [(f"Similar area {i}", c, compare) for i, c in enumerate(similar, start=1)]
    section.blocks.append(blocks.comparison_table(data, ind, rows, f"{slug}-comparison"))
    try:
        chart = blocks.trend_block(
            data, ind, code, period, annotations=notes_on, chart_id=f"{slug}-trend"
        )
        section.blocks.append(chart)
        head.trend = chart.table
    except BairnError as exc:
        section.notes.append(f"Trend: {exc}")
    if compare and ind.unit in ("percent", "per_1000"):
        try:
            chart, shown = blocks.funnel_block(
                data, ind, compare, area_type, highlight=code, chart_id=f"{slug}-funnel"
            )
            section.blocks.append(chart)
            head.funnel = shown[shown.area_code == code]
        except BairnError as exc:
            section.notes.append(f"Funnel plot: {exc}")
    elif ind.unit not in ("percent", "per_1000"):
        section.notes.append(
            f"No funnel plot or baseline test: this indicator is a {ind.unit.replace('_', ' ')}, "
            "and both need a percentage or a rate."
        )
    if ind.unit in ("percent", "per_1000"):
        frames = []
        try:
            frames.append((blocks.baseline_frame(data, ind, period, [code]), [code]))
        except BairnError as exc:
            section.notes.append(f"Change since baseline: {exc}")
        if compare:
            with contextlib.suppress(BairnError):
                frames.append((blocks.baseline_frame(data, ind, compare, [SCOTLAND]), [SCOTLAND]))
        if frames:
            table = blocks.baseline_table(ind, frames, f"{slug}-baseline")
            section.blocks.append(table)
            head.baseline = table
    return section, head


def _facts(data: ReportData, place, period, compare, similar) -> list[tuple[str, str]]:
    names = ", ".join(blocks.name(c) for c in similar) or "none"
    facts = [
        ("Area", f"{place.name} ({place.code})"),
        ("Councils", ", ".join(blocks.name(c) for c in place.councils)),
        ("Period", period),
        ("Compared with other areas in", compare or "not available to this audience"),
        ("Similar areas", names),
        ("Audience", audience_line(data.audience, data.cpc)),
        ("Indicators computed", f"{data.generated_at()} UTC"),
        ("Catalogue version", str(data.run.get("catalogue_version", data.catalogue.version))),
    ]
    return facts


def _summary_table(headlines: list[Headline], period: str, compare: str | None) -> Table:
    cols = [
        Column("Indicator", "text", header=True),
        Column("Unit", "text"),
        Column(f"Value, {period}", "value", 2),
        Column("Previous period", "value", 2),
        Column("Latest SPC signal", "text"),
        Column(f"Funnel position, {compare or '–'}", "text"),
        Column("Since the 2016 baseline", "text"),
    ]
    rows = [headline_row(h) for h in headlines]
    return Table(
        "summary",
        f"Every indicator at a glance, {period}",
        cols,
        rows,
        sheet="Summary",
        row_decimals=[DECIMALS[h.ind.unit] for h in headlines],
    )


def _method_notes(compare: str | None, period: str) -> list[str]:
    notes = [
        "Trend: XmR chart with Making Data Count rules (a point beyond a process limit; 7 points "
        "rising or falling; 7 points on one side of the centre line; 2 of 3 points close to a "
        "limit). Limits are fixed on the periods up to the 2016 baseline when there are at least "
        "12 of them.",
        "Funnel plot: each area against Scotland's value, with 95% and 99.8% limits; when the "
        "areas vary more than chance allows (overdispersion), the 99.8% limits allowing for it "
        "are drawn too, and the table gives both positions.",
        "Change since the 2016 baseline: a quarter against the same quarter of 2016, a year "
        "against 2015-16; percentages as a difference in percentage points (Newcombe), rates as "
        "a rate ratio (exact), each with its 95% interval.",
        "Similar areas: the five areas of the same type nearest in child population and the "
        "share of the population in the 20% most deprived data zones (docs/reports.md).",
    ]
    if compare and compare != period:
        notes.insert(
            0,
            f"Other areas' figures for {period} are not published to this audience, so "
            f"comparisons with Scotland and similar areas use {compare}, the latest statistics "
            "year available to it.",
        )
    return notes


def _kind_of(period: str) -> str:
    return "quarterly" if parse_period(period).kind == "quarter" else "annual"
