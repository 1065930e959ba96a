"""Build a `TableSet` from Bairn's long indicator table (or a published file read back).

One cell per row and per count column (numerator, denominator). Relations, all derived from
public knowledge only (the standard's council/CPC lists, period labels, breakdown names):

- geography: Scotland = sum of its councils; each CPC = sum of its councils (a single-council
  CPC equals its council);
- time (not for snapshot indicators): calendar year = its 4 quarters; FY = Apr..Mar quarters;
  statistics years (SY, Aug-Jul) are not sums of quarters;
- categories: the total ('total'/'all') = sum of a breakdown's categories; for multi-response
  breakdowns (one child in several categories) each category <= the total instead;
- numerator <= denominator for percentages and rates.

A relation is built only when every cell in it is present; `TableSet.holds` lets the caller
drop relations that the data contradict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from bairn.disclosure.tableset import TableSet

KEY = ["indicator_id", "measure", "area_code", "period", "breakdown", "category"]
MEASURES = ("numerator", "denominator")
SCOTLAND = "S92000003"
RATE_UNITS = ("percent", "per_1000", "per_10000", "per_100000")
_Q = re.compile(r"^(\d{4})Q([1-4])$")


@dataclass(frozen=True)
class Geography:
    """Councils, the CPC each belongs to, and Scotland's code."""

    council_cpc: dict[str, str]
    scotland: str = SCOTLAND

    @property
    def cpc_members(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for council, cpc in sorted(self.council_cpc.items()):
            out.setdefault(cpc, []).append(council)
        return {k: tuple(v) for k, v in out.items()}


@cache
def scotland_geography() -> Geography:
    """The 32 councils and 30 CPCs from the record-level standard."""
    from bairn.standard import load_standard

    councils = load_standard().codelists["councils"].codes
    return Geography({c.code: str(c.extra["cpc"]) for c in councils})


def default_types(unit: str) -> tuple[str | None, str | None]:
    """What the numerator and denominator are, by unit, when the metadata does not say.

    'count' = record-derived count of children or events (disclosive), 'population' = public
    NRS denominator, 'measure' = a non-count total such as days (dominance rules apply).
    """
    if unit in ("days", "ratio"):
        return "measure", "count"
    if unit == "percent":
        return "count", "count"
    if unit.startswith("per_"):
        return "count", "population"
    return "count", None


def long_cells(
    frame: pd.DataFrame, suppressed: dict[str, np.ndarray] | None = None
) -> pd.DataFrame:
    """One row per (result row, count column) with keys, value and the column's type.

    `suppressed` (for a published file) marks cells shown as 'c': their value is NaN.
    """
    parts = []
    for measure in MEASURES:
        if measure not in frame.columns:
            continue
        mtype = frame.get(f"{measure}_type")
        if mtype is None:
            mtype = frame["unit"].map(lambda u, m=measure: default_types(str(u))[MEASURES.index(m)])
        values = pd.to_numeric(frame[measure], errors="coerce").to_numpy(dtype=float)
        supp = suppressed[measure] if suppressed is not None else np.zeros(len(frame), dtype=bool)
        present = ~np.isnan(values) | supp
        take = present & mtype.isin(["count", "measure", "population"]).to_numpy()
        sub = frame.loc[
            take,
            [
                "indicator_id",
                "area_code",
                "area_type",
                "period",
                "breakdown",
                "category",
                "unit",
                "kind",
            ],
        ].copy()
        sub["measure"] = measure
        sub["mtype"] = mtype[take].to_numpy()
        sub["value"] = values[take]
        sub["suppressed"] = supp[take]
        sub["row"] = np.flatnonzero(take)
        parts.append(sub)
    cells = pd.concat(parts, ignore_index=True)
    for col in ("indicator_id", "area_code", "area_type", "period", "breakdown", "category"):
        cells[col] = cells[col].astype(str)
    return cells


def _period_parents(periods: pd.Series) -> pd.DataFrame:
    """(quarter label, parent label) pairs: each quarter's calendar year and financial year."""
    uniq = pd.Series(periods.unique())
    m = uniq.str.extract(_Q)
    ok = m[0].notna()
    quarters = uniq[ok].to_numpy()
    year = m.loc[ok, 0].astype(int).to_numpy()
    q = m.loc[ok, 1].astype(int).to_numpy()
    fy_start = np.where(q >= 2, year, year - 1)
    fy = [f"FY{s}-{(s + 1) % 100:02d}" for s in fy_start]
    return pd.DataFrame(
        {
            "period": np.concatenate([quarters, quarters]),
            "parent": np.concatenate([year.astype(str), np.array(fy, dtype=object)]),
            "rel": ["time:year"] * len(quarters) + ["time:fy"] * len(quarters),
        }
    )


def _relations(
    totals: pd.DataFrame, parts: pd.DataFrame, on: list[str], expected: int, kind: str
) -> pd.DataFrame:
    """Match each total to its parts on `on`; keep totals with exactly `expected` parts."""
    t = totals[[*on, "idx"]].rename(columns={"idx": "total"})
    p = parts[[*on, "idx"]].merge(t, on=on, how="inner")
    p = p[p.groupby("total")["idx"].transform("size").to_numpy() == expected]
    return p[["total", "idx"]].assign(kind=kind)


def build_tableset(
    cells: pd.DataFrame,
    geography: Geography | None = None,
    multi_response: tuple[str, ...] = (),
    scotland_of_cpcs_shown: bool = False,
) -> TableSet:
    """Derive every relation between `cells` (from `long_cells`) and return the table set.
    `scotland_of_cpcs_shown`: Scotland is the sum of the CPCs in the table where it shows no
    council (a policy's `scotland_of_cpcs_shown`, for the survey indicators); otherwise a
    table with only some CPCs (a report's) would get a relation that is not true."""
    geo = geography or scotland_geography()
    cells = cells.reset_index(drop=True)
    cells["idx"] = np.arange(len(cells))
    members = geo.cpc_members
    cpc_of = cells["area_code"].map(geo.council_cpc)
    is_council = cells["area_type"].eq("council").to_numpy() & cpc_of.notna().to_numpy()
    owner = np.where(
        is_council,
        cpc_of.fillna("").to_numpy(),
        np.where(cells["area_type"].eq("cpc"), cells["area_code"], ""),
    ).astype(object)
    pieces: list[pd.DataFrame] = []
    base = ["indicator_id", "measure", "period", "breakdown", "category"]

    # Geography: Scotland = all councils; CPC = its councils.
    councils = cells[is_council].assign(cpc=cpc_of[is_council])
    scot = cells[cells["area_code"].eq(geo.scotland)]
    pieces.append(_relations(scot, councils, base, len(geo.council_cpc), "geography:scotland"))
    cpcs = cells[cells["area_type"].eq("cpc")].assign(cpc=lambda d: d["area_code"])
    size = councils["cpc"].map(lambda c: len(members.get(c, ())))
    tot = cpcs[[*base, "cpc", "idx"]].rename(columns={"idx": "total"})
    pc = councils[[*base, "cpc", "idx"]].assign(_expect=size.to_numpy())
    pc = pc.merge(tot, on=[*base, "cpc"], how="inner")
    ok = pc.groupby("total")["idx"].transform("size").to_numpy() == pc["_expect"].to_numpy()
    pieces.append(pc.loc[ok, ["total", "idx"]].assign(kind="geography:cpc"))
    if scotland_of_cpcs_shown:
        # A table of CPCs without their councils whose Scotland is the sum of the CPCs shown
        # (the survey indicators: the CPCs that held a wave). Where councils are shown, the
        # equality follows from the two above and is not added.
        with_councils = councils[base].drop_duplicates()
        bare = scot.merge(with_councils, on=base, how="left", indicator=True)
        bare = bare[bare["_merge"].eq("left_only")].drop(columns="_merge")
        scot_totals = bare[[*base, "idx"]].rename(columns={"idx": "total"})
        of_cpcs = cpcs[[*base, "idx"]].merge(scot_totals, on=base, how="inner")
        pieces.append(of_cpcs[["total", "idx"]].assign(kind="geography:scotland-cpcs"))

    # Time: quarters add up to calendar and financial years, except for snapshots.
    flow = cells[~cells["kind"].eq("snapshot")]
    parents = _period_parents(flow["period"])
    if len(parents):
        tk = ["indicator_id", "measure", "area_code", "breakdown", "category"]
        qp = flow[[*tk, "period", "idx"]].merge(parents, on="period")
        tot = flow[[*tk, "period", "idx"]].rename(columns={"period": "parent", "idx": "total"})
        qp = qp.merge(tot, on=[*tk, "parent"], how="inner")
        ok = qp.groupby(["total", "rel"])["idx"].transform("size").to_numpy() == 4
        qp = qp[ok]
        for rel, sub in qp.groupby("rel"):
            pieces.append(sub[["total", "idx"]].assign(kind=str(rel)))

    # Categories against the total of the same indicator, area and period.
    ck = ["indicator_id", "measure", "area_code", "period"]
    totals = cells[cells["breakdown"].eq("total")][[*ck, "idx"]].rename(columns={"idx": "total"})
    cats = cells[~cells["breakdown"].eq("total")]
    multi = cats["breakdown"].isin(multi_response)
    add = cats[~multi][[*ck, "breakdown", "idx"]].merge(totals, on=ck, how="inner")
    pieces.append(add[["total", "idx"]].assign(kind="category"))
    le_cat = cats[multi][[*ck, "idx"]].merge(totals, on=ck, how="inner")

    # Assemble the equality triplets: one relation per (kind, total, breakdown) group.
    rel = pd.concat(pieces, ignore_index=True)
    if len(add):
        # Different breakdowns of one total are different relations.
        bd = cells["breakdown"].to_numpy()[rel["idx"].to_numpy()]
        rel["group"] = rel["kind"] + "|" + np.where(rel["kind"].eq("category"), bd, "")
    else:
        rel["group"] = rel["kind"]
    rel_id = rel.groupby(["group", "total"], sort=True).ngroup().to_numpy()
    n_rel = int(rel_id.max()) + 1 if len(rel_id) else 0
    first = pd.DataFrame({"rel": rel_id, "total": rel["total"], "kind": rel["kind"]})
    first = first.drop_duplicates("rel").sort_values("rel")
    eq_rel = np.concatenate([first["rel"].to_numpy(), rel_id])
    eq_cell = np.concatenate([first["total"].to_numpy(), rel["idx"].to_numpy()])
    eq_coef = np.concatenate([np.ones(n_rel), -np.ones(len(rel_id))])

    # Inequalities: multi-response categories <= total; numerator <= denominator of rates.
    le = [le_cat[["idx", "total"]].to_numpy()]
    rates = cells[cells["unit"].isin(RATE_UNITS)]
    num = rates[rates["measure"].eq("numerator")][["row", "idx"]]
    den = rates[rates["measure"].eq("denominator")][["row", "idx"]].rename(columns={"idx": "d"})
    le.append(num.merge(den, on="row")[["idx", "d"]].to_numpy())
    le_pairs = np.concatenate(le).astype(np.int64).reshape(-1, 2)
    return TableSet.from_triplets(
        cells.drop(columns="idx"),
        eq_rel,
        eq_cell,
        eq_coef,
        first["kind"].to_numpy(),
        le_pairs,
        owner,
    )
