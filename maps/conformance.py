"""Overlay figures: how observed journeys follow, skip, delay or leave each designed step.

Computed in SQL (conformance.sql) per observed variant, weighted by its journeys, from mining's
per-variant reduction (`observed_variant_periods`); written as `overlay_*` tables, so the
rendered maps (and the workspace) read results rather than recompute them.

Timing (late steps, hours between steps and to the goal) is the one part that needs each
journey's event times. Conformance makes a timing plan per variant (positions of the designed
steps and of the goal) and hands it to a `Timing` step that runs timing.sql where the journeys
are, returning aggregates only (`timing_*` tables): `run_timing_queries` on the store's own
`journeys`, or `timing_on_lake` on the engine that holds the lake (Spark or DuckDB), so the
overlay's cost follows variants and steps, never customers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import duckdb

from journeymap.engines.lake import Lake
from journeymap.errors import JourneymapError
from journeymap.sql import insert_rows, named_queries, query
from maps.compile import compile_designed_map
from maps.designed import DesignedMap, FlatStep
from maps.feedback import merge_feedback_impact
from maps.fitness import Variant, align_variants, replay_variants, reweigh
from mining.catalog import existing_relations
from mining.lake import copy_from_lake, run_on_lake

# Per variant (conformance.sql), then the timing plan, then the figures that read the timing.
VARIANT_QUERIES = ("conformance_variants", "variant_events", "step_hits", "variant_reach",
                   "step_status", "unexpected_variants")
TIMING_PLAN = ("timing_variants", "timing_steps")
OVERLAY_QUERIES = ("overlay_steps", "overlay_unexpected", "overlay_summary", "overlay_stages",
                   "variant_outcomes", "overlay_impact")
# timing.sql: what runs where the journeys are, and the aggregates it leaves (all it returns).
TIMING_QUERIES = ("timing_journeys", "timing_delays", "timing_step_delays",
                  "timing_late_journeys", "timing_variant_hours", "timing_late_outcomes",
                  "timing_done")
TIMING_AGGREGATES = ("timing_step_delays", "timing_late_journeys", "timing_variant_hours",
                     "timing_late_outcomes")
# A timing step: given the store (holding the timing plan), leaves TIMING_AGGREGATES in it.
Timing = Callable[[duckdb.DuckDBPyConnection], None]


def _step_content(step: FlatStep) -> tuple:
    """What the map says of the customer at a step; alternatives join their options' texts."""
    def joined(name: str) -> str:
        return " | ".join(dict.fromkeys(t for o in step.options if (t := getattr(o, name))))

    def merged(name: str) -> list[str]:
        return list(dict.fromkeys(item for o in step.options for item in getattr(o, name)))

    return (joined("action"), joined("customer_goal"), joined("expectation"),
            merged("pain_points"), merged("opportunities"), merged("kpis"))


def register_designed_maps(con: duckdb.DuckDBPyConnection, maps: dict[str, DesignedMap]) -> None:
    """Write the designed maps' steps into the `designed_*` tables the conformance SQL reads."""
    con.execute(query("maps", "conformance.sql", "designed_tables"))
    for persona, designed in maps.items():
        steps = designed.steps()
        insert_rows(
            con, "designed_steps",
            [(persona, s.index, s.stage_index, s.stage, s.name, " | ".join(s.touchpoints),
              s.channel, s.emotion, s.target_hours, s.optional, s.repeatable, s.order_rank,
              *_step_content(s)) for s in steps])
        insert_rows(con, "designed_step_touchpoints",
                    [(persona, s.index, tp) for s in steps for tp in s.touchpoints])
        con.execute("INSERT INTO designed_journeys VALUES (?, ?, ?, ?, ?, ?)",
                    [persona, designed.name, designed.goal, designed.owner, designed.version,
                     len(steps)])


def run_timing_queries(con: Any) -> None:
    """Run timing.sql on `con`, a DuckDB or Spark connection holding `journeys` and the timing
    plan (`timing_variants`, `timing_steps`): leaves the TIMING_AGGREGATES tables there."""
    if not existing_relations(con, "journeys"):
        raise JourneymapError("the overlay's timing needs the journeys' events: the store has no "
                              "'journeys' (assign personas first), or give the timing step of "
                              "the engine that holds them (timing_on_lake)", field="journeys")
    for function in named_queries("mining", "dialect.sql").values():  # seconds_between
        con.execute(function)
    queries = named_queries("maps", "timing.sql")
    for name in TIMING_QUERIES:
        con.execute(queries[name])


def timing_on_lake(lake: Lake, engine: Callable[[], AbstractContextManager[Any]]) -> Timing:
    """The timing step when the journeys live in the lake: the plan is written to the lake,
    timing.sql runs on a connection of `engine` (Spark, or an in-memory DuckDB) over the lake's
    `journeys`, and only its aggregates come back into the store (through the lake)."""
    def timing(store: duckdb.DuckDBPyConnection) -> None:
        for name in TIMING_PLAN:
            lake.write(store, name)
        with engine() as con:
            run_on_lake(con, lake, ("journeys", *TIMING_PLAN), run_timing_queries,
                        TIMING_AGGREGATES)
        copy_from_lake(store, lake, TIMING_AGGREGATES)

    return timing


PERIOD_TABLES = {"overlay_steps": "overlay_period_steps", "overlay_stages": "overlay_period_stages",
                 "overlay_unexpected": "overlay_period_unexpected"}
WHOLE_PERIOD_ONLY = ("variant_outcomes", "overlay_impact")


def _open_variant_periods(con: duckdb.DuckDBPyConnection) -> None:
    """`conformance_variant_periods`: mining's journeys per variant and month; stores mined
    before that reduction existed count them from `journey_variants`."""
    reduction = ("variant_periods" if existing_relations(con, "observed_variant_periods")
                 else "variant_periods_from_journeys")
    con.execute(query("maps", "conformance.sql", reduction))


def _run_queries(con: duckdb.DuckDBPyConnection, monthly: bool, timing: Timing | None) -> None:
    queries = named_queries("maps", "conformance.sql")

    def run(names: tuple[str, ...]) -> None:
        for name in names:
            if monthly and name in WHOLE_PERIOD_ONLY:
                continue
            sql = queries[name]
            con.execute(sql, {"monthly": monthly} if "$monthly" in sql else {})

    run(VARIANT_QUERIES)
    if timing is not None:
        run(TIMING_PLAN)
        timing(con)
    run(OVERLAY_QUERIES)


def run_overlay_queries(con: duckdb.DuckDBPyConnection, maps: dict[str, DesignedMap],
                        *, periods: bool = False,
                        timing: Timing | None = run_timing_queries) -> None:
    """Register the maps and write the `overlay_*` tables, inside the caller's transaction.

    With `periods`, first the same figures per month of journey start (`overlay_period_*`,
    `overlay_periods`), for drift from one period to the next. `timing` computes the timing
    aggregates from the plan (by default from the store's own `journeys`); None: the store holds
    them already (`timing_*`, made for these maps where the journeys are).
    """
    register_designed_maps(con, maps)
    _open_variant_periods(con)
    if periods:
        _run_queries(con, monthly=True, timing=timing)
        for table, period_table in PERIOD_TABLES.items():
            con.execute(f"CREATE OR REPLACE TABLE {period_table} AS SELECT * FROM {table}")
        con.execute("CREATE OR REPLACE TABLE overlay_periods AS "
                    "SELECT *, CAST(strptime(period, '%Y-%m') AS DATE) AS period_start "
                    "FROM overlay_summary")
    _run_queries(con, monthly=False, timing=None if periods else timing)


def compute_overlays(con: duckdb.DuckDBPyConnection, maps: dict[str, DesignedMap], *,
                     periods: bool = True, fitness: bool = True, quick: bool = False,
                     timing: Timing | None = run_timing_queries) -> dict[str, dict]:
    """Hold each persona's journeys against its designed map; returns the summary per persona.

    Writes the overlay tables (per step, stage, unexpected touchpoint, impact), the same per
    month (`periods`), and alignment-based fitness per persona and month (`overlay_fitness`;
    token-based replay when `quick`). The overlay reads per-variant rows and the aggregates
    `timing` returns, never events: only `timing` reads them, from the store's `journeys` by
    default, on the lake's engine with `timing_on_lake` (see run_overlay_queries).
    """
    con.execute("BEGIN TRANSACTION")
    try:
        run_overlay_queries(con, maps, periods=periods, timing=timing)
        merge_feedback_impact(con)  # feedback's measured impact joins the ranking
        if fitness:
            write_fitness(con, maps, quick=quick)
        con.execute("COMMIT")
    except Exception:  # the store's or the timing engine's: nothing half-written stays
        con.execute("ROLLBACK")
        raise
    rows = con.execute("SELECT * EXCLUDE (period) FROM overlay_summary ORDER BY persona").fetchdf()
    return {row["persona"]: row for row in rows.to_dict("records")}


def write_fitness(con: duckdb.DuckDBPyConnection, maps: dict[str, DesignedMap], *,
                  quick: bool = False) -> None:
    """`overlay_fitness`: fitness per persona for the whole time and per month of journey start.

    Each distinct variant is aligned once; the per-period figures reweight the same results. Reads
    journeys per variant and month (`observed_variant_periods`), never single journeys or events,
    so its cost follows the number of variants whatever the engine that mined them.
    """
    rows = []
    _open_variant_periods(con)
    for persona, designed in maps.items():
        counts = con.execute(query("maps", "conformance.sql", "fitness_variants"),
                             [persona]).fetchall()
        if not counts:
            continue
        whole: Counter = Counter()
        by_period: dict[str, list[Variant]] = defaultdict(list)
        for period, touchpoints, count in counts:
            whole[tuple(touchpoints)] += count
            by_period[period].append((tuple(touchpoints), count))
        measure = replay_variants if quick else align_variants
        fits = {f.touchpoints: f for f in measure(compile_designed_map(designed),
                                                  list(whole.items())).variants}
        for period, variants in [("all", list(whole.items())), *sorted(by_period.items())]:
            result = reweigh(fits, variants, "token_replay" if quick else "alignments")
            rows.append((persona, period, result.method, result.log_fitness,
                         result.average_trace_fitness, result.fitting_share, result.journeys,
                         len(variants)))
    con.execute("""CREATE OR REPLACE TABLE overlay_fitness (
        persona VARCHAR, period VARCHAR, method VARCHAR, fitness DOUBLE,
        average_journey_fitness DOUBLE, fitting_share DOUBLE, journeys BIGINT, variants BIGINT)""")
    insert_rows(con, "overlay_fitness", rows)
