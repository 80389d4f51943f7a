"""Mining over the Parquet lake, on whichever engine the connection belongs to.

The same functions as on the DuckDB store (`assign_personas`, `compute_observed_maps`), with
their inputs read from the lake (touchpoints partitioned by event date, identities, traits) and
their results written back to it as Parquet: `customers`, `journeys` (the event log cut into
journeys, partitioned by event date), `journey_variants` (partitioned by start date) and the
reductions (`observed_*`, per variant and per edge). The connection is a
DuckDB connection or a `journeymap.engines.spark.SparkConnection`: the SQL is the same.
`run_on_lake` runs any such step over lake datasets (the overlay's timing uses it:
maps.conformance.timing_on_lake).

`publish_to_store` copies results into the DuckDB store, where conformance, rendering and the
workspace read them: they get per-variant and per-edge rows, never the lake's events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import duckdb

from journeymap.engines.lake import Lake
from mining.catalog import existing_relations
from mining.funnel import Funnel
from mining.journeys import JourneySplit, build_journey_events, build_journeys
from mining.observed import PERSISTED, PERSISTED_FUNNEL, compute_observed_maps
from mining.personas import PersonaRules, assign_personas

PERSONA_INPUTS = ("touchpoints", "identities", "traits")
OBSERVED = (*PERSISTED, *PERSISTED_FUNNEL)


def assign_personas_on_lake(con: Any, lake: Lake, rules: PersonaRules) -> dict[str, int]:
    """Customers with their persona from the lake's touchpoints and traits, written to the lake
    as `customers`, and their journeys as `journeys` (events partitioned by date, cut by the
    rules' split); returns customers per persona."""
    for name in PERSONA_INPUTS:
        if name == "touchpoints" or lake.exists(name):
            lake.register(con, name)
    counts = assign_personas(con, rules)
    lake.write(con, "customers")
    lake.write(con, "journeys")
    return counts


def compute_observed_maps_on_lake(con: Any, lake: Lake, *,
                                  funnels: Mapping[str | None, Funnel] | None = None,
                                  grain: str = "month") -> dict[str, int]:
    """Every persona's observed map from the lake's journeys, written to the lake; returns
    journeys per persona. The datasets are those `compute_observed_maps` writes to a store
    (funnel ones removed when no funnel is given, so none is stale)."""
    if not existing_relations(con, "journeys"):
        lake.register(con, "journeys")
    counts = compute_observed_maps(con, funnels=funnels, grain=grain)
    for name in observed_datasets(bool(funnels)):
        lake.write(con, name)
    if not funnels:
        for name in PERSISTED_FUNNEL:
            lake.remove(name)
    return counts


def observed_datasets(with_funnels: bool) -> list[str]:
    """The datasets of an observed-map run (the funnel ones with a funnel)."""
    return [*PERSISTED, *(PERSISTED_FUNNEL if with_funnels else ())]


def run_on_lake(con: Any, lake: Lake, reads: Iterable[str], step: Callable[[Any], None],
                writes: Iterable[str]) -> None:
    """Register the lake's datasets `reads` on the engine connection `con`, run `step(con)` (SQL
    written once, for either engine), and write its tables `writes` to the lake."""
    for name in reads:
        lake.register(con, name)
    step(con)
    for name in writes:
        lake.write(con, name)


def copy_from_lake(store: duckdb.DuckDBPyConnection, lake: Lake,
                   names: Iterable[str]) -> None:
    """Replace the store's tables `names` with the lake's datasets, inside the caller's
    transaction (names are this package's dataset names, never user text)."""
    for name in names:
        lake.register(store, name, view="lake_dataset")
        store.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM lake_dataset")
        store.execute("DROP VIEW lake_dataset")


def publish_to_store(store: duckdb.DuckDBPyConnection, lake: Lake,
                     names: tuple[str, ...] | list[str], *, drop: tuple[str, ...] = ()) -> None:
    """Replace the store's tables `names` with the lake's datasets and drop the tables `drop`,
    in one transaction (names are this package's dataset names, never user text)."""
    store.execute("BEGIN TRANSACTION")
    try:
        copy_from_lake(store, lake, names)
        for name in drop:
            store.execute(f"DROP TABLE IF EXISTS {name}")
        store.execute("COMMIT")
    except duckdb.Error:
        store.execute("ROLLBACK")
        raise


def publish_customers(store: duckdb.DuckDBPyConnection, lake: Lake, split: JourneySplit) -> None:
    """Copy the lake's customers into the store and rebuild the store's journey views over its
    touchpoints, as `assign_personas` leaves them: views, so nothing is copied. Feedback mining,
    the workspace's explorer and cube and `journeymap report` read them; conformance does not
    (its timing runs on the engine over the lake's `journeys`: maps.conformance.timing_on_lake)."""
    publish_to_store(store, lake, ["customers"])
    store.execute("BEGIN TRANSACTION")
    try:
        build_journey_events(store, split)
        build_journeys(store)
        store.execute("COMMIT")
    except duckdb.Error:
        store.execute("ROLLBACK")
        raise


def publish_observed(store: duckdb.DuckDBPyConnection, lake: Lake) -> list[str]:
    """Copy the lake's observed-map datasets into the store; returns their names."""
    names = [name for name in OBSERVED if lake.exists(name)]
    publish_to_store(store, lake, names, drop=tuple(n for n in OBSERVED if n not in names))
    return names
