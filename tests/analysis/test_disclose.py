"""Analyses shown to an audience give nothing away about a suppressed cell: not its count, and
not the limits or labels worked out from it or from its denominator (they would give them back).
The numerator, denominator and value an analysis shows are the published ones, symbols included:
a denominator the tables publish beside a suppressed count is shown, one they suppress is not."""

import pandas as pd
import pytest

from bairn.analysis import mask_for_audience, trend, variation
from bairn.areas import SCOTLAND
from bairn.errors import BairnError
from bairn.indicators import load_catalogue, read_results
from bairn.publication import publish_results
from bairn.store import Store

CATALOGUE = load_catalogue()
C = "c"
DERIVED = ("lower95", "upper95", "lower998", "upper998", "lpl", "upl", "significance")
COUNTS = ["numerator", "denominator", "value"]


@pytest.fixture(scope="module")
def public(national_store):
    db, _ = national_store
    with Store(db, read_only=True) as store:
        results = read_results(store, breakdown="total")
    return results, publish_results(db, audience="public")


def _leaks(frame: pd.DataFrame, publication) -> tuple[int, list[str]]:
    published = publication.protected.frame
    published = published[published.breakdown == "total"].set_index(
        ["indicator_id", "area_code", "period"]
    )[COUNTS]
    keys = list(zip(frame.indicator_id, frame.area_code, frame.period, strict=True))
    leaks = [
        f"{key}: {list(shown)} shown, {list(published.loc[key])} published"
        for key, shown in zip(keys, frame[COUNTS].itertuples(index=False), strict=True)
        if [str(v) for v in shown] != [str(v) for v in published.loc[key]]
    ]
    hidden = frame[COUNTS].astype(str).eq(C).any(axis=1)
    for col in DERIVED:
        if col in frame:
            shown = frame.loc[hidden, col].astype(str).ne(C)
            leaks += [f"{col} shown for {code}" for code in frame.loc[hidden & shown, "area_code"]]
    return int(hidden.sum()), leaks


def test_funnel_shows_the_published_counts_and_hides_limits_of_suppressed_areas(public):
    results, publication = public
    years = sorted(p for p in results.period.unique() if p.startswith("SY"))
    suppressed = 0
    for ind_id in ("advocate_present", "initial_meeting_timely", "reregistrations_18m"):
        ind = CATALOGUE.get(ind_id)
        for period in years:
            for area_type in ("council", "cpc"):
                try:
                    frame = variation(results, ind, period, area_type)
                except BairnError:
                    continue
                masked = mask_for_audience(frame, publication.protected)
                count, leaks = _leaks(masked, publication)
                assert not leaks, f"{ind_id} {period} {area_type}: {leaks}"
                suppressed += count
    assert suppressed > 0, "the fixture should include suppressed areas, or this proves nothing"


def test_trend_hides_limits_at_suppressed_points(public):
    results, publication = public
    ind = CATALOGUE.get("advocate_present")
    suppressed = 0
    for area in sorted(set(results.area_code) - {SCOTLAND}):
        try:
            frame = trend(results, ind, area, period_kind="statistics_year", chart="laney")
        except BairnError:
            continue
        count, leaks = _leaks(mask_for_audience(frame, publication.protected), publication)
        assert not leaks, f"{area}: {leaks}"
        suppressed += count
    assert suppressed > 0
