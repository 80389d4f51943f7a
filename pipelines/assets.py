"""Assets: one per arrow of the data flow, each a thin call into the domain packages.

Lineage in the UI reads like the flow: raw loads per source family -> touchpoints -> identities
-> customers -> journeys -> observed maps; designed maps -> conformance -> impact -> journey maps
-> snapshot (the read-only copy the workspace serves).
Assets that write the DuckDB store share the pool `journeymap_store` (one writer at a time).
(No `from __future__ import annotations` here: Dagster reads the config types at runtime.)
"""

import csv
from pathlib import Path

import dagster as dg
import pandas as pd

from connectors import ingest, stitch_identities
from connectors.identity import refine_click_times
from connectors.lake import export_to_lake
from connectors.sources import registry
from dashboards.snapshots import publish_snapshot
from journeymap.engines.lake import Lake
from maps import compute_overlays, render_maps
from maps.conformance import run_timing_queries, timing_on_lake
from maps.designed import funnel_of
from maps.feedback import feedback_designs
from mining import assign_personas, compute_observed_maps, load_persona_rules
from mining.activity import record_daily_activity
from mining.feedback import mine_feedback
from mining.lake import (
    assign_personas_on_lake,
    compute_observed_maps_on_lake,
    publish_customers,
    publish_observed,
)
from pipelines.resources import EngineResource, ProjectResource, StoreResource

STORE_POOL = "journeymap_store"
FAMILIES = sorted({source.channel for source in registry().values()})


def markdown(rows: list[dict]) -> dg.MetadataValue:
    """A small table for the asset's page in the UI."""
    return dg.MetadataValue.md(pd.DataFrame(rows).to_markdown(index=False) if rows else "(none)")


def _count(con, sql: str, params: list | None = None) -> int:
    return int(con.execute(sql, params or []).fetchall()[0][0])


class RawLoadConfig(dg.Config):
    """Which exports to load: paths relative to the exports folder; empty loads every file
    (files already loaded are skipped by checksum)."""

    files: list[str] = []


@dg.multi_asset(
    specs=[dg.AssetSpec(f"raw_{family}", group_name="connectors", kinds={"duckdb"},
                        description=f"Exports of {family} tools loaded into the store "
                                    f"(rows, quarantined rows, per file).")
           for family in FAMILIES],
    pool=STORE_POOL,
)
def raw_exports(config: RawLoadConfig, store: StoreResource, project: ProjectResource):
    """Load the exports folder (or the given files) one file per transaction."""
    with store.connection() as con:
        report = ingest(project.path("exports_dir"), con, stitch=False,
                        files=config.files or None)
    for family in FAMILIES:
        files = [f for f in report.files if f.channel == family]
        yield dg.MaterializeResult(asset_key=f"raw_{family}", metadata={
            "files": dg.MetadataValue.int(len(files)),
            "rows_read": dg.MetadataValue.int(sum(f.rows_read for f in files)),
            "rows_quarantined": dg.MetadataValue.int(sum(f.rows_quarantined for f in files)),
            "touchpoints_added": dg.MetadataValue.int(sum(f.touchpoints_added for f in files)),
            "report": markdown([{k: f.as_dict()[k] for k in (
                "file", "source", "status", "rows_read", "rows_quarantined",
                "touchpoints_added", "touchpoints_duplicate")} for f in files]),
        })


@dg.asset(group_name="connectors", deps=[f"raw_{f}" for f in FAMILIES], kinds={"duckdb"},
          pool=STORE_POOL)
def touchpoints(store: StoreResource) -> dg.MaterializeResult:
    """The canonical touchpoints of every source; date-only ad clicks take their landing time."""
    with store.connection() as con:
        refined = refine_click_times(con)
        by_channel = con.execute("SELECT channel, count(*) AS touchpoint_events FROM touchpoints "
                                 "GROUP BY 1 ORDER BY 1").fetchdf().to_dict("records")
        quarantined = _count(con, "SELECT count(*) FROM quarantine")
    return dg.MaterializeResult(metadata={
        "touchpoint_events": dg.MetadataValue.int(sum(r["touchpoint_events"] for r in by_channel)),
        "quarantined_rows": dg.MetadataValue.int(quarantined),
        "clicks_refined": dg.MetadataValue.int(refined),
        "by_channel": markdown(by_channel),
    })


@dg.asset(group_name="connectors", deps=[touchpoints], kinds={"duckdb"}, pool=STORE_POOL)
def identities(store: StoreResource, engine: EngineResource) -> dg.MaterializeResult:
    """Identifiers joined across tools into one `customer_id` per person (with a Parquet lake,
    the touchpoints of changed event dates, identities and traits are written there too)."""
    with store.connection() as con:
        result = stitch_identities(con)
        if engine.uses_lake:
            result |= {f"lake_{k}": v for k, v in export_to_lake(con, engine.lake_dir).items()}
    return dg.MaterializeResult(metadata={k: dg.MetadataValue.int(v) for k, v in result.items()})


@dg.asset(group_name="mining", deps=[identities, "designed_maps"], kinds={"duckdb"},
          pool=STORE_POOL)
def customers(store: StoreResource, project: ProjectResource,
              engine: EngineResource) -> dg.MaterializeResult:
    """Customers with their attributes and the persona their rules assign. Feedback touchpoints
    a designed map names are journey steps; other feedback is tied to steps (mining.feedback)."""
    rules = load_persona_rules(project.path("personas_file"))
    designed = project.designed_maps().values()
    named = {tp for design in designed for step in design.steps() for tp in step.touchpoints}
    rules = rules.model_copy(update={"journeys": rules.journeys.model_copy(update={
        "feedback_steps": sorted(named | set(rules.journeys.feedback_steps))})})
    if engine.uses_lake:
        with engine.connection() as lake_con:
            counts = assign_personas_on_lake(lake_con, Lake(engine.lake_dir), rules)
        with store.connection() as con:
            publish_customers(con, Lake(engine.lake_dir), rules.journeys)
    else:
        with store.connection() as con:
            counts = assign_personas(con, rules)
    return dg.MaterializeResult(metadata={
        "customers": dg.MetadataValue.int(sum(counts.values())),
        "personas": markdown([{"persona": p, "customers": n} for p, n in counts.items()]),
    })


@dg.asset(group_name="mining", deps=[customers], kinds={"duckdb"}, pool=STORE_POOL)
def journeys(store: StoreResource) -> dg.MaterializeResult:
    """Journeys as an event log: each customer's touchpoints in a stable, documented order."""
    with store.connection() as con:
        rows = con.execute("SELECT persona, count(DISTINCT journey_id) AS journeys, "
                           "count(*) AS events FROM journeys GROUP BY 1 ORDER BY 1").fetchdf()
    return dg.MaterializeResult(metadata={
        "journeys": dg.MetadataValue.int(int(rows["journeys"].sum())),
        "events": dg.MetadataValue.int(int(rows["events"].sum())),
        "per_persona": markdown(rows.to_dict("records")),
    })


@dg.asset(group_name="mining", deps=[journeys, "designed_maps"], kinds={"duckdb"},
          pool=STORE_POOL)
def feedback(store: StoreResource, project: ProjectResource) -> dg.MaterializeResult:
    """Surveys, reviews and support conversations: language and sentiment, attributed to the
    designed steps, summarised as measured emotion, pain points and quotes per step."""
    designs = feedback_designs(project.designed_maps())
    with store.connection() as con:
        result = mine_feedback(con, designs)
    worst = result.steps[result.steps["gap_rank"] <= 3]
    return dg.MaterializeResult(metadata={
        "items": dg.MetadataValue.int(result.items),
        "at_designed_step": dg.MetadataValue.int(result.at_step),
        "worst_gaps": markdown(worst[["persona", "step", "n", "measured_emotion",
                                      "designed_emotion", "gap"]].round(2).to_dict("records")),
        "classifier": markdown([e.as_dict() for e in result.text.evaluations]),
    })


@dg.asset(group_name="mining", deps=[journeys, "designed_maps"], kinds={"duckdb"},
          pool=STORE_POOL)
def observed_maps(store: StoreResource, project: ProjectResource,
                  engine: EngineResource) -> dg.MaterializeResult:
    """Per persona: directly-follows graph, start/end touchpoints, variants, durations, and the
    funnel, drop-off and time to convert toward the goal of the persona's designed map (on the
    engine over the lake when configured; the store then gets the per-edge/variant results)."""
    funnels = {persona: funnel_of(designed)
               for persona, designed in project.designed_maps().items()}
    if engine.uses_lake:
        with engine.connection() as lake_con:
            compute_observed_maps_on_lake(lake_con, Lake(engine.lake_dir), funnels=funnels)
    with store.connection() as con:
        if engine.uses_lake:
            publish_observed(con, Lake(engine.lake_dir))
        else:
            compute_observed_maps(con, funnels=funnels)
        summary = con.execute("SELECT persona, journeys, events, variants, "
                              "round(median_duration_seconds / 3600, 1) AS median_hours "
                              "FROM observed_summary ORDER BY persona").fetchdf()
    return dg.MaterializeResult(metadata={
        "journeys": dg.MetadataValue.int(int(summary["journeys"].sum())),
        "summary": markdown(summary.to_dict("records")),
    })


@dg.asset(group_name="maps", kinds={"yaml"})
def designed_maps(project: ProjectResource) -> dg.MaterializeResult:
    """The designed maps of the project, validated against their schema."""
    maps = project.designed_maps()
    return dg.MaterializeResult(metadata={
        "designed_maps": markdown([{"persona": p, "name": m.name, "goal": m.goal,
                                    "steps": len(m.steps()), "version": m.version}
                                   for p, m in maps.items()]),
    })


@dg.asset(group_name="maps", deps=[observed_maps, designed_maps, feedback], kinds={"duckdb"},
          pool=STORE_POOL)
def conformance(store: StoreResource, project: ProjectResource,
                engine: EngineResource) -> dg.MaterializeResult:
    """Journeys held against each designed map: fitness, followed/skipped/late/unexpected steps,
    overall and per month (from per-variant rows; the timing aggregates on the engine over the
    lake when configured: the store then reads no event for it)."""
    maps = project.designed_maps()
    timing = (timing_on_lake(Lake(engine.lake_dir), engine.connection) if engine.uses_lake
              else run_timing_queries)
    with store.connection() as con:
        summary = compute_overlays(con, maps, timing=timing)
        fitness = dict(con.execute("SELECT persona, fitness FROM overlay_fitness "
                                   "WHERE period = 'all'").fetchall())
    rows = [{"persona": p, "journeys": s["journeys"],
             "conversion": round(s["conversion_rate"], 3),
             "fitness": round(fitness.get(p, float("nan")), 3),
             "fitting_share": round(s["fitting_share"], 3)} for p, s in summary.items()]
    return dg.MaterializeResult(metadata={
        "conformance": markdown(rows),
        **{f"fitness/{p}": dg.MetadataValue.float(float(f)) for p, f in fitness.items()},
    })


@dg.asset(group_name="maps", deps=[conformance], kinds={"csv"}, pool=STORE_POOL)
def impact(store: StoreResource, project: ProjectResource) -> dg.MaterializeResult:
    """The ranked opportunities: deviations by the conversions they cost, as a CSV backlog."""
    out = project.path("maps_dir") / "opportunities.csv"
    with store.connection() as con:
        frame = con.execute("SELECT persona, rank, kind, subject, journeys_with, "
                            "round(conversion_with, 4) AS conversion_with, "
                            "round(conversion_without, 4) AS conversion_without, "
                            "round(conversions_lost, 2) AS conversions_lost "
                            "FROM overlay_impact ORDER BY persona, rank").fetchdf()
    out.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(out, index=False, quoting=csv.QUOTE_NONNUMERIC)
    top = frame[frame["rank"] <= 3].to_dict("records")
    return dg.MaterializeResult(metadata={
        "opportunities": dg.MetadataValue.int(len(frame)),
        "top_per_persona": markdown(top),
        "csv": dg.MetadataValue.path(str(out.resolve())),
    })


@dg.asset(group_name="maps", deps=[conformance, impact], kinds={"plotly", "html"},
          pool=STORE_POOL)
def journey_maps(store: StoreResource, project: ProjectResource) -> dg.MaterializeResult:
    """The HTML journey maps (overlay, observed map, variants) and the index of this run."""
    with store.connection() as con:
        index = render_maps(con, project.path("maps_dir"))
    pages = sorted(p.name for p in index.parent.glob("*.html"))
    return dg.MaterializeResult(metadata={
        "index": dg.MetadataValue.path(str(index.resolve())),
        "index_url": dg.MetadataValue.url(Path(index).resolve().as_uri()),
        "pages": dg.MetadataValue.json(pages),
    })


@dg.asset(group_name="dashboards", deps=[journey_maps], kinds={"duckdb"}, pool=STORE_POOL)
def snapshot(store: StoreResource, project: ProjectResource) -> dg.MaterializeResult:
    """A read-only copy of this run's results, which the workspace switches to; earlier ones
    stay as "as of" views."""
    path = publish_snapshot(store.db_path, project.path("snapshots_dir"))
    return dg.MaterializeResult(metadata={
        "snapshot": dg.MetadataValue.path(str(path.resolve())),
        "size_mb": dg.MetadataValue.float(round(path.stat().st_size / 1e6, 2)),
    })


def daily_partitions(start_date: str) -> dg.DailyPartitionsDefinition:
    return dg.DailyPartitionsDefinition(start_date=start_date, timezone="UTC")


def daily_activity_asset(partitions: dg.DailyPartitionsDefinition) -> dg.AssetsDefinition:
    """`daily_activity`, partitioned by event day (a journey is never cut: it counts events)."""

    @dg.asset(name="daily_activity", group_name="mining", deps=[customers], kinds={"duckdb"},
              partitions_def=partitions, pool=STORE_POOL)
    def daily_activity(context: dg.AssetExecutionContext,
                       store: StoreResource) -> dg.MaterializeResult:
        """Events and customers per persona, channel and touchpoint on one UTC day."""
        with store.connection() as con:
            events = record_daily_activity(con, context.partition_key)
        return dg.MaterializeResult(metadata={"events": dg.MetadataValue.int(events)})

    return daily_activity


PIPELINE_ASSETS = [raw_exports, touchpoints, identities, customers, journeys, feedback,
                   observed_maps, designed_maps, conformance, impact, journey_maps, snapshot]
