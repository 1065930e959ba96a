"""Synthetic indicator results in the engine's long schema, for tests and the benchmark.

Counts are Poisson per council x quarter x sex x age band (the finest cells), with the real
32 councils and 30 CPCs, then summed exactly to every published margin: quarters and calendar
years (and financial years), sex and age-band breakdowns of each year, CPCs and Scotland. So
every relation the builder derives holds, as in the real engine's output.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from bairn.disclosure.relations import SCOTLAND, scotland_geography

SEX = ("male", "female", "not_known")
AGE = ("unborn", "0-4", "5-10", "11-15", "16-17")
KINDS = (("count", "flow"), ("count", "snapshot"), ("percent", "flow"), ("per_1000", "flow"))


def catalogue(
    n_indicators: int = 3,
    years: tuple[int, ...] = (2024,),
    mean: float = 6.0,
    seed: int = 1,
    breakdowns: tuple[str, ...] = ("sex", "age_band"),
    fy: bool = False,
    kinds: tuple[tuple[str, str], ...] = KINDS,
) -> pd.DataFrame:
    """`mean` is the average count per council and quarter (before the split by sex x age)."""
    rng = np.random.default_rng(seed)
    geo = scotland_geography()
    councils = np.array(sorted(geo.council_cpc))
    nc, ny = len(councils), len(years)
    frames = []
    for i in range(n_indicators):
        unit, kind = kinds[i % len(kinds)]
        size = rng.gamma(2.0, 0.5, nc) * mean
        p_sex = rng.dirichlet([8, 8, 1])
        p_age = rng.dirichlet([1, 4, 4, 4, 2])
        lam = size[:, None, None, None] * rng.uniform(0.7, 1.3, (1, ny * 4, 1, 1))
        lam = lam * p_sex[None, None, :, None] * p_age[None, None, None, :]
        num = rng.poisson(lam).astype(float)  # council x quarter x sex x age
        den = None
        if unit == "percent":
            den = num + rng.poisson(lam * 1.5)
        elif unit == "per_1000":
            den = np.broadcast_to((size * 900.0).round()[:, None, None, None], num.shape) / 15
        frames.append(
            _margins(f"IND{i:02d}", unit, kind, councils, years, num, den, breakdowns, fy)
        )
    councils_df = pd.concat(frames, ignore_index=True)
    return _areas(councils_df, geo)


def _margins(ind, unit, kind, councils, years, num, den, breakdowns, fy) -> pd.DataFrame:
    parts = []

    def emit(period_labels, arr_num, arr_den, breakdown, cats):
        # arr: council x period x category
        nc, npd, ncat = arr_num.shape
        parts.append(
            pd.DataFrame(
                {
                    "indicator_id": ind,
                    "unit": unit,
                    "kind": kind,
                    "area_code": np.repeat(councils, npd * ncat),
                    "area_type": "council",
                    "period": np.tile(np.repeat(period_labels, ncat), nc),
                    "breakdown": breakdown,
                    "category": np.tile(cats, nc * npd),
                    "numerator": arr_num.reshape(-1),
                    "denominator": arr_den.reshape(-1) if arr_den is not None else np.nan,
                }
            )
        )

    quarters = [f"{y}Q{q}" for y in years for q in range(1, 5)]
    tot = num.sum(axis=(2, 3))
    dtot = (
        den.sum(axis=(2, 3))
        if den is not None and unit == "percent"
        else (den[:, :, 0, 0] if den is not None else None)
    )
    emit(quarters, tot[:, :, None], None if dtot is None else dtot[:, :, None], "total", ["all"])

    def to_year(a):  # council x quarter x ... -> council x year x ...
        a = a.reshape(a.shape[0], len(years), 4, *a.shape[2:])
        return a[:, :, 3] if kind == "snapshot" else a.sum(axis=2)

    def den_year(a):
        if a is None:
            return None
        if unit == "per_1000":
            return a.reshape(a.shape[0], len(years), 4, *a.shape[2:])[:, :, 0]
        return to_year(a)

    ylab = [str(y) for y in years]
    emit(
        ylab,
        to_year(tot)[:, :, None],
        None if dtot is None else den_year(dtot)[:, :, None],
        "total",
        ["all"],
    )
    axes = {"sex": (3, SEX), "age_band": (2, AGE)}
    for b in breakdowns:
        ax, cats = axes[b]
        n_b = num.sum(axis=ax)
        d_b = None
        if den is not None:
            d_b = (
                den.sum(axis=ax)
                if unit == "percent"
                else den[:, :, 0, 0][:, :, None] * np.ones(len(cats))
            )
        emit(ylab, to_year(n_b), None if d_b is None else den_year(d_b), b, list(cats))
    if fy and kind != "snapshot" and len(years) > 1:
        labels, cols = [], []
        for k in range(len(years) - 1):
            labels.append(f"FY{years[k]}-{(years[k] + 1) % 100:02d}")
            cols.append(slice(4 * k + 1, 4 * k + 5))
        fn = np.stack([tot[:, s].sum(axis=1) for s in cols], axis=1)
        fd = None
        if dtot is not None:
            fd = np.stack(
                [(dtot[:, s].sum(axis=1) if unit == "percent" else dtot[:, s.start]) for s in cols],
                axis=1,
            )
        emit(labels, fn[:, :, None], None if fd is None else fd[:, :, None], "total", ["all"])
    return pd.concat(parts, ignore_index=True)


def _areas(df: pd.DataFrame, geo) -> pd.DataFrame:
    by = [
        "indicator_id",
        "unit",
        "kind",
        "area_code",
        "area_type",
        "period",
        "breakdown",
        "category",
    ]
    cpc = df.assign(area_code=df["area_code"].map(geo.council_cpc), area_type="cpc")
    sc = df.assign(area_code=SCOTLAND, area_type="scotland")
    agg = [
        g.groupby(by, as_index=False, sort=False)[["numerator", "denominator"]].sum(min_count=1)
        for g in (cpc, sc)
    ]
    out = pd.concat([df, *agg], ignore_index=True)
    num, den = out["numerator"].astype(float), out["denominator"].astype(float)
    mult = out["unit"].map({"count": 1.0, "percent": 100.0, "per_1000": 1000.0})
    out["value"] = np.where(out["unit"].eq("count"), num, num / den.where(den > 0) * mult)
    half = (
        1.96
        * np.sqrt(num.clip(lower=1))
        * np.where(out["unit"].eq("count"), 1.0, mult / den.where(den > 0))
    )
    out["lower95"] = (out["value"] - half).clip(lower=0)
    out["upper95"] = out["value"] + half
    return out.reset_index(drop=True)
