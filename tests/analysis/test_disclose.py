"""Analyses shown to an audience give nothing away about a suppressed cell: not its count, not
its denominator, and not the limits drawn at that denominator (they would give it back)."""

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
DERIVED = ("denominator", "lower95", "upper95", "lower998", "upper998", "lpl", "upl")


@pytest.fixture(scope="module")
def public(national_store):
    db, _ = national_store
    with Store(db, read_only=True) as store:
        results = read_results(store, breakdown="total")
    return results, publish_results(db, audience="public")


def _leaks(frame: pd.DataFrame) -> tuple[int, list[str]]:
    hidden = frame["numerator"].astype(str).eq(C) | frame["value"].astype(str).eq(C)
    leaks = []
    for col in DERIVED:
        if col in frame:
            shown = frame.loc[hidden, col].astype(str).ne(C)
            leaks += [f"{col} shown for {code}" for code in frame.loc[hidden & shown, "area_code"]]
    return int(hidden.sum()), leaks


def test_funnel_hides_the_denominator_and_limits_of_suppressed_areas(public):
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
                count, leaks = _leaks(masked)
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
        count, leaks = _leaks(mask_for_audience(frame, publication.protected))
        assert not leaks, f"{area}: {leaks}"
        suppressed += count
    assert suppressed > 0
