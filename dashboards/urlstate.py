"""A view's full state in its URL: the query string read into typed values and written back.

Every page reads its state only from the URL, and every control only writes the URL, so a
copied link opens exactly what the sender saw.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode


def parse(search: str | None) -> dict[str, str]:
    """The query string as a dict of first values ('?a=1&b=' -> {'a': '1'})."""
    pairs = parse_qs((search or "").lstrip("?"), keep_blank_values=False)
    return {key: values[0] for key, values in pairs.items() if values and values[0]}


def encode(state: dict[str, object]) -> str:
    """A query string of the state's set values, in a stable order ('' when none is set)."""
    kept = {k: str(v) for k, v in sorted(state.items()) if v not in (None, "", [], False)}
    return f"?{urlencode(kept)}" if kept else ""


def number(state: dict[str, str], key: str, default: float, low: float, high: float) -> float:
    """A number from the state, clamped to [low, high]; the default when absent or garbled."""
    try:
        value = float(state[key])
    except (KeyError, ValueError):
        return default
    return min(max(value, low), high)


def href(path: str, state: dict[str, object]) -> str:
    """A link to a page with its state."""
    return path + encode(state)
