"""Shared fixtures: one sample world, ingested and mined once per test session."""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pytest

from connectors import connect, ingest
from journeymap.samples import write_samples
from maps import compute_overlays, load_designed_maps
from mining import assign_personas, compute_observed_maps, load_persona_rules

SAMPLE_CUSTOMERS = 400
SAMPLE_SEED = 7
OUTPUT_DIR = Path(os.environ.get("JOURNEYMAP_TEST_OUTPUT", "test-output"))
EVENTLOGS = Path(os.environ.get(
    "JOURNEYMAP_EVENTLOGS",
    Path(__file__).resolve().parents[2] / "shared" / "data" / "eventlogs"))


@pytest.fixture(scope="session")
def sample_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project folder made by the sample generator: exports, designed maps, persona rules."""
    folder = tmp_path_factory.mktemp("sample-project")
    write_samples(folder, customers=SAMPLE_CUSTOMERS, seed=SAMPLE_SEED)
    return folder


@pytest.fixture(scope="session")
def ground_truth(sample_project: Path) -> dict:
    return json.loads((sample_project / "ground_truth.json").read_text())


@pytest.fixture(scope="session")
def sample_store(sample_project: Path) -> Path:
    """The sample world ingested, stitched, mined and overlaid into a DuckDB file (no Dagster)."""
    db = sample_project / "journeymap.duckdb"
    con = connect(db)
    try:
        ingest(sample_project / "exports", con)
        assign_personas(con, load_persona_rules(sample_project / "personas.yaml"))
        compute_observed_maps(con)
        compute_overlays(con, load_designed_maps(sample_project / "designed"))
    finally:
        con.close()
    return db


@pytest.fixture(scope="session")
def output_dir() -> Path:
    """Where tests leave artefacts worth looking at (screenshots, rendered maps)."""
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    return OUTPUT_DIR


def reference_log(name: str = "") -> Path:
    """A reference event log or model (or, with no name, their folder): ../shared/data/eventlogs
    beside the checkout, or JOURNEYMAP_EVENTLOGS.

    A clone with no shared folder beside it (a new user's) skips these tests with the reason; a
    folder named in JOURNEYMAP_EVENTLOGS that lacks the log fails them, since it was asked for.
    """
    path = EVENTLOGS / name
    if path.exists():
        return path
    message = f"reference event log {path} not found"
    if "JOURNEYMAP_EVENTLOGS" in os.environ:
        pytest.fail(message)
    pytest.skip(f"{message}; set JOURNEYMAP_EVENTLOGS to run the reference-log tests")


@pytest.fixture()
def memory() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB in UTC, as `journeymap discover` uses."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    yield con
    con.close()


@pytest.fixture(scope="session")
def eventlogs() -> Path:
    """The reference event logs and models (../shared/data/eventlogs, or JOURNEYMAP_EVENTLOGS)."""
    return reference_log()
