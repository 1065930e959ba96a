"""Programme tracking: programmes, work streams, actions and recommendations, owners,
milestones, delivery confidence, evidence, progress reviews and links to measures.

`annotations(indicator_id, area_code, viewer)` lists the actions linked to an indicator and area
as chart annotations, for the indicator pages and the reports: for a viewer who may not see
programme work, only the actions of programmes that publish a summary.
"""

from __future__ import annotations


def annotations(indicator_id: str, area_code: str, viewer=None) -> list[dict]:
    """`[{"period": "2019Q1", "label": "CPIP N3: …"}, …]`, oldest first (needs Django set up).
    Without a viewer: every programme's (for reports the leadership asks for)."""
    from bairn.web.programme.measures import annotations_for

    return annotations_for(indicator_id, area_code, viewer)
