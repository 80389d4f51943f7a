"""Fixtures of the mining tests: the real event logs, small hand-made stores, pm4py references."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pm4py

from connectors import connect
from tests.conftest import reference_log

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "mining"

# The columns connectors write for customer traits (CRM fields and the like).
TRAITS_TABLE = """CREATE TABLE IF NOT EXISTS traits (
    identifier_key VARCHAR, source VARCHAR, name VARCHAR, value VARCHAR,
    observed_at TIMESTAMPTZ, source_file VARCHAR, source_row BIGINT)"""


def eventlog(name: str) -> Path:
    """A real event log of the shared folder (see tests.conftest.reference_log)."""
    return reference_log(name)


def pm4py_frame(path: Path):
    """The log as pm4py reads and formats it (the reference every comparison starts from)."""
    if path.suffix == ".csv":
        import pandas as pd

        return pm4py.format_dataframe(pd.read_csv(path))
    return pm4py.format_dataframe(pm4py.read_xes(str(path), show_progress_bar=False))


def pm4py_map(log) -> dict:
    """pm4py's DFG, start/end activities and variants of a formatted dataframe."""
    dfg, start, end = pm4py.discover_dfg(log)
    return {"dfg": dict(dfg), "start": dict(pm4py.get_start_activities(log)),
            "end": dict(pm4py.get_end_activities(log)), "start_dfg": dict(start),
            "end_dfg": dict(end), "variants": dict(pm4py.get_variants(log))}


def our_map(observed: dict) -> dict:
    """Our observed map in the shapes pm4py returns."""
    return {"dfg": {(e["source"], e["target"]): e["count"] for e in observed["dfg"]},
            "start": observed["start"], "end": observed["end"],
            "variants": {tuple(v["touchpoints"]): v["count"] for v in observed["variants"]}}


def make_store(path: Path, events: list[tuple], traits: list[tuple] | None = None,
               ) -> duckdb.DuckDBPyConnection:
    """A store with touchpoints of stitched customers and a traits table (none if None).

    events: (customer_id, touchpoint, channel, occurred_at ISO, campaign or None).
    traits: (customer_id, name, value, observed_at ISO, source_row).
    """
    con = connect(path)
    con.executemany(
        "INSERT INTO touchpoints (touchpoint_event_id, source, channel, touchpoint, vendor_event, "
        "occurred_at, timestamp_precision, identifier_key, campaign, customer_id, source_file, "
        "source_row, loaded_at) VALUES (?, 'segment', ?, ?, ?, CAST(? AS TIMESTAMPTZ), "
        "'second', ?, ?, ?, 'events.ndjson', ?, now())",
        [(f"ev{row}", channel, touchpoint, touchpoint, at, f"user_id:{customer}", campaign,
          customer, row) for row, (customer, touchpoint, channel, at, campaign)
         in enumerate(events, start=1)])
    con.execute("INSERT INTO identities SELECT DISTINCT 'user_id:' || customer_id, customer_id "
                "FROM touchpoints")
    if traits is None:  # as in stores made before connectors loaded traits
        con.execute("DROP TABLE IF EXISTS traits")
    else:
        con.execute(TRAITS_TABLE)
        con.executemany(
            "INSERT INTO traits (identifier_key, source, name, value, observed_at, source_file, "
            "source_row) VALUES (?, 'hubspot', ?, ?, CAST(? AS TIMESTAMPTZ), 'contacts.csv', ?)",
            [(f"user_id:{customer}", name, value, at, row)
             for customer, name, value, at, row in traits])
    return con
