"""Programme tracking: programmes, work streams, actions and recommendations, owners,
milestones, delivery confidence, evidence, progress reviews and links to measures.

`annotations(indicator_id, area_code)` lists the actions linked to an indicator and area as
chart annotations, for the indicator pages and the reports.
"""

from __future__ import annotations


def annotations(indicator_id: str, area_code: str) -> list[dict]:
    """`[{"period": "2019Q1", "label": "CPIP N3: …"}, …]`, oldest first (needs Django set up)."""
    from bairn.web.programme.measures import annotations_for

    return annotations_for(indicator_id, area_code)
