"""The summary page: every indicator at a glance, and what stands out, in sentences."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from bairn.indicators.catalogue import Indicator
from bairn.reports.blocks import POSITION, UNIT_LABEL
from bairn.reports.model import Point, Table

IMPROVES = {"higher_is_better": "better", "lower_is_better": "worse"}


@dataclass
class Headline:
    ind: Indicator
    latest: dict | None
    trend: Table | None = None
    funnel: pd.DataFrame | None = None
    baseline: Table | None = None
    period: str = ""

    def _trend_rows(self) -> list[list[object]]:
        return self.trend.rows if self.trend is not None else []

    @property
    def value(self) -> object:
        return self.latest["value"] if self.latest else ":"

    @property
    def previous(self) -> object:
        rows = self._trend_rows()
        if self.period and rows and rows[-1][1] != self.period:
            return rows[-1][4]
        return rows[-2][4] if len(rows) >= 2 else ":"

    @property
    def signal(self) -> str:
        rows = self._trend_rows()
        if not rows:
            return "no trend"
        if self.period and rows[-1][1] != self.period:
            return f"no value in {self.period}"
        signal, rule = rows[-1][8], rows[-1][9]
        if signal in ("", "c"):
            return str(signal) or "no trend"
        return f"{signal} ({rule})" if rule else str(signal)

    @property
    def position(self) -> str:
        if self.funnel is None or self.funnel.empty:
            return "–"
        row = self.funnel.iloc[0]
        tau2 = pd.to_numeric(pd.Series([row.get("tau2")]), errors="coerce").iloc[0]
        label = row["adjusted_significance"] if pd.notna(tau2) and tau2 > 0 else row["significance"]
        text = POSITION.get(label, str(label))
        if label in ("High (0.001)", "Low (0.001)") and self.ind.polarity in IMPROVES:
            good = (label == "High (0.001)") == (self.ind.polarity == "higher_is_better")
            text += " (better)" if good else " (worse)"
        return text

    @property
    def verdict(self) -> str:
        if self.baseline is None or not self.baseline.rows:
            return "–"
        return str(self.baseline.rows[0][8])


def headline_row(h: Headline) -> list[object]:
    return [
        h.ind.title,
        UNIT_LABEL[h.ind.unit],
        h.value,
        h.previous,
        h.signal,
        h.position,
        h.verdict,
    ]


def stand_out(headlines: list[Headline], period: str, compare: str | None) -> list[Point]:
    out = []
    special = [
        h
        for h in headlines
        if h.signal.split(" (")[0] in ("Improvement", "Concern", "Higher", "Lower")
    ]
    if special:
        out.append(
            Point(
                f"Special-cause variation at the latest point ({period}):",
                [f"{h.ind.title}: {h.signal.lower()}" for h in special],
            )
        )
    else:
        out.append(
            Point(f"No indicator shows special-cause variation at the latest point ({period}).")
        )
    outside = [h for h in headlines if h.position.startswith(("Above the 99.8", "Below the 99.8"))]
    if compare:
        if outside:
            out.append(
                Point(
                    f"Outside the 99.8% funnel limits around Scotland in {compare} (allowing for "
                    "overdispersion where the areas are overdispersed):",
                    [f"{h.ind.title}: {h.position.lower()}" for h in outside],
                )
            )
        else:
            out.append(Point(f"Every indicator is within the 99.8% funnel limits in {compare}."))
    changed = [h for h in headlines if h.verdict.startswith("Significantly")]
    if changed:
        out.append(
            Point(
                "Significantly different from the 2016 baseline:",
                [f"{h.ind.title}: {_direction(h.verdict)}" for h in changed],
            )
        )
    hidden = [h for h in headlines if str(h.value) == "c"]
    if hidden:
        out.append(
            Point(f"Suppressed (c) for this audience in {period}:", [h.ind.title for h in hidden])
        )
    return out


def _direction(verdict: str) -> str:
    return verdict.replace("Significantly ", "").replace(" than baseline", "")
