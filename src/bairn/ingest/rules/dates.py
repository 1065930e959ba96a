"""Date order: an episode ending before it starts, a registration before the meeting that
decided it, a core group before its meeting, events before birth, dates in the future."""

from __future__ import annotations

from bairn.ingest.context import RuleContext
from bairn.ingest.registry import rule
from bairn.standard import Standard

# An event more than 40 weeks before a baby's (expected) birth cannot be pre-birth work.
PREGNANCY_DAYS = 280


def _child_dates(standard: Standard, version: str, starts_only: bool = False) -> list[str]:
    out = []
    for t in standard.tables_in(version):
        names = t.field_names(version)
        if t.name == "children" or "child_id" not in names:
            continue
        for f in t.fields(version):
            if f.type == "date" and not (starts_only and f.name == "end_date"):
                out.append(f"{t.name}.{f.name}")
    return out


@rule(
    "D01",
    name="end-before-start",
    severity="error",
    message="end_date {value} is before start_date {start}; correct one of the two dates.",
    scope=lambda s, v: [
        f"{t.name}.end_date"
        for t in s.tables_in(v)
        if {"start_date", "end_date"} <= set(t.field_names(v))
    ],
)
def end_before_start(ctx: RuleContext):
    """An IRD, investigation or registration cannot end before it starts (same day is fine)."""
    for t in ctx.tables():
        if ctx.has_field(t.name, "start_date") and ctx.has_field(t.name, "end_date"):
            yield f"""
                SELECT '{t.name}' AS tbl, _file, _row, 'end_date' AS col,
                       end_date__text AS value, start_date__text AS start
                FROM {t.name} WHERE end_date < start_date
            """


@rule(
    "D02",
    name="registered-before-meeting",
    severity="error",
    message="start_date {value} is before {meeting_date}, the date of meeting '{meeting_id}' "
    "that decided to register the child; correct one of the two dates.",
    tables=("registrations", "meetings"),
    fields=("registrations.start_date", "meetings.meeting_date"),
)
def registered_before_meeting(ctx: RuleContext):
    """A registration starts on or after the date of the meeting that decided it."""
    if ctx.has("registrations", "meetings"):
        return """
            SELECT 'registrations' AS tbl, r._file, r._row, 'start_date' AS col,
                   r.start_date__text AS value, m.meeting_date__text AS meeting_date,
                   r.meeting_id
            FROM registrations r JOIN meetings m ON m.meeting_id = r.meeting_id
            WHERE r.start_date < m.meeting_date
        """
    return None


@rule(
    "D03",
    name="core-group-before-meeting",
    severity="error",
    message="first_core_group_date {value} is before {meeting_date}, the date of meeting "
    "'{meeting_id}' that set up the core group; correct one of the two dates.",
    tables=("core_groups", "meetings"),
    fields=("core_groups.first_core_group_date", "meetings.meeting_date"),
)
def core_group_before_meeting(ctx: RuleContext):
    """A core group first meets on or after the planning meeting that identified it."""
    if ctx.has("core_groups", "meetings"):
        return """
            SELECT 'core_groups' AS tbl, g._file, g._row, 'first_core_group_date' AS col,
                   g.first_core_group_date__text AS value, m.meeting_date__text AS meeting_date,
                   g.meeting_id
            FROM core_groups g JOIN meetings m ON m.meeting_id = g.meeting_id
            WHERE g.first_core_group_date < m.meeting_date
        """
    return None


def _events_with_child(ctx: RuleContext, where: str, starts_only: bool = False, extra: str = ""):
    """One query per table: its child-event dates (as rows: col, d, txt) joined once to the
    child's birth dates (`c.adult_from` is the 18th birthday). `where` and `extra` name the
    event date as {d}. A child_id repeated in children (G06) may give both readings."""
    if "children" not in ctx.present:
        return
    by_table: dict[str, list[str]] = {}
    for t, f in ctx.child_dates(starts_only=starts_only):
        by_table.setdefault(t.name, []).append(
            f"SELECT _file, _row, child_id, '{f.name}' AS col, \"{f.name}\" AS d, "
            f'"{f.name}__text" AS txt FROM {t.name} WHERE "{f.name}" IS NOT NULL'
        )
    for name, parts in by_table.items():
        yield f"""
            SELECT DISTINCT '{name}' AS tbl, e._file, e._row, e.col, e.txt AS value,
                   c.birth_date__text AS birth{extra.replace("{d}", "e.d")}
            FROM ({" UNION ALL ".join(parts)}) e
            JOIN (SELECT child_id, birth_date, birth_date__text, expected_birth_date,
                         CAST(birth_date + INTERVAL 18 YEAR AS DATE) AS adult_from
                  FROM children WHERE child_id IS NOT NULL) c ON c.child_id = e.child_id
            WHERE {where.replace("{d}", "e.d")}
        """


@rule(
    "D04",
    name="before-birth",
    severity="error",
    message="{column} {value} is before the child's birth_date {birth}; correct the date, or "
    "give the child's expected_birth_date if this was pre-birth work.",
    scope=_child_dates,
)
def before_birth(ctx: RuleContext):
    """No event can precede the child's birth unless the child was unborn at the time: a
    child with an expected_birth_date may have pre-birth events (checked by D05 instead)."""
    yield from _events_with_child(ctx, "{d} < c.birth_date AND c.expected_birth_date IS NULL")


@rule(
    "D05",
    name="before-pregnancy",
    severity="error",
    message="{column} {value} is more than 40 weeks before the child's birth ({due}); it cannot "
    "be pre-birth work, so correct the date.",
    scope=_child_dates,
)
def before_pregnancy(ctx: RuleContext):
    """Pre-birth work happens during pregnancy: an event of a child with an expected_birth_date
    may precede the birth, but not by more than 40 weeks (280 days) of the earlier of the
    birth_date and the expected_birth_date."""
    due = "least(c.birth_date, c.expected_birth_date)"
    yield from _events_with_child(
        ctx,
        f"c.expected_birth_date IS NOT NULL AND {{d}} < {due} - INTERVAL {PREGNANCY_DAYS} DAY",
        extra=f", CAST({due} AS VARCHAR) AS due",
    )


@rule(
    "D06",
    name="future-date",
    severity="error",
    message="{column} {value} is in the future (after {as_of}); correct the date.",
    scope=lambda s, v: [
        f"{t.name}.{f.name}"
        for t in s.tables_in(v)
        for f in t.fields(v)
        if f.type == "date" and f.name != "expected_birth_date"
    ],
)
def future_date(ctx: RuleContext):
    """No recorded date can be later than the day the data is checked (an expected_birth_date
    can)."""
    for t in ctx.tables():
        for f in ctx.fields(t, "date"):
            if f.name != "expected_birth_date":
                yield f"""
                    SELECT '{t.name}' AS tbl, _file, _row, '{f.name}' AS col,
                           "{f.name}__text" AS value, '{ctx.as_of.isoformat()}' AS as_of
                    FROM {t.name} WHERE "{f.name}" > DATE '{ctx.as_of.isoformat()}'
                """
