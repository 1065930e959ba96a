"""Rendered pages and the figures behind them, kept per (indicator run, audience, page,
choices): figures only change with a new run, so a page is built once per run and audience and
then served from here.

Two bounded least-recently-used stores: "html" for rendered page bodies (large, a few hundred
kilobytes with charts: MAX_HTML of them) and "data" for what they are built from (funnels,
trends, overview rows: small, many). Separate so that the many small entries an area page
needs never push the rendered pages out.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
LIMITS = {"html": 600, "data": 20_000}

_stores: dict[str, OrderedDict[tuple, object]] = {kind: OrderedDict() for kind in LIMITS}
_lock = threading.Lock()
_building: dict[tuple, threading.Lock] = {}


def cached(
    run_id: int,
    audience_key: str,
    name: str,
    params: tuple,
    build: Callable[[], T],
    *,
    kind: str = "data",
) -> T:
    """The value for the key, building it once (other requests for the same key wait)."""
    store = _stores[kind]
    key = (run_id, audience_key, name, params)
    with _lock:
        if key in store:
            store.move_to_end(key)
            return store[key]  # type: ignore[return-value]
        building = _building.setdefault((kind, *key), threading.Lock())
    with building:
        with _lock:
            if key in store:
                return store[key]  # type: ignore[return-value]
        value = build()
        with _lock:
            store[key] = value
            _building.pop((kind, *key), None)
            while len(store) > LIMITS[kind]:
                store.popitem(last=False)
        return value


def keep_run(run_id: int) -> None:
    with _lock:
        for store in _stores.values():
            for key in [k for k in store if k[0] != run_id]:
                del store[key]


def clear() -> None:
    with _lock:
        for store in _stores.values():
            store.clear()


def size() -> dict[str, int]:
    with _lock:
        return {kind: len(store) for kind, store in _stores.items()}
