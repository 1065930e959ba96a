"""Who gets which report, for which periods, and who may fetch a finished one.

The audience of a report is the one the visitor is entitled to for the area:

- a national analyst: `national`;
- a CPC lead or analyst whose audience is their CPC's (`results.audience`), on their own CPC or
  one of its councils: `area` for that CPC; on any other area (or the national report): `public`;
- everyone else, signed in or not: `public` (statistics years only).

A finished report is fetched only by the person who asked for it: the account that queued it, or
the browser session that did (the task id is kept in the session, so an anonymous visitor can
fetch their public report). A non-public report also needs the visitor to be entitled to its
audience still.
"""

from __future__ import annotations

from dataclasses import dataclass

from bairn.web.accounts.permissions import can_see_results
from bairn.web.results.audience import NATIONAL, PUBLIC, Audience, audience_for

SESSION_KEY = "bairn_reports"
SESSION_LIMIT = 50  # report tasks remembered per session
FORMATS = {
    "pdf": ("PDF (to print or share)", "application/pdf"),
    "html": ("HTML (a web page, opens in a browser)", "text/html; charset=utf-8"),
    "xlsx": (
        "XLSX (a spreadsheet: one table per sheet)",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}
AREA_TYPES = {"council": "councils", "cpc": "Child Protection Committees"}


@dataclass(frozen=True)
class Subject:
    """What a report is about: one CPC or council ("cpc" report), or Scotland ("national",
    comparing councils or CPCs)."""

    kind: str  # cpc | national
    area: str  # a CPC or council code; for a national report, the area type compared

    @property
    def area_code(self) -> str | None:
        return self.area if self.kind == "cpc" else None

    @property
    def name(self) -> str:
        from bairn.areas import all_areas

        if self.kind == "national":
            return f"Scotland (comparing {AREA_TYPES.get(self.area, self.area)})"
        found = all_areas().get(self.area)
        return found.name if found else self.area

    @property
    def slug(self) -> str:
        return self.area if self.kind == "cpc" else f"scotland-{self.area}"


def subject_for(area_code: str | None, area_type: str = "council") -> Subject | None:
    """The report an area page offers (Scotland's page and the overview: the national one)."""
    from bairn.areas import all_areas

    if not area_code:
        return Subject("national", area_type if area_type in AREA_TYPES else "council")
    found = all_areas().get(area_code)
    if found is None:
        return None
    if found.type == "scotland":
        return Subject("national", area_type if area_type in AREA_TYPES else "council")
    return Subject("cpc", found.code)


def own_areas(cpc: str) -> set[str]:
    from bairn.areas import all_areas

    found = all_areas().get(cpc)
    return {cpc, *found.councils} if found else set()


def report_audience(user, subject: Subject) -> Audience:
    seen = audience_for(user)
    if seen.name == "national":
        return NATIONAL
    code = subject.area_code
    if seen.name == "area" and code and code in own_areas(seen.cpc) and can_see_results(user, code):
        return seen
    return PUBLIC


def report_periods(prep, audience: Audience) -> list[tuple[str, list[str]]]:
    """Periods a report may be asked for, newest first, grouped: quarters (not for the public,
    whose tables are statistics years) then statistics years. From the figures prepared for the
    visitor's pages (`prep`): statistics years covered by Scotland's figures; quarters the
    audience's tables hold (an area audience: its own areas'; national: Scotland's)."""
    if prep is None:
        return []
    years = list(reversed(prep.period_labels("statistics_year", scotland=True)))
    if audience.is_public:
        return [("Statistics years (1 August to 31 July)", years)] if years else []
    if audience.name == "national":
        quarters = prep.period_labels("quarter", scotland=True)
    elif prep.audience.key == audience.key:
        quarters = prep.period_labels("quarter")
    else:
        quarters = []
    groups = [("Quarters", list(reversed(quarters))), ("Statistics years", years)]
    return [(title, labels) for title, labels in groups if labels]


def remember(request, task_id: int) -> None:
    ids = [i for i in request.session.get(SESSION_KEY, []) if i != task_id]
    request.session[SESSION_KEY] = [*ids, task_id][-SESSION_LIMIT:]


def task_audience(task) -> Audience:
    params = task.params
    return Audience(params.get("audience", "public"), params.get("cpc") or None)


def task_subject(task) -> Subject:
    return Subject(task.params.get("kind", "cpc"), task.params.get("area", ""))


def may_fetch(request, task) -> bool:
    user = request.user
    asked = task.pk in request.session.get(SESSION_KEY, []) or (
        user.is_authenticated and task.created_by_id is not None and task.created_by_id == user.pk
    )
    if not asked:
        return False
    audience = task_audience(task)
    return audience.is_public or report_audience(user, task_subject(task)).key == audience.key
