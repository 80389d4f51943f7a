"""Event logs from outside the store (XES, CSV, Parquet, dataframes) as a `generic_log` table.

The table has the columns the observed-map SQL reads: persona (always `(all)`), journey_id (the
case), touchpoint (the activity), occurred_at (UTC) and step_index (the event's position in the
file, which keeps pm4py's order for events at the same instant). Column names follow pm4py's
defaults (`case:concept:name`, `concept:name`, `time:timestamp`) and can be chosen per file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from journeymap.errors import JourneymapError
from journeymap.sql import query
from mining.xes import read_xes_columns

GENERIC_PERSONA = "(all)"
CASE = "case:concept:name"
ACTIVITY = "concept:name"
TIMESTAMP = "time:timestamp"
FILE_ROW_NUMBER = "file_row_number"  # the column read_parquet adds with file_row_number=true
FORMATS = {".xes": "xes", ".csv": "csv", ".tsv": "csv", ".txt": "csv", ".parquet": "parquet",
           ".pq": "parquet"}


@dataclass(frozen=True)
class LogColumns:
    """Which column (XES: attribute) is the case, the activity and the timestamp.

    `timestamp=None` reads a log without timestamps: events keep their order in the file.
    """

    case: str = CASE
    activity: str = ACTIVITY
    timestamp: str | None = TIMESTAMP


@dataclass(frozen=True)
class LoadedLog:
    """What loading a log did: events in the file, events kept (others lack a field)."""

    file: str | None
    events_read: int
    events: int
    timed: bool

    @property
    def events_dropped(self) -> int:
        return self.events_read - self.events


def log_format(path: Path) -> str:
    """'xes', 'csv' or 'parquet' from the file name (a trailing .gz is looked through)."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    kind = FORMATS.get(suffixes[-1]) if suffixes else None
    if kind is None:
        raise JourneymapError(f"unknown event log format; known: {sorted(FORMATS)} (or .gz)",
                              file=str(path))
    return kind


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _check_columns(available: list[str], columns: LogColumns, file: str | None) -> None:
    for field in ("case", "activity", "timestamp"):
        name = getattr(columns, field)
        if name is not None and name not in available:
            raise JourneymapError(f"no column {name!r} for the {field}; columns: {available}",
                                  file=file, field=field)


def _load(con: duckdb.DuckDBPyConnection, source: duckdb.DuckDBPyRelation, columns: LogColumns,
          file: str | None, position: str | None = None) -> LoadedLog:
    """`generic_log` from a relation with the file's columns; checks and counts.

    `position`: a column of `source` that holds each event's 0-based position in the file, when
    the reader gives it (Parquet); otherwise the relation's own order numbers the events, a
    window over the whole input that DuckDB runs on one thread.
    """
    _check_columns([c for c in source.columns if c != position], columns, file)
    source.create_view("generic_source", replace=True)
    stamp = _identifier(columns.timestamp) if columns.timestamp else "CAST(NULL AS VARCHAR)"
    order = f"{_identifier(position)} + 1" if position else "ROW_NUMBER() OVER ()"
    # Identifiers are quoted and known to be columns of the source (checked above).
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW generic_events AS "
        f"SELECT {_identifier(columns.case)} AS case_value, "
        f"{_identifier(columns.activity)} AS activity_value, {stamp} AS timestamp_value, "
        f"TRY_CAST({stamp} AS TIMESTAMPTZ) AS occurred_at, {order} AS file_order "
        f"FROM generic_source")
    timed = columns.timestamp is not None
    con.execute(query("mining", "eventlog.sql", "generic_log"),
                {"persona": GENERIC_PERSONA, "timed": timed})
    read, kept = con.execute(query("mining", "eventlog.sql", "generic_counts")).fetchall()[0]
    unreadable = None
    if timed and read and not kept:
        unreadable = con.execute(query("mining", "eventlog.sql",
                                       "unreadable_timestamp")).fetchall()[0][0]
    con.execute(query("mining", "eventlog.sql", "drop_sources"))
    if unreadable is not None:
        raise JourneymapError(f"no timestamp could be read, e.g. {unreadable!r}", file=file,
                              field=columns.timestamp)
    return LoadedLog(file=file, events_read=read, events=kept, timed=timed)


def _xes_relation(con: duckdb.DuckDBPyConnection, path: Path,
                  columns: LogColumns) -> tuple[duckdb.DuckDBPyRelation, LogColumns]:
    keys = [k for k in (columns.case, columns.activity, columns.timestamp) if k is not None]
    values, seen = read_xes_columns(path, keys)
    for field in ("case", "activity"):
        if getattr(columns, field) not in seen:
            raise JourneymapError(f"no event has the attribute {getattr(columns, field)!r}",
                                  file=str(path), field=field)
    if columns.timestamp not in seen:  # a log without timestamps: file order only
        columns = LogColumns(columns.case, columns.activity, None)
    frame = pd.DataFrame({key: pd.Series(values[key], dtype=object) for key in dict.fromkeys(keys)})
    return con.from_df(frame), columns


def read_event_log(con: duckdb.DuckDBPyConnection, path: str | Path,
                   columns: LogColumns = LogColumns()) -> LoadedLog:
    """Load an XES (.xes, .xes.gz), CSV or Parquet event log into `generic_log`.

    CSV and Parquet are read by DuckDB (types sniffed; text timestamps with or without offsets
    are read as UTC instants); XES is streamed. An XES log whose events carry no timestamp at all
    is read in file order. Missing columns and unreadable files name the file and the field.
    """
    path = Path(path)
    if not path.is_file():
        raise JourneymapError("event log file not found", file=str(path))
    kind = log_format(path)
    try:
        if kind == "xes":
            relation, columns = _xes_relation(con, path, columns)
        elif kind == "csv":
            relation = con.read_csv(str(path))
        else:
            return _load_parquet(con, path, columns)
        return _load(con, relation, columns, str(path))
    except duckdb.Error as exc:
        raise JourneymapError(f"cannot read the event log: {exc}", file=str(path)) from exc


def _load_parquet(con: duckdb.DuckDBPyConnection, path: Path, columns: LogColumns) -> LoadedLog:
    """A Parquet log, numbered by the reader's own row numbers (read in parallel)."""
    relation = con.read_parquet(str(path))
    if FILE_ROW_NUMBER in relation.columns:  # the file has a column of that name: number it apart
        return _load(con, relation, columns, str(path))
    return _load(con, con.read_parquet(str(path), file_row_number=True), columns, str(path),
                 position=FILE_ROW_NUMBER)


def register_dataframe_log(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, *,
                           case: str = CASE, activity: str = ACTIVITY,
                           timestamp: str | None = TIMESTAMP) -> int:
    """Load an event-log dataframe (pandas, as pm4py reads it) into `generic_log`.

    Returns the number of events kept.
    """
    return _load(con, con.from_df(frame), LogColumns(case, activity, timestamp), None).events
