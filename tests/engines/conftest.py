"""Fixtures of the engine tests: one local Spark session for the whole test session, the sample
world in a Parquet lake, and a comparison of result datasets between engines."""

from __future__ import annotations

import math
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from connectors import connect
from connectors.lake import export_to_lake
from journeymap.engines.lake import Lake
from journeymap.engines.settings import EngineSettings

# Floats may differ in the last bits between engines (sums and percentile interpolation run in
# another order); every count, name, list and instant must be equal.
REL_TOL = 1e-12
ABS_TOL = 1e-9  # seconds


@pytest.fixture(scope="session")
def spark():
    """A local Spark (local[2], 2 shuffle partitions), started once and shared."""
    from journeymap.engines.spark import spark_session

    if shutil.which("java") is None and not os.environ.get("JOURNEYMAP_SPARK_CONNECT_URL"):
        pytest.fail("Spark needs Java: `make java` installs Debian's openjdk-17-jre-headless")
    session = spark_session(EngineSettings(engine="spark", storage="parquet",
                                           shuffle_partitions=2, driver_memory="2g"))
    yield session
    session.stop()


@pytest.fixture()
def spark_con(spark):
    from journeymap.engines.spark import SparkConnection

    con = SparkConnection(spark)
    yield con
    con.close()


@pytest.fixture(scope="session")
def sample_lake(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample world's touchpoints, identities and traits as a Parquet lake (from the store
    that `sample_store` ingested), read by every test that copies it."""
    lake = tmp_path_factory.mktemp("lake")
    con = connect(sample_store, read_only=True)
    try:
        export_to_lake(con, lake)
    finally:
        con.close()
    return lake


def lake_copy(sample_lake: Path, folder: Path) -> Lake:
    """A lake of its own with the sample world's inputs (each engine writes its own results)."""
    for name in ("touchpoints", "identities", "traits"):
        shutil.copytree(sample_lake / name, folder / name)
    return Lake(folder)


def dataset_rows(lake: Lake, name: str) -> tuple[list[tuple[str, str]], list[tuple]]:
    """(column names and types, rows sorted) of a lake dataset, read with DuckDB."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    try:
        lake.register(con, name, view="dataset")
        columns = [(c[0], c[1]) for c in con.execute("DESCRIBE dataset").fetchall()]
        return columns, sorted(con.execute("SELECT * FROM dataset").fetchall(), key=repr)
    finally:
        con.close()


def same_value(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL) or (a != a and b != b)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    return a == b


def assert_same_rows(expected: list[tuple], got: list[tuple], what: str) -> None:
    assert len(expected) == len(got), f"{what}: {len(expected)} rows against {len(got)}"
    for want, have in zip(expected, got, strict=True):
        assert same_value(list(want), list(have)), f"{what}: {want} != {have}"
