"""The Dagster code location of journeymap: assets, checks, jobs, schedules and sensors.

The project folder comes from JOURNEYMAP_PROJECT (default `demo`, what `make demo` writes);
each path can be overridden by its own variable (see `journeymap.settings`), and
JOURNEYMAP_START_DATE sets the first day of the daily partitions.

Partitions: ingestion is driven by files (each loads once, by checksum), and journeys are mined
whole, because a journey that starts one day goes on for weeks: cutting mining by event day would
cut journeys apart. Figures per month of journey start are kept inside the conformance tables.
Daily partitions are used where a day is a sound unit: `daily_activity` counts one UTC day's
events per persona and touchpoint, with a daily schedule and backfills.
"""

from __future__ import annotations

import os

import dagster as dg

from journeymap.settings import Settings
from pipelines.assets import PIPELINE_ASSETS, daily_activity_asset, daily_partitions
from pipelines.checks import CHECKS
from pipelines.resources import resources_for
from pipelines.sensors import (
    digest_job,
    digest_schedule,
    exports_sensor_for,
    run_reports_sensor_for,
)

JOB_NAME = "journeymap"
DAILY_JOB_NAME = "daily_activity_job"
STORE_TAGS = {"journeymap/store": "write"}


def automation_status() -> tuple[dg.DefaultScheduleStatus, dg.DefaultSensorStatus]:
    """Schedules and the sensor start running, unless JOURNEYMAP_AUTOMATION=stopped (say, a
    deployment that wants them switched on by hand in the UI)."""
    running = os.environ.get("JOURNEYMAP_AUTOMATION", "running") != "stopped"
    return ((dg.DefaultScheduleStatus.RUNNING if running else dg.DefaultScheduleStatus.STOPPED),
            (dg.DefaultSensorStatus.RUNNING if running else dg.DefaultSensorStatus.STOPPED))


def build_definitions(settings: Settings, start_date: str | None = None) -> dg.Definitions:
    """Definitions for one project's settings (tests build their own).

    Runs use the in-process executor: every step opens the one DuckDB file, which allows one
    writing process, so a run's steps go one after another in the run's own process.
    """
    partitions = daily_partitions(start_date or os.environ.get("JOURNEYMAP_START_DATE",
                                                               "2026-01-01"))
    daily_activity = daily_activity_asset(partitions)
    job = dg.define_asset_job(JOB_NAME, selection=dg.AssetSelection.assets(*PIPELINE_ASSETS),
                              tags=STORE_TAGS,
                              description="Exports to journey maps: the whole pipeline.")
    daily_job = dg.define_asset_job(DAILY_JOB_NAME, selection=[daily_activity],
                                    partitions_def=partitions, tags=STORE_TAGS,
                                    description="Daily activity of one event day.")
    schedule_status, sensor_status = automation_status()
    return dg.Definitions(
        assets=[*PIPELINE_ASSETS, daily_activity],
        executor=dg.in_process_executor,
        asset_checks=CHECKS,
        jobs=[job, daily_job, digest_job],
        schedules=[
            dg.ScheduleDefinition(name="journeymap_daily", job=job, cron_schedule="0 6 * * *",
                                  execution_timezone="UTC", default_status=schedule_status),
            dg.build_schedule_from_partitioned_job(daily_job, hour_of_day=6, minute_of_hour=30,
                                                   default_status=schedule_status),
            digest_schedule(schedule_status),
        ],
        sensors=[exports_sensor_for(job, sensor_status),
                 run_reports_sensor_for(JOB_NAME, sensor_status)],
        resources=resources_for(settings),
    )


defs = build_definitions(Settings.for_project(os.environ.get("JOURNEYMAP_PROJECT", "demo")))
