"""Small query helpers of the connectors tests."""

from __future__ import annotations


def rows(con, sql: str, params=()) -> list[tuple]:
    return con.execute(sql, list(params)).fetchall()


def one(con, sql: str, params=()):
    return rows(con, sql, params)[0][0]
