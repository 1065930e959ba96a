"""The survey disclosure rule, and the audit its output must pass before anything shows it.

    shown = apply_survey_rule(table)       # "c" wherever too few answers stand behind a figure
    audit_surveys(shown).passed            # True: what the rule returns has passed it

The rule (its thresholds in `catalogue.yaml`): no percentage, numerator or interval on fewer than
`min_responses` answers; no number of answers below `min_count`; in every set of cells that add
up, a lone hidden cell takes the smallest other with it. That last step is a heuristic, and the
smallest other cell is the one that protects least: a CPC's police (2 answers) and third sector
(1) hidden, its total less the agencies shown says they add up to 3, so each lies in [0, 3]. So
the result is then audited from the published table alone, by the LP audit of every public
Bairn output (`bairn.disclosure.audit`, under the `survey` policy: the table's own totals and
Scotland as the sum of its CPCs), and each set holding a failing cell is hidden further, in
steps (`_widen`), until the audit passes.
"""

from __future__ import annotations

import pandas as pd

from bairn.areas import SCOTLAND
from bairn.disclosure.audit import AuditReport, audit
from bairn.disclosure.publish import KEYS
from bairn.errors import BairnError
from bairn.voices.indicators import catalogue

SHARES = ["numerator", "value", "lower95", "upper95"]
MAX_ROUNDS = 20  # each round hides more; random tables passed within 4


def apply_survey_rule(table: pd.DataFrame, min_responses: int | None = None) -> pd.DataFrame:
    """The survey indicators as anyone may see them: `small_groups_hidden`, then hidden further
    wherever the survey policy's audit can narrow a hidden cell, until it passes. A table that
    still fails after `MAX_ROUNDS` is an error: nothing of it is shown."""
    rule = catalogue()["disclosure"]
    symbol = str(rule["symbol"])
    out = table.reset_index(drop=True)
    groups = additive_groups(out)
    counts_hidden, hidden = _small_groups(out, groups, rule, min_responses)
    if out.empty:
        return _shown(out, hidden, counts_hidden, symbol)
    sets = _Sets(out, groups)
    tries: dict[int, int] = {}  # how often each row has failed the audit
    report = None
    for _ in range(MAX_ROUNDS):
        shown = _shown(out, hidden, counts_hidden, symbol)
        report = audit_surveys(shown)
        if report.passed:
            return shown
        counts_hidden, hidden = _widen(sets, report.failures, counts_hidden, hidden, tries)
    raise BairnError(
        f"The survey tables could not be protected: {report.sentence()} Report this to the "
        "Bairn team; nothing of these tables has been shown."
    )


def small_groups_hidden(table: pd.DataFrame, min_responses: int | None = None) -> pd.DataFrame:
    """The rule before its audit. No percentage on fewer than `min_responses` answers:
    numerator, value and limits become "c". The number of answers is shown unless it is below
    `min_count` (the counts rule of every Bairn output: a child protection committee's "3
    children answered" would say more than its suppressed register does); then it is "c" too,
    with its percentage. Within a set of cells that add up (an area's categories of one
    breakdown; the CPCs of one category and Scotland), a lone hidden cell takes the smallest
    other with it."""
    rule = catalogue()["disclosure"]
    out = table.reset_index(drop=True)
    counts_hidden, hidden = _small_groups(out, additive_groups(out), rule, min_responses)
    return _shown(out, hidden, counts_hidden, str(rule["symbol"]))


def _small_groups(out: pd.DataFrame, groups, rule: dict, min_responses: int | None):
    threshold = min_responses or int(rule["min_responses"])
    counts_hidden = _with_complements(out, out["denominator"] < int(rule["min_count"]), groups)
    hidden = _with_complements(out, counts_hidden | (out["denominator"] < threshold), groups)
    return counts_hidden, hidden


def audit_surveys(shown: pd.DataFrame) -> AuditReport:
    """The survey policy's audit of a table after the rule (the long shape, "c" for hidden)."""
    frame = shown.assign(unit="percent", kind="survey")
    frame = frame.astype(object).where(frame.notna(), "")
    return audit(frame, policy=catalogue()["disclosure"]["audit_policy"])


def _shown(out: pd.DataFrame, hidden: pd.Series, counts_hidden: pd.Series, symbol: str):
    shown = out.copy()
    shown[[*SHARES, "denominator"]] = shown[[*SHARES, "denominator"]].astype(object)
    shown.loc[hidden, SHARES] = symbol
    shown.loc[counts_hidden, "denominator"] = symbol
    return shown


class _Sets:
    """The sets of rows that add up, and for each row the sets it belongs to, with each set's
    parts (an area's categories, or the CPCs beside Scotland) and whole (the total, or
    Scotland): worked out once for every round of `_widen`."""

    def __init__(self, out: pd.DataFrame, groups: list[list[int]]):
        self.out, self.groups = out, groups
        keys = out[KEYS].astype(str).itertuples(index=False, name=None)
        self.row_of = {key: i for i, key in enumerate(keys)}
        self.of_row: dict[int, list[int]] = {}
        for g, group in enumerate(groups):
            for row in group:
                self.of_row.setdefault(row, []).append(g)
        self.parts = [_parts(out, group) for group in groups]

    def whole_is_total(self, g: int) -> bool:
        whole = [i for i in self.groups[g] if i not in self.parts[g]]
        return bool(self.out.loc[whole, "breakdown"].eq("total").any())


def _widen(sets: _Sets, failures: pd.DataFrame, counts_hidden, hidden, tries: dict):
    """Hide more of every set of cells that holds a failing cell, more each time the same cell
    fails again, keeping the headline figures longest: first the shares of the set's parts (an
    area's categories, or the CPCs beside Scotland), then the parts' numbers of answers as well
    (at once where a number of answers failed), then a whole that is itself a category
    (Scotland's figure for one agency), and last a total. Then complete the sets again."""
    counts_hidden, hidden = counts_hidden.copy(), hidden.copy()
    for failure in failures.itertuples(index=False):
        row = sets.row_of[tuple(str(getattr(failure, k)) for k in KEYS)]
        start = 2 if failure.column == "denominator" else 1
        level = tries[row] = max(tries.get(row, 0) + 1, start)
        for g in sets.of_row.get(row, []):
            whole_too = level >= 4 or (level >= 3 and not sets.whole_is_total(g))
            rows = sets.groups[g] if whole_too else sets.parts[g]
            hidden.loc[rows] = True
            if level >= 2:
                counts_hidden.loc[rows] = True
    counts_hidden = _with_complements(sets.out, counts_hidden, sets.groups)
    return counts_hidden, _with_complements(sets.out, hidden | counts_hidden, sets.groups)


def _parts(out: pd.DataFrame, group: list[int]) -> list[int]:
    """The rows of a set that add up to its whole: an area's categories (not its total), or the
    CPCs (not Scotland)."""
    rows = out.loc[group]
    whole = rows["area_code"].eq(SCOTLAND) if rows["area_code"].nunique() > 1 else None
    if whole is None:
        whole = rows["breakdown"].eq("total")
    return list(rows.index[~whole.to_numpy()])


def _with_complements(out: pd.DataFrame, hidden: pd.Series, groups: list[list[int]]) -> pd.Series:
    hidden = hidden.copy()
    for _ in range(50):
        changed = False
        for group in groups:
            lone = hidden[group]
            if int(lone.sum()) == 1 and len(group) > 1:
                others = out.loc[[i for i in group if not hidden[i]]].sort_values("denominator")
                hidden.loc[others.index[0]] = True
                changed = True
        if not changed:
            break
    return hidden


def additive_groups(out: pd.DataFrame) -> list[list[int]]:
    """Sets of rows where one is the sum of the others: an area's total and the categories of
    one breakdown; Scotland and the CPCs, for one category."""
    groups: list[list[int]] = []
    totals = out[out["breakdown"] == "total"].set_index(["indicator_id", "area_code", "period"])
    parts = out[out["breakdown"] != "total"]
    for (ind, area, period, _b), group in parts.groupby(
        ["indicator_id", "area_code", "period", "breakdown"]
    ):
        rows = list(group.index)
        if (ind, area, period) in totals.index:
            rows.append(
                int(
                    out.index[
                        (out["indicator_id"] == ind)
                        & (out["area_code"] == area)
                        & (out["period"] == period)
                        & (out["breakdown"] == "total")
                    ][0]
                )
            )
        groups.append(rows)
    for _key, group in out.groupby(["indicator_id", "period", "breakdown", "category"]):
        groups.append(list(group.index))
    return groups
