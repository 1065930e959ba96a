"""Values and 95% confidence intervals, computed in SQL over every result at once.

Percentages: Wilson score intervals. Rates: exact Poisson below 10 events, Byar's approximation
from 10 (PHEindicatormethods' phe_rate). The formulas are `bairn.stats`'s, written in SQL so that
millions of results never leave the database; the exact Poisson limits for 0-9 events come from
`bairn.stats` as a ten-row table, and a test holds the SQL to `bairn.stats` to 1e-9.
Counts and mean durations carry no interval.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
from scipy import special
from scipy import stats as sps

from bairn.indicators.catalogue import Indicator
from bairn.stats.intervals import EXACT_BELOW, z_value

CONFIDENCE = 0.95


def exact_poisson_table(confidence: float = CONFIDENCE) -> pd.DataFrame:
    x = np.arange(EXACT_BELOW, dtype=float)
    alpha = 1 - confidence
    lower = np.where(x == 0, 0.0, special.gammaincinv(np.where(x == 0, 1, x), alpha / 2))
    upper = special.gammaincinv(x + 1, confidence + alpha / 2)
    return pd.DataFrame({"x": x.astype(int), "exact_lower": lower, "exact_upper": upper})


def values_sql(source: str) -> str:
    """SELECT every column of `source` with value, lower95 and upper95 filled in by unit (from
    `ind_meta`, joined on the indicator's number `ind`)."""
    z = z_value(CONFIDENCE)
    z2 = z * z
    wilson = (
        f"(2 * r.numerator + {z2!r} {{sign}} {z!r} * sqrt({z2!r} + 4 * r.numerator "
        f"* (1 - r.numerator / r.denominator))) / 2 / (r.denominator + {z2!r})"
    )
    byar_lower = (
        f"r.numerator * power(1 - 1 / (9 * r.numerator) - {z!r} / (3 * sqrt(r.numerator)), 3)"
    )
    byar_upper = (
        f"(r.numerator + 1) * power(1 - 1 / (9 * (r.numerator + 1)) + {z!r} "
        f"/ (3 * sqrt(r.numerator + 1)), 3)"
    )
    return f"""
    SELECT r.* EXCLUDE (value, lower95, upper95),
        CASE
            WHEN u.unit = 'count' THEN r.numerator
            WHEN u.unit = 'ratio' THEN r.value
            WHEN r.denominator > 0 THEN r.numerator / r.denominator * u.multiplier
        END AS value,
        CASE
            WHEN u.unit = 'ratio' THEN r.lower95
            WHEN NOT r.denominator > 0 THEN NULL
            WHEN u.unit = 'percent' THEN {wilson.format(sign="-")} * 100
            WHEN u.unit = 'per_1000' AND r.numerator < {EXACT_BELOW}
                THEN e.exact_lower / r.denominator * 1000
            WHEN u.unit = 'per_1000' THEN {byar_lower} / r.denominator * 1000
        END AS lower95,
        CASE
            WHEN u.unit = 'ratio' THEN r.upper95
            WHEN NOT r.denominator > 0 THEN NULL
            WHEN u.unit = 'percent' THEN {wilson.format(sign="+")} * 100
            WHEN u.unit = 'per_1000' AND r.numerator < {EXACT_BELOW}
                THEN e.exact_upper / r.denominator * 1000
            WHEN u.unit = 'per_1000' THEN {byar_upper} / r.denominator * 1000
        END AS upper95
    FROM {source} r
    JOIN ind_meta u ON u.ind = r.ind
    LEFT JOIN exact_poisson e ON e.x = r.numerator
    """


def register_value_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.register("exact_poisson_frame", exact_poisson_table())
    con.execute("CREATE OR REPLACE TEMP TABLE exact_poisson AS SELECT * FROM exact_poisson_frame")
    con.unregister("exact_poisson_frame")


def derive_ratio(areas: pd.DataFrame, ind: Indicator) -> pd.DataFrame:
    """A rate ratio between two categories of another indicator's breakdown, e.g. registrations
    per 1,000 children in SIMD quintile 1 over quintile 5, with an exact conditional interval."""
    spec = ind.derived
    source = areas[(areas.indicator_id == spec["from"]) & (areas.breakdown == spec["breakdown"])]
    keys = ["area_code", "area_type", "period"]
    top = source[source.category == str(spec["numerator_category"])]
    bottom = source[source.category == str(spec["denominator_category"])]
    both = top.merge(bottom, on=keys, suffixes=("_1", "_2"), how="inner")
    x1, n1 = both["numerator_1"].astype(float), both["denominator_1"].astype(float)
    x2, n2 = both["numerator_2"].astype(float), both["denominator_2"].astype(float)
    ok = ((n1 > 0) & (n2 > 0) & (x2 > 0)).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        value = ((x1 / n1) / (x2 / n2)).to_numpy()
    lower, upper = _rate_ratio_interval(x1.to_numpy(), x2.to_numpy(), (n2 / n1).to_numpy())
    return pd.DataFrame(
        {
            "indicator_id": ind.id,
            "area_code": both.area_code,
            "area_type": both.area_type,
            "period": both.period,
            "breakdown": "total",
            "category": "all",
            "numerator": x1,
            "denominator": x2,
            "value": np.where(ok, value, np.nan),
            "lower95": np.where(ok, lower, np.nan),
            "upper95": np.where(ok, upper, np.nan),
        }
    )


def _rate_ratio_interval(x1, x2, scale, confidence=CONFIDENCE):
    """Exact interval for a ratio of Poisson rates, conditioning on x1 + x2 (Clopper-Pearson on
    x1 ~ Binomial(x1 + x2, p), then RR = p / (1 - p) × n2 / n1)."""
    alpha = 1 - confidence
    total = x1 + x2
    with np.errstate(divide="ignore", invalid="ignore"):
        p_lo = np.where(x1 > 0, sps.beta.ppf(alpha / 2, x1, total - x1 + 1), 0.0)
        p_hi = np.where(x2 > 0, sps.beta.ppf(1 - alpha / 2, x1 + 1, total - x1), 1.0)
        lower = p_lo / (1 - p_lo) * scale
        upper = np.where(p_hi < 1, p_hi / (1 - p_hi) * scale, np.inf)
    return lower, upper
