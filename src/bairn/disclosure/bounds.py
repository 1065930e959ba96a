"""The attacker's bounds: for each unknown cell, the min and max consistent with what is shown.

The attacker knows every shown cell, every relation of the table set and that cells are >= 0.
For each unknown cell i the tightest interval is ``[min x_i, max x_i]`` over the polytope
``{x : eq x = 0, le x <= 0, shown cells fixed, lo <= x <= hi}`` -- two linear programs per
cell. Three things keep this fast without giving up exactness where it matters:

1. Decomposition: unknown cells linked only through shown cells are independent, so the
   polytope splits into connected components (of the cell-relation graph restricted to
   unknown cells).
2. Certification by witnesses: any feasible point is a point the attacker cannot exclude, so the
   spread of a few feasible points (the true values, and LP vertices for objectives such as
   "max sum") is an inner bound on the interval. A cell whose inner interval is already wide
   enough passes without its own LP (the "filtering" of optimisation-based bound tightening,
   Gleixner et al. 2017).
3. Batching: each remaining LP round maximises (or minimises) one cell per component, all
   components stacked into one block-diagonal LP solved by HiGHS, so the number of solver calls
   is the size of the largest component, not the number of cells. Every vertex found also
   updates the witnesses of the other cells.

Cells that are not certified get exact bounds (both LPs); with ``exact=True`` every cell does.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

import highspy
import numpy as np
from scipy import sparse
from scipy.optimize import linprog
from scipy.sparse import csgraph

from bairn.disclosure.tableset import TableSet

CAP = 1e9  # stands in for +infinity in the LPs; bounds above CAP/2 are reported as inf
TOL = 1e-6


@dataclass
class Bounds:
    """Per-cell results, aligned with `cells` (global cell indices of the unknown cells)."""

    cells: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    exact: (
        np.ndarray
    )  # True: lower/upper are the tightest bounds; False: an inner (certified) range
    required: np.ndarray
    infeasible: np.ndarray  # True: no values fit the shown data and relations (fail closed)
    component: np.ndarray
    lp_calls: int = 0

    @property
    def width(self) -> np.ndarray:
        return self.upper - self.lower

    @property
    def failed(self) -> np.ndarray:
        return self.infeasible | (self.width < self.required - TOL)


class _Problem:
    """The stacked LP over the unknown cells, with per-component slicing."""

    def __init__(
        self, ts: TableSet, values: np.ndarray, var: np.ndarray, lo: np.ndarray, hi: np.ndarray
    ) -> None:
        self.var = var
        n = ts.n
        known = np.ones(n, dtype=bool)
        known[var] = False
        const = np.where(known, np.nan_to_num(values, nan=0.0), 0.0)
        eq_v = ts.eq[:, var].tocsr()
        le_v = ts.le[:, var].tocsr()
        eq_rows = np.flatnonzero(np.diff(eq_v.indptr) > 0)
        le_rows = np.flatnonzero(np.diff(le_v.indptr) > 0)
        self.eq = eq_v[eq_rows]
        self.b_eq = -(ts.eq[eq_rows] @ const)
        self.le = le_v[le_rows]
        self.b_le = -(ts.le[le_rows] @ const)
        self.lo = lo[var].astype(float)
        self.hi = np.minimum(hi[var].astype(float), CAP)
        incidence = sparse.vstack([abs(self.eq), abs(self.le)]).tocsr()
        incidence.data[:] = 1.0
        adj = (incidence.T @ incidence).tocsr()
        self.n_comp, self.comp = csgraph.connected_components(adj, directed=False)
        # rows belong to the component of their first variable
        self.eq_comp = self._row_comp(self.eq)
        self.le_comp = self._row_comp(self.le)
        self.calls = 0
        self.highs: highspy.Highs | None = None
        self.whole_feasible: bool | None = None

    def _row_comp(self, m: sparse.csr_matrix) -> np.ndarray:
        if m.shape[0] == 0:
            return np.array([], dtype=np.int64)
        return self.comp[m.indices[m.indptr[:-1]]]

    def solve(self, c: np.ndarray, comps: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
        """Minimise c.x over the components `comps`; returns (x over those vars, var indices)."""
        cmask = np.zeros(self.n_comp, dtype=bool)
        cmask[comps] = True
        cols = np.flatnonzero(cmask[self.comp])
        self.calls += 1
        if self.whole_feasible is not False:
            x = self._solve_whole(np.where(cmask[self.comp], c, 0.0))
            if x is not None:
                return x[cols], cols
            self.whole_feasible = False
        return self._solve_part(c, cols, cmask)

    def _solve_whole(self, c: np.ndarray) -> np.ndarray | None:
        """One persistent HiGHS model of every component: only the objective changes between
        solves, so each solve starts from the last basis (components the objective leaves alone
        are already optimal), without rebuilding the problem."""
        if self.highs is None:
            self.highs = _highs_model(self)
        h = self.highs
        h.changeColsCost(len(c), np.arange(len(c), dtype=np.int32), c.astype(float))
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        self.whole_feasible = True
        return np.asarray(h.getSolution().col_value, dtype=float)

    def _solve_part(self, c: np.ndarray, cols: np.ndarray, cmask: np.ndarray):
        er = np.flatnonzero(cmask[self.eq_comp]) if len(self.eq_comp) else np.array([], int)
        lr = np.flatnonzero(cmask[self.le_comp]) if len(self.le_comp) else np.array([], int)
        a_eq = self.eq[er][:, cols] if len(er) else None
        a_ub = self.le[lr][:, cols] if len(lr) else None
        res = linprog(
            c[cols],
            A_ub=a_ub,
            b_ub=self.b_le[lr] if len(lr) else None,
            A_eq=a_eq,
            b_eq=self.b_eq[er] if len(er) else None,
            bounds=np.column_stack([self.lo[cols], self.hi[cols]]),
            method="highs",
        )
        if res.status != 0:
            return None, cols
        return res.x, cols


def _quiet_highs() -> highspy.Highs:
    """HiGHS prints a banner on standard output from C++ as it is constructed, before any option
    can be set; Bairn's standard output carries CSV and JSON, so the banner goes to /dev/null."""
    sys.stdout.flush()
    saved, devnull = os.dup(1), os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        h = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)
    h.setOptionValue("output_flag", False)
    return h


def _highs_model(p: _Problem) -> highspy.Highs:
    h = _quiet_highs()
    nv = len(p.lo)
    none = np.zeros(nv + 1, dtype=np.int32)
    h.addCols(nv, np.zeros(nv), p.lo, p.hi, 0, none[:nv], np.array([], np.int32), np.array([]))
    for m, lower, upper in ((p.eq, p.b_eq, p.b_eq), (p.le, np.full(len(p.b_le), -np.inf), p.b_le)):
        if m.shape[0] == 0:
            continue
        m = m.tocsr()
        h.addRows(
            m.shape[0], np.asarray(lower, float), np.asarray(upper, float), m.nnz,
            m.indptr[:-1].astype(np.int32), m.indices.astype(np.int32), m.data.astype(float),
        )  # fmt: skip
    return h


def attacker_bounds(
    ts: TableSet,
    values: np.ndarray,
    unknown: np.ndarray,
    required: np.ndarray,
    lo: np.ndarray | None = None,
    hi: np.ndarray | None = None,
    witness: np.ndarray | None = None,
    exact: bool = False,
    integer: bool = True,
    seed: int = 20250601,
    certify_only: bool = False,
    group_rounds: int = 8,
) -> Bounds:
    """Bounds an attacker can derive for every cell where `unknown` is True.

    `values` holds the shown values (NaN where unknown is fine); `required` is the minimum width
    per cell (the policy); `lo`/`hi` are a priori bounds per cell (0 and inf by default; rounded
    cells get their rounding interval); `witness` is a known feasible point (the protector's true
    values) to certify cells without solving. `certify_only` stops after the witnesses: cells
    whose certified range is too narrow are reported failed without exact bounds (the protector
    uses this: it is sound, and at most over-protective).
    """
    n = ts.n
    lo = np.zeros(n) if lo is None else lo
    hi = np.full(n, np.inf) if hi is None else hi
    var = np.flatnonzero(unknown)
    req = required[var].astype(float)
    if len(var) == 0:
        e = np.array([], dtype=float)
        return Bounds(var, e, e, e.astype(bool), req, e.astype(bool), var, 0)
    p = _Problem(ts, values, var, lo, hi)
    nv = len(var)
    obs_lo = np.full(nv, np.inf)
    obs_hi = np.full(nv, -np.inf)
    ex_lo = np.full(nv, np.nan)
    ex_hi = np.full(nv, np.nan)
    infeasible = np.zeros(nv, dtype=bool)

    def observe(x: np.ndarray | None, cols: np.ndarray) -> None:
        if x is None:
            return
        np.minimum.at(obs_lo, cols, x)
        np.maximum.at(obs_hi, cols, x)

    all_comps = np.arange(p.n_comp)
    point = None
    if witness is not None and np.all(np.isfinite(witness[var])):
        point = witness[var].astype(float)
        observe(point, np.arange(nv))
    else:
        x, cols = p.solve(np.zeros(nv), all_comps)
        if x is not None:
            point = np.zeros(nv)
            point[cols] = x
        if x is None:  # find the components with no solution, one by one
            for k in all_comps:
                xk, ck = p.solve(np.zeros(nv), np.array([k]))
                if xk is None:
                    infeasible[ck] = True
                observe(xk, ck)
        else:
            observe(x, cols)
    live = np.flatnonzero(np.bincount(p.comp[~infeasible], minlength=p.n_comp) > 0)
    rng = np.random.default_rng(seed)

    def uncertified() -> np.ndarray:
        return (obs_hi - obs_lo < req - TOL) & ~infeasible

    # Aggressive filtering: objectives over all cells, then over the uncertified ones only
    # (up, down, and random signs), while they keep certifying cells.
    if nv and len(live):
        stale = 0
        for k in range(group_rounds):
            todo = np.ones(nv, dtype=bool) if exact or k < 2 else uncertified()
            if not todo.any() or stale >= 2:
                break
            sign = [-1.0, 1.0][k % 2] if k < 4 else rng.choice([-1.0, 1.0], size=nv)
            c = np.where(todo, sign, 0.0)
            comps = np.unique(p.comp[todo & ~infeasible])
            before = int(uncertified().sum())
            observe(*p.solve(c, comps))
            stale = stale + 1 if int(uncertified().sum()) == before and k >= 2 else 0
    if certify_only:
        return Bounds(
            var,
            obs_lo,
            np.where(obs_hi >= CAP / 2, np.inf, obs_hi),
            np.zeros(nv, dtype=bool),
            req,
            infeasible,
            p.comp,
            p.calls,
        )

    # Exact rounds: one cell (and direction) per component, all components in one LP.
    while True:
        certified = (obs_hi - obs_lo >= req - TOL) if not exact else np.zeros(nv, dtype=bool)
        need_hi = np.isnan(ex_hi) & ~certified & ~infeasible
        need_lo = np.isnan(ex_lo) & ~certified & ~infeasible
        if not (need_hi.any() or need_lo.any()):
            break
        c = np.zeros(nv)
        picked_comp = np.zeros(p.n_comp, dtype=bool)
        picks: list[tuple[int, int]] = []
        for need, sign in ((need_hi, -1.0), (need_lo, 1.0)):
            cand = np.flatnonzero(need)
            comp = p.comp[cand]
            fresh = ~picked_comp[comp]
            cand, comp = cand[fresh], comp[fresh]
            _, first = np.unique(comp, return_index=True)
            chosen = cand[first]
            picked_comp[p.comp[chosen]] = True
            c[chosen] = sign
            picks += [(int(i), int(sign)) for i in chosen]
        comps = np.flatnonzero(picked_comp)
        x, cols = p.solve(c, comps)
        if x is None:  # should not happen after feasibility; fail closed
            infeasible[cols] = True
            continue
        observe(x, cols)
        pos = np.full(nv, -1)
        pos[cols] = np.arange(len(cols))
        for i, sign in picks:
            if sign < 0:
                ex_hi[i] = x[pos[i]]
            else:
                ex_lo[i] = x[pos[i]]

    is_exact = ~np.isnan(ex_lo) & ~np.isnan(ex_hi)
    lower = np.where(np.isnan(ex_lo), obs_lo, ex_lo)
    upper = np.where(np.isnan(ex_hi), obs_hi, ex_hi)
    if integer:
        lower = np.where(is_exact, np.ceil(lower - TOL), lower)
        upper = np.where(is_exact, np.floor(upper + TOL), upper)
    upper = np.where(upper >= CAP / 2, np.inf, upper)
    lower = np.where(infeasible, np.nan, lower)
    upper = np.where(infeasible, np.nan, upper)
    return Bounds(var, lower, upper, is_exact, req, infeasible, p.comp, p.calls)
