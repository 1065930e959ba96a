"""Survey indicators from survey answers, and the survey disclosure rule. No Django: the web app
(bairn.web.voices) collects the answers; this turns them into indicators in the indicator
engine's long shape, protects them, and keeps them in the analytical store for the reports.

    table = aggregate(facts)               # facts: cpc_code, period, instrument_id, answers
    shown = apply_survey_rule(table)       # "c" wherever fewer than 10 answers stand behind it

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


def apply_survey_rule(table: pd.DataFrame, min_responses: int | None = None) -> pd.DataFrame:
    """No percentage on fewer than `min_responses` answers: numerator, value and limits become
    "c". The number of answers is shown unless it is below `min_count` (the counts rule of every
    Bairn output: a child protection committee's "3 children answered" would say more than its
    suppressed register does); then it is "c" too, with its percentage. Secondary suppression:
    within a set of cells that add up (an area's categories of one breakdown; the CPCs of one
    category and Scotland), a lone suppressed cell takes the smallest other cell with it, so no
    difference reveals it."""
    rule = catalogue()["disclosure"]
    threshold = min_responses or int(rule["min_responses"])
    out = table.reset_index(drop=True)
    groups = additive_groups(out)
    counts_hidden = _with_complements(out, out["denominator"] < int(rule["min_count"]), groups)
    hidden = _with_complements(out, counts_hidden | (out["denominator"] < threshold), groups)
    shares = ["numerator", "value", "lower95", "upper95"]
    out[[*shares, "denominator"]] = out[[*shares, "denominator"]].astype(object)
    out.loc[hidden, shares] = rule["symbol"]
    out.loc[counts_hidden, "denominator"] = rule["symbol"]
    return out


def _with_complements(out: pd.DataFrame, hidden: pd.Series, groups: list[list[int]]) -> pd.Series:
    hidden = hidden.copy()
    for _ in range(50):
        changed = False
        for group in groups:
            lone = hidden[group]
            if int(lone.sum()) == 1 and len(group) > 1:
                others = out.loc[[i for i in group if not hidden[i]]].sort_values("denominator")
                hidden.loc[others.index[0]] = True
                changed = True
        if not changed:
            break
    return hidden


def additive_groups(out: pd.DataFrame) -> list[list[int]]:
    """Sets of rows where one is the sum of the others: an area's total and the categories of
    one breakdown; Scotland and the CPCs, for one category."""
    groups: list[list[int]] = []
    totals = out[out["breakdown"] == "total"].set_index(["indicator_id", "area_code", "period"])
    parts = out[out["breakdown"] != "total"]
    for (ind, area, period, _b), group in parts.groupby(
        ["indicator_id", "area_code", "period", "breakdown"]
    ):
        rows = list(group.index)
        if (ind, area, period) in totals.index:
            rows.append(
                int(
                    out.index[
                        (out["indicator_id"] == ind)
                        & (out["area_code"] == area)
                        & (out["period"] == period)
                        & (out["breakdown"] == "total")
                    ][0]
                )
            )
        groups.append(rows)
    for _key, group in out.groupby(["indicator_id", "period", "breakdown", "category"]):
        groups.append(list(group.index))
    return groups
