"""Which engine mines, and on which storage: configuration with laptop defaults.

`engine: duckdb` (the default) keeps everything in the DuckDB store file. `engine: spark` runs
the mining SQL on Spark over the Parquet lake: a local Spark (`JOURNEYMAP_SPARK_MASTER`, default
local[2]) or a remote cluster through Spark Connect (`JOURNEYMAP_SPARK_CONNECT_URL`,
sc://host:15002). DuckDB can use the lake too (`JOURNEYMAP_STORAGE=parquet`), which is how the
two engines are held to the same results. Where the lake lives is a path of the project
(`journeymap.settings.Settings.lake_dir`, JOURNEYMAP_LAKE).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from journeymap.errors import JourneymapError

ENGINES = ("duckdb", "spark")
STORAGES = ("store", "parquet")
ENV = {
    "engine": "JOURNEYMAP_ENGINE",
    "storage": "JOURNEYMAP_STORAGE",
    "spark_master": "JOURNEYMAP_SPARK_MASTER",
    "spark_connect_url": "JOURNEYMAP_SPARK_CONNECT_URL",
    "shuffle_partitions": "JOURNEYMAP_SPARK_SHUFFLE_PARTITIONS",
    "driver_memory": "JOURNEYMAP_SPARK_DRIVER_MEMORY",
}


@dataclass(frozen=True)
class EngineSettings:
    """The engine and its storage.

    storage: 'store' (the DuckDB file) or 'parquet' (the lake). shuffle_partitions: Spark's
    partitions after a shuffle (a few per core of the cluster; tests use 2). driver_memory: the
    local Spark JVM's heap.
    """

    engine: str = "duckdb"
    storage: str = "store"
    spark_master: str = "local[2]"
    spark_connect_url: str | None = None
    shuffle_partitions: int = 8
    driver_memory: str = "4g"

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise JourneymapError(f"unknown engine {self.engine!r}; known: {list(ENGINES)}",
                                  field="engine")
        if self.storage not in STORAGES:
            raise JourneymapError(f"unknown storage {self.storage!r}; known: {list(STORAGES)}",
                                  field="storage")
        if self.engine == "spark" and self.storage != "parquet":
            raise JourneymapError("the spark engine reads and writes the Parquet lake: set "
                                  "storage to parquet (JOURNEYMAP_STORAGE)", field="storage")
        if self.shuffle_partitions < 1:
            raise JourneymapError("shuffle partitions must be at least 1",
                                  field="shuffle_partitions")

    @property
    def uses_lake(self) -> bool:
        return self.storage == "parquet"

    @classmethod
    def from_env(cls) -> EngineSettings:
        """Settings from the environment; storage defaults to parquet when the engine is spark."""
        engine = os.environ.get(ENV["engine"], "duckdb").strip().lower()
        storage = os.environ.get(ENV["storage"],
                                 "parquet" if engine == "spark" else "store").strip().lower()
        partitions = os.environ.get(ENV["shuffle_partitions"], "8")
        try:
            shuffle_partitions = int(partitions)
        except ValueError as exc:
            raise JourneymapError(f"not a whole number: {partitions!r}",
                                  field=ENV["shuffle_partitions"]) from exc
        return cls(engine=engine, storage=storage,
                   spark_master=os.environ.get(ENV["spark_master"], "local[2]"),
                   spark_connect_url=os.environ.get(ENV["spark_connect_url"]) or None,
                   shuffle_partitions=shuffle_partitions,
                   driver_memory=os.environ.get(ENV["driver_memory"], "4g"))
