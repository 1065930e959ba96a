"""`protect`: results -> the published frame for an audience, with its disclosure record."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from bairn.disclosure.audit import AuditReport, audit
from bairn.disclosure.policy import Policy, load_policy
from bairn.disclosure.primary import primary_reasons, row_value_reasons
from bairn.disclosure.publish import KEYS, C, footnote, format_frame
from bairn.disclosure.records import DisclosureRecord
from bairn.disclosure.relations import Geography, build_tableset, long_cells, scotland_geography
from bairn.disclosure.secondary import secondary_suppression
from bairn.errors import BairnError

REQUIRED = [
    "indicator_id",
    "area_code",
    "area_type",
    "period",
    "breakdown",
    "category",
    "numerator",
    "denominator",
    "value",
    "lower95",
    "upper95",
]
CELL_KEY = ["indicator_id", "measure", "area_code", "period", "breakdown", "category"]


@dataclass
class Protected:
    """A disclosure-controlled output: the frame to publish and its record."""

    frame: pd.DataFrame
    record: DisclosureRecord
    policy: Policy
    audit: AuditReport | None = None

    @property
    def audience(self) -> str:
        return self.record.audience

    @property
    def share_suppressed(self) -> float:
        return self.record.share_suppressed

    @property
    def metadata(self) -> dict[str, str]:
        rules = self.policy.rules(self.audience)
        meta = {
            "audience": self.audience,
            "policy_name": self.policy.name,
            "policy_version": self.policy.version,
            "rounding": str(rules.rounding_base or "none"),
            "status": self.record.status,
            "share_suppressed": f"{self.share_suppressed:.6f}",
        }
        if self.record.area:
            meta["area"] = self.record.area
        if self.record.marking:
            meta["marking"] = self.record.marking
        return meta

    @property
    def footnote(self) -> str:
        return footnote(self.policy.rules(self.audience).threshold)


def _with_meta(results: pd.DataFrame, meta: pd.DataFrame | dict | None) -> pd.DataFrame:
    missing = [c for c in REQUIRED if c not in results.columns]
    if missing:
        raise BairnError(
            f"The results lack the column(s) {', '.join(missing)}; protect() needs the indicator "
            "engine's long table."
        )
    out = results.reset_index(drop=True).copy()
    if meta is not None:
        m = pd.DataFrame.from_dict(meta, orient="index") if isinstance(meta, dict) else meta
        m = m.reset_index() if "indicator_id" not in m.columns else m
        m = m.rename(columns={"index": "indicator_id"})
        cols = [c for c in m.columns if c != "indicator_id" and c not in out.columns]
        out = out.merge(m[["indicator_id", *cols]], on="indicator_id", how="left")
    for col, default in (("unit", None), ("kind", "flow")):
        if col not in out.columns or out[col].isna().any():
            if default is None:
                raise BairnError(
                    "Every indicator needs a unit (count, per_1000, percent, days, ratio); "
                    "pass the catalogue metadata as meta= or a 'unit' column."
                )
            out[col] = out.get(col, pd.Series(default, index=out.index)).fillna(default)
    return out


def _previous_mask(cells: pd.DataFrame, previous: pd.DataFrame | Protected | None) -> np.ndarray:
    if previous is None:
        return np.zeros(len(cells), dtype=bool)
    frame = previous.frame if isinstance(previous, Protected) else previous
    keys = []
    for m in ("numerator", "denominator"):
        if m in frame:
            sub = frame.loc[frame[m].astype(str).eq(C), KEYS].assign(measure=m)
            keys.append(sub)
    prev = pd.concat(keys, ignore_index=True).astype(str)
    hit = (
        cells[CELL_KEY]
        .astype(str)
        .merge(prev[CELL_KEY].drop_duplicates(), how="left", indicator=True)
    )
    return hit["_merge"].eq("both").to_numpy()


def protect(
    results: pd.DataFrame,
    audience: str = "public",
    policy: str | Path | Policy | None = None,
    previous: pd.DataFrame | Protected | None = None,
    area: str | None = None,
    meta: pd.DataFrame | dict | None = None,
    geography: Geography | None = None,
    output_id: str = "output",
) -> Protected:
    """Disclosure-control `results` (the indicator engine's long table) for `audience`.

    public: primary and secondary suppression, optional rounding, then the audit (raises
    `BairnError` if it fails). national: shown as is, marked not for publication. area: like
    public, with the CPC `area`'s own councils and the CPC itself shown unsuppressed.
    `previous` (an earlier publication's frame or Protected) is preferred for complements.
    """
    pol = load_policy(policy)
    rules = pol.rules(audience)
    geo = geography or scotland_geography()
    data = _with_meta(results, meta)
    scope = None
    if audience == "area":
        members = geo.cpc_members
        if area not in members:
            raise BairnError(
                f"Give the CPC code of the area audience (e.g. CPC-CLST), not {area!r}."
            )
        scope = data["area_code"].astype(str).isin([area, *members[area]]).to_numpy()
    cells = long_cells(data)
    cells = cells[cells["mtype"].isin(["count", "measure"])].reset_index(drop=True)
    values = cells["value"].to_numpy(dtype=float)
    reasons = primary_reasons(cells, data, rules)
    primary = reasons != ""
    suppressed = primary.copy()
    notes: list[str] = []
    if rules.suppress and rules.secondary and primary.any():
        ts = build_tableset(cells, geo, pol.multi_response_breakdowns)
        eq_ok, le_ok = ts.holds(values)
        if not (eq_ok.all() and le_ok.all()):
            notes.append(
                f"{int((~eq_ok).sum() + (~le_ok).sum())} relations do not hold in the "
                "data and were not used (e.g. multi-response categories)."
            )
            ts = ts.keep_relations(np.flatnonzero(eq_ok), np.flatnonzero(le_ok))
        prev = _previous_mask(cells, previous) if rules.prefer_previous else None
        sec = secondary_suppression(
            ts,
            values,
            primary,
            rules.min_width,
            rules.insiders,
            prev,
            rules.max_rounds,
            rules.insider_audit,
        )
        suppressed = sec.suppressed
        reasons[suppressed & ~primary] = "secondary"
        notes.append(f"secondary suppression: {sec.rounds} audit round(s), {sec.lp_calls} LPs.")
    value_reason = row_value_reasons(data, rules)
    rounded = None
    if rules.suppress and rules.rounding_base:
        rounded = cells["mtype"].eq("count").to_numpy() & ~suppressed
    frame = format_frame(
        data,
        cells["row"].to_numpy(),
        cells["measure"].to_numpy(),
        suppressed,
        value_reason != "",
        scope,
        rules.rounding_base if rules.suppress else None,
        rounded,
    )
    record = _record(
        cells,
        data,
        reasons,
        suppressed,
        value_reason,
        frame,
        pol,
        audience,
        area,
        output_id,
        rules.marking,
        notes,
        scope,
    )
    out = Protected(frame, record, pol)
    if audience == "public" and rules.audit_required and rules.suppress:
        report = audit(frame, policy=pol, metadata=out.metadata, geography=geo)
        record.audit = report.to_dict()
        out.audit = report
        if not report.passed:
            raise BairnError(report.sentence(), exit_code=1)
    return out


def _record(
    cells,
    data,
    reasons,
    suppressed,
    value_reason,
    frame,
    pol,
    audience,
    area,
    output_id,
    marking,
    notes,
    scope,
) -> DisclosureRecord:
    keep = suppressed.copy()
    if scope is not None:
        keep &= ~scope[cells["row"].to_numpy()]
    rec = cells.loc[keep, CELL_KEY].rename(columns={"measure": "column"})
    rec["reason"] = reasons[keep]
    derived_rows = frame["value"].eq(C).to_numpy()
    dv = data.loc[derived_rows, KEYS].copy()
    dv["column"] = "value, lower95, upper95"
    dv["reason"] = np.where(value_reason[derived_rows] != "", value_reason[derived_rows], "derived")
    table = pd.concat([rec, dv.reindex(columns=rec.columns)], ignore_index=True)
    is_count = cells["mtype"].eq("count").to_numpy()
    return DisclosureRecord(
        output_id=output_id,
        audience=audience,
        policy=pol.name,
        policy_version=pol.version,
        area=area,
        cells=table,
        n_cells=int(is_count.sum()),
        n_suppressed=int((keep & is_count).sum()),
        n_primary=int((keep & is_count & (reasons != "secondary") & (reasons != "")).sum()),
        n_secondary=int((keep & is_count & (reasons == "secondary")).sum()),
        marking=marking,
        notes=notes,
    )
