"""Event logs from outside the store (XES, CSV, Parquet via pandas) as a `generic_log` table.

The table has the columns the observed-map SQL reads: persona, journey_id, touchpoint,
occurred_at, step_index. Events of a case are ordered by timestamp, ties kept in file order.
"""

from __future__ import annotations

import duckdb
import pandas as pd

GENERIC_PERSONA = "(all)"


def register_dataframe_log(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, *,
                           case: str = "case:concept:name", activity: str = "concept:name",
                           timestamp: str = "time:timestamp") -> int:
    """Load an event-log dataframe into `generic_log`; returns the number of events."""
    log = pd.DataFrame({
        "journey_id": frame[case].astype(str),
        "touchpoint": frame[activity].astype(str),
        "occurred_at": pd.to_datetime(frame[timestamp], utc=True),
        "file_order": range(len(frame)),
    })
    con.register("generic_log_frame", log)
    con.execute("""
        CREATE OR REPLACE TABLE generic_log AS
        SELECT ? AS persona, journey_id, touchpoint, occurred_at,
               ROW_NUMBER() OVER (PARTITION BY journey_id ORDER BY occurred_at, file_order)
                   AS step_index
        FROM generic_log_frame""", [GENERIC_PERSONA])
    con.unregister("generic_log_frame")
    return len(log)
