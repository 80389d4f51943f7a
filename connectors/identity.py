"""Tie every touchpoint to one customer across tools, and refine date-only click times."""

from __future__ import annotations

import duckdb

from journeymap.sql import query

MAX_ROUNDS = 200  # pointer jumping halves the distance each round: 2**200 is plenty


def _sql(name: str) -> str:
    return query("connectors", "identity.sql", name)


def stitch_identities(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Join identifier edges into connected components and set `customer_id` on touchpoints.

    Runs in one transaction; updates `identities` and the touchpoints of identifiers whose
    customer changed, rebuilds `identity_conflicts`. Returns the number of identifiers,
    customers, conflicts found and propagation rounds.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        if con.execute(_sql("unassigned")).fetchall()[0][0]:
            con.execute(_sql("repair_unassigned"))
        hashed = con.execute(_sql("hashed_keys")).fetchall()[0][0]
        con.execute(_sql("hash_edges" if hashed else "no_hash_edges"))
        for name in ("nodes", "edge_ids", "conflicts", "usable_links", "labels"):
            con.execute(_sql(name))
        rounds, before = 0, None
        while rounds < MAX_ROUNDS:
            con.execute(_sql("propagate"))
            con.execute(_sql("jump"))
            rounds += 1
            total = con.execute(_sql("label_sum")).fetchall()[0][0]
            if total == before:
                break
            before = total
        for name in ("changes", "apply_identities", "apply_touchpoints"):
            con.execute(_sql(name))
        con.execute("COMMIT")
    except duckdb.Error:
        con.execute("ROLLBACK")
        raise
    identifiers, customers, conflicts = con.execute(_sql("counts")).fetchall()[0]
    return {"identifiers": identifiers, "customers": customers, "conflicts": conflicts,
            "rounds": rounds}


def identity_conflicts(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The messages of the last stitching run's conflicts, weak ones first."""
    return [row[0] for row in con.execute(
        "SELECT message FROM identity_conflicts ORDER BY resolution DESC, identifier_key"
    ).fetchall()]


def refine_click_times(con: duckdb.DuckDBPyConnection) -> int:
    """Give date-only ad clicks the time of their landing page view; returns clicks refined."""
    return con.execute(_sql("refine_click_times")).fetchall()[0][0]
