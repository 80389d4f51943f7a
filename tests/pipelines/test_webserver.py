"""The real Dagster webserver and daemon (`dagster dev`) on a loopback port, driven over GraphQL."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[2]
SELECTOR = {"repositoryLocationName": "journeymap", "repositoryName": "__repository__",
            "jobName": "journeymap"}
RUN_DEADLINE = 420  # seconds for both runs, queued one after the other


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _graphql(port: int, query: str, variables: dict | None = None) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = json.loads(response.read())
    assert "errors" not in body, body
    return body["data"]


@pytest.fixture()
def dagster_dev(sample_project, tmp_path):
    """`dagster dev` serving the code location for a copy of the sample project."""
    project = tmp_path / "project"
    for name in ("exports", "designed"):
        shutil.copytree(sample_project / name, project / name)
    shutil.copy(sample_project / "personas.yaml", project / "personas.yaml")
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(REPO / "dagster.yaml", home / "dagster.yaml")
    port = _free_port()
    private_tmp = tmp_path / "tmp"  # the code server's socket lives here, safe from /tmp cleaners
    private_tmp.mkdir()
    env = dict(os.environ, DAGSTER_HOME=str(home), JOURNEYMAP_PROJECT=str(project),
               TMPDIR=str(private_tmp), JOURNEYMAP_AUTOMATION="stopped")
    log = (tmp_path / "dagster-dev.log").open("w")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "dagster"), "dev", "-h", "127.0.0.1", "-p", str(port)],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_until_serving(port, process)
        yield port, project
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=60)
        log.close()


def _wait_until_serving(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        assert process.poll() is None, "dagster dev exited"
        try:
            data = _graphql(port, "{ repositoriesOrError { ... on RepositoryConnection "
                                  "{ nodes { name location { name } } } } }")
            if data["repositoriesOrError"]["nodes"]:
                return
        except OSError:
            pass
        time.sleep(1)
    raise AssertionError("dagster dev did not serve the code location in time")


def _launch(port: int) -> str:
    data = _graphql(port, """
        mutation Launch($params: ExecutionParams!) {
          launchRun(executionParams: $params) {
            __typename
            ... on LaunchRunSuccess { run { runId } }
            ... on PythonError { message }
          }
        }""", {"params": {"selector": SELECTOR, "runConfigData": {}}})
    assert data["launchRun"]["__typename"] == "LaunchRunSuccess", data
    return data["launchRun"]["run"]["runId"]


def _run(port: int, run_id: str) -> dict:
    return _graphql(port, """
        query Run($id: ID!) {
          runOrError(runId: $id) { ... on Run { status startTime endTime } }
        }""", {"id": run_id})["runOrError"]


@pytest.mark.slow
def test_webserver_serves_the_asset_graph_and_queues_store_writers(dagster_dev, ground_truth):
    port, project = dagster_dev
    nodes = _graphql(port, "{ assetNodes { assetKey { path } groupName "
                           "dependencyKeys { path } } }")["assetNodes"]
    graph = {n["assetKey"]["path"][-1]: {d["path"][-1] for d in n["dependencyKeys"]}
             for n in nodes}
    assert graph["journey_maps"] >= {"conformance", "impact"}
    assert graph["touchpoints"] >= {"raw_email", "raw_ads", "raw_web", "raw_crm"}
    assert {n["groupName"] for n in nodes} == {"connectors", "mining", "maps", "dashboards"}

    runs = [_launch(port), _launch(port)]  # both write the one DuckDB file
    deadline = time.monotonic() + RUN_DEADLINE
    while time.monotonic() < deadline:
        states = [_run(port, run_id) for run_id in runs]
        if all(s["status"] in ("SUCCESS", "FAILURE", "CANCELED") for s in states):
            break
        time.sleep(2)
    assert [s["status"] for s in states] == ["SUCCESS", "SUCCESS"], states
    first, second = sorted(states, key=lambda s: s["startTime"])
    assert first["endTime"] <= second["startTime"], "the run queue let two writers overlap"

    con = duckdb.connect(str(project / "journeymap.duckdb"), read_only=True)
    events = con.execute("SELECT count(*) FROM touchpoints").fetchall()[0][0]
    con.close()
    assert events == ground_truth["touchpoint_events"]
