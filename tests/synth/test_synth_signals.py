"""signals.json tells the truth: each injected signal is listed and is really in the data, big
enough for SPC and funnel plots, while the other councils show no comparable change."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest

from bairn.standard import load_standard
from bairn.synth.calibration import load_calibration
from bairn.synth.dates import to_day
from bairn.synth.population import build_population
from bairn.synth.reference import load_councils
from bairn.synth.signals import plan_signals

KEYS = [
    "id",
    "council_code",
    "indicator",
    "measure",
    "start_period",
    "direction",
    "size",
    "description",
]
INDICATORS = {"registrations_rate", "reregistrations_18m", "initial_meeting_timely"}


def _by(signals: list[dict], indicator: str) -> dict:
    return next(s for s in signals if s["indicator"] == indicator)


def _quarter(d: pd.Series) -> pd.Series:
    return d.dt.year.astype(str) + "Q" + d.dt.quarter.astype(str)


def test_signals_json_lists_every_signal(signals) -> None:
    councils = set(load_standard().codelists["councils"].values)
    assert [list(s) for s in signals] == [KEYS] * 3
    assert {s["indicator"] for s in signals} == INDICATORS
    assert len({s["council_code"] for s in signals}) == 3
    assert len({s["id"] for s in signals}) == 3
    for s in signals:
        assert s["council_code"] in councils
        assert re.fullmatch(r"20\d\dQ[1-4]", s["start_period"])
        assert s["direction"] in ("up", "down")
        assert isinstance(s["size"], float) and s["size"] > 0
        assert s["measure"] and s["description"]


def test_councils_follow_the_seed() -> None:
    cal = load_calibration()
    pop = build_population(cal, load_councils())
    span = (to_day(dt.date(2012, 8, 1)), to_day(dt.date(2026, 9, 30)))
    first = plan_signals(cal, pop, 0, *span).as_json()
    assert plan_signals(cal, pop, 0, *span).as_json() == first
    others = [plan_signals(cal, pop, s, *span).as_json() for s in range(1, 8)]
    assert len({o[0]["council_code"] for o in [first, *others]}) > 1
    assert len({o[0]["start_period"] for o in [first, *others]}) > 1
    share = dict(zip(pop.councils.codes, pop.share, strict=True))
    for plan in [first, *others]:
        # a mid-sized council: neither an island nor Glasgow
        assert 0.02 <= share[_by(plan, "registrations_rate")["council_code"]] <= 0.05


@pytest.fixture(scope="module")
def regs(tables) -> pd.DataFrame:
    r = tables["registrations"].copy()
    r["council"] = r["child_id"].str[:9]
    r["quarter"] = _quarter(r["start_date"])
    return r[(r["start_date"] >= "2013-01-01") & (r["start_date"] < "2026-07-01")]


def test_registration_rate_shift_is_in_the_data(signals, regs) -> None:
    s = _by(signals, "registrations_rate")
    counts = regs.groupby(["council", "quarter"]).size().unstack(fill_value=0)
    quarters = list(counts.columns)
    k = quarters.index(s["start_period"])
    before, after = quarters[:k], quarters[k:]
    share = counts.div(counts.sum(axis=0), axis=1)  # share of national: removes the national trend
    ratio = share[after].mean(axis=1) / share[before].mean(axis=1)
    # New concerns rise by `size`; registrations follow (re-registrations catch up over time,
    # so the average over the years after is a little under 1 + size). At 20-30 registrations a
    # quarter, chance moves the ratio by about 0.07.
    assert 1 + s["size"] - 0.25 <= ratio[s["council_code"]] <= 1 + s["size"] + 0.25
    # XmR on the council's quarterly share of national registrations (the national trend, such as
    # the 2020-21 fall, cancels) over the three years before: the step is well over a sigma, so
    # run rules (eight in a row above the centre line) flag it within a few quarters.
    x = share.loc[s["council_code"], before[-12:]].to_numpy(float)
    sigma = np.abs(np.diff(x)).mean() / 1.128
    assert share.loc[s["council_code"], after[:8]].mean() - x.mean() > sigma
    # No other council moves like that: each stays within chance of its earlier share.
    n_after = counts[after].sum(axis=0).sum()
    p = share[before].mean(axis=1)
    observed = counts[after].sum(axis=1)
    z = (observed - n_after * p) / np.sqrt(n_after * p * (1 - p))
    others = z.drop([x["council_code"] for x in signals])
    assert others.abs().max() < 4, others.abs().sort_values().tail(3).to_dict()
    assert z[s["council_code"]] > 6


def test_reregistration_outlier_is_in_the_data(signals, tables) -> None:
    s = _by(signals, "reregistrations_18m")
    r = tables["registrations"].sort_values(["child_id", "start_date"]).copy()
    prev_end = r.groupby("child_id")["end_date"].shift()
    r["within"] = prev_end.notna() & (r["start_date"] <= prev_end + pd.DateOffset(months=18))
    r["council"] = r["child_id"].str[:9]
    r = r[r["start_date"] >= "2014-02-01"]  # 18 months in: earlier ones cannot have a history
    national = r["within"].mean()
    by_council = r.groupby("council")["within"].agg(["mean", "size"])
    ratio = by_council["mean"] / national
    assert 2.0 <= ratio[s["council_code"]] <= 3.2
    # Funnel plot: the signal council is far outside 3-sigma limits, every other council within 4.
    se = np.sqrt(national * (1 - national) / by_council["size"])
    z = (by_council["mean"] - national) / se
    assert z[s["council_code"]] > 6
    # The council with more registrations from another signal has proportionally fewer re-ones.
    others = z.drop([x["council_code"] for x in signals])
    assert others.abs().max() < 4, others.abs().sort_values().tail(3).to_dict()


def test_timeliness_drop_is_in_the_data(signals, tables) -> None:
    s = _by(signals, "initial_meeting_timely")
    chain = (
        tables["meetings"]
        .query("meeting_type == 'initial'")
        .merge(tables["investigations"][["investigation_id", "ird_id"]], on="investigation_id")
        .merge(tables["irds"][["ird_id", "concern_id"]], on="ird_id")
        .merge(tables["concerns"][["concern_id", "received_date"]], on="concern_id")
    )
    limit = np.where(chain["received_date"] < pd.Timestamp("2021-09-01"), 21, 28)
    chain["timely"] = (chain["meeting_date"] - chain["received_date"]).dt.days <= limit
    chain["council"] = chain["child_id"].str[:9]
    chain["quarter"] = _quarter(chain["meeting_date"])
    quarters = sorted(chain["quarter"].unique())
    k = quarters.index(s["start_period"])
    before, after = quarters[max(k - 8, 0) : k], quarters[k : k + 8]
    mine = chain[chain["council"] == s["council_code"]]
    share_before = mine[mine["quarter"].isin(before)]["timely"].mean()
    share_after = mine[mine["quarter"].isin(after)]["timely"].mean()
    assert share_before >= 0.78 and share_after <= 0.6
    assert share_before - share_after >= s["size"] - 0.1
    # p-chart from the quarters before: most quarters after fall below the lower limit.
    by_q = mine.groupby("quarter")["timely"].agg(["mean", "size"])
    p0 = share_before
    lcl = p0 - 3 * np.sqrt(p0 * (1 - p0) / by_q.loc[after, "size"])
    assert (by_q.loc[after, "mean"] < lcl).mean() >= 0.5
    others = chain[(chain["council"] != s["council_code"]) & chain["quarter"].isin(after)]
    assert 0.8 <= others["timely"].mean() <= 0.9
