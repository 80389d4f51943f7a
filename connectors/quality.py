"""Health of the store's touchpoints: schema, quarantine rate, customers tied to every row."""

from __future__ import annotations

import duckdb

# The columns (and DuckDB types) that mining, maps and the workspace rely on.
TOUCHPOINT_SCHEMA = {
    "touchpoint_event_id": "VARCHAR",
    "source": "VARCHAR",
    "channel": "VARCHAR",
    "touchpoint": "VARCHAR",
    "occurred_at": "TIMESTAMP WITH TIME ZONE",
    "identifier_key": "VARCHAR",
    "campaign": "VARCHAR",
    "customer_id": "VARCHAR",
    "source_file": "VARCHAR",
    "source_row": "BIGINT",
    "score": "DOUBLE",  # feedback touchpoints: the score, its scale, the emotion -2..+2
    "score_scale": "VARCHAR",
    "emotion": "DOUBLE",
}


def schema_problems(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Columns of `touchpoints` that are missing or of another type than downstream expects."""
    found = {name: kind for name, kind, *_ in con.execute("DESCRIBE touchpoints").fetchall()}
    problems = []
    for name, kind in TOUCHPOINT_SCHEMA.items():
        if name not in found:
            problems.append(f"missing column {name} ({kind})")
        elif found[name] != kind:
            problems.append(f"column {name} is {found[name]}, expected {kind}")
    return problems


def quarantine_rate(con: duckdb.DuckDBPyConnection) -> tuple[float, int, int]:
    """Share of export rows read that went to quarantine: (rate, quarantined, read)."""
    read, quarantined = con.execute(
        "SELECT coalesce(sum(rows_read), 0), coalesce(sum(rows_quarantined), 0) "
        "FROM ingested_files").fetchall()[0]
    return (quarantined / read if read else 0.0), int(quarantined), int(read)


def untied_touchpoints(con: duckdb.DuckDBPyConnection) -> int:
    """Touchpoint events without a customer (identity stitching missed them)."""
    return int(con.execute("SELECT count(*) FROM touchpoints WHERE customer_id IS NULL")
               .fetchall()[0][0])
