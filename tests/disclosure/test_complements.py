"""Complement choice: a total is hidden only when nothing lower in the hierarchy protects the
cell (a council before its CPC, a CPC before Scotland)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bairn.disclosure import audit, protect
from bairn.disclosure.bounds import attacker_bounds
from bairn.disclosure.secondary import hierarchy_tier, secondary_suppression
from bairn.disclosure.tableset import TableSet

from .test_properties import grid_tableset


def test_hierarchy_tiers_rank_scotland_over_cpcs_over_councils():
    # councils a, b, c (CPC X), d, e (CPC Y); Scotland = all five councils
    cells = pd.DataFrame({"cell": list("abcdeXYS")})
    ts = TableSet.from_relations(cells, [(5, [0, 1, 2]), (6, [3, 4]), (7, [0, 1, 2, 3, 4])])
    tier = hierarchy_tier(ts)
    assert tier[:5].tolist() == [0] * 5
    assert 0 < tier[6] < tier[5] < tier[7]  # CPC of 2 < CPC of 3 < Scotland of 5
    grid, _ = grid_tableset(np.ones((2, 3)))
    t = hierarchy_tier(grid)  # inner cells, 2 row totals, 3 column totals, grand total
    assert t[:6].max() < t[6:11].min() and t[11] > t[6:11].max()


def test_a_council_is_hidden_rather_than_its_cpc_total():
    cells = pd.DataFrame({"cell": list("abcdeXYS")})
    ts = TableSet.from_relations(cells, [(5, [0, 1, 2]), (6, [3, 4]), (7, [0, 1, 2, 3, 4])])
    values = np.array([7, 0, 0, 40, 50, 7, 90, 97], dtype=float)
    primary = np.zeros(8, dtype=bool)
    primary[0] = True  # e.g. a small base: 7 is not small in itself
    s = secondary_suppression(ts, values, primary, 5.0, insiders=False).suppressed
    # the only shown cells that could hide a are the zeros b, c and the totals X and S:
    # a zero is hidden, never a total
    assert not s[5] and not s[6] and not s[7]
    assert s[0] and s[1:3].sum() == 1
    b = attacker_bounds(ts, np.where(s, np.nan, values), s, np.full(8, 5.0), exact=True)
    assert (b.width >= 5).all()


def _results(geo, scotland, council_values: dict[str, float]) -> pd.DataFrame:
    rows = [(c, "council", council_values[c]) for c in sorted(geo.council_cpc)]
    for cpc, members in geo.cpc_members.items():
        rows.append((cpc, "cpc", sum(council_values[c] for c in members)))
    rows.append((scotland, "scotland", sum(council_values.values())))
    return pd.DataFrame(
        {
            "indicator_id": "IND",
            "area_code": [r[0] for r in rows],
            "area_type": [r[1] for r in rows],
            "period": "SY2023-24",
            "breakdown": "total",
            "category": "all",
            "numerator": [float(r[2]) for r in rows],
            "denominator": np.nan,
            "value": [float(r[2]) for r in rows],
            "lower95": np.nan,
            "upper95": np.nan,
            "unit": "count",
            "kind": "flow",
        }
    )


def test_scotland_is_not_reused_as_a_complement_when_a_council_can_be_hidden(geo, scotland):
    councils = sorted(geo.council_cpc)
    small = "S12000033"  # Aberdeen City: a single-council CPC, so only Scotland links it
    values = {c: 20.0 + 3 * i for i, c in enumerate(councils)}
    values[small] = 3.0
    results = _results(geo, scotland, values)
    # the previous publication hid Scotland itself; stability must not win over the hierarchy
    previous = results.assign(numerator=results["numerator"].astype(object))
    previous.loc[previous["area_code"].eq(scotland), "numerator"] = "c"
    out = protect(results, "public", previous=previous)
    f = out.frame.set_index("area_code")["numerator"].astype(str)
    assert f[scotland] != "c" and f[small] == "c" and f[f"CPC-{small}"] == "c"
    for cpc, members in geo.cpc_members.items():  # a CPC total only if all its councils are
        assert f[cpc] != "c" or all(f[m] == "c" for m in members)
    hidden_councils = [c for c in councils if f[c] == "c"]
    assert 2 <= len(hidden_councils) <= 4
    assert audit(out.frame.astype(str)).passed
