"""The registry of sources: every module here declares one `SOURCE`."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from connectors.source import Source


@cache
def registry() -> dict[str, Source]:
    """All declared sources by name."""
    found: dict[str, Source] = {}
    for module in pkgutil.iter_modules(__path__):
        source = getattr(importlib.import_module(f"{__name__}.{module.name}"), "SOURCE", None)
        if isinstance(source, Source):
            found[source.name] = source
    return found
