"""The Dagster job end to end with `engine: spark`: exports -> store (ingest, identities) ->
Parquet lake -> personas and observed maps on Spark -> store -> conformance, maps, snapshot."""

from __future__ import annotations

import shutil

import dagster as dg
import duckdb
import pytest

from journeymap.engines.lake import Lake
from journeymap.settings import Settings
from maps.conformance import TIMING_AGGREGATES
from pipelines.definitions import JOB_NAME, build_definitions
from pipelines.resources import SparkEngineResource, resources_for
from tests.engines.conftest import assert_same_rows

pytestmark = pytest.mark.slow

COMPARED = ("observed_dfg", "observed_variants", "observed_endpoints", "journey_variants",
            "observed_variant_periods", "overlay_fitness", "overlay_steps", "overlay_summary",
            "overlay_period_steps", *TIMING_AGGREGATES)  # (impact: the job's has feedback too)


def _rows(db, name: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return sorted(con.execute(f"SELECT * FROM {name}").fetchall(), key=repr)
    finally:
        con.close()


def test_the_job_materialises_on_spark_with_duckdb_results(spark, sample_project, sample_store,
                                                           ground_truth, tmp_path, monkeypatch):
    project = tmp_path / "project"
    for name in ("exports", "designed"):
        shutil.copytree(sample_project / name, project / name)
    shutil.copy(sample_project / "personas.yaml", project / "personas.yaml")
    monkeypatch.setenv("JOURNEYMAP_ENGINE", "spark")
    monkeypatch.setenv("JOURNEYMAP_SPARK_SHUFFLE_PARTITIONS", "2")
    settings = Settings.for_project(project)
    assert isinstance(resources_for(settings)["engine"], SparkEngineResource)

    job = build_definitions(settings, start_date="2026-05-01").resolve_job_def(JOB_NAME)
    with dg.DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(instance=instance)
    assert result.success
    checks = {e.asset_check_key.name: e.passed for e in result.get_asset_check_evaluations()}
    assert checks and all(checks.values()), checks

    lake = Lake(settings.lake_dir)
    dates = sorted(p.name for p in (settings.lake_dir / "touchpoints").glob("event_date=*"))
    assert dates and all(d.startswith("event_date=2026-") for d in dates)
    con = duckdb.connect()
    lake.register(con, "touchpoints")
    assert con.execute("SELECT count(*) FROM touchpoints").fetchall()[0][0] == \
        ground_truth["touchpoint_events"]
    con.close()
    # ... and the overlay's timing aggregates, computed on Spark over the lake's journeys.
    for name in ("customers", "observed_dfg", "observed_funnel", "journey_variants",
                 *TIMING_AGGREGATES):
        assert lake.exists(name), name
    for name in COMPARED:  # the store the rest of the pipeline read holds DuckDB's figures
        assert_same_rows(_rows(sample_store, name), _rows(settings.db_path, name), name)
    assert (settings.maps_dir / "index.html").exists()
