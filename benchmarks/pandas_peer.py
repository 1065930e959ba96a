"""The benchmark's pandas peer: five of Bairn's indicators written the way an analyst writes them
in plain pandas, producing exactly the rows Bairn's engine stores for them.

The five: concerns_rate, irds_rate, registrations_rate (events per 1,000 children aged 0-17, by
age band, sex and SIMD quintile), register_count (children on the register on a period's last
day, by age band on that day, sex, SIMD quintile and disability) and ird_to_investigation (the
percentage of IRDs with a recorded decision that decided on an investigation, by the same four).

Like Bairn: every quarter, calendar year, statistics year (August to July) and financial year
that a council's data wholly covers; each council, each Child Protection Committee (a CPC of
one council is that council, of several the sum over them) and Scotland, the last two only for
periods every member covers; every category of the code lists filled with zero, plus any
'not_known' category the records hold; population denominators (the mid-year estimate of the
year holding the period's midpoint) or the records' own; values with Wilson (percent) or
exact-Poisson/Byar (rates) 95% limits from `bairn.stats`.

It reads the extract's CSV files (only the columns it needs) and Bairn's reference data (areas,
periods, code lists, the shipped population files); it shares nothing with the engine's SQL.
`tests/indicators/test_pandas_peer.py` checks it row for row against `compute`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from bairn.areas import all_areas
from bairn.indicators.population import DATA as POPULATION_DATA
from bairn.periods import KINDS, periods_between
from bairn.standard import load_standard
from bairn.stats import proportion, rate

TOP_AGE = 17  # population_ages "0-17" (_catalogue.yaml)
RATE_BY = ("age_band", "sex", "simd_quintile")
ALL_BY = (*RATE_BY, "disability")
CODELISTS = {"age_band": "age_bands", "sex": "sex", "disability": "disability"}
UNITS = {"concerns_rate": "per_1000", "irds_rate": "per_1000", "registrations_rate": "per_1000",
         "register_count": "count", "ird_to_investigation": "percent"}  # fmt: skip
BY = {ind: RATE_BY if unit == "per_1000" else ALL_BY for ind, unit in UNITS.items()}
KEYS = ["indicator_id", "council_code", "period", "breakdown", "category"]
COLUMNS = ["indicator_id", "area_code", "area_type", "period", "period_kind", "breakdown",
           "category", "numerator", "denominator", "value", "lower95", "upper95"]  # fmt: skip
SUMS = ["numerator", "denominator"]
CSV = {"keep_default_na": False, "na_values": [""]}  # only an empty field is missing


def pandas_five(extract: Path, coverage: pd.DataFrame | None = None) -> pd.DataFrame:
    """The five indicators' result rows from an extract folder. `coverage` (council_code,
    start_date and end_date as Timestamps) is what each council's data covers; by default, as
    `bairn load` records it, the first to the last quarter holding any of its records."""
    extract = Path(extract)
    kids = read_children(extract)
    if coverage is None:
        coverage = coverage_of(extract, kids)
    pop, years = population()
    periods = period_table(coverage, years)
    covered = coverage.merge(periods, how="cross")
    covered = covered[(covered.start >= covered.start_date) & (covered.end <= covered.end_date)]
    covered = covered[["council_code", "period", "pop_year"]]
    months = month_periods(periods)

    def events(table: str, date: str, *extra: str) -> pd.DataFrame:
        frame = pd.read_csv(extract / f"{table}.csv", usecols=["child_id", date, *extra],
                            parse_dates=[date], **CSV)  # fmt: skip
        frame = frame.join(kids, on="child_id", how="inner").rename(columns={date: "date"})
        frame["age_band"] = age_band(frame.birth, frame.date)
        return frame

    irds = events("irds", "start_date", "outcome")
    decided = irds[irds.outcome.notna()]
    flows = {
        "concerns_rate": events("concerns", "received_date"),
        "irds_rate": irds,
        "registrations_rate": events("registrations", "start_date"),
        "ird_to_investigation": decided.assign(
            numerator=decided.outcome.eq("investigation").astype(int), denominator=1
        ),
    }
    counted = [flow_counts(ind, facts, BY[ind], months) for ind, facts in flows.items()]
    counted.append(register_counts(extract, kids, periods))
    councils = []
    for part in counted:
        ind = part.indicator_id.iat[0]
        agg = part.merge(covered[["council_code", "period"]])
        councils.append(fill_grid(ind, agg, covered, pop))
    return finish(combine_areas(pd.concat(councils, ignore_index=True), covered), periods)


def read_children(extract: Path) -> pd.DataFrame:
    kids = pd.read_csv(
        extract / "children.csv",
        usecols=["child_id", "council_code", "sex", "birth_date", "expected_birth_date",
                 "disability", "simd_decile"],
        parse_dates=["birth_date", "expected_birth_date"],
        **CSV,
    )  # fmt: skip
    kids["birth"] = kids.birth_date.fillna(kids.expected_birth_date)
    quintile = (kids.simd_decile + 1) // 2
    kids["simd_quintile"] = quintile.astype("Int64").astype(str).where(quintile.notna())
    for col in ("sex", "simd_quintile", "disability"):
        kids[col] = kids[col].fillna("not_known").astype("category")
    kids["council_code"] = kids.council_code.astype("category")
    columns = ["council_code", "birth", "sex", "simd_quintile", "disability"]
    return kids.set_index("child_id")[columns]  # joined to the records on child_id


def coverage_of(extract: Path, kids: pd.DataFrame) -> pd.DataFrame:
    """Each council's first quarter start and last quarter end over the dates that place its
    records in periods (a table dated by its parent's date adds nothing beyond the parent)."""
    spans = []
    for table in load_standard().tables.values():
        path = extract / f"{table.name}.csv"
        when = table.period_date
        if when is None or when.table is not None or not path.exists():
            continue
        frame = pd.read_csv(path, usecols=["child_id", when.field], parse_dates=[when.field])
        frame = frame.join(kids.council_code, on="child_id", how="inner")
        spans.append(frame.groupby("council_code", observed=True)[when.field].agg(["min", "max"]))
    span = pd.concat(spans).groupby(level=0).agg({"min": "min", "max": "max"})
    return pd.DataFrame(
        {
            "council_code": span.index,
            "start_date": span["min"].dt.to_period("Q").dt.start_time.to_numpy(),
            "end_date": span["max"].dt.to_period("Q").dt.end_time.dt.normalize().to_numpy(),
        }
    )


def population(folder: Path = POPULATION_DATA) -> tuple[pd.DataFrame, tuple[int, int]]:
    """Children aged 0-17 by council, year, breakdown and category, and the years held, from the
    files Bairn ships (a store given official figures by `bairn population load` differs)."""
    people = pd.read_csv(folder / "population_children.csv")
    years = (int(people.year.min()), int(people.year.max()))
    people = people[people.age <= TOP_AGE]
    both = people[people.sex == "all"]
    bands = pd.cut(both.age, [-1, 4, 10, 15, TOP_AGE], labels=["0-4", "5-10", "11-15", "16-17"])
    total = both.groupby(["council_code", "year"], as_index=False).population.sum()
    share = pd.read_csv(folder / "simd_quintile_population_share.csv")
    simd = total.merge(share, on="council_code")
    simd["population"] = np.floor(simd.population * simd.share + 0.5)  # SQL round: half up
    parts = {
        "total": total.assign(category="all"),
        "age_band": both.assign(category=bands.astype(str))
        .groupby(["council_code", "year", "category"], as_index=False)
        .population.sum(),
        "sex": people[people.sex.isin(["male", "female"])]
        .groupby(["council_code", "year", "sex"], as_index=False)
        .population.sum()
        .rename(columns={"sex": "category"}),
        "simd_quintile": simd.assign(category=simd.simd_quintile.astype(str)),
    }
    pop = pd.concat([p.assign(breakdown=b) for b, p in parts.items()], ignore_index=True)
    pop = pop.rename(columns={"year": "pop_year"})
    pop["population"] = pop.population.astype(float)
    return pop[["council_code", "pop_year", "breakdown", "category", "population"]], years


def period_table(coverage: pd.DataFrame, years: tuple[int, int]) -> pd.DataFrame:
    first, last = coverage.start_date.min().date(), coverage.end_date.max().date()
    found = [p for kind in KINDS for p in periods_between(first, last, kind)]
    periods = pd.DataFrame(
        {
            "period": [p.label for p in found],
            "period_kind": [p.kind for p in found],
            "start": pd.to_datetime([p.start for p in found]),
            "end": pd.to_datetime([p.end for p in found]),
            # the mid-year estimate of the year holding the period's midpoint
            "pop_year": [(p.start + dt.timedelta(days=(p.end - p.start).days // 2)).year
                         for p in found],
        }
    )  # fmt: skip
    periods["pop_year"] = periods.pop_year.clip(*years)
    return periods


def month_periods(periods: pd.DataFrame) -> pd.DataFrame:
    """Every month (year * 12 + month - 1) of every period: each period is whole months."""
    first = periods.start.dt.year * 12 + periods.start.dt.month - 1
    last = periods.end.dt.year * 12 + periods.end.dt.month - 1
    months = np.concatenate([np.arange(a, b + 1) for a, b in zip(first, last, strict=True)])
    return pd.DataFrame({"period": periods.period.repeat(last - first + 1), "month": months})


def age_band(birth: pd.Series, on: pd.Series) -> np.ndarray:
    later = on.dt.month * 100 + on.dt.day < birth.dt.month * 100 + birth.dt.day
    age = on.dt.year - birth.dt.year - later.astype(int)
    return np.select(
        [birth.isna(), birth > on, age < 5, age < 11, age < 16],
        ["not_known", "unborn", "0-4", "5-10", "11-15"],
        "16-17",
    )


def sums(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Numerator and denominator summed by keys (a denominator of none stays none)."""
    return frame.groupby(keys, as_index=False, observed=True)[SUMS].sum(min_count=1)


def by_breakdown(cells: pd.DataFrame, keys: list[str], by: tuple[str, ...]) -> pd.DataFrame:
    """The cells summed per key for the total and for each category of each breakdown."""
    parts = [sums(cells, keys).assign(breakdown="total", category="all")]
    parts += [
        sums(cells, [*keys, b]).rename(columns={b: "category"}).assign(breakdown=b) for b in by
    ]
    return pd.concat(parts, ignore_index=True)


def flow_counts(ind: str, facts: pd.DataFrame, by, months: pd.DataFrame) -> pd.DataFrame:
    """Events counted by council, month and category, then the months summed into periods."""
    facts = facts.assign(month=facts.date.dt.year * 12 + facts.date.dt.month - 1)
    if "numerator" not in facts:
        facts = facts.assign(numerator=1, denominator=np.nan)
    cells = sums(facts, ["council_code", "month", *by])
    monthly = by_breakdown(cells, ["council_code", "month"], by).merge(months, on="month")
    return sums(monthly, KEYS[1:]).assign(indicator_id=ind)


def register_counts(extract: Path, kids: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """Registrations open on each period's last day (start <= day < end), with the age band on
    that day, counted by council and category."""
    regs = pd.read_csv(extract / "registrations.csv", usecols=["child_id", "start_date",
                       "end_date"], parse_dates=["start_date", "end_date"], **CSV)  # fmt: skip
    regs = regs.join(kids, on="child_id", how="inner").reset_index(drop=True)
    days = np.sort(periods.end.unique())
    first = np.searchsorted(days, regs.start_date.to_numpy(), side="left")
    after = np.searchsorted(days, regs.end_date.to_numpy(), side="left")
    after = np.where(regs.end_date.isna(), len(days), after)
    n = np.clip(after - first, 0, None)
    open_days = regs.loc[regs.index.repeat(n)].reset_index(drop=True)
    nth = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    open_days["end"] = days[np.repeat(first, n) + nth]
    open_days["age_band"] = age_band(open_days.birth, open_days.end)
    open_days = open_days.assign(numerator=1, denominator=np.nan)
    cells = sums(open_days, ["council_code", "end", *ALL_BY])
    out = by_breakdown(cells, ["council_code", "end"], ALL_BY)
    out = out.merge(periods[["period", "end"]], on="end").drop(columns="end")
    return out.assign(indicator_id="register_count")


def fill_grid(ind: str, agg: pd.DataFrame, covered: pd.DataFrame, pop: pd.DataFrame):
    """Every covered council × period × category (zero when nothing happened, plus categories the
    records hold beyond the code lists), with its denominator."""
    codes = {b: load_standard().codelists[c].values for b, c in CODELISTS.items()}
    codes["simd_quintile"] = tuple(str(q) for q in range(1, 6))
    cats = [("total", "all")] + [(b, c) for b in BY[ind] for c in codes[b]]
    grid = covered.merge(pd.DataFrame(cats, columns=["breakdown", "category"]), how="cross")
    full = grid.assign(indicator_id=ind).merge(agg, on=KEYS, how="outer")
    full["numerator"] = full.numerator.fillna(0.0)
    if UNITS[ind] == "per_1000":
        full = full.drop(columns="denominator").merge(
            pop.rename(columns={"population": "denominator"}),
            on=["council_code", "pop_year", "breakdown", "category"],
            how="left",
        )
    elif UNITS[ind] == "percent":
        full["denominator"] = full.denominator.fillna(0.0)
    else:
        full["denominator"] = np.nan
    return full[[*KEYS, "numerator", "denominator"]]


def combine_areas(councils: pd.DataFrame, covered: pd.DataFrame) -> pd.DataFrame:
    """Councils; CPCs of one council (its rows); CPCs of several and Scotland, summed over their
    councils for the periods every one of them covers (no denominator if one lacks it)."""
    members = pd.DataFrame(
        [(c, a.code, a.type, len(a.councils)) for a in all_areas().values() for c in a.councils],
        columns=["council_code", "area_code", "area_type", "n_members"],
    )
    single = councils.merge(members[members.n_members == 1], on="council_code")
    several = members[members.n_members > 1]
    complete = covered.merge(several, on="council_code").groupby(["area_code", "period"])
    complete = complete.agg(covering=("council_code", "size"), needed=("n_members", "first"))
    complete = complete[complete.covering == complete.needed].reset_index()
    summed = (
        councils.merge(several, on="council_code")
        .merge(complete[["area_code", "period"]], on=["area_code", "period"])
        .groupby(["indicator_id", "area_code", "area_type", "period", "breakdown", "category"],
                 as_index=False)
        .agg(numerator=("numerator", "sum"), denominator=("denominator", "sum"),
             known=("denominator", "count"), rows=("numerator", "size"))
    )  # fmt: skip
    summed["denominator"] = summed.denominator.where(summed.known == summed.rows)
    return pd.concat([single, summed], ignore_index=True)


def finish(rows: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """Values and 95% limits by unit: counts carry none; no denominator, no value."""
    rows = rows.merge(periods[["period", "period_kind"]], on="period")
    unit = rows.indicator_id.map(UNITS)
    rows["value"] = np.where(unit == "count", rows.numerator, np.nan)
    rows["lower95"] = rows["upper95"] = np.nan
    for name, method, mult in (("per_1000", rate, 1000), ("percent", proportion, 100)):
        ok = (unit == name) & (rows.denominator > 0)
        if not ok.any():
            continue
        got = method(rows.numerator[ok], rows.denominator[ok], multiplier=mult)
        rows.loc[ok, ["value", "lower95", "upper95"]] = got[["value", "lower", "upper"]].to_numpy()
    return rows[COLUMNS]


def differences(bairn: pd.DataFrame, peer: pd.DataFrame) -> str | None:
    """Where the peer's rows differ from Bairn's (None when they agree): the same rows by key,
    numerators and denominators equal, values and limits equal to 1e-9 (relative), missing
    alike. The benchmark and tests/indicators/test_pandas_peer.py both hold the peer to this."""
    keys = ["indicator_id", "area_code", "area_type", "period", "breakdown", "category"]
    keys += ["period_kind"] if "period_kind" in bairn and "period_kind" in peer else []
    joined = bairn.merge(peer, on=keys, how="outer", suffixes=("_bairn", "_peer"), indicator=True)
    if len(bairn) != len(peer) or (joined.pop("_merge") != "both").any():
        return "the two hold different rows"
    for column in ("numerator", "denominator", "value", "lower95", "upper95"):
        ours, theirs = (joined[f"{column}_{side}"].astype(float) for side in ("bairn", "peer"))
        if column in ("numerator", "denominator"):
            same = (ours == theirs) | (ours.isna() & theirs.isna())
        else:
            same = np.isclose(ours, theirs, rtol=1e-9, atol=0, equal_nan=True)
        if not same.all():
            return f"{column} differs:\n{joined[~same].head().to_string()}"
    return None
