"""The generic table set: cells with dimension keys, and the linear relations between them.

A relation is either an equality ``total = sum(parts)`` or an inequality ``part <= whole``.
Both the protector and the auditor work on this structure only; `relations.py` builds it from
Bairn's long indicator table, and tests build it by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse import csgraph


@dataclass
class TableSet:
    """Cells (one row each, in `cells`) and the relations an attacker may use.

    `eq` has one row per additive relation: +1 on the total, -1 on each part (so ``eq @ x == 0``).
    `le` has one row per inequality: +1 on the part, -1 on the whole (so ``le @ x <= 0``).
    `eq_kind` names each relation ("geography:scotland", "time:year", "category", ...).
    `owner` gives, per cell, the insider who knows it (a CPC code) or "" for nobody.
    """

    cells: pd.DataFrame
    eq: sparse.csr_matrix
    le: sparse.csr_matrix
    eq_kind: np.ndarray
    owner: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))

    @property
    def n(self) -> int:
        return len(self.cells)

    @classmethod
    def from_relations(
        cls,
        cells: pd.DataFrame,
        relations: Sequence[tuple[int, Sequence[int]]],
        inequalities: Sequence[tuple[int, int]] = (),
        kinds: Sequence[str] | None = None,
        owner: Sequence[str] | None = None,
    ) -> TableSet:
        """Build from positional relations: ``(total_index, [part_index, ...])``."""
        n = len(cells)
        rows, cols, vals = [], [], []
        for r, (total, parts) in enumerate(relations):
            rows.append(r)
            cols.append(total)
            vals.append(1.0)
            for p in parts:
                rows.append(r)
                cols.append(p)
                vals.append(-1.0)
        eq = sparse.csr_matrix((vals, (rows, cols)), shape=(len(relations), n))
        lrows = [r for r in range(len(inequalities)) for _ in (0, 1)]
        lcols = [c for pair in inequalities for c in pair]
        lvals = [1.0, -1.0] * len(inequalities)
        le = sparse.csr_matrix((lvals, (lrows, lcols)), shape=(len(inequalities), n))
        kind = np.array(kinds if kinds is not None else ["relation"] * len(relations), dtype=object)
        own = np.array(owner if owner is not None else [""] * n, dtype=object)
        return cls(cells.reset_index(drop=True), eq, le, kind, own)

    @classmethod
    def from_triplets(
        cls,
        cells: pd.DataFrame,
        eq_rel: np.ndarray,
        eq_cell: np.ndarray,
        eq_coef: np.ndarray,
        eq_kind: np.ndarray,
        le_pairs: np.ndarray,
        owner: np.ndarray,
    ) -> TableSet:
        n = len(cells)
        n_eq = len(eq_kind)
        eq = sparse.csr_matrix(
            (eq_coef.astype(float), (eq_rel.astype(np.int64), eq_cell.astype(np.int64))),
            shape=(n_eq, n),
        )
        eq.sum_duplicates()
        m = len(le_pairs)
        if m:
            lrows = np.repeat(np.arange(m), 2)
            lcols = le_pairs.reshape(-1)
            lvals = np.tile([1.0, -1.0], m)
        else:
            lrows = lcols = np.array([], dtype=np.int64)
            lvals = np.array([], dtype=float)
        le = sparse.csr_matrix((lvals, (lrows, lcols)), shape=(m, n))
        return cls(cells.reset_index(drop=True), eq, le, np.asarray(eq_kind, dtype=object), owner)

    def shown_whole(self, values: np.ndarray, unknown: np.ndarray) -> np.ndarray:
        """Per cell, the smallest known whole it is a part of, directly or through hidden wholes
        (an additive relation's total, or the larger side of an inequality), inf where none:
        such a part lies in [0, whole] whatever else is shown."""
        out = np.full(self.n, np.inf)
        sides = []
        for matrix, whole_sign in ((self.eq, 1.0), (self.le, -1.0)):
            coo = matrix.tocoo()
            sides.append((coo, coo.data == whole_sign, matrix.shape[0]))
        for _ in range(self.n + 1):  # a chain of hidden wholes is at most as long as the cells
            known_or_cap = np.where(unknown, out, values)
            new = out.copy()
            for coo, is_whole, n_rows in sides:
                whole_of = np.full(n_rows, np.inf)
                np.minimum.at(whole_of, coo.row[is_whole], known_or_cap[coo.col[is_whole]])
                part = ~is_whole
                np.minimum.at(new, coo.col[part], whole_of[coo.row[part]])
            if np.array_equal(new, out):
                break
            out = new
        return out

    def keep_relations(self, eq_rows: np.ndarray, le_rows: np.ndarray | None = None) -> TableSet:
        """A copy with only the given relation rows (e.g. those that hold on the data)."""
        le = self.le if le_rows is None else self.le[le_rows]
        return TableSet(self.cells, self.eq[eq_rows], le, self.eq_kind[eq_rows], self.owner)

    def holds(self, values: np.ndarray, tol: float = 1e-6) -> tuple[np.ndarray, np.ndarray]:
        """Which relations hold on fully known values (NaN counts as unknown: holds)."""
        known = np.nan_to_num(values, nan=0.0)
        unknown = np.isnan(values).astype(float)
        eq_unknown = (abs(self.eq) @ unknown) > 0
        le_unknown = (abs(self.le) @ unknown) > 0
        eq_ok = eq_unknown | (np.abs(self.eq @ known) <= tol)
        le_ok = le_unknown | ((self.le @ known) <= tol)
        return eq_ok, le_ok

    def holds_within(
        self, lo: np.ndarray, hi: np.ndarray, tol: float = 1e-6
    ) -> tuple[np.ndarray, np.ndarray]:
        """Which relations some values within [lo, hi] (per cell) satisfy, each taken alone:
        for rounded outputs, where shown values are intervals (hi may be inf)."""
        out = []
        for m in (self.eq, self.le):
            pos, neg = m.maximum(0).tocsr(), (-m).maximum(0).tocsr()
            pos.eliminate_zeros()
            neg.eliminate_zeros()
            low = pos @ lo - neg @ hi  # sparse products touch stored entries only: no 0 * inf
            high = pos @ hi - neg @ lo
            out.append((low <= tol) & ((high >= -tol) | (m is self.le)))
        return out[0], out[1]

    def identity_groups(self) -> np.ndarray:
        """Group id per cell: cells equal by a one-part relation (a single-council CPC and its
        council) are in one group and must share their fate."""
        nnz = np.diff(self.eq.indptr)
        pairs = np.flatnonzero(nnz == 2)
        if len(pairs) == 0:
            return np.arange(self.n)
        sub = self.eq[pairs].tocoo()
        order = np.lexsort((sub.col, sub.row))
        cols = sub.col[order].reshape(-1, 2)
        graph = sparse.coo_matrix(
            (np.ones(len(cols)), (cols[:, 0], cols[:, 1])), shape=(self.n, self.n)
        )
        _, labels = csgraph.connected_components(graph, directed=False)
        return labels

    def members(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(relation, cell, is_total) triplets of the equality relations, sorted by relation."""
        coo = self.eq.tocoo()
        order = np.lexsort((coo.col, coo.row))
        return coo.row[order], coo.col[order], coo.data[order] > 0

    def components(self) -> np.ndarray:
        """Component id per cell: cells linked by no chain of relations are independent, so
        suppressing one part of the table set never changes what can be learnt in another."""
        incidence = abs(self.eq).T @ abs(self.eq)
        if self.le.shape[0]:
            incidence = incidence + abs(self.le).T @ abs(self.le)
        _, labels = csgraph.connected_components(incidence, directed=False)
        return labels

    def restrict(self, idx: np.ndarray) -> TableSet:
        """The table set of the cells `idx` (a union of whole components) and their relations."""
        eq_rows = np.flatnonzero(np.asarray(abs(self.eq[:, idx]).sum(axis=1)).ravel() > 0)
        le_rows = np.flatnonzero(np.asarray(abs(self.le[:, idx]).sum(axis=1)).ravel() > 0)
        owner = self.owner[idx] if len(self.owner) == self.n else self.owner
        return TableSet(
            self.cells.iloc[idx].reset_index(drop=True),
            self.eq[eq_rows][:, idx],
            self.le[le_rows][:, idx],
            self.eq_kind[eq_rows],
            owner,
        )
