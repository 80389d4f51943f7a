"""Overlay figures: how observed journeys follow, skip, delay or leave each designed step.

Computed in SQL against the `journeys` of the store and written as `overlay_*` tables, so the
rendered maps (and the workspace) read results rather than recompute them.
"""

from __future__ import annotations

import duckdb

from journeymap.sql import named_queries
from maps.designed import DesignedMap

OVERLAY_QUERIES = ("step_hits", "journey_reach", "step_status", "unexpected_events",
                   "overlay_steps", "overlay_unexpected", "overlay_summary", "overlay_stages")


def register_designed_maps(con: duckdb.DuckDBPyConnection, maps: dict[str, DesignedMap]) -> None:
    """Write the designed maps' steps into `designed_steps` / `designed_journeys` tables."""
    con.execute("""CREATE OR REPLACE TABLE designed_steps (
        persona VARCHAR, step_index INTEGER, stage_index INTEGER, stage VARCHAR, step VARCHAR,
        touchpoint VARCHAR, channel VARCHAR, designed_emotion INTEGER, target_hours DOUBLE,
        optional BOOLEAN)""")
    con.execute("""CREATE OR REPLACE TABLE designed_journeys (
        persona VARCHAR, designed_map VARCHAR, goal VARCHAR, owner VARCHAR, version INTEGER,
        steps INTEGER)""")
    for designed in maps.values():
        con.executemany("INSERT INTO designed_steps VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        designed.step_rows())
        con.execute("INSERT INTO designed_journeys VALUES (?, ?, ?, ?, ?, ?)",
                    [designed.persona, designed.name, designed.goal, designed.owner,
                     designed.version, len(designed.steps())])


def compute_overlays(con: duckdb.DuckDBPyConnection,
                     maps: dict[str, DesignedMap]) -> dict[str, dict]:
    """Hold each persona's journeys against its designed map; returns the summary per persona."""
    con.execute("BEGIN TRANSACTION")
    try:
        register_designed_maps(con, maps)
        queries = named_queries("maps", "conformance.sql")
        for name in OVERLAY_QUERIES:
            con.execute(queries[name])
        con.execute("COMMIT")
    except duckdb.Error:
        con.execute("ROLLBACK")
        raise
    rows = con.execute("SELECT * FROM overlay_summary ORDER BY persona").fetchdf()
    return {row["persona"]: row for row in rows.to_dict("records")}
