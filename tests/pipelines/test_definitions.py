import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from journeymap.settings import Settings
from pipelines.assets import PIPELINE_ASSETS
from pipelines.definitions import DAILY_JOB_NAME, JOB_NAME, build_definitions
from pipelines.resources import resources_for

REPO = Path(__file__).resolve().parents[2]
CHECK_NAMES = {"touchpoints_schema", "quarantine_rate_under_threshold",
               "every_touchpoint_has_a_customer", "designed_maps_valid", "fitness_drift_check"}


@pytest.fixture()
def project(sample_project, tmp_path) -> Path:
    folder = tmp_path / "project"
    for name in ("exports", "designed"):
        shutil.copytree(sample_project / name, folder / name)
    shutil.copy(sample_project / "personas.yaml", folder / "personas.yaml")
    return folder


def _defs(project: Path) -> dg.Definitions:
    return build_definitions(Settings.for_project(project), start_date="2026-05-01")


def _count(db: Path, sql: str) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()[0][0]
    finally:
        con.close()


def test_job_materialises_every_asset_runs_every_check_and_reruns_clean(project, ground_truth):
    settings = Settings.for_project(project)
    job = _defs(project).resolve_job_def(JOB_NAME)
    with dg.DagsterInstance.ephemeral() as instance:
        first = job.execute_in_process(instance=instance)
        second = job.execute_in_process(instance=instance)
    assert first.success and second.success
    materialised = {e.asset_key.path[-1] for e in first.get_asset_materialization_events()}
    expected = {key.path[-1] for asset in PIPELINE_ASSETS for key in asset.keys}
    assert materialised == expected
    checks = {e.asset_check_key.name: e.passed for e in first.get_asset_check_evaluations()}
    assert checks == dict.fromkeys(CHECK_NAMES, True)
    assert _count(settings.db_path, "SELECT count(*) FROM touchpoints") == \
        ground_truth["touchpoint_events"]
    assert (settings.maps_dir / "index.html").exists()
    assert (settings.maps_dir / "opportunities.csv").exists()


def test_materialize_reports_useful_metadata(project, ground_truth):
    settings = Settings.for_project(project)
    result = dg.materialize(PIPELINE_ASSETS, resources=resources_for(settings))
    assert result.success
    by_asset = {e.asset_key.path[-1]: e.materialization.metadata
                for e in result.get_asset_materialization_events()}
    assert by_asset["touchpoints"]["quarantined_rows"].value == sum(
        f["quarantined"] for f in ground_truth["files"].values())
    assert by_asset["raw_web"]["rows_quarantined"].value == 2
    assert by_asset["identities"]["customers"].value == 400
    assert "fitness/bargain_hunter" in by_asset["conformance"]
    assert by_asset["journey_maps"]["index"].value.endswith("index.html")


def test_a_check_fails_on_a_bad_designed_map(project):
    (project / "designed" / "broken.yaml").write_text("name: x\npersona: y\ngoal: z\nstages: []\n")
    defs = _defs(project)
    result = dg.materialize(
        [asset for asset in PIPELINE_ASSETS if "designed_maps" in
         {k.path[-1] for k in asset.keys}],
        resources=resources_for(Settings.for_project(project)),
        raise_on_error=False)
    assert not result.success  # the asset refuses an invalid map
    check = defs.get_asset_checks_def(dg.AssetCheckKey(dg.AssetKey("designed_maps"),
                                                       "designed_maps_valid"))
    evaluation = dg.materialize([check], resources=resources_for(Settings.for_project(project)),
                                selection=dg.AssetSelection.checks(check),
                                raise_on_error=False).get_asset_check_evaluations()[0]
    assert not evaluation.passed
    assert "broken.yaml" in evaluation.metadata["error"].value


def test_quarantine_check_fails_over_threshold(project, monkeypatch):
    monkeypatch.setenv("JOURNEYMAP_MAX_QUARANTINE_RATE", "0.0001")
    job = _defs(project).resolve_job_def(JOB_NAME)
    with dg.DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(instance=instance)
    checks = {e.asset_check_key.name: e.passed for e in result.get_asset_check_evaluations()}
    assert checks["quarantine_rate_under_threshold"] is False
    assert checks["touchpoints_schema"] is True


def test_sensor_requests_one_run_per_new_file_keyed_by_checksum(project):
    defs = _defs(project)
    sensor = defs.resolve_sensor_def("exports_sensor")
    resources = resources_for(Settings.for_project(project))
    with dg.build_sensor_context(resources=resources) as context:
        first = sensor(context)
        cursor = context.cursor
    names = sorted(r.run_config["ops"]["raw_exports"]["config"]["files"][0] for r in first)
    assert names == sorted(p.name for p in (project / "exports").iterdir()
                           if p.name not in ("sources.yaml", "vocabulary.yaml"))
    assert all(r.run_key.endswith(":" + r.run_key.split(":")[-1]) for r in first)
    with dg.build_sensor_context(resources=resources, cursor=cursor) as context:
        assert isinstance(sensor(context), dg.SkipReason)
        cursor = context.cursor
    dropped = project / "exports" / "sendgrid_more.ndjson"
    dropped.write_text(json.dumps({"email": "new.person@mail.example", "timestamp": 1782167743,
                                   "event": "open", "sg_event_id": "fresh-event-1"}) + "\n")
    with dg.build_sensor_context(resources=resources, cursor=cursor) as context:
        requests = sensor(context)
    assert [r.run_config["ops"]["raw_exports"]["config"]["files"] for r in requests] == \
        [["sendgrid_more.ndjson"]]
    run = defs.resolve_job_def(JOB_NAME).execute_in_process(
        run_config=requests[0].run_config, instance=dg.DagsterInstance.ephemeral())
    assert run.success
    raw_email = next(e.materialization.metadata for e in run.get_asset_materialization_events()
                     if e.asset_key.path[-1] == "raw_email")
    assert raw_email["files"].value == 1 and raw_email["touchpoints_added"].value == 1


def test_schedules_evaluate_to_runs(project):
    defs = _defs(project)
    daily = defs.resolve_schedule_def("journeymap_daily")
    with dg.build_schedule_context(scheduled_execution_time=None) as context:
        request = daily.evaluate_tick(context).run_requests[0]
    assert request.tags.get("journeymap/store") == "write" or daily.job_name == JOB_NAME
    partitioned = next(s for s in defs.schedules if s.job_name == DAILY_JOB_NAME)
    from datetime import UTC, datetime
    with dg.build_schedule_context(
            scheduled_execution_time=datetime(2026, 6, 11, 6, 30, tzinfo=UTC)) as context:
        request = partitioned.evaluate_tick(context).run_requests[0]
    assert request.partition_key == "2026-06-10"


def test_daily_partitions_backfill_idempotently(project):
    settings = Settings.for_project(project)
    defs = _defs(project)
    with dg.DagsterInstance.ephemeral() as instance:
        assert defs.resolve_job_def(JOB_NAME).execute_in_process(instance=instance).success
        daily = defs.resolve_job_def(DAILY_JOB_NAME)
        for day in ("2026-06-10", "2026-06-11", "2026-06-10"):
            assert daily.execute_in_process(partition_key=day, instance=instance).success
    events = _count(settings.db_path, "SELECT sum(events) FROM daily_activity "
                                      "WHERE day = DATE '2026-06-10'")
    direct = _count(settings.db_path, "SELECT count(*) FROM touchpoints WHERE occurred_at >= "
                                      "TIMESTAMPTZ '2026-06-10 00:00:00+00' AND occurred_at < "
                                      "TIMESTAMPTZ '2026-06-11 00:00:00+00'")
    assert events == direct > 0


@pytest.mark.slow
def test_dagster_cli_validates_the_code_location(project, tmp_path):
    """`dagster definitions validate` loads the code location and the project's dagster.yaml
    in a fresh DAGSTER_HOME, as a new deployment would."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copyfile(REPO / "dagster.yaml", home / "dagster.yaml")
    env = dict(os.environ, JOURNEYMAP_PROJECT=str(project), DAGSTER_HOME=str(home))
    dagster = Path(sys.executable).parent / "dagster"
    done = subprocess.run([str(dagster), "definitions", "validate"], capture_output=True,
                          text=True, env=env, cwd=REPO,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
