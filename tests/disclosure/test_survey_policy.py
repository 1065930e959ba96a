"""What the survey policy adds to the audit, without changing the counts policies: Scotland as
the sum of the CPCs shown when no council is (only under it: a report shows some CPCs); small
counts only in the measures listed; a hidden part of a shown whole asked no wider a range than
[0, whole]."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bairn.disclosure import audit
from bairn.disclosure.policy import load_policy
from bairn.disclosure.tableset import TableSet
from bairn.errors import BairnError

from .conftest import rows


def test_scotland_is_the_sum_of_the_cpcs_shown_where_no_council_is(scotland):
    table = rows([(scotland, "scotland", "2024", 45), ("CPC-ELML", "cpc", "2024", "c"),
                  ("CPC-CLST", "cpc", "2024", 35)])  # fmt: skip
    report = audit(table, policy="survey")
    assert report.relations == {"geography:scotland-cpcs": 1}
    (failure,) = report.failures.itertuples()
    assert (failure.area_code, failure.problem) == ("CPC-ELML", "pinned to 10")
    # a report's table of two of the 30 CPCs: under the counts policy, no such relation
    assert audit(table).relations == {} and audit(table).passed


def test_with_councils_shown_scotland_is_not_also_the_sum_of_the_cpcs(geo, scotland):
    cpc = "CPC-CLST"
    councils = geo.cpc_members[cpc]
    entries = [(scotland, "scotland", "2024", 10 * len(geo.council_cpc))]
    entries += [(c, "council", "2024", 10) for c in sorted(geo.council_cpc)]
    entries += [(cpc, "cpc", "2024", 10 * len(councils))]
    report = audit(rows(entries), policy="survey")
    assert report.passed
    assert "geography:scotland-cpcs" not in report.relations
    assert report.relations["geography:scotland"] == 1


def test_the_survey_policy_counts_small_numbers_of_answers_only():
    survey = load_policy("survey").rules("public")
    default = load_policy("default").rules("public")
    assert survey.small_counts_in == ("denominator",) and survey.within_shown_wholes
    assert default.small_counts_in == ("numerator", "denominator")
    assert not default.within_shown_wholes
    table = rows([("CPC-ELML", "cpc", "W1", 2)], unit="percent").assign(
        denominator="12", value="16.7", lower95="4.7", upper95="44.8"
    )
    assert audit(table, policy="survey").passed
    assert "a count of 2 is shown" in set(audit(table).failures.problem)


def test_small_counts_may_be_counted_only_in_numerators_and_denominators():
    bad = {"audiences": {"public": {"primary": {"small_counts_in": ["value"]}}}}
    with pytest.raises(BairnError, match="small_counts_in must list numerator and/or"):
        load_policy("survey", overrides=bad)


def test_a_hidden_part_lies_within_its_shown_whole_through_hidden_wholes():
    # 0 = 1 + 2 (0 shown: 3); 1 = 3 + 4 (1 hidden); 5 <= 6 (a numerator under a shown 8)
    cells = pd.DataFrame({"cell": range(7)})
    ts = TableSet.from_relations(cells, [(0, [1, 2]), (1, [3, 4])], inequalities=[(5, 6)])
    values = np.array([3.0, 0, 0, 0, 0, 0, 8.0])
    unknown = np.array([False, True, True, True, True, True, False])
    caps = ts.shown_whole(values, unknown)
    assert list(caps) == [np.inf, 3.0, 3.0, 3.0, 3.0, 8.0, np.inf]
