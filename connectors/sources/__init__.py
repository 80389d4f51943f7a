"""The registry of source declarations: every module here declares one `SOURCE`."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from connectors.source import Source


@cache
def registry() -> dict[str, Source]:
    """All declarations by name (`hubspot_contacts`, `hubspot_deals`, `sendgrid` ...)."""
    found: dict[str, Source] = {}
    for module in pkgutil.iter_modules(__path__):
        source = getattr(importlib.import_module(f"{__name__}.{module.name}"), "SOURCE", None)
        if isinstance(source, Source):
            found[source.name] = source
    return found


def declarations_named(name: str) -> list[Source]:
    """The declarations a `source:` setting names: one declaration, or every export of a tool."""
    return [s for s in registry().values() if name in (s.name, s.source)]
