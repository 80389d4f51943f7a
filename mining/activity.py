"""Daily activity per persona, channel and touchpoint, one UTC day at a time.

This is what can be partitioned by event date without cutting journeys apart: counts of one
day's events. Re-running a day replaces that day's rows, so backfills are idempotent.
"""

from __future__ import annotations

from datetime import date

import duckdb

from journeymap.sql import query


def record_daily_activity(con: duckdb.DuckDBPyConnection, day: date | str) -> int:
    """Replace the `daily_activity` rows of `day` (UTC); returns the day's number of events."""
    con.execute(query("mining", "activity.sql", "create"))
    con.execute("BEGIN TRANSACTION")
    try:
        for name in ("delete_day", "insert_day"):
            con.execute(query("mining", "activity.sql", name), {"day": str(day)})
        con.execute("COMMIT")
    except duckdb.Error:
        con.execute("ROLLBACK")
        raise
    return con.execute("SELECT coalesce(sum(events), 0) FROM daily_activity WHERE day = ?",
                       [str(day)]).fetchall()[0][0]
