"""The exports sensor: a file dropped into (or changed in) the exports folder is ingested alone
and the maps refresh, without anyone running anything.

Each file is keyed by its SHA-256, so a run is requested once per content; the cursor remembers
size and modification time to avoid hashing unchanged files on every tick.
"""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg

from connectors.detect import export_files
from connectors.load import file_sha256
from pipelines.resources import ProjectResource


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
