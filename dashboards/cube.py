"""The explorer's cube, written into each snapshot as it is published (see cube.sql).

A filter change in the observed-map explorer then reads a few hundred precomputed rows of
the snapshot (`explorer_summary`, `explorer_endpoints`, `explorer_variants`, `explorer_dfg`)
instead of re-reading the journeys' events: on a store of 1M journeys that is the difference
between seconds and milliseconds. The cube costs one pass over the events at publication,
which happens after the run, on the snapshot's own copy (never on the pipeline's store).
"""

from __future__ import annotations

import duckdb

from journeymap.sql import named_queries
from maps.render_data import MAX_VARIANTS, existing_tables

CUBE_TABLES = ("explorer_summary", "explorer_endpoints", "explorer_variants", "explorer_dfg")
TEMPORARY = ("cube_cells", "cube_step_classes", "cube_journey_classes", "cube_journeys")


def cube_queries() -> dict[str, str]:
    return named_queries("dashboards", "cube.sql")


def build_cube(con: duckdb.DuckDBPyConnection) -> bool:
    """Write the cube tables from `journey_variants` and `journeys`; False (and nothing
    written) when the store holds no mined journeys yet."""
    tables = existing_tables(con)
    if "journey_variants" not in tables or "journeys" not in tables:
        return False
    queries = cube_queries()
    with_channels = "channel" in tables["journeys"]
    steps = ["cube_macros",
             "cube_journeys" if with_channels else "cube_journeys_without_channels",
             "cube_journey_classes", "cube_step_classes", "cube_cells", *CUBE_TABLES]
    for name in steps:
        sql = queries[name]
        con.execute(sql, {"top": MAX_VARIANTS} if "$top" in sql else {})
    for temporary in TEMPORARY:
        con.execute(f"DROP TABLE {temporary}")
    return True


def has_cube(tables: dict[str, set[str]]) -> bool:
    """Whether a snapshot was published with the cube (older ones were not)."""
    return all(t in tables for t in CUBE_TABLES)
