"""Run the whole pipeline in process through Dagster, as `journeymap demo` does."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import dagster as dg

from journeymap.settings import Settings
from pipelines.definitions import JOB_NAME, build_definitions

REPO_DAGSTER_YAML = Path(__file__).resolve().parent.parent / "dagster.yaml"


def instance() -> dg.DagsterInstance:
    """The persistent instance under DAGSTER_HOME when set (runs show in `dagster dev`),
    else an ephemeral one. A new DAGSTER_HOME gets the project's dagster.yaml."""
    home = os.environ.get("DAGSTER_HOME")
    if not home:
        return dg.DagsterInstance.ephemeral()
    Path(home).mkdir(parents=True, exist_ok=True)
    config = Path(home) / "dagster.yaml"
    if not config.exists() and REPO_DAGSTER_YAML.exists():
        shutil.copyfile(REPO_DAGSTER_YAML, config)
    return dg.DagsterInstance.get()


def run_pipeline(settings: Settings,
                 dagster_instance: dg.DagsterInstance | None = None) -> dg.ExecuteInProcessResult:
    """Materialise every asset for the project's settings; raises if a step fails."""
    job = build_definitions(settings).resolve_job_def(JOB_NAME)
    with dagster_instance or instance() as active:
        return job.execute_in_process(instance=active)
