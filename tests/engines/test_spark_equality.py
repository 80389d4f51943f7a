"""Spark (local[2]) gives DuckDB's results: the same SQL, translated, over the same Parquet lake.

The sample world (persona assignment, journeys, every observed-map table, funnels, fitness) and
the real logs of ../shared/data/eventlogs (all mined in one run, one log per persona) are mined by
both engines; every dataset each engine writes must hold the same rows (floats to 1e-12).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from journeymap.engines.lake import Lake
from maps import load_designed_maps
from maps.compile import load_process_model
from maps.conformance import write_fitness
from maps.designed import funnel_of
from maps.fitness import align_variants
from mining import (
    Funnel,
    Stage,
    compute_observed_maps,
    load_persona_rules,
    observed_map,
    read_event_log,
)
from mining.lake import (
    OBSERVED,
    assign_personas_on_lake,
    compute_observed_maps_on_lake,
    publish_to_store,
)
from tests.engines.conftest import assert_same_rows, dataset_rows, lake_copy, same_value

pytestmark = pytest.mark.slow

# Each real log, mined as one persona, with a funnel of its own activities.
LOGS = {
    "running-example.xes": Funnel(("pay compensation",), (
        Stage("check", ("check ticket",)), Stage("decide", ("decide",)))),
    "roadtraffic100traces.xes": Funnel(("Payment",), (
        Stage("fine", ("Create Fine", "Send Fine")),
        Stage("penalty", ("Insert Fine Notification", "Add penalty")),
        Stage("collection", ("Send for Credit Collection",)))),
    "a12f0n50.xes.gz": Funnel(("E",), (Stage("start", ("S",)), Stage("middle", ("b", "j")))),
    "helpdesk.xes.gz": Funnel(("Closed",), (
        Stage("triage", ("Assign seriousness", "Take in charge ticket")),
        Stage("resolve", ("Resolve ticket",)))),
    "receipt.csv": Funnel(("T10 Determine necessity to stop indication",), (
        Stage("receipt", ("Confirmation of receipt",)),
        Stage("check", ("T02 Check confirmation of receipt",
                        "T04 Determine confirmation of receipt")))),
    "02_teleclaims.xes.gz": Funnel(("close claim",), (
        Stage("intake", ("incoming claim",)),
        Stage("assess", ("determine likelihood of claim", "assess claim")))),
    "bpic2012.xes.gz": Funnel(("A_APPROVED",), (
        Stage("submitted", ("A_SUBMITTED",)), Stage("offered", ("O_SENT",)))),
}
MODELS = {"running-example.xes": "running-example.pnml",
          "roadtraffic100traces.xes": "roadtraffic.pnml", "a12f0n50.xes.gz": "a12.pnml"}


def _fitness(lake: Lake, maps) -> list[tuple]:
    """overlay_fitness computed from a lake's per-variant reduction alone."""
    con = duckdb.connect()
    try:
        publish_to_store(con, lake, ["observed_variant_periods"])
        write_fitness(con, maps)
        return con.execute("SELECT * FROM overlay_fitness ORDER BY ALL").fetchall()
    finally:
        con.close()


def test_the_sample_world_mines_the_same_on_spark_as_on_duckdb(
        spark_con, memory, sample_project, sample_lake, sample_store, tmp_path):
    rules = load_persona_rules(sample_project / "personas.yaml")
    maps = load_designed_maps(sample_project / "designed")
    funnels = {persona: funnel_of(designed) for persona, designed in maps.items()}
    lakes = {"duckdb": lake_copy(sample_lake, tmp_path / "duckdb"),
             "spark": lake_copy(sample_lake, tmp_path / "spark")}
    customers = {}
    for (engine, lake), con in zip(lakes.items(), (memory, spark_con), strict=True):
        customers[engine] = assign_personas_on_lake(con, lake, rules)
        assert compute_observed_maps_on_lake(con, lake, funnels=funnels) == \
            customers[engine]
    assert customers["spark"] == customers["duckdb"]
    assert sum(customers["spark"].values()) == 400

    for name in (*OBSERVED, "customers"):
        duck_columns, duck_rows = dataset_rows(lakes["duckdb"], name)
        spark_columns, spark_rows = dataset_rows(lakes["spark"], name)
        assert spark_columns == duck_columns, name
        assert duck_rows, name
        assert_same_rows(duck_rows, spark_rows, name)

    # ... and what Spark mined from the lake is what the store-based pipeline mined.
    store = duckdb.connect(str(sample_store), read_only=True)
    try:
        for name in ("observed_dfg", "observed_variants", "observed_endpoints", "journey_variants",
                     "observed_summary", "observed_periods", "observed_variant_periods"):
            stored = sorted(store.execute(f"SELECT * FROM {name}").fetchall(), key=repr)
            assert_same_rows(stored, dataset_rows(lakes["spark"], name)[1], name)
        stored_fitness = store.execute("SELECT * FROM overlay_fitness ORDER BY ALL").fetchall()
    finally:
        store.close()
    fitness = {engine: _fitness(lake, maps) for engine, lake in lakes.items()}
    assert fitness["spark"] == fitness["duckdb"] == stored_fitness
    assert {row[0] for row in fitness["spark"]} == set(maps)


@pytest.fixture(scope="module")
def log_lake(eventlogs: Path, tmp_path_factory) -> Lake:
    """Every real log in one `generic_log` dataset: persona = the log's file name."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute("CREATE TABLE logs (persona VARCHAR, journey_id VARCHAR, touchpoint VARCHAR, "
                "occurred_at TIMESTAMPTZ, step_index BIGINT)")
    for name in LOGS:
        read_event_log(con, eventlogs / name)
        con.execute("INSERT INTO logs SELECT ?, ? || '/' || journey_id, touchpoint, occurred_at, "
                    "step_index FROM generic_log", [name, name])
    con.execute("CREATE OR REPLACE TABLE generic_log AS SELECT * FROM logs")
    lake = Lake(tmp_path_factory.mktemp("logs"))
    lake.write(con, "generic_log")
    con.close()
    return lake


def _mine_logs(con, lake: Lake) -> dict[str, list[tuple]]:
    lake.register(con, "generic_log")
    compute_observed_maps(con, "generic_log", funnels=LOGS)
    return {name: sorted((tuple(r) for r in con.execute(f"SELECT * FROM {name}").fetchall()),
                         key=repr) for name in OBSERVED}


def test_the_real_logs_mine_the_same_on_spark_as_on_duckdb(spark_con, memory, log_lake,
                                                           eventlogs):
    duck = _mine_logs(memory, log_lake)
    spark = _mine_logs(spark_con, log_lake)
    for name in OBSERVED:
        assert duck[name], name
        assert_same_rows(duck[name], spark[name], name)
    summary = {row[0]: row for row in spark["observed_summary"]}
    assert set(summary) == set(LOGS)
    assert summary["bpic2012.xes.gz"][1:3] == (13087, 262200)  # journeys, events

    for log, model_file in MODELS.items():
        model = load_process_model(eventlogs / model_file)
        results = []
        for rows in (duck, spark):
            counts: dict[tuple, int] = {}
            for persona, _period, touchpoints, journeys in rows["observed_variant_periods"]:
                if persona == log:
                    counts[tuple(touchpoints)] = counts.get(tuple(touchpoints), 0) + journeys
            results.append(align_variants(model, sorted(counts.items())).as_dict())
        assert results[0] == results[1], log
        assert results[1]["journeys"] == summary[log][1]


def test_a_scoped_map_with_top_variants_is_the_same_on_spark(spark_con, memory, log_lake):
    """One persona, a period and the top-k case filter (DELETE on Spark), read as JSON."""
    arguments = dict(source="generic_log", since=datetime(2011, 1, 1, tzinfo=UTC),
                     until=datetime(2012, 1, 1, tzinfo=UTC), top_variants=3,
                     funnel=LOGS["helpdesk.xes.gz"], grain="week")
    maps = []
    for con in (memory, spark_con):
        log_lake.register(con, "generic_log")
        maps.append(observed_map(con, "helpdesk.xes.gz", **arguments))
    assert maps[0]["cases"] > 0 and len(maps[0]["variants"]) == 3
    assert same_value(maps[0], maps[1])
