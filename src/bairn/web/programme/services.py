"""The only ways programme data changes: each writes the action's change log, with a rationale.

create_action(programme, stream, by=..., rationale=..., **fields)
update_action(action, changes, by=..., rationale=...)   -> list of ActionChange
add_milestone / complete_milestone / add_evidence / add_measure
take_review(programme, held_on, title, by=...)          -> Review (frozen snapshot)
diff_reviews(previous, current)                         -> what changed between two reviews
overdue_milestones(programme, day)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from bairn.errors import BairnError
from bairn.web.programme.models import (
    Action,
    ActionChange,
    Confidence,
    Evidence,
    MeasureLink,
    Milestone,
    Programme,
    Review,
    ReviewEntry,
    Status,
    WorkStream,
)

TRACKED = (
    "title", "text", "kind", "source_reference", "source_url", "summary", "source_confirmed",
    "owner_organisation", "owner_lead", "owner_user", "status", "confidence", "start_period",
    "work_stream",
)  # fmt: skip


def _name(by) -> str:
    if by is None:
        return ""
    if isinstance(by, str):
        return by
    full = by.get_full_name() if hasattr(by, "get_full_name") else ""
    return f"{full} ({by.username})" if full else by.username


def _show(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _need_rationale(rationale: str) -> str:
    rationale = (rationale or "").strip()
    if not rationale:
        raise BairnError("Give a rationale for this change: every change is kept with its reason.")
    return rationale


def _log(action: Action, by, field_name: str, old, new, rationale: str) -> ActionChange:
    return ActionChange.objects.create(
        action=action, by=_name(by), field=field_name, old=_show(old), new=_show(new),
        rationale=rationale,
    )  # fmt: skip


@transaction.atomic
def create_action(
    programme: Programme, stream: WorkStream, *, by, rationale: str, **fields
) -> Action:
    rationale = _need_rationale(rationale)
    depends = fields.pop("depends_on", None) or []
    action = Action.objects.create(programme=programme, work_stream=stream, **fields)
    _log(action, by, "created", "", f"{action.ref}: {action.title}", rationale)
    if depends:
        action.depends_on.set(depends)
        _log(action, by, "depends_on", "", _refs(depends), rationale)
    return action


def _refs(actions) -> str:
    return ", ".join(sorted(a.ref for a in actions))


@transaction.atomic
def update_action(action: Action, changes: dict, *, by, rationale: str) -> list[ActionChange]:
    """Apply `changes` (field → new value; `depends_on` → actions) and log each change."""
    rationale = _need_rationale(rationale)
    action = Action.objects.select_for_update().get(pk=action.pk)
    logged = []
    for name, new in changes.items():
        if name == "depends_on":
            old = list(action.depends_on.all())
            if {a.pk for a in old} != {a.pk for a in new}:
                if any(a.pk == action.pk for a in new):
                    raise BairnError("An action cannot depend on itself.")
                action.depends_on.set(new)
                logged.append(_log(action, by, name, _refs(old), _refs(new), rationale))
            continue
        if name not in TRACKED:
            raise BairnError(f"{name!r} cannot be changed here.")
        old = getattr(action, name)
        if old != new:
            setattr(action, name, new)
            logged.append(_log(action, by, name, _label(name, old), _label(name, new), rationale))
    if logged:
        action.full_clean(exclude=["depends_on"])
        action.save()
    return logged


def _label(name: str, value) -> str:
    if name == "status":
        return Status(value).label
    if name == "confidence":
        return Confidence(value or "").label
    return _show(value)


def add_milestone(action: Action, *, title: str, due_date: dt.date, by, rationale: str = ""):
    milestone = Milestone.objects.create(action=action, title=title, due_date=due_date)
    _log(action, by, "milestone", "", str(milestone), rationale or "Milestone added.")
    return milestone


def complete_milestone(milestone: Milestone, *, on: dt.date, by, rationale: str) -> None:
    rationale = _need_rationale(rationale)
    milestone.completed_on = on
    milestone.save(update_fields=["completed_on"])
    _log(milestone.action, by, "milestone", str(milestone), f"completed {on:%d %B %Y}", rationale)


def add_evidence(action: Action, *, by, **fields) -> Evidence:
    evidence = Evidence.objects.create(action=action, added_by=_name(by), **fields)
    kind = Evidence.Type(evidence.type).label.lower()
    _log(action, by, "evidence", "", f"{kind}: {evidence.title}", "Evidence of progress added.")
    return evidence


def add_measure(action: Action, *, by, rationale: str, **fields) -> MeasureLink:
    rationale = _need_rationale(rationale)
    link = MeasureLink.objects.create(action=action, **fields)
    text = f"{link.indicator_id} in {link.area_code}, {link.direction}, from {link.from_period}"
    _log(action, by, "measure", "", text, rationale)
    return link


def overdue_milestones(programme: Programme, day: dt.date) -> list[Milestone]:
    found = Milestone.objects.filter(action__programme=programme, due_date__lt=day)
    found = found.select_related("action").order_by("due_date", "id")
    return [m for m in found if m.overdue_on(day)]


@transaction.atomic
def take_review(
    programme: Programme, held_on: dt.date, title: str, *, by, notes: str = ""
) -> Review:
    """Freeze every action's status, confidence, evidence and milestones as at the meeting."""
    review = Review.objects.create(
        programme=programme, held_on=held_on, title=title, notes=notes, created_by=_name(by)
    )
    actions = programme.actions.select_related("work_stream").prefetch_related(
        "evidence", "milestones"
    )
    entries = []
    for action in actions:
        owner = ", ".join(x for x in (action.owner_organisation, action.owner_lead) if x)
        entries.append(
            ReviewEntry(
                review=review,
                action=action,
                ref=action.ref,
                title=action.title,
                work_stream=action.work_stream.name,
                owner=owner,
                status=action.status,
                confidence=action.confidence,
                evidence=[
                    {
                        "id": e.pk,
                        "type": e.type,
                        "title": e.title,
                        "added_at": e.added_at.isoformat(),
                    }
                    for e in action.evidence.all()
                ],
                milestones=[
                    {
                        "title": m.title,
                        "due": m.due_date.isoformat(),
                        "completed": m.completed_on.isoformat() if m.completed_on else "",
                        "overdue": m.overdue_on(held_on),
                    }
                    for m in action.milestones.all()
                ],
            )
        )
    ReviewEntry.objects.bulk_create(entries)
    return review


def previous_review(review: Review) -> Review | None:
    earlier = Review.objects.filter(programme=review.programme).exclude(pk=review.pk)
    earlier = earlier.filter(held_on__lt=review.held_on) | earlier.filter(
        held_on=review.held_on, pk__lt=review.pk
    )
    return earlier.order_by("-held_on", "-pk").first()


@dataclass
class ActionDiff:
    ref: str
    title: str
    changes: list[str] = field(default_factory=list)
    new_evidence: list[str] = field(default_factory=list)


def diff_reviews(previous: Review | None, current: Review) -> list[ActionDiff]:
    """What changed for each action between two reviews (everything is new with no previous)."""
    before = {e.ref: e for e in previous.entries.all()} if previous else {}
    diffs = []
    for entry in current.entries.all():
        old = before.pop(entry.ref, None)
        diff = ActionDiff(entry.ref, entry.title)
        if old is None:
            diff.changes.append("new since the previous review" if previous else "first review")
            diff.new_evidence = [e["title"] for e in entry.evidence]
        else:
            if old.status != entry.status:
                diff.changes.append(
                    f"status {Status(old.status).label} → {Status(entry.status).label}"
                )
            if old.confidence != entry.confidence:
                diff.changes.append(
                    f"confidence {Confidence(old.confidence).label} → "
                    f"{Confidence(entry.confidence).label}"
                )
            seen = {e["id"] for e in old.evidence}
            diff.new_evidence = [e["title"] for e in entry.evidence if e["id"] not in seen]
            done_before = {m["title"] for m in old.milestones if m["completed"]}
            for m in entry.milestones:
                if m["completed"] and m["title"] not in done_before:
                    diff.changes.append(f"milestone completed: {m['title']}")
        if diff.changes or diff.new_evidence:
            diffs.append(diff)
    for ref, old in before.items():
        diffs.append(ActionDiff(ref, old.title, ["no longer in the programme"]))
    return diffs
