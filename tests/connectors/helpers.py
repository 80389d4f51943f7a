"""Small query helpers of the connectors tests."""

from __future__ import annotations

from datetime import UTC, datetime


def rows(con, sql: str, params=()) -> list[tuple]:
    return con.execute(sql, list(params)).fetchall()


def one(con, sql: str, params=()):
    return rows(con, sql, params)[0][0]


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def assert_accounted(files: dict) -> None:
    """Every file loaded, every record of it loaded or quarantined."""
    for report in files.values():
        assert report.status == "loaded", report
        assert report.rows_loaded + report.rows_quarantined == report.rows_read
