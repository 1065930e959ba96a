"""The publication scheme (scheme.yaml): which results each audience receives."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from bairn.areas import all_areas


@dataclass(frozen=True)
class Slice:
    period_kinds: tuple[str, ...]
    breakdowns_for: tuple[str, ...]

    def where(self, areas: tuple[str, ...] | None = None) -> tuple[str, list]:
        """SQL condition (and parameters) selecting this slice of indicator_results."""
        kinds = ", ".join(f"'{k}'" for k in self.period_kinds)
        types = ", ".join(f"'{t}'" for t in self.breakdowns_for) or "''"
        clause = f"period_kind IN ({kinds}) AND (breakdown = 'total' OR area_type IN ({types}))"
        params: list = []
        if areas is not None:
            clause += " AND area_code IN (SELECT unnest(?))"
            params.append(list(areas))
        return clause, params


@dataclass(frozen=True)
class Scheme:
    version: str
    public: Slice
    national: Slice
    own: Slice


@cache
def load_scheme(path: Path = Path(__file__).parent / "scheme.yaml") -> Scheme:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))["audiences"]

    def slice_of(d: dict) -> Slice:
        return Slice(tuple(d["period_kinds"]), tuple(d["breakdowns_for"]))

    scheme_version = str(yaml.safe_load(path.read_text(encoding="utf-8"))["version"])
    return Scheme(
        scheme_version, slice_of(doc["public"]), slice_of(doc["national"]),
        slice_of(doc["area"]["own"]),
    )  # fmt: skip


def own_areas(cpc: str) -> tuple[str, ...]:
    """The CPC and its councils: what its own staff hold the records of."""
    return (cpc, *all_areas()[cpc].councils)
