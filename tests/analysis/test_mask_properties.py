"""`mask_for_audience` looks each row up in the publication instead of joining tables (the join
was most of a report's analysis time), and puts the published numbers in itself (the reports and
the web pages each did it afterwards). It must keep exactly the rows, order, numbers and symbols
of the join and the replacement it took over, restated here as the reference."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bairn.analysis.disclose import HIDDEN, LIMIT_PREFIXES, mask_for_audience, published_numbers
from bairn.disclosure import DisclosureRecord, Protected, load_policy
from bairn.errors import BairnError

KEYS = ["indicator_id", "area_code", "period"]
C = "c"
INDICATORS, AREAS, PERIODS = ["a", "b"], ["S1", "S2", "S3"], ["2016Q1", "2016Q2", "2025Q2"]


def _protected(rows: list[dict]) -> Protected:
    columns = [*KEYS, "breakdown", "numerator", "denominator", "value"]
    frame = pd.DataFrame(rows, columns=columns).astype({key: "str" for key in KEYS})
    record = DisclosureRecord(
        output_id="test", audience="public", policy="default", policy_version="1", area=None,
        cells=pd.DataFrame(), n_cells=len(frame), n_suppressed=0, n_primary=0, n_secondary=0,
    )  # fmt: skip
    return Protected(frame, record, load_policy())


def _reference(frame: pd.DataFrame, protected: Protected) -> pd.DataFrame:
    """The join `mask_for_audience` used to be, then the published numbers put in by a second
    join, as the reports and pages did."""
    published = protected.frame[protected.frame.breakdown == "total"]
    hidden = (
        published.numerator.astype(str).eq(C)
        | published.denominator.astype(str).eq(C)
        | published.value.astype(str).eq(C)
    )
    status = published[KEYS].assign(_hidden=hidden.to_numpy())
    out = frame.merge(status, on=KEYS, how="inner")
    if "baseline_period" in out:
        base = status.rename(columns={"period": "baseline_period", "_hidden": "_base_hidden"})
        out = out.merge(base, on=["indicator_id", "area_code", "baseline_period"], how="inner")
        out["_hidden"] = out["_hidden"] | out.pop("_base_hidden")
    mask = out.pop("_hidden").astype(bool).to_numpy()
    limits = [col for col in out.columns if col.startswith(LIMIT_PREFIXES)]
    for col in dict.fromkeys([*HIDDEN, *limits]):
        if col in out:
            out[col] = out[col].astype(object)
            out.loc[mask, col] = C
    counts = ["numerator", "denominator", "value"]
    for prefix, column in (("", "period"), ("baseline_", "baseline_period")):
        if column not in out:
            continue
        shown = published[[*KEYS, *counts]].rename(
            columns={"period": column, **{c: prefix + c for c in counts}}
        )
        joined = out[["indicator_id", "area_code", column]].merge(
            shown, on=["indicator_id", "area_code", column], how="left"
        )
        for c in counts:
            if prefix + c in out:
                out[prefix + c] = joined[prefix + c].astype(object).to_numpy()
                out[prefix + c] = out[prefix + c].astype(object)
    return out


cell = st.one_of(st.integers(0, 50), st.just(C))
published_row = st.fixed_dictionaries(
    {
        "indicator_id": st.sampled_from(INDICATORS),
        "area_code": st.sampled_from(AREAS),
        "period": st.sampled_from(PERIODS),
        "breakdown": st.sampled_from(["total", "total", "sex"]),
        "numerator": cell,
        "denominator": cell,
        "value": st.one_of(st.floats(0, 100, allow_nan=False), st.just(C)),
    }
)
analysis_row = st.fixed_dictionaries(
    {
        "indicator_id": st.sampled_from(INDICATORS),
        "area_code": st.sampled_from(AREAS),
        "period": st.sampled_from(PERIODS),
        "baseline_period": st.sampled_from(PERIODS),
        "numerator": st.integers(0, 50),
        "denominator": st.integers(1, 90),
        "value": st.one_of(st.floats(0, 100), st.just(float("nan"))),
        "baseline_numerator": st.integers(0, 50),
        "baseline_value": st.floats(0, 100),
        "lower998": st.floats(0, 100, allow_nan=False),
        "label": st.sampled_from(["x", "y"]),
    }
)


def _unique(rows: list[dict]) -> list[dict]:
    """A publication holds one row per key and breakdown."""
    seen: dict[tuple, dict] = {}
    for row in rows:
        seen.setdefault((*(row[k] for k in KEYS), row["breakdown"]), row)
    return list(seen.values())


@settings(max_examples=200, deadline=None)
@given(
    published=st.lists(published_row, max_size=30).map(_unique),
    analysis=st.lists(analysis_row, max_size=25),
    with_baseline=st.booleans(),
)
def test_masking_keeps_the_rows_order_and_symbols_of_the_join(published, analysis, with_baseline):
    protected = _protected(published)
    frame = pd.DataFrame(
        analysis,
        columns=[
            *KEYS,
            "baseline_period",
            "numerator",
            "denominator",
            "value",
            "baseline_numerator",
            "baseline_value",
            "lower998",
            "label",
        ],
    )
    if not with_baseline:
        frame = frame.drop(columns=["baseline_period", "baseline_numerator", "baseline_value"])
    frame.attrs["fixed_on_baseline_points"] = 12  # what the analysis says about itself
    expected = _reference(frame, protected)
    got = mask_for_audience(frame, protected, strict=False)
    assert got.attrs == frame.attrs  # the join dropped them
    got.attrs = expected.attrs = {}
    pd.testing.assert_frame_equal(got, expected)
    numbers = published_numbers(protected)
    again = mask_for_audience(frame, protected, numbers=numbers, strict=False)
    again.attrs = {}
    pd.testing.assert_frame_equal(again, expected)
    if expected.empty and not frame.empty:
        with pytest.raises(BairnError, match="not published for the public audience"):
            mask_for_audience(frame, protected)
