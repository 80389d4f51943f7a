"""Overlay figures: how observed journeys follow, skip, delay or leave each designed step.

Computed in SQL (conformance.sql) per observed variant, weighted by its journeys, with one pass
over the journeys' events for timing; written as `overlay_*` tables, so the rendered maps (and the
workspace) read results rather than recompute them.
"""

from __future__ import annotations

import duckdb

from journeymap.sql import named_queries, query
from maps.designed import DesignedMap, FlatStep

OVERLAY_QUERIES = ("conformance_variants", "variant_events", "step_hits", "variant_reach",
                   "step_status", "unexpected_variants", "journey_times", "step_delays",
                   "overlay_steps", "overlay_unexpected", "overlay_summary", "overlay_stages",
                   "variant_outcomes", "overlay_impact")


def _step_content(step: FlatStep) -> tuple:
    """What the map says of the customer at a step; alternatives join their options' texts."""
    def joined(name: str) -> str:
        return " | ".join(dict.fromkeys(t for o in step.options if (t := getattr(o, name))))

    def merged(name: str) -> list[str]:
        return list(dict.fromkeys(item for o in step.options for item in getattr(o, name)))

    return (joined("action"), joined("customer_goal"), joined("expectation"),
            merged("pain_points"), merged("opportunities"), merged("kpis"))


def register_designed_maps(con: duckdb.DuckDBPyConnection, maps: dict[str, DesignedMap]) -> None:
    """Write the designed maps' steps into the `designed_*` tables the conformance SQL reads."""
    con.execute(query("maps", "conformance.sql", "designed_tables"))
    for persona, designed in maps.items():
        steps = designed.steps()
        con.executemany(
            "INSERT INTO designed_steps VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " ?)",
            [(persona, s.index, s.stage_index, s.stage, s.name, " | ".join(s.touchpoints),
              s.channel, s.emotion, s.target_hours, s.optional, s.repeatable, s.order_rank,
              *_step_content(s)) for s in steps])
        con.executemany("INSERT INTO designed_step_touchpoints VALUES (?, ?, ?)",
                        [(persona, s.index, tp) for s in steps for tp in s.touchpoints])
        con.execute("INSERT INTO designed_journeys VALUES (?, ?, ?, ?, ?, ?)",
                    [persona, designed.name, designed.goal, designed.owner, designed.version,
                     len(steps)])


def run_overlay_queries(con: duckdb.DuckDBPyConnection, maps: dict[str, DesignedMap]) -> None:
    """Register the maps and write the `overlay_*` tables, inside the caller's transaction."""
    register_designed_maps(con, maps)
    queries = named_queries("maps", "conformance.sql")
    for name in OVERLAY_QUERIES:
        con.execute(queries[name])


def compute_overlays(con: duckdb.DuckDBPyConnection,
                     maps: dict[str, DesignedMap]) -> dict[str, dict]:
    """Hold each persona's journeys against its designed map; returns the summary per persona."""
    con.execute("BEGIN TRANSACTION")
    try:
        run_overlay_queries(con, maps)
        con.execute("COMMIT")
    except duckdb.Error:
        con.execute("ROLLBACK")
        raise
    rows = con.execute("SELECT * FROM overlay_summary ORDER BY persona").fetchdf()
    return {row["persona"]: row for row in rows.to_dict("records")}
