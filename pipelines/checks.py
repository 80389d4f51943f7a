"""Asset checks: the store's health and the journeys' drift, thin calls into the domain."""

from __future__ import annotations

import dagster as dg

from connectors.quality import quarantine_rate, schema_problems, untied_touchpoints
from journeymap.errors import JourneymapError
from maps.drift import fitness_drift
from pipelines.assets import conformance, designed_maps, identities, markdown, touchpoints
from pipelines.resources import ProjectResource, QualityResource, StoreResource


@dg.asset_check(asset=touchpoints, description="touchpoints has the columns and types "
                                                  "mining and maps rely on")
def touchpoints_schema(store: StoreResource) -> dg.AssetCheckResult:
    with store.connection() as con:
        problems = schema_problems(con)
    return dg.AssetCheckResult(passed=not problems,
                               metadata={"problems": markdown([{"problem": p} for p in problems])})


@dg.asset_check(asset=touchpoints, description="share of export rows quarantined stays under "
                                                  "the threshold (JOURNEYMAP_MAX_QUARANTINE_RATE)")
def quarantine_rate_under_threshold(store: StoreResource,
                                    quality: QualityResource) -> dg.AssetCheckResult:
    with store.connection() as con:
        rate, quarantined, read = quarantine_rate(con)
    return dg.AssetCheckResult(passed=rate <= quality.max_quarantine_rate, metadata={
        "quarantine_rate": dg.MetadataValue.float(rate),
        "quarantined_rows": dg.MetadataValue.int(quarantined),
        "rows_read": dg.MetadataValue.int(read),
        "threshold": dg.MetadataValue.float(quality.max_quarantine_rate)})


@dg.asset_check(asset=identities, description="every touchpoint is tied to a customer")
def every_touchpoint_has_a_customer(store: StoreResource) -> dg.AssetCheckResult:
    with store.connection() as con:
        untied = untied_touchpoints(con)
    return dg.AssetCheckResult(passed=untied == 0,
                               metadata={"untied_touchpoints": dg.MetadataValue.int(untied)})


@dg.asset_check(asset=designed_maps, description="every designed map validates against the "
                                                    "schema")
def designed_maps_valid(project: ProjectResource) -> dg.AssetCheckResult:
    try:
        maps = project.designed_maps()
    except JourneymapError as exc:
        return dg.AssetCheckResult(passed=False, metadata={"error": str(exc)})
    return dg.AssetCheckResult(passed=True, metadata={"maps": dg.MetadataValue.int(len(maps))})


@dg.asset_check(asset=conformance, description="warns when a persona's fitness drops more than "
                                                  "JOURNEYMAP_MAX_FITNESS_DROP from one month "
                                                  "to the next")
def fitness_drift_check(store: StoreResource, quality: QualityResource) -> dg.AssetCheckResult:
    with store.connection() as con:
        drift = fitness_drift(con, quality.max_fitness_drop)
    drifted = [d["persona"] for d in drift if d["drifted"]]
    return dg.AssetCheckResult(
        passed=not drifted, severity=dg.AssetCheckSeverity.WARN,
        metadata={"drifted_personas": dg.MetadataValue.json(drifted),
                  "by_persona": markdown(drift),
                  "max_drop": dg.MetadataValue.float(quality.max_fitness_drop)})


CHECKS = [touchpoints_schema, quarantine_rate_under_threshold, every_touchpoint_has_a_customer,
          designed_maps_valid, fitness_drift_check]
