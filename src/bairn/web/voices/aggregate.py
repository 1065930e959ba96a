"""Closed survey waves → survey indicators (`bairn.voices.indicators` does the arithmetic and
the survey disclosure rule; this reads the answers from the web database).

    raw = survey_results()                 # every closed wave, unsuppressed (analysts only)
    shown = apply_survey_rule(raw)         # "c" wherever fewer than 10 answers stand behind it
"""

from __future__ import annotations

import pandas as pd
from django.utils import timezone

from bairn.voices.indicators import aggregate, apply_survey_rule, catalogue, indicator

__all__ = ["aggregate", "apply_survey_rule", "catalogue", "indicator", "response_facts",
           "survey_results"]  # fmt: skip


def response_facts(now=None, waves=None) -> pd.DataFrame:
    """One row per response to a closed wave: cpc_code, period, instrument_id, answers."""
    from bairn.web.voices.models import Response

    now = now or timezone.now()
    rows = Response.objects.filter(wave__closes_at__lte=now)
    if waves is not None:
        rows = rows.filter(wave__in=waves)
    data = rows.values_list("wave__cpc_code", "wave__label", "wave__instrument_id", "answers")
    return pd.DataFrame(list(data), columns=["cpc_code", "period", "instrument_id", "answers"])


def survey_results(now=None, waves=None) -> pd.DataFrame:
    return aggregate(response_facts(now, waves))
