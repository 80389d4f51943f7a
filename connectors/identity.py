"""Tie every touchpoint to one customer across tools, and refine date-only click times."""

from __future__ import annotations

import duckdb

from journeymap.sql import query

MAX_ROUNDS = 1000


def _sql(name: str) -> str:
    return query("connectors", "identity.sql", name)


def stitch_identities(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Join identifier edges into connected components and set `customer_id` on touchpoints.

    Runs in one transaction. Returns the number of identifiers, customers and propagation rounds.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(_sql("labels"))
        con.execute(_sql("undirected_edges"))
        rounds = 0
        while con.execute(_sql("propagate")).fetchall()[0][0] and rounds < MAX_ROUNDS:
            rounds += 1
        con.execute(_sql("identities"))
        con.execute(_sql("assign_customers"))
        con.execute("COMMIT")
    except duckdb.Error:
        con.execute("ROLLBACK")
        raise
    identifiers, customers = con.execute(
        "SELECT count(*), count(DISTINCT customer_id) FROM identities").fetchall()[0]
    return {"identifiers": identifiers, "customers": customers, "rounds": rounds}


def refine_click_times(con: duckdb.DuckDBPyConnection) -> int:
    """Give date-only ad clicks the time of their landing page view; returns clicks refined."""
    return con.execute(_sql("refine_click_times")).fetchall()[0][0]
