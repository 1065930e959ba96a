"""Rebuild the reference data Bairn ships (population denominators, SIMD shares) from the
sources in ../shared/data/reference. Run by hand when the sources change; the output is committed.

Usage: .venv/bin/python scripts/build_reference_data.py [REFERENCE_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "bairn" / "indicators" / "data"
AGES = range(18)
FIRST_YEAR, LAST_YEAR = 2010, 2030


def main(reference: Path) -> None:
    council = pd.read_csv(reference / "nrs_council_population_single_year_age_mid2022.csv")
    scot = pd.read_csv(reference / "nrs_scotland_population_single_year_age_1981_2018.csv")
    scot = scot[scot.Age.isin(AGES)]
    long = council.melt(
        id_vars=["ca2019_code"], value_vars=[f"age_{a}" for a in AGES], var_name="age"
    )
    long["age"] = long.age.str.removeprefix("age_").astype(int)
    council_2022 = long.pivot(index="ca2019_code", columns="age", values="value")
    scot_2022 = council_2022.sum()
    both = scot[scot.Sex == "Both"].pivot(index="Year", columns="Age", values="Estimate")
    male = scot[scot.Sex == "Male"].pivot(index="Year", columns="Age", values="Estimate")
    male_share_2018 = male.loc[2018] / both.loc[2018]

    def scotland_by_age(year: int) -> pd.Series:
        if year <= 2018:
            return both.loc[year]
        if year >= 2022:
            return scot_2022
        w = (year - 2018) / 4  # straight line between the 2018 series and the 2022 councils
        return both.loc[2018] * (1 - w) + scot_2022 * w

    rows = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        factor = scotland_by_age(year) / scot_2022
        status = "official" if year == 2022 else "illustrative"
        for code, ages in council_2022.iterrows():
            persons = (ages * factor).round()
            for age in AGES:
                total = int(persons[age])
                males = int(round(total * male_share_2018[age]))
                rows.append((code, year, "all", age, total, status))
                rows.append((code, year, "male", age, males, "illustrative"))
                rows.append((code, year, "female", age, total - males, "illustrative"))
    out = pd.DataFrame(
        rows, columns=["council_code", "year", "sex", "age", "population", "status"]
    )
    out.to_csv(OUT / "population_children.csv", index=False, lineterminator="\n")

    dz = pd.read_csv(reference / "simd2020v2_datazone_ranks_with_council.csv")
    shares = (
        dz.groupby(["ca2019_code", "simd_quintile_eqcount"]).total_population_simd2020.sum()
        / dz.groupby("ca2019_code").total_population_simd2020.sum()
    )
    shares = shares.rename("share").reset_index()
    shares.columns = ["council_code", "simd_quintile", "share"]
    full = pd.MultiIndex.from_product(
        [sorted(dz.ca2019_code.unique()), range(1, 6)], names=["council_code", "simd_quintile"]
    )
    shares = shares.set_index(["council_code", "simd_quintile"]).reindex(full, fill_value=0.0)
    shares.round(6).reset_index().to_csv(
        OUT / "simd_quintile_population_share.csv", index=False, lineterminator="\n"
    )
    print(f"wrote {len(out)} population rows and {len(shares)} SIMD shares to {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "data" / "reference")
