"""Sensors and the workspace's schedule.

The exports sensor: a file dropped into (or changed in) the exports folder is ingested alone
and the maps refresh, without anyone running anything. Each file is keyed by its SHA-256, so a
run is requested once per content; the cursor remembers size and modification time to avoid
hashing unchanged files on every tick.

The run-reports sensor: asset checks never fail a run, so a run-failure alert would not tell
anyone of a failed check. This sensor reads each finished run's check evaluations (and the
snapshot it published) from the instance and hands them, as plain data, to the workspace
(`dashboards.runs.report_run`), which notifies the team in the app, by email and on the webhook.

The digest schedule mails the saved views whose daily or weekly digest is due
(`dashboards.digest`).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg

from connectors.detect import export_files
from connectors.load import file_sha256
from dashboards import CheckOutcome, RunOutcome, report_run, send_due_digests
from pipelines.resources import ProjectResource

FINISHED = [dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE]
FIRST_LOOK_BACK = timedelta(days=1)  # a new sensor reports the runs of the last day only
SCALARS = (dg.FloatMetadataValue, dg.IntMetadataValue, dg.TextMetadataValue, dg.BoolMetadataValue)


def new_exports(folder: Path, cursor: dict[str, list]) -> tuple[list[tuple[str, str]], dict]:
    """(relative path, checksum) of files new or changed since the cursor, and the new cursor."""
    seen, found = {}, []
    for path in export_files(folder):
        name = path.relative_to(folder).as_posix()
        stat = path.stat()
        previous = cursor.get(name)
        if previous and previous[:2] == [stat.st_size, stat.st_mtime_ns]:
            seen[name] = previous
            continue
        sha = file_sha256(path)
        seen[name] = [stat.st_size, stat.st_mtime_ns, sha]
        if not previous or previous[2] != sha:
            found.append((name, sha))
    return found, seen


def exports_sensor_for(job: dg.UnresolvedAssetJobDefinition,
                       status: dg.DefaultSensorStatus) -> dg.SensorDefinition:
    """The sensor that launches `job` for each new export, configured to load that file only."""

    @dg.sensor(job=job, minimum_interval_seconds=60, default_status=status,
               description="Ingests each new or changed export file and refreshes the maps.")
    def exports_sensor(context: dg.SensorEvaluationContext, project: ProjectResource):
        folder = project.path("exports_dir")
        if not folder.is_dir():
            return dg.SkipReason(f"exports folder {folder} does not exist")
        found, cursor = new_exports(folder, json.loads(context.cursor or "{}"))
        context.update_cursor(json.dumps(cursor))
        if not found:
            return dg.SkipReason("no new or changed exports")
        return [dg.RunRequest(
            run_key=f"{name}:{sha}",
            run_config={"ops": {"raw_exports": {"config": {"files": [name]}}}},
            tags={"journeymap/export": name})
            for name, sha in found]

    return exports_sensor


def check_outcomes(instance: dg.DagsterInstance, run_id: str) -> tuple[CheckOutcome, ...]:
    """The asset-check evaluations of a run, with their short metadata values as text."""
    records = instance.get_records_for_run(
        run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION).records
    outcomes = []
    for record in records:
        check = record.event_log_entry.dagster_event.event_specific_data
        details = {k: (f"{v.value:.4g}" if isinstance(v, dg.FloatMetadataValue) else str(v.value))
                   for k, v in check.metadata.items() if isinstance(v, SCALARS)}
        outcomes.append(CheckOutcome(check.asset_key.to_user_string(), check.check_name,
                                     check.passed, check.severity.value,
                                     check.description or "", details))
    return tuple(outcomes)


def published_snapshot(instance: dg.DagsterInstance, run_id: str) -> str | None:
    """The file name of the snapshot the run's `snapshot` asset published, if it did."""
    records = instance.get_records_for_run(
        run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION).records
    for record in records:
        materialization = record.event_log_entry.asset_materialization
        if materialization and materialization.asset_key == dg.AssetKey("snapshot"):
            return Path(str(materialization.metadata["snapshot"].value)).name
    return None


def run_reports_sensor_for(job_name: str, status: dg.DefaultSensorStatus) -> dg.SensorDefinition:
    """The sensor that reports each finished run of `job_name` to the workspace."""

    @dg.sensor(minimum_interval_seconds=60, default_status=status,
               description="Tells the workspace's users of each finished pipeline run: its "
                           "asset-check results and each map's drift since the previous run.")
    def run_reports_sensor(context: dg.SensorEvaluationContext, project: ProjectResource):
        after = datetime.fromisoformat(context.cursor) if context.cursor \
            else datetime.now(UTC) - FIRST_LOOK_BACK
        runs = context.instance.get_run_records(
            dg.RunsFilter(job_name=job_name, statuses=FINISHED, updated_after=after),
            order_by="update_timestamp", ascending=True, limit=25)
        if not runs:
            return dg.SkipReason("no run finished since the last tick")
        reported = []
        for run in runs:
            outcome = RunOutcome(
                run.dagster_run.run_id, job_name, run.dagster_run.status.value.lower(),
                datetime.fromtimestamp(run.end_time or run.update_timestamp.timestamp(), UTC)
                .replace(tzinfo=None),
                published_snapshot(context.instance, run.dagster_run.run_id),
                check_outcomes(context.instance, run.dagster_run.run_id))
            if report_run(outcome, project.path("snapshots_dir")) is not None:
                reported.append(outcome.run_id[:8])
        context.update_cursor(runs[-1].update_timestamp.isoformat())
        return dg.SkipReason(f"reported runs {', '.join(reported)}" if reported
                             else "those runs were reported before")

    return run_reports_sensor


@dg.op(description="Mails the saved views whose daily or weekly digest is due.")
def send_digests(project: ProjectResource) -> None:
    sent = send_due_digests(project.path("snapshots_dir"))
    dg.get_dagster_logger().info(f"{len(sent)} digests sent: "
                                 + ", ".join(f"{d.view} to {d.to}" for d in sent))


@dg.job(name="workspace_digests", description="Digests of the saved views that are due.")
def digest_job() -> None:
    send_digests()


def digest_schedule(status: dg.DefaultScheduleStatus) -> dg.ScheduleDefinition:
    """Daily at 07:00 UTC (after the pipeline's 06:00 run): weekly digests go out when a week
    has passed since the last one."""
    return dg.ScheduleDefinition(name="workspace_digests_daily", job=digest_job,
                                 cron_schedule="0 7 * * *", execution_timezone="UTC",
                                 default_status=status)
