"""Secondary (complementary) suppression: a fast structural heuristic, proved by the LP audit.

1. Shared fate: cells equal by a one-part relation (single-council CPC = its council) are
   suppressed together.
2. Structural repair, to a fixed point, relation by relation (vectorised over all relations):
   - no relation may have exactly one suppressed cell (it would be pinned);
   - insiders: for every CPC I, the suppressed cells of a relation that I does not own must not
     be exactly one (a CPC knows its own councils' counts);
   - room: when a relation's total is shown, its suppressed parts must add up to at least the
     policy's minimum width (otherwise they are all pinned into a narrow range).
   Each violated relation gets one more suppressed cell: the cheapest candidate, where cheap
   means, in order, lowest in the hierarchy of totals (`hierarchy_tier`: a council before its
   CPC, a CPC before Scotland, a quarter before its year, a category before its total -- a
   statistician hides a total only when nothing below it protects the cell), large enough to
   give the room needed, suppressed in the previous publication, not a zero, the smallest
   value, then the cell's stable key order (deterministic).
3. Audit: the attacker LP (bounds.py), certifying each suppressed cell's range by feasible
   points (the true values and LP vertices); optionally also for each CPC insider (who knows
   its own cells). A cell not certified gets one more complement in each of its relations, and
   the loop repeats. If the
   rounds run out (or a round changes nothing), it escalates: every part of the failing
   relations, then their totals too, then their whole connected part, which always ends (a
   relation with no shown cell constrains nothing).

The result is safe by construction of the final audit, not by the heuristic: the heuristic
only keeps the number of audit rounds small.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bairn.disclosure.bounds import attacker_bounds
from bairn.disclosure.tableset import TableSet


@dataclass
class SecondaryResult:
    suppressed: np.ndarray
    rounds: int
    audit_failures: int
    lp_calls: int


def hierarchy_tier(ts: TableSet) -> np.ndarray:
    """How high each cell sits among the totals: a dense rank of (height, breadth).

    Height is the length of the longest chain of relations below the cell (a council-quarter
    0, a council-year or a CPC 1, a Scotland-year 2, ...); breadth the number of parts of the
    widest relation it is the total of (Scotland's 32 councils over a CPC's few). One-part
    relations (a single-council CPC *is* its council) are identities, not totals; cells that
    share their fate take the highest tier of their group (choosing one chooses them all).
    """
    parts = np.diff(ts.eq.indptr) - 1
    rel, cell, is_total = ts.members()
    agg = parts[rel] >= 2
    rel, cell, is_total = rel[agg], cell[agg], is_total[agg]
    n_rel = ts.eq.shape[0]
    height = np.zeros(ts.n, dtype=np.int64)
    for _ in range(64):  # at most the depth of the hierarchy (a handful of levels)
        below = np.full(n_rel, -1, dtype=np.int64)
        np.maximum.at(below, rel[~is_total], height[cell[~is_total]])
        new = height.copy()
        np.maximum.at(new, cell[is_total], below[rel[is_total]] + 1)
        if np.array_equal(new, height):
            break
        height = new
    breadth = np.zeros(ts.n, dtype=np.int64)
    np.maximum.at(breadth, cell[is_total], parts[rel[is_total]])
    groups = ts.identity_groups()
    for arr in (height, breadth):
        top = np.zeros(groups.max() + 1 if len(groups) else 0, dtype=np.int64)
        np.maximum.at(top, groups, arr)
        arr[:] = top[groups]
    _, tier = np.unique(height * (ts.n + 1) + breadth, return_inverse=True)
    return tier.reshape(-1)


def _cost_order(values: np.ndarray, previous: np.ndarray, tier: np.ndarray) -> np.ndarray:
    """Rank of each cell as a complement (0 = cheapest): lower in the hierarchy first (a council
    before its CPC, a CPC before Scotland, a quarter before its year, a category before the
    breakdown's total), then suppressed in the previous publication, not a zero, the smallest
    value, and the cell's stable key order (deterministic)."""
    n = len(values)
    stable = np.arange(n)  # cells are built in key order, so position is stable
    order = np.lexsort((stable, values, values == 0, ~previous, tier))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    return rank


class _Repair:
    def __init__(
        self,
        ts: TableSet,
        values: np.ndarray,
        previous: np.ndarray,
        min_width: float,
        insiders: bool,
    ) -> None:
        self.ts = ts
        self.values = np.nan_to_num(values)
        self.tier = hierarchy_tier(ts)
        self.rank = _cost_order(self.values, previous, self.tier)
        self.groups = ts.identity_groups()
        self.rel, self.cell, self.is_total = ts.members()
        self.n_rel = ts.eq.shape[0]
        self.min_width = min_width
        self.insiders = insiders
        owners, self.owner_id = np.unique(ts.owner.astype(str), return_inverse=True)
        self.nobody = np.flatnonzero(owners == "")
        self.n_owner = len(owners)

    def share(self, s: np.ndarray) -> np.ndarray:
        hit = np.bincount(self.groups, weights=s.astype(float), minlength=self.groups.max() + 1)
        return hit[self.groups] > 0

    def violations(self, s: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per relation: needs a complement; needs a new owner; room still needed."""
        sm = s[self.cell]
        k = np.bincount(self.rel, weights=sm, minlength=self.n_rel)
        bad = k == 1
        new_owner = np.zeros(self.n_rel, dtype=bool)
        if self.insiders and len(self.cell):
            own = self.owner_id[self.cell]
            key = self.rel * self.n_owner + own
            c = np.bincount(key, weights=sm, minlength=self.n_rel * self.n_owner)
            c = c.reshape(self.n_rel, self.n_owner)
            remaining = k[:, None] - c
            present = c > 0
            if len(self.nobody):
                present[:, self.nobody] = False
            ins = (present & (remaining == 1)).any(axis=1)
            new_owner = ins & ~bad
            bad |= ins
        total_shown = (
            np.bincount(self.rel[self.is_total], weights=~sm[self.is_total], minlength=self.n_rel)
            > 0
        )
        room = np.bincount(
            self.rel,
            weights=np.where(sm & ~self.is_total, self.values[self.cell], 0.0),
            minlength=self.n_rel,
        )
        need = np.where(total_shown & (k >= 2), self.min_width - room, 0.0)
        bad |= need > 0
        return bad, new_owner, np.maximum(need, 0.0)

    def pick(
        self, s: np.ndarray, bad: np.ndarray, new_owner: np.ndarray, need: np.ndarray
    ) -> np.ndarray:
        """One complement per bad relation; returns the cells to add."""
        m = bad[self.rel] & ~s[self.cell]
        rel, cell = self.rel[m], self.cell[m]
        if new_owner.any():
            # candidate's owner must not already have a suppressed cell in the relation
            sm = s[self.cell]
            owned = np.zeros((self.n_rel, self.n_owner), dtype=bool)
            owned[self.rel[sm], self.owner_id[self.cell[sm]]] = True
            if len(self.nobody):
                owned[:, self.nobody] = False
            clash = new_owner[rel] & owned[rel, self.owner_id[cell]]
            rel, cell = rel[~clash], cell[~clash]
        if len(rel) == 0:
            return np.array([], dtype=np.int64)
        short = self.values[cell] < np.maximum(need[rel], self.min_width)
        order = np.lexsort((self.rank[cell], short, self.tier[cell], rel))
        rel, cell = rel[order], cell[order]
        first = np.r_[True, rel[1:] != rel[:-1]]
        return np.unique(cell[first])

    def run(self, s: np.ndarray, max_iter: int = 200) -> np.ndarray:
        s = self.share(s)
        for _ in range(max_iter):
            bad, new_owner, need = self.violations(s)
            if not bad.any():
                break
            add = self.pick(s, bad, new_owner, need)
            if len(add) == 0:
                break
            s[add] = True
            s = self.share(s)
        return s

    def fix_failures(
        self, s: np.ndarray, failed: np.ndarray, exclude_owner: int | None, level: int
    ) -> np.ndarray:
        """More complements around failed cells, escalating with `level`. 0: the cheapest one
        per relation of each failed cell; 1: every part of those relations (and the wholes of
        their inequalities); 2: their totals too; 3: their whole connected part of the table
        set. Totals are hidden only when hiding every part of a relation was not enough."""
        s = s.copy()
        fail = np.zeros(self.ts.n, dtype=bool)
        fail[failed] = True
        if level >= 3:
            s |= np.isin(self.ts.components(), self.ts.components()[failed])
            return self.share(s)
        rels = np.unique(self.rel[fail[self.cell]])
        m = np.isin(self.rel, rels) & ~s[self.cell]
        if exclude_owner is not None and level == 0:
            m &= self.owner_id[self.cell] != exclude_owner
        rel, cell = self.rel[m], self.cell[m]
        if level >= 1:
            s[cell[~self.is_total[m]] if level == 1 else cell] = True
            le = self.ts.le.tocoo()
            rows = np.unique(le.row[fail[le.col]])
            s[le.col[np.isin(le.row, rows)]] = True
        elif len(rel):
            short = self.values[cell] < self.min_width
            order = np.lexsort((self.rank[cell], short, self.tier[cell], rel))
            rel, cell = rel[order], cell[order]
            first = np.r_[True, rel[1:] != rel[:-1]]
            s[cell[first]] = True
        return self.share(s)


def _insider_failures(
    ts: TableSet,
    values: np.ndarray,
    s: np.ndarray,
    req: np.ndarray,
    owner_id: np.ndarray,
    nobody: np.ndarray,
    comp: np.ndarray,
) -> tuple[list, int]:
    """Cells a CPC could narrow using its own counts: [(owner, failed cells)], lp calls.

    `comp` is the outsider component of each suppressed cell (-1 elsewhere): knowing a CPC's
    cells can only change the bounds of cells in the same components as its suppressed cells.
    """
    out, calls = [], 0
    for o in np.unique(owner_id[s]):
        if o in nobody:
            continue
        mine = owner_id == o
        comps = np.unique(comp[s & mine])
        unknown = s & ~mine & np.isin(comp, comps)
        if not unknown.any():
            continue
        b = attacker_bounds(ts, values, unknown, req, witness=values, certify_only=True)
        calls += b.lp_calls
        if b.failed.any():
            out.append((int(o), b.cells[b.failed]))
    return out, calls


def secondary_suppression(
    ts: TableSet,
    values: np.ndarray,
    primary: np.ndarray,
    min_width: float,
    insiders: bool = True,
    previous: np.ndarray | None = None,
    max_rounds: int = 30,
    insider_audit: bool = False,
) -> SecondaryResult:
    """Suppressed mask (primary | secondary) that passes the outsider and insider audits.

    Each audit round proves again only the independent parts of the table set (connected
    components of the relation graph) that changed since the last round, so the rounds a few
    difficult parts need do not re-prove the whole publication.
    """
    prev = np.zeros(ts.n, dtype=bool) if previous is None else previous
    rep = _Repair(ts, values, prev, min_width, insiders)
    s = rep.run(primary.copy())
    width = np.full(ts.n, float(min_width))
    # Parts of the table set already proved safe need no new proof while nothing in them
    # changes: only parts touched since the last audit are audited again.
    part = ts.components()
    dirty = np.ones(ts.n, dtype=bool)
    calls = 0
    failures = 0
    level = 0
    for round_no in range(1, 10 * max_rounds):
        if round_no > max_rounds:
            level = max(level, 1)
        if dirty.all():
            b = attacker_bounds(ts, values, s, width, witness=values)
            failed = b.cells[b.failed]
        else:
            idx = np.flatnonzero(dirty)
            b = attacker_bounds(ts.restrict(idx), values[idx], s[idx], width[idx],
                                witness=values[idx])  # fmt: skip
            failed = idx[b.cells[b.failed]]
        calls += b.lp_calls
        if len(failed):
            failures += len(failed)
            new = rep.run(rep.fix_failures(s, failed, None, level))
            level = level + 1 if np.array_equal(new, s) else level
            touched = new != s
            touched[failed] = True
            dirty = np.isin(part, part[touched])
            s = new
            continue
        req = width
        if not (insiders and insider_audit):
            return SecondaryResult(s, round_no, failures, calls)
        if not dirty.all():  # the insider audit needs the components of the whole table set
            b = attacker_bounds(ts, values, s, width, witness=values)
            calls += b.lp_calls
        comp = np.full(ts.n, -1)
        comp[b.cells] = b.component
        found, c = _insider_failures(ts, values, s, req, rep.owner_id, rep.nobody, comp)
        calls += c
        if not found:
            return SecondaryResult(s, round_no, failures, calls)
        new = s
        for owner, cells in found:
            failures += len(cells)
            new = rep.fix_failures(new, cells, owner, level)
        new = rep.run(new)
        level = level + 1 if np.array_equal(new, s) else level
        s = new
    raise RuntimeError("secondary suppression did not converge")  # pragma: no cover
