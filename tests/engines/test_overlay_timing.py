"""The overlay's timing on the engine that holds the journeys (the lake path): the store sends the
timing plan, the engine runs timing.sql over the lake's `journeys`, and only the aggregates come
back. On Spark (local[2]) and on an in-memory DuckDB every overlay table must equal what the
store-based pipeline computed from its own journeys (the sample store)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pytest

from connectors import connect
from journeymap.engines.lake import Lake
from maps import load_designed_maps
from maps.conformance import TIMING_AGGREGATES, TIMING_PLAN, compute_overlays, timing_on_lake
from tests.engines.conftest import assert_same_rows, dataset_rows
from tests.maps import overlay_rows


@contextmanager
def _duckdb_engine() -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    try:
        yield con
    finally:
        con.close()


@pytest.fixture(params=["duckdb", pytest.param("spark", marks=pytest.mark.slow)])
def engine(request):
    """A factory of connections of the engine, as the pipeline's engine resource gives them."""
    if request.param == "duckdb":
        return _duckdb_engine
    from journeymap.engines.spark import SparkConnection

    session = request.getfixturevalue("spark")

    @contextmanager
    def spark_engine() -> Iterator[Any]:
        con = SparkConnection(session)
        try:
            yield con
        finally:
            con.close()

    return spark_engine


def test_the_overlay_timed_on_the_lake_equals_the_stores(engine, sample_project: Path,
                                                         sample_store: Path, tmp_path: Path):
    store_path = tmp_path / "store.duckdb"
    shutil.copy(sample_store, store_path)
    lake = Lake(tmp_path / "lake")
    con = connect(store_path)
    try:
        lake.write(con, "journeys")  # the lake's event log, as persona assignment writes it
        con.execute("DROP VIEW journeys")  # the store's own events cannot be what is timed
        for name in TIMING_AGGREGATES:  # nothing stale to read
            con.execute(f"DROP TABLE {name}")
        compute_overlays(con, load_designed_maps(sample_project / "designed"),
                         timing=timing_on_lake(lake, engine))
        got = overlay_rows(con, *TIMING_AGGREGATES)
    finally:
        con.close()

    expected_store = duckdb.connect(str(sample_store), read_only=True)
    try:
        expected = overlay_rows(expected_store, *TIMING_AGGREGATES)
    finally:
        expected_store.close()
    assert set(got) == set(expected) and len(expected) >= 14
    for name, rows in expected.items():
        assert rows, name
        assert_same_rows(rows, got[name], name)
    # Late counts and medians exactly (the median is computed from sorted values on Spark).
    assert got["timing_step_delays"] == expected["timing_step_delays"]
    # The plan went to the lake, the aggregates came back from it: what the engine returned.
    for name in (*TIMING_PLAN, *TIMING_AGGREGATES):
        assert lake.exists(name), name
    for name in TIMING_AGGREGATES:
        assert_same_rows(dataset_rows(lake, name)[1], got[name], name)
    # Every journey was tied to its variant and timed once (400 customers, one journey each).
    timed = sum(row[2] for row in got["timing_variant_hours"])
    assert timed == sum(row[4] for row in expected["overlay_summary"]) == 400
