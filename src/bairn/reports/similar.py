"""Similar areas: for each council (and each CPC), the five areas of the same type nearest to it
in child population and deprivation. The list is data (`data/similar_areas.csv`), reviewable and
replaceable by a committee that prefers its own comparators; this module says how it was made
and regenerates it (`python -m bairn.reports.similar`).

Method: two features per area, from the reference data Bairn ships with its indicators
(`bairn/indicators/data/`): the natural log of the children aged 0-17 (NRS mid-2022, the
official year) and the share of the population living in SIMD quintile 1 (the 20% most deprived
data zones; SIMD 2020v2). A CPC of two councils sums their children and weights the share by
population. Each feature is standardised across the areas of the type (mean 0, standard
deviation 1, so size and deprivation count equally), and the similar areas are the five at the
smallest Euclidean distance, ties broken by code.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

import pandas as pd

from bairn.areas import all_areas, areas_of_type

DATA = Path(__file__).parent / "data" / "similar_areas.csv"
REFERENCE = Path(__file__).resolve().parent.parent / "indicators" / "data"
N_SIMILAR = 5
POPULATION_YEAR = 2022


def features() -> pd.DataFrame:
    """Per area (councils and CPCs): children aged 0-17 and the SIMD quintile 1 share."""
    pop = pd.read_csv(REFERENCE / "population_children.csv")
    pop = pop[(pop.year == POPULATION_YEAR) & (pop.sex == "all") & (pop.age <= 17)]
    children = pop.groupby("council_code")["population"].sum()
    share = pd.read_csv(REFERENCE / "simd_quintile_population_share.csv")
    q1 = share[share.simd_quintile == 1].set_index("council_code")["share"]
    rows = []
    for area in areas_of_type("council") + areas_of_type("cpc"):
        kids = sum(float(children[c]) for c in area.councils)
        deprived = sum(float(children[c]) * float(q1[c]) for c in area.councils) / kids
        rows.append((area.code, area.type, kids, deprived))
    return pd.DataFrame(rows, columns=["area_code", "area_type", "children", "simd_q1_share"])


def compute_similar(n: int = N_SIMILAR) -> pd.DataFrame:
    """The table `data/similar_areas.csv` holds: one row per area and rank."""
    feats = features()
    out = []
    for area_type, group in feats.groupby("area_type", sort=True):
        size = group.children.map(math.log)
        z = pd.DataFrame(
            {
                "size": (size - size.mean()) / size.std(ddof=0),
                "deprivation": (group.simd_q1_share - group.simd_q1_share.mean())
                / group.simd_q1_share.std(ddof=0),
            }
        )
        z.index = group.area_code.to_numpy()
        for code in sorted(z.index):
            dist = ((z - z.loc[code]) ** 2).sum(axis=1).pow(0.5).drop(code)
            ranked = sorted(dist.items(), key=lambda kv: (round(kv[1], 12), kv[0]))[:n]
            for rank, (other, d) in enumerate(ranked, start=1):
                out.append((code, area_type, rank, other, round(d, 4)))
    return pd.DataFrame(out, columns=["area_code", "area_type", "rank", "similar_code", "distance"])


@cache
def similar_table(path: Path = DATA) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"area_code": str, "similar_code": str})


def similar_areas(code: str) -> list[str]:
    """The similar areas of a council or CPC, nearest first (none for Scotland)."""
    table = similar_table()
    rows = table[table.area_code == code].sort_values("rank")
    return [c for c in rows.similar_code if c in all_areas()]


def main() -> None:  # pragma: no cover - a maintenance script
    compute_similar().to_csv(DATA, index=False, lineterminator="\n")
    print(f"Wrote {DATA}.")


if __name__ == "__main__":  # pragma: no cover
    main()
