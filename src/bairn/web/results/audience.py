"""Which audience a visitor gets: the disclosure-control audience decides which figures a page
shows (bairn.publication).

- anonymous, half signed in, programme owner, administrator: `public`;
- national analyst: `national` (everything, not for publication);
- CPC lead or analyst scoped to a CPC: `area` for that CPC (its own councils in full,
  everywhere else exactly the public tables);
- CPC lead or analyst scoped to one council: `area` for its CPC when the CPC is that one
  council; otherwise `public` (the CPC's area audience would show the partner council's small
  numbers to someone whose scope does not include them).
"""

from __future__ import annotations

from dataclasses import dataclass

from bairn.web.accounts.permissions import has_right
from bairn.web.accounts.roles import NATIONAL_ROLES, SCOPED_ROLES, Right


@dataclass(frozen=True)
class Audience:
    name: str  # public | national | area
    cpc: str | None = None

    @property
    def key(self) -> str:
        return f"{self.name}:{self.cpc}" if self.cpc else self.name

    @property
    def is_public(self) -> bool:
        return self.name == "public"

    @property
    def label(self) -> str:
        if self.name == "national":
            return "National analysts: all figures, not for publication"
        if self.name == "area":
            return f"{cpc_name(self.cpc)} staff: your own areas in full, not for publication"
        return "Published statistics (public)"

    @property
    def explanation(self) -> str:
        if self.name == "national":
            return (
                "You see every figure for every area and period, with no suppression. They are "
                "not for publication: anything that leaves the organisation goes through the "
                "public tables."
            )
        if self.name == "area":
            return (
                f"You see every figure for {cpc_name(self.cpc)} and its councils, which hold "
                "the records; everywhere else you see exactly the published statistics. Do not "
                "share these pages outside the committee."
            )
        return (
            "These are the published statistics: statistics years (1 August to 31 July) for "
            "every council, Child Protection Committee and Scotland. Small numbers are "
            "suppressed to protect children's privacy."
        )


PUBLIC = Audience("public")
NATIONAL = Audience("national")


def cpc_name(code: str | None) -> str:
    from bairn.areas import all_areas

    found = all_areas().get(code or "")
    return found.name if found else str(code)


def cpc_for_scope(area_code: str) -> str | None:
    """The CPC whose area audience fits a scope: the CPC itself, or a council's CPC when the
    council is all of it."""
    from bairn.areas import all_areas, areas_of_type

    found = all_areas().get(area_code or "")
    if found is None:
        return None
    if found.type == "cpc":
        return found.code
    if found.type == "council":
        for cpc in areas_of_type("cpc"):
            if cpc.councils == (found.code,):
                return cpc.code
    return None


def audience_for(user) -> Audience:
    if user is None or not user.is_authenticated or not user.is_active:
        return PUBLIC
    if not user.is_verified() or not has_right(user, Right.VIEW_RESULTS):
        return PUBLIC
    if user.role in NATIONAL_ROLES:
        return NATIONAL
    if user.role in SCOPED_ROLES and (cpc := cpc_for_scope(user.area_code)):
        return Audience("area", cpc)
    return PUBLIC
