"""Geography: councils, Child Protection Committees and Scotland, from the standard's code lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from bairn.errors import BairnError
from bairn.standard import load_standard

SCOTLAND = "S92000003"
AREA_TYPES = ("council", "cpc", "scotland")


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    type: str
    councils: tuple[str, ...]


@cache
def all_areas() -> dict[str, Area]:
    """Every area by code: 32 councils, 30 CPCs (current membership) and Scotland."""
    standard = load_standard()
    councils = standard.codelists["councils"]
    areas: dict[str, Area] = {}
    for c in councils.codes:
        areas[c.code] = Area(c.code, c.label, "council", (c.code,))
    for cpc in standard.codelists["cpcs"].codes:
        members = tuple(m["council"] for m in cpc.extra["councils"] if m.get("to") is None)
        areas[cpc.code] = Area(cpc.code, cpc.label, "cpc", members)
    areas[SCOTLAND] = Area(SCOTLAND, "Scotland", "scotland", tuple(c.code for c in councils.codes))
    return areas


def area(code: str) -> Area:
    try:
        return all_areas()[code.strip()]
    except KeyError:
        raise BairnError(
            f"Area {code!r} is not a council code (S12…), a Child Protection Committee (CPC-…) or "
            f"Scotland ({SCOTLAND}); `bairn areas` lists them."
        ) from None


def areas_of_type(area_type: str) -> list[Area]:
    return [a for a in all_areas().values() if a.type == area_type]


def cpc_of(council_code: str, on: dt.date | None = None) -> str:
    """The CPC a council belonged to on a date (membership is dated because it has changed)."""
    for cpc in load_standard().codelists["cpcs"].codes:
        for m in cpc.extra["councils"]:
            if m["council"] != council_code:
                continue
            if on is None or (m["from"] <= on and (m.get("to") is None or on < m["to"])):
                return cpc.code
    raise BairnError(f"Council {council_code!r} belongs to no Child Protection Committee.")
