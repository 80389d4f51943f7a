"""Dagster resources: the DuckDB store and the project's input/output folders.

Both are configured once, from `journeymap.settings.Settings` (environment variables with local
defaults), and can be overridden in run config from the Dagster UI.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from connectors import connect
from journeymap.settings import Settings


class StoreResource(dg.ConfigurableResource):
    """The embedded DuckDB store (one writer at a time: see dagster.yaml's run queue)."""

    db_path: str

    @contextmanager
    def connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        con = connect(self.db_path)
        try:
            yield con
        finally:
            con.close()


class ProjectResource(dg.ConfigurableResource):
    """Where the exports, designed maps and persona rules are read and the maps written."""

    exports_dir: str
    designed_dir: str
    personas_file: str
    maps_dir: str
    snapshots_dir: str

    def path(self, name: str) -> Path:
        return Path(getattr(self, name))


class QualityResource(dg.ConfigurableResource):
    """Thresholds of the asset checks."""

    max_quarantine_rate: float = 0.05  # share of export rows
    max_fitness_drop: float = 0.05  # fitness points from one month to the next


def resources_for(settings: Settings) -> dict[str, dg.ConfigurableResource]:
    """The resources of the code location for one project's settings."""
    return {
        "quality": QualityResource(
            max_quarantine_rate=float(os.environ.get("JOURNEYMAP_MAX_QUARANTINE_RATE", 0.05)),
            max_fitness_drop=float(os.environ.get("JOURNEYMAP_MAX_FITNESS_DROP", 0.05))),
        "store": StoreResource(db_path=str(settings.db_path)),
        "project": ProjectResource(
            exports_dir=str(settings.exports_dir),
            designed_dir=str(settings.designed_dir),
            personas_file=str(settings.personas_file),
            maps_dir=str(settings.maps_dir),
            snapshots_dir=str(settings.snapshots_dir),
        ),
    }
