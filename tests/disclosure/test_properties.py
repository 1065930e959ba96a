"""Property-based tests: random tables and relations; after suppression no cell is pinned,
and the LP bounds equal brute-force enumeration on tiny tables."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bairn.disclosure.bounds import attacker_bounds
from bairn.disclosure.secondary import secondary_suppression
from bairn.disclosure.tableset import TableSet

MIN_WIDTH = 5.0


def grid_tableset(inner: np.ndarray) -> tuple[TableSet, np.ndarray]:
    """An r x c table with row totals, column totals and a grand total (all linked)."""
    r, c = inner.shape
    idx = np.arange(r * c).reshape(r, c)
    row_tot = r * c + np.arange(r)
    col_tot = r * c + r + np.arange(c)
    grand = r * c + r + c
    rel = [(int(row_tot[i]), [int(x) for x in idx[i]]) for i in range(r)]
    rel += [(int(col_tot[j]), [int(x) for x in idx[:, j]]) for j in range(c)]
    rel += [(grand, [int(x) for x in row_tot]), (grand, [int(x) for x in col_tot])]
    values = np.concatenate([inner.ravel(), inner.sum(1), inner.sum(0), [inner.sum()]])
    cells = pd.DataFrame({"cell": np.arange(len(values))})
    return TableSet.from_relations(cells, rel), values.astype(float)


def tree_tableset(leaves: list[list[int]]) -> tuple[TableSet, np.ndarray]:
    """Two-level hierarchy: groups of leaves, group totals, a grand total, plus a second
    overlapping grouping (pairs of leaves across groups), like councils/CPCs/Scotland."""
    flat = [v for g in leaves for v in g]
    n = len(flat)
    values = list(flat)
    rel = []
    start = 0
    group_ids = []
    for g in leaves:
        gid = len(values)
        values.append(sum(g))
        rel.append((gid, list(range(start, start + len(g)))))
        group_ids.append(gid)
        start += len(g)
    grand = len(values)
    values.append(sum(flat))
    rel.append((grand, group_ids))
    rel.append((grand, list(range(n))))
    cells = pd.DataFrame({"cell": np.arange(len(values))})
    return TableSet.from_relations(cells, rel), np.array(values, dtype=float)


counts = st.integers(min_value=0, max_value=30)


def check_protected(ts: TableSet, values: np.ndarray) -> None:
    primary = (values > 0) & (values < 5)
    res = secondary_suppression(ts, values, primary, MIN_WIDTH, insiders=False)
    s = res.suppressed
    assert (s | ~primary).all()  # every primary cell stays suppressed
    b = attacker_bounds(ts, np.where(s, np.nan, values), s, np.full(ts.n, MIN_WIDTH), exact=True)
    assert not b.infeasible.any()
    assert (b.lower <= values[b.cells] + 1e-6).all() and (b.upper >= values[b.cells] - 1e-6).all()
    assert (b.width >= MIN_WIDTH - 1e-6).all(), (b.lower, b.upper)
    assert not (b.width < 0.5).any()  # never pinned


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(2, 4), st.integers(2, 5), st.data())
def test_grid_after_suppression_no_cell_is_pinned(r, c, data):
    inner = np.array(data.draw(st.lists(counts, min_size=r * c, max_size=r * c))).reshape(r, c)
    ts, values = grid_tableset(inner)
    check_protected(ts, values)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(counts, min_size=1, max_size=4), min_size=2, max_size=5))
def test_overlapping_hierarchy_after_suppression_no_cell_is_pinned(leaves):
    ts, values = tree_tableset(leaves)
    check_protected(ts, values)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.integers(0, 3), min_size=4, max_size=4),
    st.sets(st.integers(0, 8), min_size=1, max_size=4),
)
def test_lp_bounds_equal_brute_force_on_a_2x2_table(inner, hidden_cells):
    # at most four hidden cells keep the enumeration below 13**4 completions
    ts, values = grid_tableset(np.array(inner).reshape(2, 2))
    hidden = np.zeros(9, dtype=bool)
    hidden[sorted(hidden_cells)] = True
    b = attacker_bounds(ts, np.where(hidden, np.nan, values), hidden, np.zeros(9), exact=True)
    # brute force: every non-negative integer completion consistent with shown cells
    top = int(values.max())
    free = np.flatnonzero(hidden)
    feasible = []
    for combo in itertools.product(range(top + 1), repeat=len(free)):
        x = values.copy()
        x[free] = combo
        if np.allclose(ts.eq @ x, 0):
            feasible.append(x[free])
    arr = np.array(feasible)
    lo, hi = arr.min(axis=0), arr.max(axis=0)
    # free cells bounded only by the cap are unbounded in the LP; compare bounded ones
    bounded = np.isfinite(b.upper)
    assert np.allclose(b.lower, lo)
    assert np.allclose(b.upper[bounded], hi[bounded])
