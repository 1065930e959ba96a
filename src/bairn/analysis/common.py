"""What the analyses share: which statistical family an indicator's unit belongs to; period
labels parsed once."""

from __future__ import annotations

from functools import lru_cache

from bairn.errors import BairnError
from bairn.indicators.catalogue import Indicator
from bairn.periods import Period, parse_period

FAMILY = {"percent": "proportion", "per_1000": "rate"}


def family(ind: Indicator, purpose: str) -> str:
    try:
        return FAMILY[ind.unit]
    except KeyError:
        raise BairnError(
            f"{ind.title} ({ind.id}) is a {ind.unit.replace('_', ' ')}; {purpose} needs a "
            "percentage or a rate per 1,000 children."
        ) from None


@lru_cache(maxsize=4096)  # labels come from the results: a few hundred
def period_of(label: str) -> Period:
    """`parse_period`, remembered: the analyses and reports parse the same few hundred labels
    tens of thousands of times a report (a `Period` is immutable, so sharing one is safe)."""
    return parse_period(label)
