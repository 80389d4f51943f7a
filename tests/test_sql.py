"""Rows written from Python: `insert_rows` stores exactly what one INSERT per row stores."""

from datetime import UTC, datetime, timedelta

import duckdb
import pytest

from journeymap.sql import insert_rows

COLUMNS = ("n INTEGER, x DOUBLE, seen TIMESTAMPTZ, gap INTERVAL, names VARCHAR[], note VARCHAR, "
           "ok BOOLEAN")
ROWS = [
    (1, 1.5, datetime(2024, 3, 1, 12, tzinfo=UTC), timedelta(hours=2), ["a", "b"], "x", True),
    (None, 2, datetime(1960, 1, 1), None, [], None, False),  # int in a DOUBLE, naive instant
    (3, None, None, timedelta(0), None, "it's \"quoted\"; DROP TABLE t", None),
]


def _table(rows_in) -> list[tuple]:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute(f"CREATE TABLE t ({COLUMNS})")
    rows_in(con)
    return con.execute("SELECT * FROM t ORDER BY n NULLS FIRST").fetchall()


def test_insert_rows_stores_what_executemany_stores():
    expected = _table(lambda con: con.executemany(f"INSERT INTO t VALUES ({', '.join('?' * 7)})",
                                                  ROWS))
    assert _table(lambda con: insert_rows(con, "t", ROWS)) == expected
    assert len(expected) == 3


def test_insert_rows_of_nothing_and_of_many():
    assert _table(lambda con: insert_rows(con, "t", [])) == []
    many = [(i, i / 2, None, None, [str(i)], f"row {i}", i % 2 == 0) for i in range(200_000)]
    stored = _table(lambda con: insert_rows(con, "t", many))
    assert len(stored) == 200_000
    assert stored[123_456] == (123_456, 61_728.0, None, None, ["123456"], "row 123456", True)


def test_rows_of_unequal_width_are_refused():
    with pytest.raises(ValueError):
        _table(lambda con: insert_rows(con, "t", [(1,) * 7, (2,) * 6]))
