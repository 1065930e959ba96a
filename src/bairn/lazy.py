"""Package names imported on first use, so that `bairn --help` and quick commands do not load the
analytical stack (pandas, scipy, DuckDB) they do not need."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_exports(package: str, exports: dict[str, str]) -> Callable[[str], Any]:
    """A module-level `__getattr__` for `package` that imports each name from its module.

    The modules must not be named after the names they export: once imported, a submodule is an
    attribute of its package and would shadow a function of the same name.
    """

    def __getattr__(name: str) -> Any:
        if name in exports:
            return getattr(importlib.import_module(exports[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
