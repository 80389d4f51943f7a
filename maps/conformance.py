"""Overlay figures: how observed journeys follow, skip, delay or leave each designed step.

Computed in SQL (conformance.sql) per observed variant, weighted by its journeys, with one pass
over the journeys' events for timing; written as `overlay_*` tables, so the rendered maps (and the
workspace) read results rather than recompute them.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import duckdb

from journeymap.sql import named_queries, query
from maps.compile import compile_designed_map
from maps.designed import DesignedMap, FlatStep
from maps.feedback import merge_feedback_impact
from maps.fitness import Variant, align_variants, replay_variants, reweigh
from mining.catalog import existing_relations

OVERLAY_QUERIES = ("conformance_variants", "variant_events", "step_hits", "variant_reach",
                   "step_status", "unexpected_variants", "journey_times", "step_delays",
                   "overlay_steps", "overlay_unexpected", "overlay_summary", "overlay_stages",
                   "variant_outcomes", "overlay_impact")


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
        con.executemany(
            "INSERT INTO designed_steps VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " ?)",
            [(persona, s.index, s.stage_index, s.stage, s.name, " | ".join(s.touchpoints),
              s.channel, s.emotion, s.target_hours, s.optional, s.repeatable, s.order_rank,
              *_step_content(s)) for s in steps])
        con.executemany("INSERT INTO designed_step_touchpoints VALUES (?, ?, ?)",
                        [(persona, s.index, tp) for s in steps for tp in s.touchpoints])
        con.execute("INSERT INTO designed_journeys VALUES (?, ?, ?, ?, ?, ?)",
                    [persona, designed.name, designed.goal, designed.owner, designed.version,
                     len(steps)])


PERIOD_TABLES = {"overlay_steps": "overlay_period_steps", "overlay_stages": "overlay_period_stages",
                 "overlay_unexpected": "overlay_period_unexpected"}
WHOLE_PERIOD_ONLY = ("variant_outcomes", "overlay_impact")


def _run_queries(con: duckdb.DuckDBPyConnection, monthly: bool) -> None:
    queries = named_queries("maps", "conformance.sql")
    for name in OVERLAY_QUERIES:
        if monthly and name in WHOLE_PERIOD_ONLY:
            continue
        sql = queries[name]
        con.execute(sql, {"monthly": monthly} if "$monthly" in sql else {})


def run_overlay_queries(con: duckdb.DuckDBPyConnection, maps: dict[str, DesignedMap],
                        *, periods: bool = False) -> None:
    """Register the maps and write the `overlay_*` tables, inside the caller's transaction.

    With `periods`, first the same figures per month of journey start (`overlay_period_*`,
    `overlay_periods`), for drift from one period to the next.
    """
    register_designed_maps(con, maps)
    if periods:
        _run_queries(con, monthly=True)
        for table, period_table in PERIOD_TABLES.items():
            con.execute(f"CREATE OR REPLACE TABLE {period_table} AS SELECT * FROM {table}")
        con.execute("CREATE OR REPLACE TABLE overlay_periods AS "
                    "SELECT *, CAST(strptime(period, '%Y-%m') AS DATE) AS period_start "
                    "FROM overlay_summary")
    _run_queries(con, monthly=False)


def compute_overlays(con: duckdb.DuckDBPyConnection, maps: dict[str, DesignedMap], *,
                     periods: bool = True, fitness: bool = True,
                     quick: bool = False) -> dict[str, dict]:
    """Hold each persona's journeys against its designed map; returns the summary per persona.

    Writes the overlay tables (per step, stage, unexpected touchpoint, impact), the same per
    month (`periods`), and alignment-based fitness per persona and month (`overlay_fitness`;
    token-based replay when `quick`).
    """
    con.execute("BEGIN TRANSACTION")
    try:
        run_overlay_queries(con, maps, periods=periods)
        merge_feedback_impact(con)  # feedback's measured impact joins the ranking
        if fitness:
            write_fitness(con, maps, quick=quick)
        con.execute("COMMIT")
    except duckdb.Error:
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
    # The per-variant reduction mining writes; stores mined before it existed count journeys.
    reduction = ("fitness_variants" if existing_relations(con, "observed_variant_periods")
                 else "fitness_variants_from_journeys")
    for persona, designed in maps.items():
        counts = con.execute(query("maps", "conformance.sql", reduction), [persona]).fetchall()
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
    if rows:
        con.executemany("INSERT INTO overlay_fitness VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
