"""The national report: every area side by side for each indicator, variation across areas with
and without the overdispersion adjustment, the areas showing special-cause variation (SPC on each
area's own series), change since the 2016 baseline, Scotland's own trend, and a data-quality
annex."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from bairn.analysis.over_time import trend
from bairn.areas import SCOTLAND, areas_of_type
from bairn.errors import BairnError
from bairn.indicators.catalogue import Indicator
from bairn.periods import parse_period
from bairn.reports import blocks
from bairn.reports.config import audience_line, load_config
from bairn.reports.data import ReportData
from bairn.reports.model import (
    DECIMALS,
    Column,
    Group,
    IndicatorSection,
    Point,
    Report,
    Table,
)
from bairn.reports.quality import quality_tables

Progress = Callable[[str, int, int], None]
SPECIAL = (
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
)


def build_national_report(
    data: ReportData,
    period: str,
    *,
    area_type: str = "council",
    commentary: dict[str, str] | None = None,
    indicators: list[str] | None = None,
    progress: Progress | None = None,
) -> Report:
    if area_type not in ("council", "cpc"):
        raise BairnError(f"Areas to compare must be council or cpc, not {area_type!r}.")
    if period not in data.periods_published(SCOTLAND):
        raise BairnError(
            f"There are no figures for {period} published to the {data.audience} audience; the "
            "public receives statistics years (e.g. SY2023-24); national analysts get quarters."
        )
    note = progress or (lambda *_: None)
    config = load_config()
    codes = sorted((a.code for a in areas_of_type(area_type)), key=blocks.name)
    grouped = config.grouped(data.catalogue, indicators)
    total = sum(len(inds) for _, inds in grouped)
    groups, summary_rows, done = [], [], 0
    for title, inds in grouped:
        sections = []
        for ind in inds:
            note(f"Scotland: {ind.title}", done, total)
            section, row = _section(data, ind, period, area_type, codes, config.recent_periods)
            section.commentary = (commentary or {}).get(ind.id)
            sections.append(section)
            summary_rows.append(row)
            done += 1
        groups.append(Group(title, sections))
    councils = [a.code for a in areas_of_type("council")]
    quality, quality_notes = quality_tables(data, sorted(councils, key=blocks.name), period)
    plural = "CPCs" if area_type == "cpc" else "councils"
    facts = [
        ("Period", period),
        ("Areas compared", f"all {len(codes)} {plural}"),
        ("Audience", audience_line(data.audience, data.cpc)),
        ("Indicators computed", f"{data.generated_at()} UTC"),
        ("Catalogue version", str(data.run.get("catalogue_version", data.catalogue.version))),
    ]
    return Report(
        kind="national",
        title=f"Scotland: child protection national report, {period}",
        subtitle=f"Every indicator for all {plural}: variation, special causes and change since "
        "the 2016 baseline",
        period=period,
        comparison_period=period,
        audience=data.audience,
        audience_line=audience_line(data.audience, data.cpc),
        marking=data.publication.protected.record.marking,
        footnote=data.publication.protected.footnote,
        facts=facts,
        summary=_stand_out(summary_rows, period, plural),
        summary_table=_summary_table(summary_rows, period, plural),
        quality=quality,
        quality_notes=quality_notes,
        groups=groups,
        method_notes=_notes(config.recent_periods),
        dated=data.computed_at(),
    )


def _section(
    data: ReportData, ind: Indicator, period: str, area_type: str, codes: list[str], recent: int
) -> tuple[IndicatorSection, dict]:
    slug = ind.id.replace("_", "-")
    section = blocks.indicator_section(ind)
    if not ind.total_row:
        section.blocks.append(
            blocks.category_table(data, ind, [(SCOTLAND, period)], f"{slug}-categories")
        )
        section.notes.append("This indicator has no total, only a value for each category.")
        return section, _summary(data, ind, period, None, None, None)
    spc = _area_trends(data, ind, period, [*codes, SCOTLAND])
    latest = spc.groupby("area_code").tail(1).set_index("area_code") if len(spc) else None
    funnel = None
    if ind.unit in ("percent", "per_1000"):
        try:
            chart, funnel = blocks.funnel_block(
                data, ind, period, area_type, highlight=None, chart_id=f"{slug}-funnel"
            )
            chart.table = _side_by_side(data, ind, period, codes, funnel, latest, chart.table.id)
            chart.display = None
            chart.brief = None  # the national report is about every area: its PDF prints all
            section.blocks.append(chart)
        except BairnError as exc:
            section.notes.append(f"Funnel plot: {exc}")
    if funnel is None:
        section.blocks.append(
            _side_by_side(data, ind, period, codes, None, latest, f"{slug}-areas")
        )
    section.blocks.append(_special_table(spc, ind, recent, f"{slug}-special"))
    try:
        section.blocks.append(
            blocks.trend_block(data, ind, SCOTLAND, period, chart_id=f"{slug}-trend")
        )
    except BairnError as exc:
        section.notes.append(f"Trend: {exc}")
    base = None
    if ind.unit in ("percent", "per_1000"):
        try:
            base = blocks.baseline_frame(data, ind, period)
            table = blocks.baseline_table(ind, [(base, [SCOTLAND, *codes])], f"{slug}-baseline")
            section.blocks.append(table)
        except BairnError as exc:
            section.notes.append(f"Change since baseline: {exc}")
    return section, _summary(data, ind, period, funnel, latest, base)


def _area_trends(data: ReportData, ind: Indicator, period: str, codes: list[str]) -> pd.DataFrame:
    def build() -> pd.DataFrame:
        end = parse_period(period).end
        kind = parse_period(period).kind
        frames = []
        for code in codes:
            # each area's own rows: the trend of one area reads only those
            rows = data.area_results(ind, code, until=end)
            try:
                frames.append(trend(rows, ind, code, period_kind=kind))
            except BairnError:
                continue
        if not frames:
            raise BairnError("no area has a trend")
        return pd.concat(frames, ignore_index=True)

    key = ("area-trends", ind.id, period, tuple(codes))
    try:
        raw = data.cached(key, build, shared=True)
        return data.cached(key, lambda: data.mask(raw))
    except BairnError:
        return pd.DataFrame(columns=["area_code", "period", "point_type", "rule"])


def _side_by_side(data, ind, period, codes, funnel, latest, table_id) -> Table:
    d = DECIMALS[ind.unit]
    cols = [
        Column("Area", "text", header=True),
        Column("Numerator", "count"),
        Column("Denominator", "count"),
        blocks.value_column(ind),
        Column("95% lower", "value", d),
        Column("95% upper", "value", d),
        Column("99.8% lower limit", "value", d),
        Column("99.8% upper limit", "value", d),
        Column("Funnel position", "text"),
        Column("Allowing for overdispersion", "text"),
        Column(f"SPC signal, {period}", "text"),
    ]
    by_area = funnel.set_index("area_code") if funnel is not None else None
    overdispersed = funnel is not None and blocks._overdispersed(funnel)
    rows = []
    for code in [SCOTLAND, *codes]:
        found = data.number(ind.id, code, period)
        if found is None:
            continue
        f = by_area.loc[code] if by_area is not None and code in by_area.index else None
        none = "z" if code == SCOTLAND else None
        signal = ""
        if latest is not None and code in latest.index and latest.loc[code, "period"] == period:
            signal = blocks.plain(blocks.SIGNAL, latest.loc[code, "point_type"])
        rows.append(
            [
                blocks.name(code),
                found["numerator"],
                found["denominator"],
                found["value"],
                found["lower95"],
                found["upper95"],
                f["lower998"] if f is not None else none,
                f["upper998"] if f is not None else none,
                blocks.plain(blocks.POSITION, f["significance"]) if f is not None else "",
                blocks.plain(blocks.POSITION, f["adjusted_significance"])
                if f is not None and overdispersed
                else "",
                signal,
            ]
        )
    caption = f"{ind.title}: every area side by side, {period}"
    return Table(table_id, caption, cols, rows, emphasise={0}, sheet="Funnel")


def _special_table(spc: pd.DataFrame, ind: Indicator, recent: int, table_id: str) -> Table:
    """One row per area with a special cause in its latest periods: when, which, by what rule."""
    cols = [
        Column("Area", "text", header=True),
        Column("Periods", "text"),
        Column("Signal", "text"),
        Column("Rule", "text"),
    ]
    rows = []
    if len(spc):
        last = spc.groupby("area_code").tail(recent)
        hits = last[last.point_type.isin(SPECIAL)]
        for code, group in sorted(hits.groupby("area_code"), key=lambda g: blocks.name(g[0])):
            signals = dict.fromkeys(blocks.plain(blocks.SIGNAL, p) for p in group.point_type)
            rules = dict.fromkeys(blocks.plain(blocks.RULE, r) for r in group.rule)
            rows.append(
                [blocks.name(code), ", ".join(group.period), "; ".join(signals), "; ".join(rules)]
            )
    caption = f"{ind.title}: special-cause variation in each area's latest {recent} periods"
    table = Table(table_id, caption, cols, rows, sheet="Special causes")
    if not rows:
        table.notes.append("No area shows special-cause variation in these periods.")
    return table


def _summary(data, ind, period, funnel, latest, base) -> dict:
    scot = data.number(ind.id, SCOTLAND, period) or {}
    out = {
        "ind": ind,
        "value": scot.get("value", ":"),
        "above": 0,
        "below": 0,
        "adj_outside": None,
        "special": 0,
        "verdict": "–",
    }
    if funnel is not None:
        out["above"] = int((funnel.significance == "High (0.001)").sum())
        out["below"] = int((funnel.significance == "Low (0.001)").sum())
        if blocks._overdispersed(funnel):
            out["adj_outside"] = int(
                funnel.adjusted_significance.isin(["High (0.001)", "Low (0.001)"]).sum()
            )
    if latest is not None:
        now = latest[(latest.period == period) & (latest.index != SCOTLAND)]
        out["special"] = int(now.point_type.isin(SPECIAL).sum())
    if base is not None:
        row = base[base.area_code == SCOTLAND]
        if len(row):
            out["verdict"] = str(row.verdict.iloc[0])
    return out


def _summary_table(rows: list[dict], period: str, plural: str) -> Table:
    cols = [
        Column("Indicator", "text", header=True),
        Column("Unit", "text"),
        Column(f"Scotland, {period}", "value", 2),
        Column("Above the 99.8% limit", "count"),
        Column("Below the 99.8% limit", "count"),
        Column("Outside allowing for overdispersion", "text"),
        Column(f"{plural.capitalize()} with a special cause at {period}", "count"),
        Column("Scotland since the 2016 baseline", "text"),
    ]
    body = [
        [
            r["ind"].title,
            blocks.UNIT_LABEL[r["ind"].unit],
            r["value"],
            r["above"],
            r["below"],
            "not overdispersed" if r["adj_outside"] is None else str(r["adj_outside"]),
            r["special"],
            r["verdict"],
        ]
        for r in rows
    ]
    return Table(
        "summary",
        f"Every indicator at a glance, {period}",
        cols,
        body,
        sheet="Summary",
        row_decimals=[DECIMALS[r["ind"].unit] for r in rows],
    )


def _stand_out(rows: list[dict], period: str, plural: str) -> list[Point]:
    out = []
    label = plural[0].upper() + plural[1:]
    wide = [r for r in rows if (r["adj_outside"] or 0) > 0]
    if wide:
        out.append(
            Point(
                f"{label} outside the 99.8% limits even allowing for overdispersion, "
                f"{period} (how many):",
                [f"{r['ind'].title} ({r['adj_outside']})" for r in wide],
            )
        )
    special = sorted((r for r in rows if r["special"]), key=lambda r: -r["special"])
    if special:
        out.append(
            Point(
                f"{label} with a special cause at {period} (how many):",
                [f"{r['ind'].title} ({r['special']})" for r in special],
            )
        )
    changed = [r for r in rows if str(r["verdict"]).startswith("Significantly")]
    if changed:
        out.append(
            Point(
                "Scotland significantly different from the 2016 baseline:",
                [f"{r['ind'].title} ({r['verdict'].split()[1]})" for r in changed],
            )
        )
    return out or [Point(f"Nothing stands out in {period}.")]


def _notes(recent: int) -> list[str]:
    return [
        "Funnel plots: each area against Scotland's value, with 95% and 99.8% limits; areas vary "
        "more than chance allows (overdispersion) when τ² > 0, and the tables then also give "
        "each area's position against limits widened for it (Spiegelhalter 2005).",
        "SPC: XmR chart of each area's own series with Making Data Count rules; an area is "
        f"listed when any of its latest {recent} periods is a special cause.",
        "Change since the 2016 baseline: a quarter against the same quarter of 2016, a year "
        "against 2015-16; percentages as a difference in percentage points (Newcombe), rates as "
        "a rate ratio (exact), each with its 95% interval.",
    ]
