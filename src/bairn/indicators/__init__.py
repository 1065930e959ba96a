"""The indicator catalogue (YAML + SQL per indicator) and the engine that computes it.

Names are imported on first use so that `bairn --help` does not load the analytical stack.
"""

from __future__ import annotations

from bairn.lazy import lazy_exports

_EXPORTS = {
    "Catalogue": "bairn.indicators.catalogue",
    "Indicator": "bairn.indicators.catalogue",
    "load_catalogue": "bairn.indicators.catalogue",
    "RunSummary": "bairn.indicators.engine",
    "compute": "bairn.indicators.engine",
    "read_results": "bairn.indicators.results",
}
__all__ = sorted(_EXPORTS)

__getattr__ = lazy_exports(__name__, _EXPORTS)
