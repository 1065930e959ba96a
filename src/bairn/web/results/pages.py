"""What each statistics page shows, built from one audience's prepared figures and cached per
indicator run (pagecache): the national overview, an indicator, an area, a comparison."""

from __future__ import annotations

import statistics

from bairn.areas import SCOTLAND, all_areas
from bairn.indicators import load_catalogue
from bairn.indicators.catalogue import Indicator
from bairn.periods import parse_period
from bairn.web.results import figures, pagecache, safety, similar
from bairn.web.results.publications import Prepared

SPARK_WIDTH, SPARK_HEIGHT = 120, 28
AREA_TYPES = {"council": "Councils", "cpc": "Child Protection Committees"}


def indicators() -> list[Indicator]:
    return list(load_catalogue().indicators.values())


def area_name(code: str) -> str:
    found = all_areas().get(code)
    return found.name if found else code


def _cached(prep: Prepared, name: str, params: tuple, build):
    return pagecache.cached(prep.run_id, prep.audience.key, name, params, build)


def sparkline(values: list[float]) -> str:
    """Points for an SVG polyline drawing the series in a SPARK_WIDTH × SPARK_HEIGHT box."""
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (SPARK_WIDTH - 4) / (len(values) - 1)
    return " ".join(
        f"{2 + i * step:.1f},{SPARK_HEIGHT - 2 - (v - low) / span * (SPARK_HEIGHT - 4):.1f}"
        for i, v in enumerate(values)
    )


def _direction(ind: Indicator, values: list[tuple[str, float]]) -> dict:
    if len(values) < 2:
        return {"arrow": "", "word": "No earlier figure", "tone": "none"}
    (before_period, before), (_, now) = values[-2], values[-1]
    if abs(now - before) <= 1e-9 * max(1.0, abs(before)):
        return {"arrow": "→", "word": f"Same as {before_period}", "tone": "none"}
    up = now > before
    tone = "none"
    if ind.polarity == "higher_is_better":
        tone = "good" if up else "bad"
    elif ind.polarity == "lower_is_better":
        tone = "bad" if up else "good"
    word = f"{'Up' if up else 'Down'} from {before_period}"
    return {"arrow": "↑" if up else "↓", "word": word, "tone": tone, "before": before}


def _series(frame, ind_id: str, kind: str = "statistics_year") -> list[tuple[str, float, object]]:
    rows = frame[frame.indicator_id == ind_id]
    out = []
    for row in rows.itertuples(index=False):
        period = parse_period(str(row.period))
        if period.kind == kind:
            out.append((period.start, str(row.period), row))
    out.sort(key=lambda item: item[0])
    return [(label, row.value, row) for _, label, row in out]


def funnel(prep: Prepared, ind: Indicator, period: str, area_type: str) -> figures.Funnel:
    return _cached(
        prep, "funnel", (ind.id, period, area_type),
        lambda: figures.funnel(prep, ind, period, area_type),
    )  # fmt: skip


def trend(prep: Prepared, ind: Indicator, area_code: str, kind: str) -> figures.Trend:
    return _cached(
        prep, "trend", (ind.id, area_code, kind),
        lambda: figures.trend(prep, ind, area_code, kind),
    )  # fmt: skip


def baseline(prep: Prepared, ind: Indicator, period: str) -> figures.Baseline:
    return _cached(prep, "baseline", (ind.id, period), lambda: figures.baseline(prep, ind, period))


def overview(prep: Prepared) -> dict:
    return _cached(prep, "overview", (), lambda: _overview(prep))


def _overview(prep: Prepared) -> dict:
    scotland = figures.published(prep, areas=[SCOTLAND]).frame
    rows = []
    for ind in indicators():
        series = _series(scotland, ind.id)
        shown = [(label, float(value)) for label, value, _ in series if safety.is_number(value)]
        latest = series[-1] if series else None
        row = {
            "indicator": ind,
            "period": latest[0] if latest else None,
            "value": latest[1] if latest else None,
            "lower": latest[2].lower95 if latest else None,
            "upper": latest[2].upper95 if latest else None,
            "sparkline": sparkline([v for _, v in shown]),
            "first": shown[0] if shown else None,
            "direction": _direction(ind, shown),
            "verdict": None,
            "outliers": [],
            "funnel_message": "",
            "comparable": ind.unit in figures.FUNNEL_FAMILIES,
        }
        if latest:
            row["verdict"] = figures.spc_verdict(trend(prep, ind, SCOTLAND, "statistics_year"))
            result = funnel(prep, ind, latest[0], "council")
            row["outliers"] = [{**o, "name": area_name(o["area_code"])} for o in result.outliers]
            row["funnel_message"] = result.message
        rows.append(row)
    return {"rows": rows, "period": prep.latest_period("statistics_year")}


def periods_for(prep: Prepared, ind: Indicator) -> list[dict]:
    """Periods this audience receives for the indicator, grouped by kind, newest first."""
    return _cached(prep, "periods", (ind.id,), lambda: _periods_for(prep, ind))


def trend_kinds(prep: Prepared, area_code: str) -> list[str]:
    return _cached(prep, "kinds", (area_code,), lambda: figures.trend_kinds(prep, area_code))


def _periods_for(prep: Prepared, ind: Indicator) -> list[dict]:
    frame = prep.periods
    labels = set(figures.published(prep, indicators=[ind.id], areas=[SCOTLAND]).frame.period)
    groups = []
    names = {
        "statistics_year": "Statistics years (1 August to 31 July)",
        "quarter": "Quarters",
        "financial_year": "Financial years",
        "year": "Calendar years",
    }
    for kind, title in names.items():
        chosen = [p for p in frame.loc[frame.kind == kind, "period"] if p in labels]
        if chosen:
            groups.append({"title": title, "periods": list(reversed(chosen))})
    return groups


def indicator(prep: Prepared, ind: Indicator, period: str, area_type: str) -> dict:
    return _cached(
        prep, "indicator", (ind.id, period, area_type),
        lambda: _indicator(prep, ind, period, area_type),
    )  # fmt: skip


def _indicator(prep: Prepared, ind: Indicator, period: str, area_type: str) -> dict:
    table = figures.published(prep, indicators=[ind.id], periods=[period]).frame
    order = {"scotland": 0, "cpc": 1, "council": 2}
    table = table[table.area_type.isin(["scotland", area_type])]
    table = table.assign(_o=table.area_type.map(order)).sort_values(["_o", "area_code"])
    rows = [
        {"code": r.area_code, "name": area_name(r.area_code), "row": r}
        for r in table.itertuples(index=False)
    ]
    result = funnel(prep, ind, period, area_type)
    significance = {}
    if result.table is not None:
        for r in result.table.itertuples(index=False):
            significance[r.area_code] = r
    base = baseline(prep, ind, period) if ind.unit in figures.FUNNEL_FAMILIES else None
    base_rows = []
    if base is not None and base.table is not None:
        shown = base.table[base.table.area_type.isin(["scotland", area_type])]
        base_rows = [
            {"name": area_name(r.area_code), "row": r} for r in shown.itertuples(index=False)
        ]
    return {
        "rows": rows,
        "funnel": result,
        "significance": significance,
        "baseline": base,
        "baseline_rows": base_rows,
    }


def trend_view(prep: Prepared, ind: Indicator, area_code: str, kind: str) -> dict:
    result = trend(prep, ind, area_code, kind)
    rows = []
    if result.table is not None:
        rows = list(result.table.itertuples(index=False))
    return {"trend": result, "trend_rows": rows, "verdict": figures.spc_verdict(result)}


def area(prep: Prepared, code: str) -> dict:
    return _cached(prep, "area", (code,), lambda: _area(prep, code))


def _area(prep: Prepared, code: str) -> dict:
    found = all_areas()[code]
    peers = similar.similar_areas(code)
    wanted = [code, SCOTLAND, *peers]
    frame = figures.published(prep, areas=wanted).frame
    kinds = trend_kinds(prep, code)
    kind = kinds[0] if kinds else "statistics_year"
    common = prep.latest_period("statistics_year")  # the latest year Scotland has figures for
    rows = []
    for ind in indicators():
        mine = {
            label: (value, r) for label, value, r in _series(frame[frame.area_code == code], ind.id)
        }
        row = {"indicator": ind, "period": None, "value": None, "verdict": None}
        if not mine:
            rows.append(row)
            continue
        period = common if common in mine else list(mine)[-1]
        latest = (period, *mine[period])
        at = frame[(frame.indicator_id == ind.id) & (frame.period == period)]
        scot = at[at.area_code == SCOTLAND]
        peer_values = [float(v) for v in at[at.area_code.isin(peers)].value if safety.is_number(v)]
        row.update(
            period=period,
            value=latest[1],
            lower=latest[2].lower95,
            upper=latest[2].upper95,
            scotland=scot.iloc[0].value if len(scot) else None,
            peers_median=statistics.median(peer_values) if peer_values else None,
            peers_shown=len(peer_values),
            verdict=figures.spc_verdict(trend(prep, ind, code, kind)),
        )
        if found.type in ("council", "cpc"):
            result = funnel(prep, ind, period, found.type)
            if result.table is not None:
                match = result.table[result.table.area_code == code]
                if len(match):
                    row["significance"] = match.iloc[0].significance
                    row["adjusted"] = match.iloc[0].adjusted_significance
        rows.append(row)
    return {
        "area": found,
        "rows": rows,
        "peers": [{"code": p, "name": area_name(p)} for p in peers],
        "profile": similar.describe(code),
        "kind": kind,
        "councils": [all_areas()[c] for c in found.councils] if found.type == "cpc" else [],
    }


def compare(prep: Prepared, codes: tuple[str, ...], period: str) -> dict:
    return _cached(prep, "compare", (codes, period), lambda: _compare(prep, codes, period))


def _compare(prep: Prepared, codes: tuple[str, ...], period: str) -> dict:
    frame = figures.published(prep, areas=list(codes), periods=[period]).frame
    by = {(r.indicator_id, r.area_code): r for r in frame.itertuples(index=False)}
    rows = []
    for ind in indicators():
        cells = [by.get((ind.id, code)) for code in codes]
        if any(c is not None for c in cells):
            rows.append({"indicator": ind, "cells": cells})
    return {"rows": rows, "areas": [{"code": c, "name": area_name(c)} for c in codes]}
