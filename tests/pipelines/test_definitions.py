import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from journeymap.settings import Settings
from pipelines.assets import ASSETS
from pipelines.definitions import JOB_NAME, build_definitions
from pipelines.resources import resources_for


@pytest.fixture()
def project(sample_project, tmp_path) -> Path:
    folder = tmp_path / "project"
    for name in ("exports", "designed"):
        shutil.copytree(sample_project / name, folder / name)
    shutil.copy(sample_project / "personas.yaml", folder / "personas.yaml")
    return folder


def test_job_materialises_every_asset_and_reruns_without_duplicates(project, ground_truth):
    settings = Settings.for_project(project)
    job = build_definitions(settings).get_job_def(JOB_NAME)
    with dg.DagsterInstance.ephemeral() as instance:
        first = job.execute_in_process(instance=instance)
        second = job.execute_in_process(instance=instance)
    assert first.success and second.success
    materialised = {e.asset_key.path[-1] for e in first.get_asset_materialization_events()}
    assert materialised == {a.key.path[-1] for a in ASSETS}
    con = duckdb.connect(str(settings.db_path), read_only=True)
    events = con.execute("SELECT count(*) FROM touchpoints").fetchall()[0][0]
    con.close()
    assert events == ground_truth["touchpoint_events"]
    assert (settings.maps_dir / "index.html").exists()


def test_materialize_reports_useful_metadata(project):
    settings = Settings.for_project(project)
    result = dg.materialize(ASSETS, resources=resources_for(settings))
    assert result.success
    by_asset = {e.asset_key.path[-1]: e.materialization.metadata
                for e in result.get_asset_materialization_events()}
    assert by_asset["touchpoints"]["rows_quarantined"].value == 4
    assert by_asset["identities"]["customers"].value == 400
    assert "fitting_share/bargain_hunter" in by_asset["overlays"]
    assert by_asset["journey_maps"]["index"].value.endswith("index.html")


@pytest.mark.slow
def test_dagster_cli_validates_the_code_location(project):
    env = dict(os.environ, JOURNEYMAP_PROJECT=str(project))
    dagster = Path(sys.executable).parent / "dagster"
    done = subprocess.run([str(dagster), "definitions", "validate"], capture_output=True,
                          text=True, env=env, cwd=Path(__file__).resolve().parents[2],
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
