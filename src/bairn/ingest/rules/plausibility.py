"""Plausibility: adults in child protection records, a child registered twice at once,
episodes of implausible length, and facts that cannot both be true."""

from __future__ import annotations

from bairn.ingest.context import RuleContext
from bairn.ingest.registry import rule
from bairn.ingest.rules.dates import _child_dates, _events_with_child

MAX_REGISTRATION_YEARS = 10
MAX_IRD_DAYS = 365
# Fields that must be given once an episode has an end date ("required once end_date is given").
CLOSING_FIELDS = ("outcome", "end_reason")


@rule(
    "P01",
    name="adult",
    severity="error",
    message="The child was {age} on {column} {value} (born {birth}); child protection records "
    "are for children under 18, so check this date and the birth_date.",
    scope=lambda s, v: _child_dates(s, v, starts_only=True),
)
def aged_18_or_over(ctx: RuleContext):
    """A child protection event (anything but an episode's end) happens before the 18th
    birthday; a registration may end on it."""
    yield from _events_with_child(
        ctx,
        "{d} >= c.adult_from",
        starts_only=True,
        extra=", date_sub('year', c.birth_date, {d}) AS age",
    )


@rule(
    "P02",
    name="overlapping-registrations",
    severity="error",
    message="Registration '{value}' overlaps registration '{other_id}' (row {other_row}) of the "
    "same child; a child is on the register once at a time, so correct the dates or merge them.",
    tables=("registrations",),
    fields=("registrations.start_date", "registrations.end_date"),
)
def overlapping_registrations(ctx: RuleContext):
    """Two registrations of one child cannot overlap (one may start the day the other ends).
    The later-starting one is flagged."""
    if ctx.has("registrations"):
        return """
            SELECT 'registrations' AS tbl, b._file, b._row, 'registration_id' AS col,
                   b.registration_id AS value, a.registration_id AS other_id, a._row AS other_row
            FROM registrations a JOIN registrations b
              ON a.child_id = b.child_id
             AND (a.start_date < b.start_date
                  OR (a.start_date = b.start_date AND (a._file, a._row) < (b._file, b._row)))
            WHERE b.start_date < coalesce(a.end_date, DATE '9999-12-31')
              AND a.start_date IS NOT NULL AND b.start_date IS NOT NULL
        """
    return None


@rule(
    "P03",
    name="long-registration",
    severity="warning",
    message="Registration '{value}' has lasted {years} years (from {start} to {until}); check "
    "the dates, since registrations of over 10 years are very unusual.",
    tables=("registrations",),
    fields=("registrations.start_date", "registrations.end_date"),
)
def long_registration(ctx: RuleContext):
    """A registration of over 10 years (still open on the day of checking, or closed) is
    implausible."""
    if ctx.has("registrations"):
        until = f"coalesce(end_date, DATE '{ctx.as_of.isoformat()}')"
        return f"""
            SELECT 'registrations' AS tbl, _file, _row, 'registration_id' AS col,
                   registration_id AS value, date_sub('year', start_date, {until}) AS years,
                   start_date__text AS start, CAST({until} AS VARCHAR) AS until
            FROM registrations
            WHERE {until} > start_date + INTERVAL {MAX_REGISTRATION_YEARS} YEAR
        """
    return None


@rule(
    "P04",
    name="long-ird",
    severity="warning",
    message="IRD '{value}' lasted {days} days; check its dates, since an IRD of over a year is "
    "very unusual.",
    tables=("irds",),
    fields=("irds.start_date", "irds.end_date"),
)
def long_ird(ctx: RuleContext):
    """An IRD is a short inter-agency process; one that closed over a year after it started is
    implausible."""
    if ctx.has("irds"):
        return f"""
            SELECT 'irds' AS tbl, _file, _row, 'ird_id' AS col, ird_id AS value,
                   date_diff('day', start_date, end_date) AS days
            FROM irds WHERE date_diff('day', start_date, end_date) > {MAX_IRD_DAYS}
        """
    return None


@rule(
    "P05",
    name="pre-birth-after-birth",
    severity="warning",
    message="A pre-birth meeting on {value} is after the child's birth_date {birth}; check the "
    "meeting type and the dates.",
    tables=("meetings", "children"),
    fields=("meetings.meeting_type", "meetings.meeting_date", "children.birth_date"),
)
def pre_birth_after_birth(ctx: RuleContext):
    """A pre-birth planning meeting is held before the baby is born."""
    if ctx.has("meetings", "children"):
        return """
            SELECT 'meetings' AS tbl, m._file, m._row, 'meeting_date' AS col,
                   m.meeting_date__text AS value, c.birth_date__text AS birth
            FROM meetings m
            JOIN (SELECT child_id, any_value(birth_date) AS birth_date,
                         any_value(birth_date__text) AS birth_date__text
                  FROM children GROUP BY child_id) c ON c.child_id = m.child_id
            WHERE m.meeting_type = 'pre_birth' AND m.meeting_date > c.birth_date
        """
    return None


@rule(
    "P06",
    name="no-birth-date",
    severity="error",
    message="Child '{value}' has neither a birth_date nor an expected_birth_date; give one.",
    tables=("children",),
    fields=("children.birth_date", "children.expected_birth_date"),
)
def no_birth_date(ctx: RuleContext):
    """Every child has a birth date, or an expected birth date while unborn (a date that does
    not parse counts as given here: G01 reports it)."""
    if ctx.has("children"):
        return """
            SELECT 'children' AS tbl, _file, _row, 'birth_date' AS col, child_id AS value
            FROM children WHERE birth_date__text IS NULL AND expected_birth_date__text IS NULL
        """
    return None


@rule(
    "P07",
    name="closed-without-outcome",
    severity="error",
    message="{table} record '{value}' has an end_date but no {closing}; record how it ended.",
    scope=lambda s, v: [
        f"{t.name}.{f}"
        for t in s.tables_in(v)
        if "end_date" in t.field_names(v)
        for f in CLOSING_FIELDS
        if f in t.field_names(v)
    ],
)
def closed_without_outcome(ctx: RuleContext):
    """Once an episode has an end_date its outcome (or end_reason) is required."""
    for t in ctx.tables():
        if not ctx.has_field(t.name, "end_date"):
            continue
        for name in CLOSING_FIELDS:
            if ctx.has_field(t.name, name):
                key = t.primary_key[0]
                yield f"""
                    SELECT '{t.name}' AS tbl, _file, _row, '{name}' AS col, {key} AS value,
                           '{name}' AS closing
                    FROM {t.name} WHERE end_date__text IS NOT NULL AND {name} IS NULL
                """
