"""The observed map: directly-follows graph, start/end touchpoints, variants and durations.

All of it is computed in SQL (observed.sql, funnel.sql) over an event log relation with columns
(persona, journey_id, touchpoint, occurred_at, step_index), so the work stays in the database and
only per-edge and per-variant rows come back to Python. `mine` fills the `mined_*` temp tables
for one scope (persona, period, top variants); `compute_observed_maps` mines every persona and
keeps the result in the store as `observed_*` and `journey_variants` tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import duckdb

from journeymap.errors import JourneymapError
from journeymap.sql import named_queries
from mining.catalog import existing_relations
from mining.funnel import Funnel, compute_funnels
from mining.periods import GRAINS

SOURCES = ("journeys", "generic_log")
# Stored table -> the query of observed.sql that makes it, or the mined table it copies.
PERSISTED = {"journey_variants": "persisted_journey_variants",
             "observed_variants": "persisted_variants", "observed_dfg": "mined_dfg",
             "observed_endpoints": "mined_endpoints", "observed_summary": "mined_summary",
             "observed_periods": "mined_periods",
             "observed_variant_periods": "persisted_variant_periods"}
PERSISTED_FUNNEL = {"observed_conversion": "mined_conversion", "observed_funnel": "mined_funnel",
                    "observed_dropoff": "mined_dropoff"}


@dataclass(frozen=True)
class Scope:
    """Which journeys an observed map covers.

    persona: one persona (None: every journey, in one map). since/until: journeys whose first
    event is in [since, until), UTC. top_variants: only the journeys that follow one of the k
    most frequent variants (a case filter, as pm4py's filter_variants_top_k: the whole map then
    describes those journeys).
    """

    persona: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    top_variants: int | None = None

    def __post_init__(self) -> None:
        if self.top_variants is not None and self.top_variants < 1:
            raise JourneymapError("top variants must be at least 1", field="top_variants")
        if self.since and self.until and self.until <= self.since:
            raise JourneymapError("the period ends before it starts", field="period")

    @property
    def filtered(self) -> bool:
        return self.persona is not None or self.since is not None or self.until is not None


def _open_log(con: duckdb.DuckDBPyConnection, source: str, scope: Scope,
              by_persona: bool) -> None:
    if source not in SOURCES:
        raise ValueError(f"unknown event log relation {source!r}; known: {SOURCES}")
    if not existing_relations(con, source):
        raise JourneymapError(f"the store has no {source!r}: assign personas first (mine "
                              f"--personas) or load a log", field="event_log")
    for macro in named_queries("mining", "dialect.sql").values():
        con.execute(macro)
    # source is one of SOURCES (checked above), never user text.
    con.execute(f"CREATE OR REPLACE TEMP VIEW event_source AS SELECT * FROM {source}")
    queries = named_queries("mining", "observed.sql")
    if not scope.filtered:
        con.execute(queries["source_by_persona" if by_persona else "source_all_personas"])
        return
    con.execute(queries["scope"], {"persona": scope.persona, "since": scope.since,
                                   "until": scope.until, "by_persona": by_persona})
    con.execute(queries["source_scoped"])


# codes_in_order (dialect.sql) packs a touchpoint code into 24 bits.
MAX_TOUCHPOINTS = 2**24 - 1


def _check_touchpoint_count(count: int) -> None:
    if count > MAX_TOUCHPOINTS:
        raise JourneymapError(f"the log has {count:,} distinct touchpoints; an observed map "
                              f"takes at most {MAX_TOUCHPOINTS:,}", field="touchpoint")


def mine(con: duckdb.DuckDBPyConnection, source: str = "journeys", scope: Scope = Scope(),
         funnels: Mapping[str | None, Funnel] | None = None, *, by_persona: bool = False,
         grain: str | None = None) -> None:
    """Compute the observed map of `scope` into the `mined_*` temp tables.

    `source` is 'journeys' (the store) or 'generic_log' (a loaded log). With `by_persona` each
    persona gets its own map; otherwise the scope's journeys make one map. `funnels` (persona ->
    goal and stages; key None for all) adds conversion, funnel and drop-off; `grain` ('day' ...
    'year') adds journeys per period in `mined_periods`. Works on read-only connections: only
    temp objects are written.
    """
    if grain is not None and grain not in GRAINS:
        raise JourneymapError(f"unknown grain {grain!r}; known: {list(GRAINS)}", field="grain")
    _open_log(con, source, scope, by_persona)
    queries = named_queries("mining", "observed.sql")
    con.execute(queries["touchpoint_codes"])
    _check_touchpoint_count(con.execute(queries["touchpoint_count"]).fetchall()[0][0])
    for name in ("touchpoint_list", "journey_keys", "events", "journeys", "variants"):
        con.execute(queries[name])
    if scope.top_variants is not None:
        con.execute(queries["top_journeys"], {"top": scope.top_variants})
        for name in ("keep_top_journeys", "keep_top_events", "variants"):
            con.execute(queries[name])
    for name in ("dfg", "endpoints", "summary"):
        con.execute(queries[name])
    if grain is not None:
        con.execute(queries["periods"], {"grain": grain})
    if funnels:
        compute_funnels(con, funnels)


def _persist(con: duckdb.DuckDBPyConnection, with_funnels: bool) -> None:
    # Table names below are constants of this module.
    queries = named_queries("mining", "observed.sql")
    con.execute(queries["named_variants"])
    for table, source in PERSISTED.items():
        select = queries.get(source, f"SELECT * FROM {source}")
        con.execute(f"CREATE OR REPLACE TABLE {table} AS {select}")
    for table, mined in PERSISTED_FUNNEL.items():
        con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM {mined}" if with_funnels
                    else f"DROP TABLE IF EXISTS {table}")


def compute_observed_maps(con: duckdb.DuckDBPyConnection, event_log: str = "journeys", *,
                          funnels: Mapping[str | None, Funnel] | None = None,
                          grain: str = "month") -> dict[str, int]:
    """Write the observed-map tables of every persona of `event_log` to the store.

    Tables: observed_dfg, observed_endpoints, observed_variants, observed_summary,
    observed_periods, journey_variants, observed_variant_periods (journeys per variant and month:
    what conformance's fitness reads), and with `funnels` observed_conversion, observed_funnel,
    observed_dropoff (dropped when no funnel is given, so none is stale). Returns journeys per
    persona.
    """
    mine(con, event_log, Scope(), funnels, by_persona=True, grain=grain)
    con.execute("BEGIN TRANSACTION")
    try:
        _persist(con, bool(funnels))
        con.execute("COMMIT")
    except duckdb.Error:
        con.execute("ROLLBACK")
        raise
    return dict(con.execute("SELECT persona, journeys FROM observed_summary ORDER BY 1")
                .fetchall())
