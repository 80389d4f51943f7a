"""The Parquet lake: touchpoints and results as Parquet datasets that DuckDB and Spark share.

One folder per dataset under the lake root. Datasets of events are hive-partitioned by event
date (`touchpoints/event_date=2026-03-01/...`, and `journeys`, `generic_log` the same way); one
row per journey by the date it started (`journey_variants/start_date=...`); the reductions
(observed maps, variant counts, funnels) are small and written whole. The partition column is
derived from an instant of the row (UTC date), so a reader drops it and gets the table back.

A dataset is replaced as a whole: written beside the old one, then swapped in by two renames, so
a reader never sees half of it (local and mounted folders). An object-store lake (s3a://, gs://,
abfss://) is written by Spark with its own overwrite. Both engines write Parquet instants as UTC
INT64 microseconds and read each other's files.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb

from journeymap.errors import JourneymapError

# dataset -> (partition column, the instant it is the UTC date of)
PARTITIONS = {"touchpoints": ("event_date", "occurred_at"),
              "generic_log": ("event_date", "occurred_at"),
              "journeys": ("event_date", "occurred_at"),
              "journey_variants": ("start_date", "started_at")}


def is_spark(con: Any) -> bool:
    """Whether `con` is a Spark connection (journeymap.engines.spark) rather than DuckDB's."""
    return not isinstance(con, duckdb.DuckDBPyConnection)


class Lake:
    """A lake root (folder or object-store URL) and how each engine reads and writes it."""

    def __init__(self, root: str | Path) -> None:
        self.root = str(root).rstrip("/")

    @property
    def local(self) -> bool:
        return "://" not in self.root or self.root.startswith("file://")

    def path(self, name: str) -> str:
        return f"{self.root}/{name}"

    def folder(self, name: str) -> Path:
        """The local folder of a dataset (local lakes only)."""
        return Path(self.root.removeprefix("file://")) / name

    def exists(self, name: str) -> bool:
        """Whether the dataset has been written (an object-store lake is asked to Spark)."""
        if not self.local:
            return True
        return any(self.folder(name).rglob("*.parquet"))

    def remove(self, name: str) -> None:
        """Delete a dataset (local lakes; an object-store lake keeps it)."""
        if self.local:
            shutil.rmtree(self.folder(name), ignore_errors=True)

    # -- reading ------------------------------------------------------------------------------

    def register(self, con: Any, name: str, view: str | None = None) -> None:
        """Make the dataset a temp view (`view`, default its name) of the connection."""
        if self.local and not self.exists(name):
            raise JourneymapError(f"the lake has no {name!r} dataset yet: ingest with a lake "
                                  f"(or run the step that writes it) first",
                                  file=self.path(name))
        view = view or name
        partition = PARTITIONS.get(name, (None, None))[0]
        if is_spark(con):
            frame = con.session.read.parquet(self.path(name))
            if partition in frame.columns:
                frame = frame.drop(partition)
            con.register_frame(view, frame)
            return
        relation = con.read_parquet(str(self.folder(name) / "**" / "*.parquet"),
                                    hive_partitioning=partition is not None)
        if partition in relation.columns:
            relation = relation.select(*[duckdb.ColumnExpression(c) for c in relation.columns
                                         if c != partition])
        relation.create_view(view, replace=True)

    # -- writing ------------------------------------------------------------------------------

    def write(self, con: Any, table: str, name: str | None = None) -> str:
        """Replace the dataset `name` (default: the table's name) with the table's rows."""
        name = name or table
        partition, instant = PARTITIONS.get(name, (None, None))
        if not self.local:
            if not is_spark(con):
                raise JourneymapError("DuckDB writes local lakes only; use the spark engine "
                                      "for an object-store lake", file=self.root)
            self._spark_write(con, table, self.path(name), partition, instant)
            return self.path(name)
        staging = self.folder(f".{name}.writing-{uuid.uuid4().hex[:8]}")
        staging.parent.mkdir(parents=True, exist_ok=True)
        try:
            if is_spark(con):
                self._spark_write(con, table, str(staging), partition, instant)
            else:
                self._duckdb_write(con, table, staging, partition, instant)
            self._swap(staging, self.folder(name))
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return self.path(name)

    def write_partitions(self, con: duckdb.DuckDBPyConnection, relation: duckdb.DuckDBPyRelation,
                         name: str, keep: Iterable[str] = ()) -> None:
        """Replace some partitions of a partitioned dataset with DuckDB: `relation` holds the
        rows of the changed partitions (with the partition column); every partition that is
        neither in it nor in `keep` is removed."""
        partition = PARTITIONS[name][0]
        staging = self.folder(f".{name}.writing-{uuid.uuid4().hex[:8]}")
        target = self.folder(name)
        target.mkdir(parents=True, exist_ok=True)
        try:
            relation.write_parquet(str(staging), partition_by=[partition])
            written = {p.name for p in staging.iterdir() if p.is_dir()} if staging.exists() \
                else set()
            for folder in written:
                self._swap(staging / folder, target / folder)
            wanted = written | {f"{partition}={value}" for value in keep}
            for folder in target.iterdir():
                if folder.is_dir() and folder.name.startswith(f"{partition}=") \
                        and folder.name not in wanted:
                    shutil.rmtree(folder)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    @staticmethod
    def _duckdb_write(con: duckdb.DuckDBPyConnection, table: str, staging: Path,
                      partition: str | None, instant: str | None) -> None:
        relation = con.table(table)
        if partition is None:
            staging.mkdir(parents=True)
            relation.write_parquet(str(staging / "data.parquet"))
            return
        relation = relation.select(duckdb.StarExpression(), duckdb.ColumnExpression(instant)
                                   .cast(duckdb.sqltype("DATE")).alias(partition))
        relation.write_parquet(str(staging), partition_by=[partition])
        if not staging.exists():  # no rows: keep the schema in one empty file
            staging.mkdir(parents=True)
            relation.write_parquet(str(staging / "data.parquet"))

    @staticmethod
    def _spark_write(con: Any, table: str, path: str, partition: str | None,
                     instant: str | None) -> None:
        from pyspark.sql import functions as F

        frame = con.table(table)
        if partition is not None and not frame.isEmpty():
            # Each date's rows to one task first: else every task writes a file into every date
            # (tasks x dates small files; 2,900 for a year on local[2], most of the write time).
            frame = frame.withColumn(partition, F.to_date(F.col(instant))).repartition(partition)
            writer = frame.write.mode("overwrite").partitionBy(partition)
        else:
            writer = frame.coalesce(1).write.mode("overwrite")
        writer.parquet(path)

    @staticmethod
    def _swap(new: Path, target: Path) -> None:
        """Put `new` where `target` is, by renames: never half a folder in place."""
        target.parent.mkdir(parents=True, exist_ok=True)
        old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
        if target.exists():
            target.rename(old)
        new.rename(target)
        shutil.rmtree(old, ignore_errors=True)
