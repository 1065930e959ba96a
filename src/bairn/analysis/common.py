"""What the analyses share: which statistical family an indicator's unit belongs to."""

from __future__ import annotations

from bairn.errors import BairnError
from bairn.indicators.catalogue import Indicator

FAMILY = {"percent": "proportion", "per_1000": "rate"}


def family(ind: Indicator, purpose: str) -> str:
    try:
        return FAMILY[ind.unit]
    except KeyError:
        raise BairnError(
            f"{ind.title} ({ind.id}) is a {ind.unit.replace('_', ' ')}; {purpose} needs a "
            "percentage or a rate per 1,000 children."
        ) from None
