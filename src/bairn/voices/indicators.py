"""Survey indicators from survey answers, and the survey disclosure rule. No Django: the web app
(bairn.web.voices) collects the answers; this turns them into indicators in the indicator
engine's long shape; `bairn.voices.disclosure` protects them.

    table = aggregate(facts)               # facts: cpc_code, period, instrument_id, answers

Columns: indicator_id, area_code, area_type, period (the wave label), breakdown, category,
numerator, denominator, value (a percentage), lower95, upper95 (Wilson, bairn.stats) — the same
as `bairn.indicators.results.COLUMNS`. Areas: each CPC's wave, and Scotland as the sum of every
CPC's closed wave with the same label.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from bairn.areas import SCOTLAND
from bairn.indicators.results import COLUMNS
from bairn.stats.intervals import proportion

CATALOGUE = Path(__file__).resolve().parent / "catalogue.yaml"


@cache
def catalogue() -> dict[str, Any]:
    return yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))


def indicator(indicator_id: str) -> dict[str, Any]:
    return next(i for i in catalogue()["indicators"] if i["id"] == indicator_id)


def aggregate(facts: pd.DataFrame) -> pd.DataFrame:
    """The long table from response facts (no Django: tested on plain frames too)."""
    parts: list[pd.DataFrame] = []
    for ind in catalogue()["indicators"]:
        mine = facts[facts["instrument_id"].isin(ind["instruments"])]
        answer = mine["answers"].map(lambda a, q=ind["question"]: (a or {}).get(q))
        mine = mine.assign(answer=answer).dropna(subset=["answer"])
        if mine.empty:
            continue
        positive = {str(v) for v in ind["positive"]}
        mine = mine.assign(numerator=mine["answer"].astype(str).isin(positive).astype(int))
        mine = mine.assign(denominator=1, breakdown="total", category="all")
        frames = [mine]
        for breakdown in ind.get("breakdowns", []):
            category = mine["answers"].map(lambda a, b=breakdown: (a or {}).get(b) or "unknown")
            frames.append(mine.assign(breakdown=breakdown, category=category))
        long = pd.concat(frames, ignore_index=True)
        keys = ["period", "breakdown", "category"]
        cpc = long.groupby(["cpc_code", *keys], as_index=False)[["numerator", "denominator"]].sum()
        cpc = cpc.rename(columns={"cpc_code": "area_code"}).assign(area_type="cpc")
        scot = cpc.groupby(keys, as_index=False)[["numerator", "denominator"]].sum()
        scot = scot.assign(area_code=SCOTLAND, area_type="scotland")
        parts.append(pd.concat([cpc, scot], ignore_index=True).assign(indicator_id=ind["id"]))
    if not parts:
        return pd.DataFrame(columns=COLUMNS)
    table = pd.concat(parts, ignore_index=True)
    stats = proportion(table["numerator"], table["denominator"])
    table = table.assign(value=stats["value"], lower95=stats["lower"], upper95=stats["upper"])
    table = table.sort_values(
        ["indicator_id", "area_type", "area_code", "period", "breakdown", "category"],
        ascending=[True, False, True, True, True, True],
    )
    return table[COLUMNS].reset_index(drop=True)
