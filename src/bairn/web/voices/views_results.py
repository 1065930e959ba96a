"""Survey indicators for everyone: what practitioners, children and young people said, per CPC
and for Scotland, in every closed wave, after the survey disclosure rule (which protects the
respondents whoever reads, so every visitor sees the same table)."""

from __future__ import annotations

import math

import pandas as pd
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from bairn.areas import SCOTLAND, all_areas
from bairn.voices import catalogue
from bairn.web.voices.aggregate import published_survey_results


def _published() -> pd.DataFrame:
    shown = published_survey_results()
    return shown if shown.empty else shown[shown.breakdown == "total"]


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not math.isnan(float(value))


def _latest(rows: pd.DataFrame) -> dict | None:
    scotland = rows[rows.area_code == SCOTLAND].sort_values("period")
    if scotland.empty:
        return None
    row = scotland.iloc[-1]
    answers = int(row.denominator) if _number(row.denominator) else row.denominator
    return {"period": row.period, "value": row.value, "answers": answers}


@login_not_required
@require_safe
def survey_indicators(request: HttpRequest) -> HttpResponse:
    table = _published()
    items = []
    for ind in catalogue()["indicators"]:
        rows = table[table.indicator_id == ind["id"]] if not table.empty else table
        items.append({"ind": ind, "latest": _latest(rows) if not rows.empty else None})
    return render(request, "voices/results_index.html", {
        "title": "Voices: what practitioners, children and young people tell us",
        "items": items,
    })  # fmt: skip


@login_not_required
@require_safe
def survey_indicator(request: HttpRequest, indicator_id: str) -> HttpResponse:
    ind = next((i for i in catalogue()["indicators"] if i["id"] == indicator_id), None)
    if ind is None:
        raise Http404("There is no such survey indicator.")
    table = _published()
    rows = table[table.indicator_id == ind["id"]] if not table.empty else table
    names = {code: a.name for code, a in all_areas().items()}
    waves = []
    for period in sorted(set(rows.period), reverse=True) if not rows.empty else []:
        wave = rows[rows.period == period]
        scotland = wave[wave.area_code == SCOTLAND]
        cpcs = wave[wave.area_code != SCOTLAND].sort_values("area_code")
        shown = [r for r in cpcs.itertuples(index=False) if _number(r.value)]
        waves.append({
            "period": period,
            "scotland": scotland.iloc[0].to_dict() if len(scotland) else None,
            "rows": [{"name": names.get(r.area_code, r.area_code), "row": r}
                     for r in cpcs.itertuples(index=False)],
            "summary": _summary(scotland, shown, len(cpcs), names),
        })  # fmt: skip
    return render(request, "voices/results_indicator.html", {
        "title": ind["title"], "ind": ind, "waves": waves,
    })  # fmt: skip


def _summary(scotland: pd.DataFrame, shown: list, total: int, names: dict) -> str:
    parts = []
    if len(scotland) and _number(scotland.iloc[0].value) and _number(scotland.iloc[0].denominator):
        row = scotland.iloc[0]
        parts.append(f"Scotland: {row.value:.1f}% of {int(row.denominator):,} answers.")
    if shown:
        high = max(shown, key=lambda r: r.value)
        low = min(shown, key=lambda r: r.value)
        parts.append(
            f"Highest: {names.get(high.area_code, high.area_code)} ({high.value:.1f}%); lowest: "
            f"{names.get(low.area_code, low.area_code)} ({low.value:.1f}%)."
        )
    hidden = total - len(shown)
    if hidden:
        parts.append(
            f"{hidden} of {total} CPCs' figures are suppressed (c): fewer than 10 answers, or a "
            "figure that would reveal one."
        )
    return " ".join(parts)
