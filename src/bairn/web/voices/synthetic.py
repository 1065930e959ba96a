"""Synthetic survey waves: every CPC runs each built-in instrument, closed, with made-up answers
drawn by walking the questionnaire's own routing. For the demo and the end-to-end tests; never
real people. Answers that would raise a safeguarding alert are never drawn (a synthetic wave must
not page a real safeguarding lead), and free-text questions are left empty (no invented words
that could read as a disclosure).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from bairn.areas import areas_of_type
from bairn.web.voices.instrument import Instrument, available
from bairn.web.voices.models import Response, Wave

# respondents per CPC wave: (smallest, largest); some fall under the survey rule's 10
SIZES = {"practitioner": (6, 80), "children-8plus": (3, 30), "children-pictures": (2, 15)}


@dataclass(frozen=True)
class Made:
    waves: int
    responses: int


def synthetic_answers(inst: Instrument, rng: random.Random, lean: float) -> dict[str, str]:
    """One respondent's answers along the instrument's routing. `lean` (around 1) tilts a whole
    CPC towards the positive end of every scale, so CPCs differ as they would."""
    answers: dict[str, str] = {}
    for page in inst.pages:
        if not page.shown(answers):
            continue
        for q in page.questions:
            if q.type == "text" or not q.options:
                continue
            barred = set(inst.alerts.get(q.id, ()))
            options = [o for o in q.options if o.value not in barred]
            weights = [((o.points or 1.5) ** (1.5 * lean)) for o in options]
            answers[q.id] = rng.choices(options, weights=weights)[0].value
    return answers


def make_synthetic_waves(label: str, lead, *, seed: int = 1, cpcs: list[str] | None = None) -> Made:
    """Closed waves labelled `label` for every CPC (or `cpcs`) and every built-in instrument,
    with their responses, in one transaction; `lead` is the waves' safeguarding lead."""
    rng = random.Random(seed)
    now = timezone.now()
    codes = cpcs or [a.code for a in areas_of_type("cpc")]
    waves = responses = 0
    with transaction.atomic():
        for code in codes:
            lean = rng.uniform(0.6, 1.4)
            for inst in available():
                wave = Wave.objects.create(
                    cpc_code=code, instrument_id=inst.id, instrument_version=inst.version,
                    label=label, opens_at=now - dt.timedelta(days=60),
                    closes_at=now - dt.timedelta(days=1), safeguarding_lead=lead,
                    created_by=lead,
                )  # fmt: skip
                low, high = SIZES.get(inst.id, (5, 30))
                rows = [
                    Response(wave=wave, answers=synthetic_answers(inst, rng, lean))
                    for _ in range(rng.randint(low, high))
                ]
                Response.objects.bulk_create(rows)
                waves += 1
                responses += len(rows)
    return Made(waves, responses)
