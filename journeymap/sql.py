"""Named SQL queries kept in `.sql` files beside the code that runs them.

A file holds one or more queries, each introduced by a line `-- name: <query_name>`. Values are
bound as parameters (`$name` or `?`), never pasted into the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from typing import Any

from journeymap.engines.lake import is_spark

_NAME = re.compile(r"^--\s*name:\s*(\w+)\s*$", flags=re.MULTILINE)


@cache
def named_queries(package: str, filename: str) -> dict[str, str]:
    """The queries of `filename` in `package`, by name."""
    text = files(package).joinpath(filename).read_text()
    parts = _NAME.split(text)
    return {name: sql.strip() for name, sql in zip(parts[1::2], parts[2::2], strict=True)}


def query(package: str, filename: str, name: str) -> str:
    """One named query of a `.sql` file."""
    return named_queries(package, filename)[name]


def insert_rows(con: Any, table: str, rows: Sequence[Sequence[Any]]) -> None:
    """Append `rows` (tuples in the table's column order) to `table` in one statement.

    DuckDB's `executemany` binds and runs one INSERT per row, about half a millisecond each:
    minutes for the problems of an export with a hundred thousand broken lines. Here each
    column goes in as one list parameter and is unnested, so a million rows take seconds.
    Other engines' connections (Spark) use their own `executemany`, one append already.
    `table` is a name from the calling code, never user text.
    """
    if not rows:
        return
    if is_spark(con):
        con.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)
        return
    columns = [list(column) for column in zip(*rows, strict=True)]
    unnested = ", ".join(f"unnest(${index})" for index in range(1, len(columns) + 1))
    con.execute(f"INSERT INTO {table} SELECT {unnested}", columns)
