"""A small cache of what pages compute from a snapshot (figures, filtered observed maps).

Snapshots never change, so a result keyed by the snapshot's name and the view's state stays
right for as long as it is kept; the newest few hundred are kept. Figures are cached as
plain dicts (what Dash sends), so building Plotly's validated objects happens once. A thread
asking for a result another thread is building (a visitor, while the app prepares a new
snapshot) waits for it instead of building it a second time.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")
CAPACITY = 256

_lock = threading.Lock()
_results: OrderedDict[Hashable, object] = OrderedDict()
_building: dict[Hashable, threading.Event] = {}  # keys being built, set once done (or failed)


def memo(key: Hashable, build: Callable[[], T]) -> T:
    """The cached result for `key` (which must name the snapshot), built on first use."""
    while True:
        with _lock:
            if key in _results:
                _results.move_to_end(key)
                return _results[key]  # type: ignore[return-value]
            building = _building.get(key)
            if building is None:
                building = _building[key] = threading.Event()
                break
        building.wait()  # then take its result, or build it here if that build failed
    try:
        value = build()  # outside the lock: other keys are served meanwhile
        with _lock:
            _results[key] = value
            while len(_results) > CAPACITY:
                _results.popitem(last=False)
    finally:
        with _lock:
            del _building[key]
        building.set()
    return value
