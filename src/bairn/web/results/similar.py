"""Similar areas: the councils (or CPCs) nearest to an area in size and deprivation.

Decision (docs/web.md): two public measures, each standardised across areas of the same type —
the log of the child population aged 0-17 (NRS mid-2022, official) and the share of the
population living in the most deprived fifth of Scotland's data zones (SIMD 2020v2 quintile 1)
— and the five areas with the smallest Euclidean distance. A CPC's measures combine its
councils', weighted by population. Published figures only ever feed the comparison; these
measures are reference data shipped with Bairn (bairn/indicators/data).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from bairn.areas import all_areas, areas_of_type
from bairn.indicators.population import DATA

COUNT = 5
REFERENCE_YEAR = 2022


@cache
def _profile(area_type: str) -> pd.DataFrame:
    pop = pd.read_csv(DATA / "population_children.csv")
    pop = pop[(pop.year == REFERENCE_YEAR) & (pop.sex == "all") & (pop.age <= 17)]
    children = pop.groupby("council_code")["population"].sum()
    simd = pd.read_csv(DATA / "simd_quintile_population_share.csv")
    q1 = simd[simd.simd_quintile == 1].set_index("council_code")["share"]
    rows = []
    for area in areas_of_type(area_type):
        members = [c for c in area.councils if c in children.index]
        if not members:
            continue
        weights = children[members]
        share = float(np.average(q1.reindex(members).fillna(0), weights=weights))
        rows.append({"area_code": area.code, "children": float(weights.sum()), "q1": share})
    frame = pd.DataFrame(rows).set_index("area_code")
    size = np.log(frame.children)
    frame["z_size"] = (size - size.mean()) / size.std(ddof=0)
    frame["z_q1"] = (frame.q1 - frame.q1.mean()) / frame.q1.std(ddof=0)
    return frame


def similar_areas(code: str, count: int = COUNT) -> list[str]:
    """The `count` areas of the same type most like `code` (nearest first); none for Scotland."""
    found = all_areas().get(code)
    if found is None or found.type not in ("council", "cpc"):
        return []
    profile = _profile(found.type)
    if code not in profile.index:
        return []
    me = profile.loc[code, ["z_size", "z_q1"]].to_numpy(float)
    others = profile.drop(index=code)
    distance = np.sqrt(((others[["z_size", "z_q1"]].to_numpy(float) - me) ** 2).sum(axis=1))
    order = np.argsort(distance, kind="stable")[:count]
    return [str(c) for c in others.index[order]]


def describe(code: str) -> dict | None:
    """The two measures for an area, as shown on its page."""
    found = all_areas().get(code)
    if found is None or found.type not in ("council", "cpc"):
        return None
    row = _profile(found.type).loc[code]
    return {"children": round(float(row.children)), "q1_percent": round(100 * float(row.q1), 1)}
