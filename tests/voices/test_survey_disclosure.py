"""The survey rule's output passes the survey policy's audit before anything shows it: the rule's
complements (the smallest other cell) can leave hidden cells narrowed by the totals, and the
audit finds them; `apply_survey_rule` then hides more until it passes."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bairn.areas import SCOTLAND, areas_of_type
from bairn.voices import apply_survey_rule, audit_surveys, small_groups_hidden
from bairn.voices.indicators import aggregate

AGENCIES = ["social_work", "health", "education", "police", "third_sector"]
CPCS = sorted(a.code for a in areas_of_type("cpc"))


def _table(answers: dict[str, dict[str, tuple[int, int]]]) -> pd.DataFrame:
    """answers: CPC → agency → (confident, answered), for VOICE-P01 in one wave."""
    rows = []
    for cpc, agencies in answers.items():
        for agency, (confident, answered) in agencies.items():
            for i in range(answered):
                answer = "agree" if i < confident else "disagree"
                rows.append((cpc, "2025-W1", "practitioner", {"confident_neglect": answer,
                                                              "agency": agency}))  # fmt: skip
    facts = pd.DataFrame(rows, columns=["cpc_code", "period", "instrument_id", "answers"])
    table = aggregate(facts)
    return table[table.indicator_id == "VOICE-P01"].reset_index(drop=True)


def _cell(shown: pd.DataFrame, area: str, category: str, column: str):
    row = shown[(shown.area_code == area) & (shown.category == category)]
    assert len(row) == 1, (area, category)
    return row[column].iloc[0]


# Two agencies of one CPC too small to show (2 and 1 answers), the rest large: the rule hides
# both, and their numbers of answers are then known to add up to 3 (the CPC's total less the
# agencies shown), so each lies in [0, 3], a narrower range than the counts rule's 5.
SMALL_PAIR = {
    CPCS[0]: {
        "police": (1, 2),
        "third_sector": (1, 1),
        "health": (9, 20),
        "education": (12, 25),
        "social_work": (15, 30),
    },
    CPCS[1]: {agency: (10, 20) for agency in AGENCIES},
    CPCS[2]: {agency: (6, 15) for agency in AGENCIES},
}


def test_the_rules_complements_alone_fail_the_audit_where_totals_narrow_hidden_cells():
    first = small_groups_hidden(_table(SMALL_PAIR))
    report = audit_surveys(first)
    assert not report.passed
    narrowed = report.failures[report.failures.area_code == CPCS[0]]
    assert "denominator" in set(narrowed.column)
    assert any(p.startswith("bounded to") for p in narrowed.problem), narrowed


def test_the_published_table_passes_and_keeps_the_cpcs_own_total():
    table = _table(SMALL_PAIR)
    shown = apply_survey_rule(table)
    assert audit_surveys(shown).passed
    # the CPC's whole figure is still shown: 38 of 78 confident ...
    assert _cell(shown, CPCS[0], "all", "denominator") == 78
    assert _cell(shown, CPCS[0], "all", "numerator") == 38
    # ... but none of its agencies' numbers of answers can be worked out any more
    for agency in AGENCIES:
        assert _cell(shown, CPCS[0], agency, "denominator") == "c", agency
    assert _cell(shown, SCOTLAND, "all", "value") != "c"


def test_the_audit_asks_of_a_part_no_more_than_its_shown_whole_allows():
    # 3 of a CPC's 40 practitioners confident, shown (a share on 40 answers); its agencies of
    # 8 answers each are hidden, and each of their numbers confident lies in [0, 3] because
    # the total says so, not because anything was worked out from the hidden cells.
    confident = {"police": 1, "health": 1, "education": 1, "social_work": 0, "third_sector": 0}
    answers = {
        CPCS[0]: {agency: (n, 8) for agency, n in confident.items()},
        CPCS[1]: {agency: (10, 20) for agency in AGENCIES},
    }
    shown = apply_survey_rule(_table(answers))
    assert _cell(shown, CPCS[0], "all", "numerator") == 3
    assert _cell(shown, CPCS[0], "police", "numerator") == "c"
    assert audit_surveys(shown).passed


answered = st.integers(min_value=0, max_value=30)


@st.composite
def survey_answers(draw):
    cpcs = draw(st.lists(st.sampled_from(CPCS), min_size=2, max_size=5, unique=True))
    out = {}
    for cpc in cpcs:
        agencies = {}
        for agency in AGENCIES:
            n = draw(answered)
            if n:
                agencies[agency] = (draw(st.integers(min_value=0, max_value=n)), n)
        if agencies:
            out[cpc] = agencies
    if len(out) < 2:
        out[CPCS[-1]] = {"health": (5, 12)}
        out[CPCS[-2]] = {"police": (3, 7)}
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(survey_answers())
def test_every_published_survey_table_passes_and_hides_at_least_what_the_rule_does(answers):
    table = _table(answers)
    shown = apply_survey_rule(table)
    first = small_groups_hidden(table)
    assert audit_surveys(shown).passed
    for column in ("numerator", "denominator", "value", "lower95", "upper95"):
        hidden = shown[column].eq("c")
        assert (hidden | ~first[column].eq("c")).all(), column  # never un-hides
        kept = ~hidden
        assert (shown.loc[kept, column].astype(float) == table.loc[kept, column]).all()
    answers_shown = pd.to_numeric(shown.denominator, errors="coerce")
    assert not answers_shown.between(1, 4).any()
    shares_shown = shown.value.ne("c")
    assert (table.loc[shares_shown, "denominator"] >= 10).all()
