"""The Parquet lake on DuckDB: ingest's partitioned output, mining over it, the settings."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from connectors import connect
from connectors.lake import export_to_lake
from journeymap.engines.lake import Lake
from journeymap.engines.settings import EngineSettings
from journeymap.errors import JourneymapError
from journeymap.settings import Settings
from mining import load_persona_rules
from mining.lake import assign_personas_on_lake, compute_observed_maps_on_lake
from pipelines.resources import DuckDBEngineResource, SparkEngineResource, resources_for
from tests.engines.conftest import assert_same_rows, dataset_rows, lake_copy


def _dates(store) -> dict[str, int]:
    con = duckdb.connect(str(store), read_only=True)
    try:
        return dict(con.execute("SELECT CAST(CAST(occurred_at AS DATE) AS VARCHAR), count(*) "
                                "FROM touchpoints GROUP BY 1").fetchall())
    finally:
        con.close()


def test_touchpoints_are_partitioned_by_event_date_and_only_changed_dates_rewritten(
        sample_store, tmp_path):
    store = tmp_path / "store.duckdb"
    shutil.copy(sample_store, store)
    lake = Lake(tmp_path / "lake")
    con = connect(store)
    try:
        first = export_to_lake(con, lake.root)
        dates = _dates(sample_store)
        assert first == {"dates_written": len(dates), "dates_kept": 0, "dates_removed": 0}
        folders = {p.name: p.stat().st_mtime_ns
                   for p in lake.folder("touchpoints").glob("event_date=*")}
        assert set(folders) == {f"event_date={d}" for d in dates}
        assert export_to_lake(con, lake.root)["dates_written"] == 0  # a re-run writes nothing

        changed, removed = sorted(dates)[3], sorted(dates)[5]
        con.execute("UPDATE touchpoints SET campaign = 'moved' WHERE CAST(occurred_at AS DATE) = ?",
                    [changed])
        con.execute("DELETE FROM touchpoints WHERE CAST(occurred_at AS DATE) = ?", [removed])
        assert export_to_lake(con, lake.root) == {
            "dates_written": 1, "dates_kept": len(dates) - 2, "dates_removed": 1}
    finally:
        con.close()
    after = {p.name: p.stat().st_mtime_ns for p in lake.folder("touchpoints").glob("event_date=*")}
    assert f"event_date={removed}" not in after
    assert after[f"event_date={changed}"] != folders[f"event_date={changed}"]
    untouched = set(after) - {f"event_date={changed}"}
    assert all(after[name] == folders[name] for name in untouched)
    memory = duckdb.connect()
    lake.register(memory, "touchpoints")
    assert memory.execute("SELECT count(*), count(*) FILTER (WHERE campaign = 'moved') "
                          "FROM touchpoints").fetchall()[0] == \
        (sum(dates.values()) - dates[removed], dates[changed])


def test_duckdb_mines_the_lake_as_it_mines_the_store(sample_project, sample_lake, sample_store,
                                                      tmp_path):
    lake = lake_copy(sample_lake, tmp_path / "lake")
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    rules = load_persona_rules(sample_project / "personas.yaml")
    counts = assign_personas_on_lake(con, lake, rules)
    assert compute_observed_maps_on_lake(con, lake) == counts
    con.close()
    store = duckdb.connect(str(sample_store), read_only=True)
    for name in ("customers", "journey_variants", "observed_dfg", "observed_variants",
                 "observed_variant_periods", "observed_summary"):
        stored = sorted(store.execute(f"SELECT * FROM {name}").fetchall(), key=repr)
        assert_same_rows(stored, dataset_rows(lake, name)[1], name)
    store.close()
    partitions = list(lake.folder("journey_variants").glob("start_date=*"))
    assert partitions, "journeys are partitioned by the date they started"


def test_a_missing_dataset_is_named(tmp_path):
    with pytest.raises(JourneymapError, match="no 'customers' dataset"):
        Lake(tmp_path).register(duckdb.connect(), "customers")


def test_engine_settings_from_the_environment(monkeypatch, tmp_path):
    assert EngineSettings.from_env() == EngineSettings()
    monkeypatch.setenv("JOURNEYMAP_ENGINE", "spark")
    monkeypatch.setenv("JOURNEYMAP_SPARK_CONNECT_URL", "sc://spark.example:15002")
    monkeypatch.setenv("JOURNEYMAP_LAKE", "s3a://bucket/lake")
    settings = EngineSettings.from_env()
    assert (settings.storage, settings.spark_connect_url) == ("parquet", "sc://spark.example:15002")
    engine = resources_for(Settings.for_project(tmp_path))["engine"]
    assert isinstance(engine, SparkEngineResource)
    assert (engine.lake_dir, engine.connect_url) == ("s3a://bucket/lake", "sc://spark.example:15002")
    monkeypatch.setenv("JOURNEYMAP_STORAGE", "store")
    with pytest.raises(JourneymapError, match="set storage to parquet"):
        EngineSettings.from_env()
    monkeypatch.setenv("JOURNEYMAP_ENGINE", "flink")
    with pytest.raises(JourneymapError, match="unknown engine 'flink'"):
        EngineSettings.from_env()
    for name in ("JOURNEYMAP_ENGINE", "JOURNEYMAP_STORAGE", "JOURNEYMAP_LAKE"):
        monkeypatch.delenv(name)
    engine = resources_for(Settings.for_project(tmp_path))["engine"]
    assert isinstance(engine, DuckDBEngineResource) and not engine.uses_lake
    assert engine.lake_dir == str(tmp_path / "lake")
