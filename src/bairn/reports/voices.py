"""The CPC report's "Voices" chapter: what practitioners, children and young people said in the
CPC's survey waves (bairn.voices), each survey indicator with the CPC's figure in every wave
beside Scotland's, after the survey disclosure rule (no percentage on fewer than 10 answers)."""

from __future__ import annotations

import pandas as pd

from bairn.areas import SCOTLAND
from bairn.reports.model import Column, Group, IndicatorSection, Table
from bairn.voices import catalogue

TITLE = "Voices: what practitioners, children and young people tell us"
WHY = {
    "practitioner": "Practitioners' knowledge, confidence and skills are what the programme's "
    "training and guidance set out to change; the survey asks them directly.",
    "child": "Children's and young people's experience of being protected is missing from the "
    "administrative data; these questions ask them directly.",
}
COLUMNS = [
    Column("Wave", "text", header=True),
    Column("Answers", "count"),
    Column("This CPC (%)", "value", 1),
    Column("95% lower", "value", 1),
    Column("95% upper", "value", 1),
    Column("Scotland (%)", "value", 1),
]


def survey_group(surveys: pd.DataFrame, cpc_code: str, cpc_name: str) -> Group | None:
    """One section per survey indicator, or None when no survey wave has been published."""
    if surveys.empty:
        return None
    sections = []
    for ind in catalogue()["indicators"]:
        rows = surveys[surveys.indicator_id == ind["id"]]
        section = _section(ind)
        mine = rows[rows.area_code == cpc_code].sort_values("period")
        if mine.empty:
            section.notes.append(f"{cpc_name} has no closed wave of this survey yet.")
            sections.append(section)
            continue
        scotland = rows[rows.area_code == SCOTLAND].set_index("period")["value"]
        table = [
            [r.period, r.denominator, r.value, r.lower95, r.upper95, scotland.get(r.period, ":")]
            for r in mine.itertuples(index=False)
        ]
        slug = ind["id"].lower()
        section.blocks.append(
            Table(
                f"{slug}-waves",
                f"{ind['title']}: {cpc_name} and Scotland, by survey wave",
                COLUMNS,
                table,
                notes=[
                    "c: fewer than 10 answers stand behind this figure (or it would reveal one "
                    "that does), so no percentage is shown; the number of answers is."
                ],
                sheet="Voices",
            )
        )
        sections.append(section)
    return Group(TITLE, sections)


def _section(ind: dict) -> IndicatorSection:
    child = not set(ind["instruments"]) <= {"practitioner"}
    positive = ", ".join(str(v).replace("_", " ") for v in ind["positive"])
    return IndicatorSection(
        id=f"voice-{ind['id'].lower()}",
        title=ind["title"],
        definition=ind["definition"],
        why=WHY["child" if child else "practitioner"],
        numerator=f"Those who answered: {positive}",
        denominator="Everyone who answered the question in the wave (Don't know included)",
        unit_label="%",
        questions=list(ind.get("scrutiny_questions", [])),
        indicator_id=ind["id"],
    )
