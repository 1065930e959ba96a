"""Rules added or changed in version 1.1 of the standard (which records whether the child
attended the planning meeting and whether an advocate supported them)."""

from __future__ import annotations

from bairn.ingest.context import RuleContext
from bairn.ingest.registry import rule


@rule(
    "P08",
    name="unborn-attended",
    severity="error",
    message="child_attended is '{value}' for a pre-birth meeting, which an unborn baby cannot "
    "attend; record no or not_known.",
    tables=("meetings",),
    fields=("meetings.meeting_type", "meetings.child_attended"),
)
def unborn_attended(ctx: RuleContext):
    """A baby cannot attend its own pre-birth planning meeting."""
    if ctx.has("meetings") and ctx.has_field("meetings", "child_attended"):
        return """
            SELECT 'meetings' AS tbl, _file, _row, 'child_attended' AS col,
                   child_attended AS value
            FROM meetings WHERE meeting_type = 'pre_birth' AND child_attended = 'yes'
        """
    return None
