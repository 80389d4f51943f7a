"""Ingest's Parquet output: the store's touchpoints, identities and traits in the lake.

With a lake (`ingest(..., lake=...)`, `journeymap ingest --lake DIR`, or storage `parquet` in the
pipeline), the store keeps what loading needs (the manifest, quarantine, dedupe and identity
stitching) and mining reads the lake instead: `touchpoints/event_date=YYYY-MM-DD/` for each UTC
event date, `identities/` and `traits/`. Only the dates whose touchpoints changed are rewritten
(new files, a stitching run that moved identifiers to another customer, refined click times);
dates that lost every touchpoint are removed. Re-running never duplicates a touchpoint.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from journeymap.engines.lake import Lake
from journeymap.sql import query

FINGERPRINTS = "_partitions.json"  # beside the dataset; Spark and DuckDB skip it when reading
WHOLE = ("identities", "traits")


def _sql(name: str) -> str:
    return query("connectors", "lake.sql", name)


def export_to_lake(con: duckdb.DuckDBPyConnection, lake_dir: str | Path) -> dict[str, int]:
    """Write the store's touchpoints (changed event dates only), identities and traits to the
    lake; returns the event dates written, kept and removed."""
    lake = Lake(lake_dir)
    current = {date: [events, fingerprint]
               for date, events, fingerprint in con.execute(_sql("fingerprints")).fetchall()}
    marker = lake.folder("touchpoints") / FINGERPRINTS
    previous = json.loads(marker.read_text()) if marker.exists() else {}
    present = {p.name.removeprefix("event_date=") for p in lake.folder("touchpoints").glob(
        "event_date=*")}
    changed = sorted(d for d, f in current.items() if previous.get(d) != f or d not in present)
    kept = [d for d in current if d not in changed]
    lake.write_partitions(con, con.sql(_sql("changed_touchpoints"), params={"dates": changed}),
                          "touchpoints", keep=kept)
    marker.write_text(json.dumps(current, sort_keys=True))
    for name in WHOLE:
        lake.write(con, name)
    return {"dates_written": len(changed), "dates_kept": len(kept),
            "dates_removed": len(set(previous) - set(current))}
