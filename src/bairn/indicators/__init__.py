"""The indicator catalogue (YAML + SQL per indicator) and the engine that computes it.

Names are imported on first use so that `bairn --help` does not load the analytical stack.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Catalogue": "bairn.indicators.catalogue",
    "Indicator": "bairn.indicators.catalogue",
    "load_catalogue": "bairn.indicators.catalogue",
    "RunSummary": "bairn.indicators.engine",
    "compute": "bairn.indicators.engine",
    "read_results": "bairn.indicators.results",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'bairn.indicators' has no attribute {name!r}")
