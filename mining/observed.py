"""The observed map: directly-follows graph, start/end touchpoints, variants and durations.

All of it is computed in SQL over an event log relation with columns
(persona, journey_id, touchpoint, occurred_at, step_index), so that the work stays in the
database and only per-edge and per-variant rows come back to Python.
"""

from __future__ import annotations

from typing import Any

import duckdb

from journeymap.sql import named_queries

TABLES = ("observed_dfg", "observed_endpoints", "journey_variants", "observed_variants",
          "observed_summary")


def compute_observed_maps(con: duckdb.DuckDBPyConnection,
                          event_log: str = "journeys") -> dict[str, int]:
    """Write the observed-map tables for every persona of `event_log` (a view or table name).

    Returns the number of journeys per persona.
    """
    if event_log not in ("journeys", "generic_log"):
        raise ValueError(f"unknown event log relation {event_log!r}")
    con.execute(f"CREATE OR REPLACE TEMP VIEW event_log AS SELECT * FROM {event_log}")
    queries = named_queries("mining", "observed.sql")
    con.execute("BEGIN TRANSACTION")
    try:
        for name in ("dfg", "endpoints", "journey_variants", "variants", "summary"):
            con.execute(queries[name])
        con.execute("COMMIT")
    except duckdb.Error:
        con.execute("ROLLBACK")
        raise
    return dict(con.execute("SELECT persona, journeys FROM observed_summary ORDER BY 1")
                .fetchall())


def observed_map(con: duckdb.DuckDBPyConnection, persona: str | None = None,
                 top_variants: int | None = None) -> dict[str, Any]:
    """The observed map of one persona (all personas when None) as plain JSON-ready data.

    Shape: {"cases", "events", "dfg": [{"source", "target", "count", "mean_seconds",
    "median_seconds"}], "start": {touchpoint: count}, "end": {...},
    "variants": [{"touchpoints": [...], "count"}]}.
    """
    where, params = ("WHERE persona = ?", [persona]) if persona else ("", [])
    cases, events = con.execute(
        f"SELECT coalesce(sum(journeys), 0), coalesce(sum(events), 0) FROM observed_summary "
        f"{where}", params).fetchall()[0]
    dfg = con.execute(
        f"SELECT source, target, sum(count) AS count, "
        f"sum(mean_seconds * count) / sum(count) AS mean_seconds, "
        f"CASE WHEN count(*) = 1 THEN any_value(median_seconds) END AS median_seconds "
        f"FROM observed_dfg {where} GROUP BY source, target ORDER BY count DESC, source, target",
        params).fetchall()
    endpoints = con.execute(
        f"SELECT kind, touchpoint, sum(count) FROM observed_endpoints {where} "
        f"GROUP BY kind, touchpoint ORDER BY 3 DESC, 2", params).fetchall()
    variants = con.execute(
        f"SELECT touchpoints, sum(count) AS count FROM observed_variants {where} "
        f"GROUP BY touchpoints ORDER BY count DESC, touchpoints", params).fetchall()
    if top_variants is not None:
        variants = variants[:top_variants]
    return {
        "persona": persona,
        "cases": int(cases),
        "events": int(events),
        "dfg": [{"source": s, "target": t, "count": int(c), "mean_seconds": mean,
                 "median_seconds": median} for s, t, c, mean, median in dfg],
        "start": {tp: int(n) for kind, tp, n in endpoints if kind == "start"},
        "end": {tp: int(n) for kind, tp, n in endpoints if kind == "end"},
        "variants": [{"touchpoints": list(v), "count": int(c)} for v, c in variants],
    }
