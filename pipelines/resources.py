"""Dagster resources: the DuckDB store, the mining engine and the project's folders.

All are configured once, from `journeymap.settings.Settings` and
`journeymap.engines.settings.EngineSettings` (environment variables with local defaults), and can
be overridden in run config from the Dagster UI. The engine resource is `DuckDBEngineResource`
(default) or `SparkEngineResource` (JOURNEYMAP_ENGINE=spark), under the same key `engine`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb

from connectors import connect
from journeymap.engines.settings import EngineSettings
from journeymap.settings import Settings
from maps import load_designed_maps
from maps.designed import DesignedMap


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

    def designed_maps(self) -> dict[str, DesignedMap]:
        """The project's designed maps by persona, validated (read afresh: a run sees edits)."""
        return load_designed_maps(self.designed_dir)


class QualityResource(dg.ConfigurableResource):
    """Thresholds of the asset checks."""

    max_quarantine_rate: float = 0.05  # share of export rows
    max_fitness_drop: float = 0.05  # fitness points from one month to the next


class EngineResource(dg.ConfigurableResource):
    """Where mining runs. storage 'store': in the DuckDB store (the store resource's
    connection); 'parquet': over the Parquet lake at `lake_dir`, through `connection()`."""

    storage: str = "store"
    lake_dir: str = "lake"

    @property
    def uses_lake(self) -> bool:
        return self.storage == "parquet"

    def connection(self) -> Any:
        """A context manager giving a connection of the engine (each engine defines it)."""
        raise NotImplementedError(type(self).__name__)


class DuckDBEngineResource(EngineResource):
    """DuckDB: the store file itself, or an in-memory DuckDB reading and writing the lake."""

    memory_limit: str = "8GB"

    @contextmanager
    def connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        con = duckdb.connect(config={"memory_limit": self.memory_limit})
        con.execute("SET TimeZone = 'UTC'")
        try:
            yield con
        finally:
            con.close()


class SparkEngineResource(EngineResource):
    """Spark: a local session (`master`, local[2] by default) or a cluster through Spark Connect
    (`connect_url`, sc://host:15002); always over the lake. One session serves every step of a
    run (steps run in one process), each step on its own connection."""

    storage: str = "parquet"
    master: str = "local[2]"
    connect_url: str | None = None
    shuffle_partitions: int = 8
    driver_memory: str = "4g"

    @contextmanager
    def connection(self) -> Iterator[Any]:
        from journeymap.engines.spark import SparkConnection, spark_session

        session = spark_session(EngineSettings(
            engine="spark", storage=self.storage, spark_master=self.master,
            spark_connect_url=self.connect_url, shuffle_partitions=self.shuffle_partitions,
            driver_memory=self.driver_memory))
        con = SparkConnection(session)
        try:
            yield con
        finally:
            con.close()


def engine_resource(settings: Settings, engine: EngineSettings) -> EngineResource:
    """The engine resource the settings name. An object-store lake (s3a://...) comes from
    JOURNEYMAP_LAKE as written: a path object would fold its '//'."""
    lake = os.environ.get("JOURNEYMAP_LAKE") or str(settings.lake_dir)
    if engine.engine == "spark":
        return SparkEngineResource(lake_dir=lake, master=engine.spark_master,
                                   connect_url=engine.spark_connect_url,
                                   shuffle_partitions=engine.shuffle_partitions,
                                   driver_memory=engine.driver_memory)
    return DuckDBEngineResource(storage=engine.storage, lake_dir=lake)


def resources_for(settings: Settings,
                  engine: EngineSettings | None = None) -> dict[str, dg.ConfigurableResource]:
    """The resources of the code location for one project's settings (the engine's from the
    environment unless given)."""
    return {
        "engine": engine_resource(settings, engine or EngineSettings.from_env()),
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
