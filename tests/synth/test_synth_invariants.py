"""The scale-1 extract is clean against the standard and follows the process in order."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bairn.standard import load_standard
from bairn.synth.tables import PREFIXES

from .conftest import END, START

DAY = pd.Timedelta(days=1)


def _eighteenth(birth: pd.Series) -> pd.Series:
    return birth + pd.DateOffset(years=18)


@pytest.fixture(scope="module")
def standard():
    return load_standard()


def test_codes_required_fields_and_keys(db, standard) -> None:
    """Checked in SQL (DuckDB): set operations on a million strings are slow in pandas."""

    def count(sql: str) -> int:
        return db.execute(sql).fetchone()[0]

    for table in standard.tables_in():
        t = table.name
        assert count(f"SELECT count(*) FROM {t}") > 0, t
        key = ", ".join(table.primary_key)
        dupes = f"SELECT count(*) FROM (SELECT {key} FROM {t} GROUP BY ALL HAVING count(*) > 1)"
        assert count(dupes) == 0, f"{t}: duplicate primary keys"
        for f in table.fields(standard.current):
            col = f"{t}.{f.name}"
            if f.required:
                assert count(f"SELECT count(*) FROM {t} WHERE {f.name} IS NULL") == 0, col
            if f.codelist:
                allowed = ", ".join(f"'{v}'" for v in standard.codelists[f.codelist].values)
                bad = f"SELECT count(*) FROM {t} WHERE CAST({f.name} AS VARCHAR) NOT IN ({allowed})"
                assert count(bad) == 0, f"{col} has codes outside {f.codelist}"
            if f.min is not None:
                out = f"SELECT count(*) FROM {t} WHERE {f.name} NOT BETWEEN {f.min} AND {f.max}"
                assert count(out) == 0, col
            if f.references:
                rt, rf = f.references.split(".")
                orphans = (
                    f"SELECT count(*) FROM {t} WHERE {f.name} IS NOT NULL "
                    f"AND {f.name} NOT IN (SELECT {rf} FROM {rt})"
                )
                assert count(orphans) == 0, f"{col} does not resolve to {f.references}"


def test_identifiers_are_pseudonymous_national_and_per_council(db, standard) -> None:
    def count(sql: str) -> int:
        return db.execute(sql).fetchone()[0]

    councils = set(standard.codelists["councils"].values)
    present = {r[0] for r in db.execute("SELECT DISTINCT council_code FROM children").fetchall()}
    assert present == councils  # all 32, 2019 codes
    for name, prefix in PREFIXES.items():
        key = standard.tables[name].primary_key[0]
        pattern = f"^S12[0-9]{{6}}-{prefix}[0-9]{{7,}}$"
        assert (
            count(f"SELECT count(*) FROM {name} WHERE NOT regexp_matches({key}, '{pattern}')") == 0
        )
    assert count("SELECT count(*) FROM children WHERE child_id[1:9] <> council_code") == 0
    for name in ("concerns", "irds", "meetings", "registrations", "reporter_referrals"):
        key = standard.tables[name].primary_key[0]
        assert count(f"SELECT count(*) FROM {name} WHERE {key}[1:9] <> child_id[1:9]") == 0, name


EVENT_DATES = {
    "concerns": ["received_date"],
    "irds": ["start_date", "end_date"],
    "investigations": ["start_date", "end_date"],
    "meetings": ["meeting_date"],
    "registrations": ["start_date", "end_date"],
    "core_groups": ["first_core_group_date"],
    "reporter_referrals": ["referral_date"],
}


def test_every_event_inside_the_period_and_before_18(tables) -> None:
    births = tables["children"].set_index("child_id")["birth_date"]
    start, end = pd.Timestamp(START), pd.Timestamp(END)
    assert (tables["children"]["birth_date"].dropna() <= end).all()
    for name, cols in EVENT_DATES.items():
        df = tables[name]
        limit = _eighteenth(df["child_id"].map(births))
        for col in cols:
            d = df[col].dropna()
            assert d.between(start, end).all(), f"{name}.{col} outside the period"
            lim = limit[d.index]
            assert (lim.isna() | (d < lim)).all(), f"{name}.{col} at 18+"


def test_process_dates_are_in_order(tables) -> None:
    c = tables["concerns"].set_index("concern_id")
    ird = tables["irds"]
    assert (ird["start_date"] >= ird["concern_id"].map(c["received_date"])).all()
    assert (ird["end_date"].dropna() >= ird["start_date"][ird["end_date"].notna()]).all()
    assert (ird["end_date"].isna() == ird["outcome"].isna()).all()
    inv = tables["investigations"].merge(
        ird[["ird_id", "end_date", "outcome"]], on="ird_id", suffixes=("", "_ird")
    )
    assert (inv["outcome_ird"] == "investigation").all()
    assert (inv["start_date"] >= inv["end_date_ird"]).all()
    assert (inv["end_date"].isna() == inv["outcome"].isna()).all()
    m = tables["meetings"]
    first = m[m["meeting_type"].isin(["initial", "pre_birth"])].merge(
        inv[["investigation_id", "start_date", "end_date", "outcome"]], on="investigation_id"
    )
    assert len(first) == m["meeting_type"].isin(["initial", "pre_birth"]).sum()
    assert (first["meeting_date"] >= first["start_date"]).all()
    assert (first["end_date"] <= first["meeting_date"]).all()
    assert (first["outcome_y"] == "meeting_required").all()
    reg = tables["registrations"].merge(m, on=["meeting_id", "child_id"], suffixes=("", "_m"))
    assert len(reg) == len(tables["registrations"])
    assert (reg["start_date"] == reg["meeting_date"]).all()
    assert (reg["outcome"] == "register").all()
    assert (reg["end_date"].dropna() >= reg["start_date"][reg["end_date"].notna()]).all()
    assert (reg["end_date"].isna() == reg["end_reason"].isna()).all()
    registering = m["outcome"].eq("register").sum()
    assert registering == len(tables["registrations"])


def test_nobody_registered_twice_at_once(tables) -> None:
    r = tables["registrations"].sort_values(["child_id", "start_date"])
    prev_end = r.groupby("child_id")["end_date"].shift()
    has_prev = r["child_id"].duplicated()
    assert prev_end[has_prev].notna().all()  # only a child's last registration may be open
    assert (r["start_date"][has_prev] > prev_end[has_prev]).all()


def test_reviews_and_core_groups_sit_inside_registrations(tables) -> None:
    m, r = tables["meetings"], tables["registrations"]
    reviews = m[m["meeting_type"] == "review"].merge(r, on="child_id", suffixes=("", "_r"))
    inside = (reviews["meeting_date"] > reviews["start_date"]) & (
        reviews["end_date"].isna() | (reviews["meeting_date"] <= reviews["end_date"])
    )
    per_review = inside.groupby(reviews["meeting_id"]).sum()
    assert (per_review == 1).all() and len(per_review) == (m["meeting_type"] == "review").sum()
    dereg = m[m["outcome"] == "deregister"].merge(r, on="child_id", suffixes=("", "_r"))
    assert dereg["meeting_date"].eq(dereg["end_date"]).groupby(dereg["meeting_id"]).any().all()
    cg = tables["core_groups"].merge(r, on=["meeting_id", "child_id"])
    assert len(cg) == len(tables["core_groups"])
    assert (cg["first_core_group_date"] > cg["start_date"]).all()
    assert (cg["end_date"].isna() | (cg["first_core_group_date"] < cg["end_date"])).all()


def test_unborn_babies_and_births(tables) -> None:
    kids = tables["children"].set_index("child_id")
    unborn_now = kids[kids["birth_date"].isna()]
    assert len(unborn_now) > 0
    assert (unborn_now["sex"] == "not_known").all()
    assert unborn_now["expected_birth_date"].notna().all()
    assert (kids.loc[kids["birth_date"].notna(), "sex"] != "not_known").all()
    m = tables["meetings"]
    pre = m[m["meeting_type"] == "pre_birth"]
    assert len(pre) > 0
    assert kids.loc[pre["child_id"], "expected_birth_date"].notna().all()
    born = kids.loc[pre["child_id"], "birth_date"].to_numpy()
    ok = pd.isna(born) | (born > pre["meeting_date"].to_numpy())
    assert ok.all()
    # Most pre-birth meetings are held by 28 weeks of pregnancy (12 weeks before the due date).
    edd = kids.loc[pre["child_id"], "expected_birth_date"].to_numpy()
    assert 0.8 < np.mean(pre["meeting_date"].to_numpy() <= edd - np.timedelta64(84, "D")) < 0.97


def test_participation_by_age(tables) -> None:
    m = tables["meetings"].merge(tables["children"][["child_id", "birth_date"]], on="child_id")
    unborn = m["birth_date"].isna() | (m["meeting_date"] < m["birth_date"])
    assert (m.loc[unborn, "child_views_presented"] == "not_applicable").all()
    assert (m.loc[unborn, ["child_attended", "advocate_present"]] == "no").all().all()
    age = (m["meeting_date"] - m["birth_date"]).dt.days / 365.25
    older = age >= 5.1
    views = m.loc[older, "child_views_presented"]
    assert (views != "not_applicable").all()
    assert 0.7 < (views == "yes").mean() < 0.95
    teen, young = age >= 12.1, (age >= 5.1) & (age < 8)
    assert (m.loc[teen, "child_attended"] == "yes").mean() > 0.35
    assert (m.loc[young, "child_attended"] == "yes").mean() < 0.1
    assert (m.loc[teen, "advocate_present"] == "yes").mean() > (
        m.loc[young, "advocate_present"] == "yes"
    ).mean()


def test_registration_endings(tables) -> None:
    r = tables["registrations"].merge(tables["children"], on="child_id")
    reasons = r["end_reason"].value_counts(normalize=True)
    assert reasons["risk_reduced"] > 0.6
    aged = r[r["end_reason"] == "aged_out"]
    assert len(aged) > 0
    assert (aged["end_date"] == _eighteenth(aged["birth_date"]) - DAY).all()
    # Children who move: the old registration ends `moved_area`; a new record in the new council
    # has a transfer meeting that registers them again.
    moved = (r["end_reason"] == "moved_area").sum()
    transfers = tables["meetings"]["meeting_type"].eq("transfer").sum()
    assert 0.01 < moved / len(r) < 0.05
    assert 0.85 * moved <= transfers <= moved
    m = tables["meetings"]
    assert (m.loc[m["meeting_type"] == "transfer", "outcome"] == "register").all()


def test_re_registrations_happen(tables) -> None:
    r = tables["registrations"].sort_values(["child_id", "start_date"])
    prev_end = r.groupby("child_id")["end_date"].shift()
    rereg = prev_end.notna()
    within = rereg & (r["start_date"] <= prev_end + pd.DateOffset(months=18))
    assert 0.05 < rereg.mean() < 0.2
    assert 0.03 < within.mean() < 0.12


def test_delays_are_realistic(tables) -> None:
    c = tables["concerns"].set_index("concern_id")
    ird = tables["irds"]
    lag = (ird["start_date"] - ird["concern_id"].map(c["received_date"])).dt.days
    assert lag.median() <= 1 and lag.quantile(0.95) <= 10
    chain = (
        tables["meetings"]
        .query("meeting_type == 'initial'")
        .merge(tables["investigations"][["investigation_id", "ird_id"]], on="investigation_id")
        .merge(ird[["ird_id", "concern_id"]], on="ird_id")
    )
    chain["received"] = chain["concern_id"].map(c["received_date"])
    days = (chain["meeting_date"] - chain["received"]).dt.days
    limit = np.where(chain["received"] < pd.Timestamp("2021-09-01"), 21, 28)
    timely = days <= limit
    assert 0.78 < timely.mean() < 0.9
    assert days.max() < 120
    cg = tables["core_groups"].merge(tables["registrations"], on=["meeting_id", "child_id"])
    assert 0.75 < ((cg["first_core_group_date"] - cg["start_date"]).dt.days <= 15).mean() < 0.95
    m = tables["meetings"].sort_values(["child_id", "meeting_date"])
    gap = m["meeting_date"] - m.groupby("child_id")["meeting_date"].shift()
    review_gap = gap[m["meeting_type"] == "review"].dropna()
    assert (review_gap <= pd.Timedelta(days=184)).mean() > 0.85


def test_every_child_has_an_event(tables) -> None:
    seen = set(tables["concerns"]["child_id"]) | set(
        tables["meetings"].query("meeting_type == 'transfer'")["child_id"]
    )
    assert seen == set(tables["children"]["child_id"])
