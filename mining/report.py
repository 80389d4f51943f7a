"""The observed map of one scope as plain, JSON-ready data (the `--json` of mine and discover).

Shape: {"persona", "since", "until", "cases", "events",
        "dfg": [{"source", "target", "count", "mean_seconds", "median_seconds"}],
        "start": {touchpoint: count}, "end": {...},
        "variants": [{"touchpoints": [...], "count", "share"}],
        "durations": {"mean_seconds", "median_seconds", "p90_seconds"}}
plus "periods" when a grain is asked for and "conversion", "funnel", "dropoff" with a funnel.
Seconds are floats, instants ISO 8601 in UTC.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import duckdb

from journeymap.errors import JourneymapError
from journeymap.sql import query
from mining.funnel import Funnel
from mining.observed import Scope, mine

DFG_FIELDS = ("source", "target", "count", "mean_seconds", "median_seconds")
# Codes below the surrogate range can each be one character of a string (report.sql).
MAX_CHARACTER_CODE = 0xD7FF


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _records(con: duckdb.DuckDBPyConnection, name: str,
             params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    cursor = con.execute(query("mining", "report.sql", name), params or {})
    columns = [d[0] for d in cursor.description]
    return [{c: _plain(v) for c, v in zip(columns, row, strict=True)} for row in cursor.fetchall()]


def read_variants(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The variants of the last `mine` run by rank: touchpoints, count (journeys), share.

    Touchpoint lists share one string object per name: 500k variants of a 10M-event log cost
    tens of MB, not the hundreds that a string per list element would.
    """
    names = dict(con.execute(query("mining", "report.sql", "touchpoint_names")).fetchall())
    if max(names, default=0) > MAX_CHARACTER_CODE:
        return [{"touchpoints": list(v["touchpoints"]), "count": v["count"],
                 "share": v["share"]} for v in _records(con, "variant_lists")]
    by_character = {chr(code): name for code, name in names.items()}
    rows = con.execute(query("mining", "report.sql", "variants")).fetchall()
    with _collector_paused():
        return [{"touchpoints": list(map(by_character.__getitem__, codes)), "count": count,
                 "share": share} for codes, count, share in rows]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while building many objects that hold no cycles.

    Hundreds of thousands of new lists and dicts set it off again and again, each pass scanning
    everything made so far: half the time of reading the variants of a 10M-event log.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _durations(summary: dict[str, Any]) -> dict[str, Any]:
    return {"mean_seconds": summary.get("mean_duration_seconds"),
            "median_seconds": summary.get("median_duration_seconds"),
            "p90_seconds": summary.get("p90_duration_seconds")}


def read_observed_map(con: duckdb.DuckDBPyConnection, *, min_edge_share: float = 0.0,
                      periods: bool = False, funnel: bool = False) -> dict[str, Any]:
    """The map held in the `mined_*` temp tables of one `mine` run (one persona or all).

    `min_edge_share` hides directly-follows edges below that share of all pairs (0..1).
    """
    if not 0.0 <= min_edge_share <= 1.0:
        raise JourneymapError("the minimum edge share is a share in [0, 1]",
                              field="min_edge_share")
    summary = (_records(con, "summary") or [{}])[0]
    endpoints = _records(con, "endpoints")
    result: dict[str, Any] = {
        "cases": int(summary.get("journeys") or 0),
        "events": int(summary.get("events") or 0),
        "dfg": [{k: e[k] for k in DFG_FIELDS}
                for e in _records(con, "dfg", {"min_share": min_edge_share})],
        "start": {e["touchpoint"]: e["count"] for e in endpoints if e["kind"] == "start"},
        "end": {e["touchpoint"]: e["count"] for e in endpoints if e["kind"] == "end"},
        "variants": read_variants(con),
        "durations": _durations(summary),
    }
    if periods:
        result["periods"] = _records(con, "periods")
    if funnel:
        result["conversion"] = (_records(con, "conversion") or [None])[0]
        result["funnel"] = _records(con, "funnel")
        result["dropoff"] = _records(con, "dropoff")
    return result


def _check_persona(con: duckdb.DuckDBPyConnection, persona: str) -> None:
    """An empty map of a persona that does not exist is a typo, not a finding: say so."""
    known = [p for (p,) in con.execute(query("mining", "report.sql", "personas")).fetchall()]
    if persona not in known:
        raise JourneymapError(f"no persona {persona!r}; personas: {known}", field="persona")


def observed_map(con: duckdb.DuckDBPyConnection, persona: str | None = None, *,
                 source: str = "journeys", since: datetime | None = None,
                 until: datetime | None = None, top_variants: int | None = None,
                 min_edge_share: float = 0.0, funnel: Funnel | None = None,
                 grain: str | None = None) -> dict[str, Any]:
    """Mine and return the observed map of one persona (None: all journeys) and period.

    since/until: journeys that started in [since, until), UTC. top_variants: the map of the
    journeys of the k most frequent variants. min_edge_share: hide rarer edges. funnel: goal and
    stages for conversion, funnel and drop-off. grain: add journeys per day/week/month/...
    Computed on the fly in temp tables, so it works on a read-only store.
    """
    scope = Scope(persona, since, until, top_variants)
    mine(con, source, scope, {None: funnel} if funnel else None, grain=grain)
    if persona is not None and not _records(con, "summary"):
        _check_persona(con, persona)
    return {"persona": persona, "since": _plain(since), "until": _plain(until),
            **read_observed_map(con, min_edge_share=min_edge_share, periods=grain is not None,
                                funnel=funnel is not None)}
