"""What the connection holds: which tables and views exist, for stores of any age."""

from __future__ import annotations

import duckdb

from journeymap.engines.lake import is_spark


def existing_relations(con: duckdb.DuckDBPyConnection, *names: str) -> set[str]:
    """Which of the tables or views `names` exist in the connection (any schema, temp too).

    Another engine's connection (journeymap.engines.spark) answers from its own catalog.
    """
    if is_spark(con):
        return con.existing_relations(*names)
    rows = con.execute("SELECT table_name FROM information_schema.tables "
                       "WHERE list_contains(?, table_name)", [list(names)]).fetchall()
    return {name for (name,) in rows}
