"""The blocks every indicator section is built from — a comparison table, an SPC chart with its
table, a funnel plot with its table, a baseline table — each from masked analyses and published
numbers only (`ReportData`)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from bairn import charts
from bairn.analysis.across_areas import funnel_curve, variation
from bairn.analysis.over_time import trend
from bairn.analysis.since_baseline import baseline_change
from bairn.areas import SCOTLAND, all_areas
from bairn.charts.style import UNIT_LABELS
from bairn.errors import BairnError
from bairn.indicators.catalogue import Indicator
from bairn.periods import parse_period
from bairn.reports.brief import funnel_brief, select_columns
from bairn.reports.data import ReportData
from bairn.reports.model import (
    DECIMALS,
    Chart,
    Column,
    IndicatorSection,
    Table,
    as_number,
    cell_text,
)

UNIT_LABEL = UNIT_LABELS
POSITION = {
    "High (0.001)": "Above the 99.8% limit",
    "High (0.025)": "Above the 95% limit",
    "Low (0.001)": "Below the 99.8% limit",
    "Low (0.025)": "Below the 95% limit",
    "Not significant": "Within the limits",
}
SIGNAL = {
    "common_cause": "Common cause",
    "special_cause_improvement": "Improvement",
    "special_cause_concern": "Concern",
    "special_cause_neutral_high": "Higher",
    "special_cause_neutral_low": "Lower",
}
SIGNAL_MARK = {
    "special_cause_improvement": "I",
    "special_cause_concern": "C",
    "special_cause_neutral_high": "H",
    "special_cause_neutral_low": "L",
}
BASELINE_COLUMNS = (
    "period", "value", "baseline_period", "baseline_value", "estimate", "lower", "upper", "verdict",
)  # fmt: skip
RULE = {
    "outside": "beyond a process limit",
    "trend": "7 rising or falling",
    "two_in_three": "2 of 3 near a limit",
    "shift": "7 on one side of the centre",
}


def name(code: str) -> str:
    found = all_areas().get(code)
    return found.name if found else code


def value_column(ind: Indicator, title: str = "Value") -> Column:
    return Column(f"{title} ({UNIT_LABEL[ind.unit]})", "value", DECIMALS[ind.unit])


def plain(mapping: dict, value: object) -> object:
    return mapping.get(value, value) if isinstance(value, str) else ""


def comparison_table(
    data: ReportData, ind: Indicator, rows: list[tuple[str, str, str]], table_id: str
) -> Table:
    """Published figures for (label, area, period) rows."""
    cols = [
        Column("Area", "text", header=True),
        Column("Compared as", "text"),
        Column("Period", "text"),
        Column("Numerator", "count"),
        Column("Denominator", "count"),
        value_column(ind),
        Column("95% lower", "value", DECIMALS[ind.unit]),
        Column("95% upper", "value", DECIMALS[ind.unit]),
    ]
    out = []
    for label, code, period in rows:
        found = data.number(ind.id, code, period)
        if found is None:
            continue
        out.append(
            [
                name(code),
                label,
                period,
                found["numerator"],
                found["denominator"],
                found["value"],
                found["lower95"],
                found["upper95"],
            ]
        )
    return Table(
        table_id,
        f"{ind.title}: this area, Scotland and similar areas",
        cols,
        out,
        emphasise={0} if out else set(),
        sheet="Comparison",
    )


def category_table(
    data: ReportData, ind: Indicator, rows: list[tuple[str, str]], table_id: str
) -> Table:
    """Published figures by category for (area, period) rows: for indicators that have no
    total (a share for each concern type)."""
    frame = data.publication.protected.frame
    frame = frame[(frame.indicator_id == ind.id) & (frame.breakdown != "total")]
    cols = [
        Column("Area", "text", header=True),
        Column("Period", "text"),
        Column("Category", "text"),
        Column("Numerator", "count"),
        Column("Denominator", "count"),
        value_column(ind),
    ]
    out = []
    for code, period in rows:
        hit = frame[(frame.area_code == code) & (frame.period == period)]
        if len(hit):
            data.shown.add((ind.id, code, period))
        for r in hit.itertuples(index=False):
            out.append(
                [
                    name(code),
                    period,
                    str(r.category).replace("_", " "),
                    r.numerator,
                    r.denominator,
                    r.value,
                ]
            )
    return Table(table_id, f"{ind.title}: by category", cols, out, sheet="Categories")


def trend_block(
    data: ReportData,
    ind: Indicator,
    area_code: str,
    period: str,
    *,
    annotations: tuple[dict, ...] = (),
    chart_id: str,
) -> Chart:
    """The area's SPC chart to `period`, in periods of the same kind, with its table."""
    kind = parse_period(period).kind
    end = parse_period(period).end

    def build() -> pd.DataFrame:
        # The area's rows only: parsing every area's period labels cost seconds a report.
        rows = data.area_results(ind, area_code, until=end)
        return trend(rows, ind, area_code, period_kind=kind)

    key = ("trend", ind.id, area_code, period)
    raw = data.cached(key, build, shared=True)
    frame = data.cached(key, lambda: data.mask(raw))
    title = f"{ind.title}: {name(area_code)}"
    spec = charts.trend_spec(
        frame, title=title, unit_label=UNIT_LABEL[ind.unit], annotations=annotations
    )
    svg = charts.render_svg(spec)
    table = trend_table(frame, ind, chart_id)
    display = quarter_grid(table, ind) if kind == "quarter" else None
    return Chart(chart_id, title, spec["description"], svg, table, display)


def trend_table(frame: pd.DataFrame, ind: Indicator, chart_id: str) -> Table:
    d = DECIMALS[ind.unit]
    centre = "mean" if "mean" in frame else "median"
    cols = [
        Column("Area", "text"),
        Column("Period", "text", header=True),
        Column("Numerator", "count"),
        Column("Denominator", "count"),
        value_column(ind),
        Column("Centre line", "value", d),
        Column("Lower process limit", "value", d),
        Column("Upper process limit", "value", d),
        Column("Signal", "text"),
        Column("Rule", "text"),
    ]
    rows = []
    for code, period, numerator, denominator, value, mid, lpl, upl, kind, rule in zip(
        *_columns(frame, "area_code", "period", "numerator", "denominator", "value"),
        _column(frame, centre),
        _column(frame, "lpl"),
        _column(frame, "upl"),
        _column(frame, "point_type", ""),
        _column(frame, "rule"),
        strict=True,
    ):
        rows.append(
            [
                name(code),
                period,
                numerator,
                denominator,
                value,
                mid,
                lpl,
                upl,
                plain(SIGNAL, kind),
                plain(RULE, rule) if rule else "",
            ]
        )
    caption = f"{ind.title}: values and SPC limits for {name(frame.area_code.iloc[0])}"
    return Table(f"{chart_id}-table", caption, cols, rows, sheet="Trend")


def quarter_grid(table: Table, ind: Indicator) -> Table:
    """The quarterly series as years × quarters, each value marked with its signal, for print."""
    value_col = next(c for c in table.columns if c.kind == "value")
    values, periods = table.column(value_col.name), table.column("Period")
    signals = table.column("Signal")
    marks = {v: SIGNAL_MARK[k] for k, v in SIGNAL.items() if k in SIGNAL_MARK}
    grid: dict[str, list[str]] = {}
    for period, value, signal in zip(periods, values, signals, strict=True):
        year, q = str(period)[:4], int(str(period)[-1])
        row = grid.setdefault(year, ["", "", "", ""])
        text = cell_text(value, value_col)
        row[q - 1] = f"{text} {marks[signal]}" if signal in marks else text
    cols = [Column("Year", "text", header=True)] + [Column(f"Q{q}", "flag") for q in range(1, 5)]
    return Table(
        table.id,
        f"{table.caption} ({UNIT_LABEL[ind.unit]}); I improvement, C concern, "
        "H higher, L lower: special causes",
        cols,
        [[year, *row] for year, row in sorted(grid.items())],
    )


def funnel_block(
    data: ReportData,
    ind: Indicator,
    period: str,
    area_type: str,
    *,
    highlight: str | None,
    chart_id: str,
) -> tuple[Chart, pd.DataFrame]:
    """The funnel plot of every area of a type in `period`, with its table."""

    def build() -> tuple[pd.DataFrame, pd.DataFrame]:
        raw = variation(data.results_for(ind), ind, period, area_type)
        base = float(raw.baseline.iloc[0]) / ind.multiplier
        return raw, funnel_curve(ind, base, raw.denominator.to_numpy(float))

    def masked() -> pd.DataFrame:
        scot = data.number(ind.id, SCOTLAND, period)
        if scot is None or as_number(scot["value"]) is None:
            raise BairnError(
                f"not drawn: Scotland's {period} figure, the funnel's centre line, is "
                "suppressed or not published for this audience."
            )
        return data.mask(raw)

    key = ("variation", ind.id, period, area_type)
    raw, curve = data.cached(key, build, shared=True)
    shown = data.cached(key, masked)
    title = f"{ind.title}: {'CPCs' if area_type == 'cpc' else 'councils'}, {period}"
    spec = charts.funnel_spec(
        shown, curve, title=title, unit_label=UNIT_LABEL[ind.unit], highlight=highlight
    )
    svg = charts.render_svg(spec)
    table = funnel_table(data, shown, ind, period, highlight, f"{chart_id}-table")
    display = select_columns(table, [0, 2, 3, 6, 7] if _overdispersed(shown) else [0, 2, 3, 6])
    chart = Chart(chart_id, title, spec["description"], svg, table, display, funnel_brief(display))
    return chart, shown


def funnel_table(
    data: ReportData,
    shown: pd.DataFrame,
    ind: Indicator,
    period: str,
    highlight: str | None,
    table_id: str,
) -> Table:
    d = DECIMALS[ind.unit]
    cols = [
        Column("Area", "text", header=True),
        Column("Numerator", "count"),
        Column("Denominator", "count"),
        value_column(ind),
        Column("99.8% lower limit", "value", d),
        Column("99.8% upper limit", "value", d),
        Column("Position", "text"),
        Column("Allowing for overdispersion", "text"),
    ]
    rows, emphasise = [], set()
    overdispersed = _overdispersed(shown)
    scot = data.number(ind.id, SCOTLAND, period)
    if scot is not None:
        rows.append(
            [
                "Scotland",
                scot["numerator"],
                scot["denominator"],
                scot["value"],
                "z",
                "z",
                "Centre line",
                "",
            ]
        )
    columns = ("area_code", "numerator", "denominator", "value", "lower998", "upper998")
    areas = zip(
        *_columns(shown, *columns, "significance"),
        _column(shown, "adjusted_significance"),
        strict=True,
    )
    for code, numerator, denominator, value, lower, upper, position, adjusted in sorted(
        areas, key=lambda area: name(area[0])
    ):
        if code == highlight:
            emphasise.add(len(rows))
        rows.append(
            [
                name(code),
                numerator,
                denominator,
                value,
                lower,
                upper,
                plain(POSITION, position),
                plain(POSITION, adjusted) if overdispersed else "",
            ]
        )
    caption = f"{ind.title}: funnel plot data, {period}"
    return Table(table_id, caption, cols, rows, emphasise=emphasise, sheet="Funnel")


def _column(frame: pd.DataFrame, column: str, default: object = None) -> list:
    """A column as a list (`default` in each row when the frame has none): tables are read
    from lists, as reading a frame row by row cost more than the analyses behind it."""
    return frame[column].tolist() if column in frame else [default] * len(frame)


def _columns(frame: pd.DataFrame, *columns: str) -> list[list]:
    return [frame[column].tolist() for column in columns]


def _overdispersed(shown: pd.DataFrame) -> bool:
    tau2 = pd.to_numeric(shown.get("tau2"), errors="coerce").max()
    return bool(pd.notna(tau2) and tau2 > 0)


def baseline_frame(
    data: ReportData, ind: Indicator, period: str, areas: Sequence[str] | None = None
) -> pd.DataFrame:
    """The change since baseline of every area (or of `areas` only: masking every area's rows
    for a report that shows two of them was a quarter of its analysis time)."""
    key = ("baseline", ind.id, period)
    raw = data.cached(key, lambda: baseline_change(data.results_for(ind), ind, period), shared=True)
    if areas is None:
        return data.cached(key, lambda: data.mask(raw))

    def some() -> pd.DataFrame:
        chosen = raw[raw.area_code.isin(list(areas))]
        shown = data.mask(chosen, strict=False)
        if shown.empty and not raw.empty:  # raises if the audience has no figure for the period
            data.mask(raw)
        return shown

    return data.cached((*key, tuple(areas)), some)


def baseline_table(
    ind: Indicator, frames: list[tuple[pd.DataFrame, list[str]]], table_id: str
) -> Table:
    """Change since the 2016 baseline for the chosen areas of each (frame, areas) pair."""
    change = "Difference (percentage points)" if ind.unit == "percent" else "Rate ratio"
    cols = [
        Column("Area", "text", header=True),
        Column("Period", "text"),
        value_column(ind),
        Column("Baseline period", "text"),
        value_column(ind, "Baseline value"),
        Column(change, "estimate", 2),
        Column("95% lower", "estimate", 2),
        Column("95% upper", "estimate", 2),
        Column("Verdict", "text"),
    ]
    rows = []
    for frame, codes in frames:
        shown = list(zip(*_columns(frame, "area_code", *BASELINE_COLUMNS), strict=True))
        for code in codes:
            rows += [[name(code), *row[1:]] for row in shown if row[0] == code]
    caption = f"{ind.title}: change since the 2016 baseline"
    return Table(table_id, caption, cols, rows, emphasise={0} if rows else set(), sheet="Baseline")


def indicator_section(ind: Indicator, commentary: str | None = None) -> IndicatorSection:
    """An indicator's section with its definition, units and scrutiny questions, no blocks yet."""
    return IndicatorSection(
        id=f"ind-{ind.id.replace('_', '-')}",
        title=ind.title,
        definition=ind.definition,
        why=ind.why_it_matters,
        numerator=ind.numerator,
        denominator=ind.denominator,
        unit_label=UNIT_LABEL[ind.unit],
        questions=list(ind.scrutiny_questions),
        commentary=commentary,
        indicator_id=ind.id,
    )
