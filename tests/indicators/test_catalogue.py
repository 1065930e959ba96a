from pathlib import Path

import pytest
import sqlglot

from bairn.errors import BairnError
from bairn.indicators import load_catalogue
from bairn.indicators.docs import render_markdown

REPO = Path(__file__).resolve().parents[2]
CATALOGUE = load_catalogue()


def test_catalogue_covers_the_minimum_dataset_ground():
    assert len(CATALOGUE.indicators) >= 30
    ids = set(CATALOGUE.indicators)
    for needed in (
        "concerns_rate", "irds_rate", "investigations_rate", "ird_jii", "initial_meetings_rate",
        "ird_to_investigation", "investigation_to_meeting", "meeting_to_registration",
        "registrations_rate", "pre_birth_registrations", "register_rate", "deregistrations",
        "registration_under_6_months", "registration_over_2_years", "reregistrations_18m",
        "concerns_identified_share_of_concerns", "concerns_identified_share_of_children",
        "initial_meeting_timely", "first_core_group_timely", "review_timely", "pre_birth_timely",
        "child_views_presented", "reporter_referrals_rate", "simd_gradient_ratio",
    ):  # fmt: skip
        assert needed in ids


@pytest.mark.parametrize("ind", CATALOGUE.indicators.values(), ids=lambda i: i.id)
def test_every_definition_is_complete(ind):
    for text in (ind.title, ind.definition, ind.why_it_matters, ind.numerator, ind.denominator):
        assert len(text) > 10
    assert ind.scrutiny_questions


@pytest.mark.parametrize("ind", CATALOGUE.indicators.values(), ids=lambda i: i.id)
def test_every_definition_translates_to_spark(ind):
    """The catalogue is DuckDB SQL kept portable: SQLGlot must parse it and write Spark SQL."""
    sql = ind.sql()
    spark = sqlglot.transpile(sql, read="duckdb", write="spark", unsupported_level="raise")
    assert spark and spark[0].strip()


def test_parameters_fill_in_and_unknown_ones_are_refused():
    ind = CATALOGUE.get("reregistrations_18m")
    assert "INTERVAL 18 MONTH" in ind.sql()
    assert "INTERVAL 12 MONTH" in ind.sql(window_months=12)
    with pytest.raises(BairnError, match="has no parameter"):
        ind.sql(window=3)


def test_unknown_indicator_is_a_plain_error():
    with pytest.raises(BairnError, match="There is no indicator 'nope'"):
        CATALOGUE.get("nope")


def test_catalogue_docs_page_is_up_to_date():
    committed = (REPO / "docs" / "indicators-catalogue.md").read_text(encoding="utf-8")
    assert committed == render_markdown(), "run `make docs` to regenerate the catalogue page"
