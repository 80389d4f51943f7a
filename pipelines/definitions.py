"""The Dagster code location of journeymap: assets, the job that runs them all, a schedule.

The project folder comes from JOURNEYMAP_PROJECT (default `demo`, what `make demo` writes);
each path can be overridden by its own variable (see `journeymap.settings`).
"""

from __future__ import annotations

import os

import dagster as dg

from journeymap.settings import Settings
from pipelines.assets import ASSETS
from pipelines.resources import resources_for

JOB_NAME = "journeymap"


def build_definitions(settings: Settings) -> dg.Definitions:
    """Definitions for one project's settings (tests build their own)."""
    job = dg.define_asset_job(JOB_NAME, selection=dg.AssetSelection.all(),
                              tags={"journeymap/store": "write"},
                              description="Exports to journey maps: the whole pipeline.")
    daily = dg.ScheduleDefinition(name="journeymap_daily", job=job, cron_schedule="0 6 * * *",
                                  execution_timezone="UTC")
    return dg.Definitions(assets=ASSETS, jobs=[job], schedules=[daily],
                          resources=resources_for(settings))


defs = build_definitions(Settings.for_project(os.environ.get("JOURNEYMAP_PROJECT", "demo")))
