"""Snapshots are whole, read-only, named by time, and only the newest few are kept."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from dashboards.reader import SnapshotReader
from dashboards.snapshots import latest_snapshot, list_snapshots, publish_snapshot
from journeymap.errors import JourneymapError


def test_a_published_snapshot_holds_the_stores_results(sample_store: Path, tmp_path: Path):
    path = publish_snapshot(sample_store, tmp_path)
    con = duckdb.connect(str(path), read_only=True)
    try:
        personas = con.execute("SELECT count(*) FROM observed_summary").fetchall()[0][0]
    finally:
        con.close()
    assert personas == 3
    assert latest_snapshot(tmp_path) == path


def test_copies_under_way_are_never_listed(sample_store: Path, tmp_path: Path):
    (tmp_path / ".20990101T000000000000Z.duckdb.part").write_bytes(b"half a copy")
    assert list_snapshots(tmp_path) == []
    path = publish_snapshot(sample_store, tmp_path)
    assert list_snapshots(tmp_path) == [path]


def test_only_the_newest_snapshots_are_kept(sample_store: Path, tmp_path: Path):
    published = [publish_snapshot(sample_store, tmp_path, keep=2) for _ in range(3)]
    assert list_snapshots(tmp_path) == published[1:]


def test_a_missing_store_is_refused(tmp_path: Path):
    with pytest.raises(JourneymapError, match="no store to publish"):
        publish_snapshot(tmp_path / "absent.duckdb", tmp_path / "snapshots")


def test_the_reader_switches_to_a_new_snapshot_and_keeps_earlier_ones(
    sample_store: Path, tmp_path: Path
):
    first = publish_snapshot(sample_store, tmp_path)
    reader = SnapshotReader(tmp_path)
    try:
        with reader.cursor() as (name, _):
            assert name == first.name
        second = publish_snapshot(sample_store, tmp_path)
        with reader.cursor() as (name, _):
            assert name == second.name
        with reader.cursor(as_of=first.name) as (name, con):
            assert name == first.name
            assert con.execute("SELECT count(*) FROM customers").fetchall()[0][0] == 400
    finally:
        reader.close()


def test_as_of_names_a_snapshot_never_a_path(sample_store: Path, tmp_path: Path):
    publish_snapshot(sample_store, tmp_path / "snapshots")
    reader = SnapshotReader(tmp_path / "snapshots")
    with pytest.raises(JourneymapError, match="no snapshot named"):
        with reader.cursor(as_of=str(sample_store)):
            pass
