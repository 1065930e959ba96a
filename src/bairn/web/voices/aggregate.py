"""Closed survey waves → survey indicators (`bairn.voices.indicators` does the arithmetic and
the survey disclosure rule; this reads the answers from the web database).

    raw = survey_results()                 # every closed wave, unsuppressed (analysts only)
    shown = apply_survey_rule(raw)         # "c" wherever fewer than 10 answers stand behind it
"""

from __future__ import annotations

import pandas as pd
from django.utils import timezone

from bairn.voices.disclosure import apply_survey_rule
from bairn.voices.indicators import aggregate, catalogue, indicator

__all__ = [
    "aggregate",
    "apply_survey_rule",
    "catalogue",
    "indicator",
    "published_survey_results",
    "response_facts",
    "survey_results",
]  # fmt: skip

# The public table, with the fingerprint of the answers it came from (see
# published_survey_results): aggregating every response again on every page view was the cost
# of the public survey pages.
_published: dict = {}


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


def answers_fingerprint(now=None) -> tuple:
    """What the closed waves' answers are, in a few numbers: which waves have closed (when, and
    the CPC, label and instrument their answers are counted under), how many responses they hold
    and the newest of them. Equal fingerprints, equal tables."""
    from django.db.models import Count, Max

    from bairn.web.voices.models import Response, Wave

    now = now or timezone.now()
    waves = tuple(
        Wave.objects.filter(closes_at__lte=now)
        .order_by("pk")
        .values_list("pk", "closes_at", "cpc_code", "label", "instrument_id")
    )
    answers = Response.objects.filter(wave__closes_at__lte=now).aggregate(
        n=Count("pk"), newest=Max("pk")
    )
    return waves, answers["n"], answers["newest"]


def published_survey_results() -> pd.DataFrame:
    """Every closed wave's survey indicators after the survey disclosure rule (the table every
    visitor sees), computed again only when the answers behind it change."""
    now = timezone.now()
    key = answers_fingerprint(now)
    cached = _published.get("table")
    if cached is not None and cached[0] == key:
        return cached[1]
    table = survey_results(now)
    shown = apply_survey_rule(table) if not table.empty else table
    _published["table"] = (key, shown)
    return shown
