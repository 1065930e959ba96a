"""Reading published and masked figures: GSS symbols against numbers.

What an analysis may show is decided in `bairn.analysis.mask_for_audience` (published rows only,
with the published numerator, denominator and value, and `c` for the labels, tests and limits a
suppressed count would give away): the pages and the API show its output as it is.
"""

from __future__ import annotations

import math

SYMBOLS = frozenset({"c", "z", ":"})
C = "c"


def is_symbol(value: object) -> bool:
    return isinstance(value, str) and value in SYMBOLS


def is_number(value: object) -> bool:
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, (int, float)):
        return not math.isnan(float(value))
    return hasattr(value, "item") and is_number(value.item())
