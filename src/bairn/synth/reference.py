"""Council reference data the generator needs, vendored so the package works without shared/.

`data/councils.csv` holds, per council (2019 code): NRS mid-2022 children aged 0-15 and 0-17, and
the SIMD 2020v2 population (all ages, mid-2017) in each equal-count SIMD decile. It is derived
from the CSVs in shared/data/reference (see SOURCES.md there) by `build_councils_table`; a test
checks the vendored copy still matches them when they are present.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

DATA_DIR = Path(__file__).parent / "data"
COUNCILS_CSV = DATA_DIR / "councils.csv"
DECILE_COLUMNS = [f"simd_pop_d{d}" for d in range(1, 11)]


@dataclass(frozen=True)
class Councils:
    """The 32 councils in code order, with denominators and SIMD decile populations."""

    codes: tuple[str, ...]
    names: tuple[str, ...]
    pop_0_15: np.ndarray
    pop_0_17: np.ndarray
    simd_pop: np.ndarray  # shape (32, 10): population by SIMD decile (1 = most deprived)

    def __len__(self) -> int:
        return len(self.codes)


def build_councils_table(reference_dir: Path) -> pd.DataFrame:
    """Derive `councils.csv` from the shared reference CSVs (values unchanged, only summed)."""
    pop = pd.read_csv(reference_dir / "nrs_council_children_population_mid2022.csv")
    dz = pd.read_csv(reference_dir / "simd2020v2_datazone_ranks_with_council.csv")
    by_decile = (
        dz.groupby(["ca2019_code", "simd_decile_eqcount"])["total_population_simd2020"]
        .sum()
        .unstack(fill_value=0)
        .reindex(columns=range(1, 11), fill_value=0)
    )
    by_decile.columns = DECILE_COLUMNS
    out = pop[["ca2019_code", "ca_name", "pop_0_15", "pop_0_17"]].merge(
        by_decile, left_on="ca2019_code", right_index=True, how="left", validate="1:1"
    )
    return out.sort_values("ca2019_code").reset_index(drop=True)


@cache
def load_councils(path: Path = COUNCILS_CSV) -> Councils:
    df = pd.read_csv(path, dtype={"ca2019_code": str, "ca_name": str})
    df = df.sort_values("ca2019_code").reset_index(drop=True)
    return Councils(
        codes=tuple(df["ca2019_code"]),
        names=tuple(df["ca_name"]),
        pop_0_15=df["pop_0_15"].to_numpy(np.int64),
        pop_0_17=df["pop_0_17"].to_numpy(np.int64),
        simd_pop=df[DECILE_COLUMNS].to_numpy(np.float64),
    )
