"""Closed waves → survey indicators in the engine's long shape, with the survey disclosure rule."""

from __future__ import annotations

import datetime as dt
import random

import pandas as pd
import pytest

from bairn.areas import SCOTLAND, areas_of_type
from bairn.indicators.results import COLUMNS
from bairn.voices.disclosure import additive_groups, apply_survey_rule
from bairn.voices.indicators import aggregate
from bairn.web.voices.aggregate import survey_results
from bairn.web.voices.models import Response

AGENCIES = ["social_work", "health", "education", "police", "third_sector"]


def _facts(rows):
    return pd.DataFrame(rows, columns=["cpc_code", "period", "instrument_id", "answers"])


def test_share_confident_on_neglect_and_wilson_limits():
    rows = [
        ("CPC-ELML", "2025-W1", "practitioner", {"confident_neglect": a, "agency": "health"})
        for a in ["agree"] * 8 + ["strongly_agree"] * 4 + ["disagree"] * 3 + ["dont_know"]
    ]
    table = aggregate(_facts(rows))  # fmt: skip
    assert list(table.columns) == COLUMNS
    total = table[(table.indicator_id == "VOICE-P01") & (table.area_code == "CPC-ELML")
                  & (table.breakdown == "total")].iloc[0]  # fmt: skip
    assert (total.numerator, total.denominator) == (12, 16)
    assert total.value == pytest.approx(75.0)
    assert total.lower95 == pytest.approx(50.5, abs=0.1) and total.upper95 < 100


def test_survey_rule_hides_percentages_below_ten_answers_and_their_complements():
    rows = [
        ("CPC-ELML", "W1", "practitioner", {"confident_neglect": "agree", "agency": ag})
        for ag in ["health"] * 12 + ["police"] * 3 + ["education"] * 20
    ]
    rows += [("CPC-CLST", "W1", "practitioner", {"confident_neglect": "agree", "agency": "health"})
             for _ in range(25)]  # fmt: skip
    shown = apply_survey_rule(aggregate(_facts(rows)))
    p01 = shown[shown.indicator_id == "VOICE-P01"].set_index(["area_code", "category"])
    assert p01.loc[("CPC-ELML", "police"), "value"] == "c"
    assert p01.loc[("CPC-ELML", "police"), "numerator"] == "c"
    # 3 answers: below the counts rule (5), so the number of answers is hidden too ...
    assert p01.loc[("CPC-ELML", "police"), "denominator"] == "c"
    # ... and the smallest other agency's with it, so total − others cannot reveal it.
    assert p01.loc[("CPC-ELML", "health"), "denominator"] == "c"
    assert p01.loc[("CPC-ELML", "health"), "value"] == "c"
    assert p01.loc[("S92000003", "all"), "denominator"] == 60  # Scotland's total: shown
    assert p01.loc[("S92000003", "all"), "value"] == 100.0
    # No set of cells that add up has exactly one hidden: no subtraction reveals a hidden cell.
    shown = shown.reset_index(drop=True)
    for group in additive_groups(shown):
        for column in ("value", "denominator"):
            assert (shown.loc[group, column] == "c").sum() != 1, shown.loc[group]


def test_no_number_of_answers_below_five_is_shown():
    rows = [(cpc, "W1", "practitioner", {"confident_neglect": "agree", "agency": "health"})
            for cpc, n in (("CPC-ELML", 4), ("CPC-CLST", 30), ("CPC-S12000008", 2))
            for _ in range(n)]  # fmt: skip
    shown = apply_survey_rule(aggregate(_facts(rows)))
    answers = pd.to_numeric(shown.denominator, errors="coerce")
    assert not answers.between(1, 4).any()
    hidden = shown[shown.denominator == "c"]
    assert {"CPC-ELML", "CPC-S12000008"} <= set(hidden.area_code)


@pytest.mark.django_db
def test_a_synthetic_wave_for_every_cpc_gives_the_survey_indicators(make_wave):
    rng = random.Random(10)
    cpcs = [a.code for a in areas_of_type("cpc")]
    assert len(cpcs) == 30
    responses = []
    for i, cpc in enumerate(cpcs):
        prac = make_wave("practitioner", cpc=cpc, label="2025-W1", closed=True)
        kids = make_wave("children-8plus", cpc=cpc, label="2025-W1", closed=True)
        for _ in range(5 + i):  # 5 … 34 answers: some CPCs below the rule's 10
            confident = rng.random() < 0.7
            responses.append(
                Response(
                    wave=prac,
                    answers={
                        "agency": rng.choice(AGENCIES),
                        "role": "frontline",
                        "trained": "yes",
                        "confident_neglect": "agree" if confident else "disagree",
                        "confident_act": "strongly_agree",
                        "know_neglect": "agree",
                        "know_procedures": "dont_know",
                    },
                )
            )
            responses.append(
                Response(
                    wave=kids,
                    answers={
                        "listened": rng.choice(["always", "sometimes"]),
                        "understand": "usually",
                        "meeting_went": "yes",
                        "meeting_help": "yes",
                        "safer": "yes",
                        "safe_now": "yes",
                    },
                )
            )
    Response.objects.bulk_create(responses)  # fmt: skip
    make_wave("practitioner", cpc="CPC-ELML", label="2025-W9")  # still open: not counted

    raw = survey_results()
    assert list(raw.columns) == COLUMNS
    assert set(raw.period) == {"2025-W1"}
    totals = raw[raw.breakdown == "total"]
    for ind in ["VOICE-P01", "VOICE-P02", "VOICE-P03", "VOICE-P04", "VOICE-C01", "VOICE-C02",
                "VOICE-C03", "VOICE-C04"]:  # fmt: skip
        rows = totals[totals.indicator_id == ind]
        assert set(rows.area_code) == {*cpcs, SCOTLAND}, ind
        scot = rows[rows.area_code == SCOTLAND].iloc[0]
        cpc_rows = rows[rows.area_type == "cpc"]
        assert scot.numerator == cpc_rows.numerator.sum()
        assert scot.denominator == cpc_rows.denominator.sum() == sum(5 + i for i in range(30))
    assert (totals[totals.indicator_id == "VOICE-P04"].numerator == 0).all()  # all "Don't know"

    shown = apply_survey_rule(raw)
    small = shown[(shown.breakdown == "total") & (raw.denominator < 10)]
    assert len(small) and (small.value == "c").all()
    big = shown[(shown.area_type == "scotland") & (shown.breakdown == "total")]
    assert (big.value != "c").all()


def test_the_public_table_is_made_again_when_the_answers_behind_it_change(make_wave):
    from bairn.web.voices.aggregate import published_survey_results

    wave = make_wave("children-8plus", cpc="CPC-ELML", label="2025-W2", closed=True)
    answer = {"listened": "always", "understand": "usually", "meeting_went": "yes",
              "meeting_help": "yes", "safer": "yes", "safe_now": "yes"}  # fmt: skip

    def scotland_answers():
        table = published_survey_results()
        rows = table[(table.indicator_id == "VOICE-C01") & (table.area_code == SCOTLAND)
                     & (table.breakdown == "total")]  # fmt: skip
        return rows.iloc[0].denominator

    Response.objects.bulk_create([Response(wave=wave, answers=answer) for _ in range(12)])
    assert scotland_answers() == 12
    assert published_survey_results() is published_survey_results()  # unchanged: not redone
    Response.objects.bulk_create([Response(wave=wave, answers=answer) for _ in range(3)])
    assert scotland_answers() == 15
    Response.objects.filter(pk=Response.objects.order_by("pk").first().pk).delete()
    assert scotland_answers() == 14
    later = make_wave("children-8plus", cpc="CPC-ELML", label="2025-W3")  # still open
    Response.objects.bulk_create([Response(wave=later, answers=answer) for _ in range(20)])
    assert scotland_answers() == 14
    later.closes_at = later.opens_at + dt.timedelta(days=1)
    later.save()
    table = published_survey_results()
    assert set(table.period) == {"2025-W2", "2025-W3"}
    wave.label = "2025-W1"  # a closed wave relabelled: its answers move with it
    wave.save()
    assert set(published_survey_results().period) == {"2025-W1", "2025-W3"}
