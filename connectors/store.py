"""The DuckDB store: open it and make sure the canonical tables and SQL helpers exist."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import duckdb

from journeymap.sql import query


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the canonical tables (new columns added to older stores) and the SQL helpers."""
    con.execute("SET TimeZone = 'UTC'")
    con.execute(files("connectors").joinpath("schema.sql").read_text())
    con.execute(query("connectors", "macros.sql", "macros"))


def connect(db_path: str | Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the store at `db_path` (created with its schema when new), with UTC as session zone."""
    path = Path(db_path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    con.execute("SET TimeZone = 'UTC'")
    if not read_only:
        ensure_schema(con)
    return con
