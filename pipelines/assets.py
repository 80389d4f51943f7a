"""Assets: one per arrow of the data flow, each a thin call into the domain packages."""

from __future__ import annotations

import dagster as dg
import pandas as pd

from connectors import ingest, stitch_identities
from maps import compute_overlays, load_designed_maps
from maps.render import render_maps
from mining import assign_personas, compute_observed_maps, load_persona_rules
from pipelines.resources import ProjectResource, StoreResource

STORE_TAG = {"journeymap/store": "write"}


def _table(rows: list[dict]) -> dg.MetadataValue:
    return dg.MetadataValue.md(pd.DataFrame(rows).to_markdown(index=False) if rows else "(none)")


@dg.asset(group_name="connectors", kinds={"duckdb"}, op_tags=STORE_TAG)
def touchpoints(store: StoreResource, project: ProjectResource) -> dg.MaterializeResult:
    """Every export in the exports folder loaded into `touchpoints`; bad rows quarantined."""
    with store.connection() as con:
        report = ingest(project.path("exports_dir"), con, stitch=False)
        total = con.execute("SELECT count(*) FROM touchpoints").fetchall()[0][0]
    totals = report.totals()
    return dg.MaterializeResult(metadata={
        **{k: dg.MetadataValue.int(v) for k, v in totals.items()},
        "touchpoint_events_in_store": dg.MetadataValue.int(total),
        "clicks_refined": dg.MetadataValue.int(report.clicks_refined),
        "files": _table([{k: f.as_dict()[k] for k in ("file", "source", "status", "rows_read",
                                                      "rows_quarantined", "touchpoints_added")}
                         for f in report.files]),
    })


@dg.asset(group_name="connectors", deps=[touchpoints], kinds={"duckdb"}, op_tags=STORE_TAG)
def identities(store: StoreResource) -> dg.MaterializeResult:
    """Identifiers joined across tools into one `customer_id` per person."""
    with store.connection() as con:
        result = stitch_identities(con)
    return dg.MaterializeResult(metadata={k: dg.MetadataValue.int(v) for k, v in result.items()})


@dg.asset(group_name="mining", deps=[identities], kinds={"duckdb"}, op_tags=STORE_TAG)
def customers(store: StoreResource, project: ProjectResource) -> dg.MaterializeResult:
    """Customers with their first touch and the persona their rules assign."""
    rules = load_persona_rules(project.path("personas_file"))
    with store.connection() as con:
        counts = assign_personas(con, rules)
    return dg.MaterializeResult(metadata={
        "customers": dg.MetadataValue.int(sum(counts.values())),
        "personas": _table([{"persona": p, "customers": n} for p, n in counts.items()]),
    })


@dg.asset(group_name="mining", deps=[customers], kinds={"duckdb"}, op_tags=STORE_TAG)
def observed_maps(store: StoreResource) -> dg.MaterializeResult:
    """Per persona: directly-follows graph, start/end touchpoints, variants and durations."""
    with store.connection() as con:
        compute_observed_maps(con)
        summary = con.execute("SELECT persona, journeys, events, variants, "
                              "round(median_duration_seconds / 3600, 1) AS median_hours "
                              "FROM observed_summary ORDER BY persona").fetchdf()
    return dg.MaterializeResult(metadata={
        "journeys": dg.MetadataValue.int(int(summary["journeys"].sum())),
        "summary": _table(summary.to_dict("records")),
    })


@dg.asset(group_name="maps", kinds={"yaml"})
def designed_maps(project: ProjectResource) -> dg.MaterializeResult:
    """The designed maps of the project, validated against their schema."""
    maps = load_designed_maps(project.path("designed_dir"))
    return dg.MaterializeResult(metadata={
        "designed_maps": _table([{"persona": m.persona, "name": m.name, "goal": m.goal,
                                  "steps": len(m.steps()), "version": m.version}
                                 for m in maps.values()]),
    })


@dg.asset(group_name="maps", deps=[observed_maps, designed_maps], kinds={"duckdb"},
          op_tags=STORE_TAG)
def overlays(store: StoreResource, project: ProjectResource) -> dg.MaterializeResult:
    """Observed journeys held against each designed map: followed, skipped, late, unexpected."""
    maps = load_designed_maps(project.path("designed_dir"))
    with store.connection() as con:
        summary = compute_overlays(con, maps)
    rows = [{"persona": p, "journeys": s["journeys"], "conversion": round(s["conversion_rate"], 3),
             "fitting_share": round(s["fitting_share"], 3)} for p, s in summary.items()]
    return dg.MaterializeResult(metadata={
        "overlay": _table(rows),
        **{f"fitting_share/{r['persona']}": dg.MetadataValue.float(r["fitting_share"])
           for r in rows},
    })


@dg.asset(group_name="maps", deps=[overlays], kinds={"plotly", "html"})
def journey_maps(store: StoreResource, project: ProjectResource) -> dg.MaterializeResult:
    """The HTML journey maps (overlay, observed map, variants) and their index page."""
    with store.connection() as con:
        index = render_maps(con, project.path("maps_dir"))
    pages = sorted(p.name for p in index.parent.glob("*.html"))
    return dg.MaterializeResult(metadata={
        "index": dg.MetadataValue.path(str(index.resolve())),
        "pages": dg.MetadataValue.json(pages),
    })


ASSETS = [touchpoints, identities, customers, observed_maps, designed_maps, overlays, journey_maps]
