"""Spark as a mining engine: a session from the settings, and a connection that runs DuckDB SQL.

`SparkConnection` offers the part of DuckDB's Python connection the mining code uses
(`execute(sql, parameters).fetchall()`, `.description`, `executemany`), so `mining.mine`,
`compute_funnels` and `assign_personas` run on Spark unchanged: every statement is translated by
`journeymap.engines.dialect` and run as Spark SQL with its parameters bound by Spark (as named
markers; DuckDB's `?` become `:p1`, `:p2` ...), never pasted into the text.

Spark has no temp tables: a DuckDB temp table becomes a temp view over a locally checkpointed
DataFrame (computed once, kept by the executors in memory or on disk, its lineage cut so later
plans stay small), a view stays a view, DELETE keeps the other
rows in a new checkpointed copy, INSERT appends rows. Transactions are no-ops: results leave Spark
only as whole Parquet datasets (`journeymap.engines.lake`), written aside and then swapped in.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from journeymap.engines.dialect import (
    DialectError,
    Statement,
    positional_name,
    spark_macros,
    to_spark,
)
from journeymap.engines.settings import EngineSettings
from journeymap.errors import JourneymapError

# Session settings both local and remote sessions get (runtime SQL settings).
SQL_CONF = {
    "spark.sql.session.timeZone": "UTC",
    # Parquet instants as DuckDB writes them (INT64 microseconds, UTC), not legacy INT96.
    "spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS",
}
_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


def spark_session(settings: EngineSettings):  # -> pyspark.sql.SparkSession
    """The Spark session the settings name: Spark Connect when a URL is set, else a local (or
    standalone/YARN/Kubernetes master) session started in this process."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("journeymap")
    if settings.spark_connect_url:
        session = builder.remote(settings.spark_connect_url).getOrCreate()
    else:
        if shutil.which("java") is None:
            raise JourneymapError("Spark needs Java 17 or later: install Debian's "
                                  "openjdk-17-jre-headless (`make java`) or set "
                                  "JOURNEYMAP_SPARK_CONNECT_URL to a remote cluster",
                                  field="engine")
        builder = (builder.master(settings.spark_master)
                   .config("spark.driver.memory", settings.driver_memory)
                   .config("spark.ui.enabled", "false")
                   .config("spark.ui.showConsoleProgress", "false"))
        session = builder.getOrCreate()
        session.sparkContext.setLogLevel("FATAL")  # errors reach Python as exceptions
    for key, value in {**SQL_CONF,
                       "spark.sql.shuffle.partitions": str(settings.shuffle_partitions)}.items():
        session.conf.set(key, value)
    return session


def _python(value: Any) -> Any:
    """A collected value as DuckDB returns it: instants as aware UTC datetimes.

    PySpark turns a TIMESTAMP into a naive datetime in this process's local time; astimezone
    reads a naive datetime as local time, so the instant is kept whatever the process's zone.
    """
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.astimezone(UTC)
    if isinstance(value, list):
        return [_python(v) for v in value]
    return value


def _literal(value: Any) -> Any:
    """A parameter as Spark binds it exactly. PySpark turns a datetime into a literal through
    floating-point seconds, a fraction of a microsecond off; the mining SQL casts every instant
    parameter (CAST($since AS TIMESTAMPTZ)), so an ISO 8601 text in UTC arrives exact."""
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    return value


class SparkResult:
    """The rows of one statement, read like a DuckDB result."""

    def __init__(self, frame=None) -> None:
        self._frame = frame
        self.description = ([(field.name, field.dataType.simpleString(), None, None, None,
                              None, None) for field in frame.schema.fields]
                            if frame is not None else None)

    def fetchall(self) -> list[tuple]:
        if self._frame is None:
            return []
        return [tuple(_python(v) for v in row) for row in self._frame.collect()]

    def fetchone(self) -> tuple | None:
        rows = self.fetchall()
        return rows[0] if rows else None


class SparkConnection:
    """DuckDB's connection API over a Spark session, for the mining SQL (see module doc)."""

    def __init__(self, session) -> None:
        self.session = session
        self._persisted: dict[str, Any] = {}
        self._views: set[str] = set()  # dropped on close: the session outlives the connection

    # -- running statements ---------------------------------------------------------------

    def execute(self, sql: str, parameters: Any = None) -> SparkResult:
        """Run one or more DuckDB statements; the parameters go to the statements that use
        them (a dict for `$name`, a sequence for `?`)."""
        result = SparkResult()
        for statement in to_spark(sql):
            result = self._run(statement, parameters)
        return result

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """INSERT INTO table VALUES (?, ...) for every row, as one append."""
        statements = to_spark(sql)
        if len(statements) != 1 or statements[0].kind != "insert_values":
            raise JourneymapError(f"executemany takes one INSERT ... VALUES: {sql[:100]}")
        name = statements[0].name
        current = self.session.table(name)
        added = self.session.createDataFrame([tuple(row) for row in rows], current.schema)
        self._replace(name, current.unionByName(added))

    def _frame(self, sql: str, parameters: Any):
        if parameters and not isinstance(parameters, dict):  # `?` markers, named p1, p2 ...
            parameters = {positional_name(i): v for i, v in enumerate(parameters)}
        used = set(_NAMED.findall(sql))
        args = {k: _literal(v) for k, v in (parameters or {}).items() if k in used}
        return self.session.sql(sql, args=args) if args else self.session.sql(sql)

    def _run(self, statement: Statement, parameters: Any) -> SparkResult:
        kind, name = statement.kind, statement.name
        if kind == "query":
            return SparkResult(self._frame(statement.sql, parameters))
        if kind == "create_as":
            frame = self._frame(statement.sql, parameters)
            if statement.materialise:
                self._replace(name, frame)
            else:
                self.register_frame(name, frame)
        elif kind == "create_columns":
            self._replace(name, self.session.createDataFrame([], statement.sql))
        elif kind == "delete":
            self._replace(name, self._frame(statement.sql, parameters))
        elif kind == "insert_query":
            current = self.session.table(name)
            self._replace(name, current.unionByName(self._frame(statement.sql, parameters)))
        elif kind == "insert_values":
            raise JourneymapError("INSERT ... VALUES runs through executemany on Spark")
        elif kind == "drop":
            self._forget(name)
            self._views.discard(name)
            self.session.catalog.dropTempView(name)
        elif kind == "macro" and name not in spark_macros():
            raise DialectError(f"no Spark body for the function {name!r}: add it to "
                               f"mining/dialect_spark.sql")
        # 'macro': the Spark body is inlined by the dialect; 'transaction': nothing to do.
        return SparkResult()

    def _replace(self, name: str, frame) -> None:
        """Make `name` a temp view over `frame`, computed now and kept (memory, then disk).

        A local checkpoint: computed once, lineage cut. Spark's columnar cache (CACHE TABLE's)
        was twice as fast at 10M events (its measured size lets Spark broadcast the small
        tables instead of shuffling the events to join them) but failed the equality tests
        with "not enough memory to build and broadcast" after a few mining runs in one
        session; see docs/scale.md.
        """
        frame = frame.localCheckpoint(eager=True)
        self.register_frame(name, frame)
        self._persisted[name] = frame

    def register_frame(self, name: str, frame) -> None:
        """Make `name` a temp view over `frame` (replacing a table or view of that name)."""
        self._forget(name)
        frame.createOrReplaceTempView(name)
        self._views.add(name)

    def _forget(self, name: str) -> None:
        self._persisted.pop(name, None)  # its checkpoint goes with the last reference

    # -- what the connection holds ---------------------------------------------------------

    def existing_relations(self, *names: str) -> set[str]:
        """Which of `names` are tables or views of the session (as mining.catalog asks)."""
        return {name for name in names if self.session.catalog.tableExists(name)}

    def table(self, name: str):
        """The DataFrame of a table or view."""
        return self.session.table(name)

    def close(self) -> None:
        """Drop the views and tables of this connection (the session stays, for the next)."""
        for name in sorted(self._views):
            self.session.catalog.dropTempView(name)
        self._views.clear()
        self._persisted.clear()
