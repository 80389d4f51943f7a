"""What makes pages fast keeps them right: a result two threads ask for is built once, a new
snapshot is prepared in the background before anyone asks, and browsers keep the static files
whose URL names their version while the others are checked cheaply."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
import requests

from dashboards import memo as kept
from dashboards.app import PREPARED_PERSONAS, prepare_snapshot
from dashboards.reader import SnapshotReader
from dashboards.snapshots import publish_snapshot

PLOTLY = "/_dash-component-suites/plotly/package_data/plotly.min.js"


def test_a_result_asked_for_twice_at_once_is_built_once():
    builds, started, release = [], threading.Event(), threading.Event()

    def build() -> object:
        builds.append(1)
        started.set()
        release.wait(10)
        return object()

    answers: list[object] = []
    first = threading.Thread(target=lambda: answers.append(kept.memo(("once", 1), build)))
    first.start()
    started.wait(10)
    second = threading.Thread(target=lambda: answers.append(kept.memo(("once", 1), build)))
    second.start()
    time.sleep(0.1)  # the second asks while the first builds
    release.set()
    first.join(10)
    second.join(10)
    assert len(builds) == 1
    assert len(answers) == 2 and answers[0] is answers[1]


def test_a_failed_build_is_tried_again_by_the_next_asker():
    def fails() -> object:
        raise ValueError("no data")

    with pytest.raises(ValueError, match="no data"):
        kept.memo(("fails", 1), fails)
    assert kept.memo(("fails", 1), lambda: "built") == "built"


def test_each_new_snapshot_is_prepared_once_in_the_background(
    sample_store: Path, tmp_path: Path
):
    first = publish_snapshot(sample_store, tmp_path)
    prepared: list[str] = []
    done = threading.Semaphore(0)

    def prepare(name: str) -> None:
        prepared.append(name)
        done.release()

    reader = SnapshotReader(tmp_path)
    try:
        reader.prepare_with(prepare)  # the newest one at once
        assert done.acquire(timeout=10)
        with reader.cursor():
            pass  # the same snapshot again: nothing more to prepare
        second = publish_snapshot(sample_store, tmp_path)
        for _ in range(2):
            with reader.cursor() as (name, _):
                assert name == second.name
        assert done.acquire(timeout=10)
        assert not done.acquire(timeout=0.2)
    finally:
        reader.close()
    assert prepared == [first.name, second.name]


def test_preparing_a_snapshot_draws_its_figure_pages_in_advance(
    sample_store: Path, tmp_path: Path
):
    name = publish_snapshot(sample_store, tmp_path).name  # a new name: nothing kept for it yet
    reader = SnapshotReader(tmp_path)
    try:
        prepare_snapshot(reader, name)
        personas = kept.memo((name, "persona names"), list)  # kept by the preparation
        assert personas and len(personas) <= PREPARED_PERSONAS
        figures = [(name, kind, persona) for persona in personas
                   for kind in ("persona", "journey", "overlay")]
        with kept._lock:
            missing = [key for key in figures if key not in kept._results]
        assert missing == []
    finally:
        reader.close()


def test_versioned_static_files_are_kept_and_the_others_checked_cheaply(open_workspace):
    base = open_workspace.url
    versioned = requests.get(f"{base}/assets/workspace.css?m=1")
    assert versioned.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    plain = requests.get(f"{base}/assets/workspace.css")
    assert "immutable" not in plain.headers.get("Cache-Control", "")
    first = requests.get(base + PLOTLY)
    tag = first.headers["ETag"]
    again = requests.get(base + PLOTLY, headers={"If-None-Match": tag})
    assert (again.status_code, again.headers["ETag"], again.content) == (304, tag, b"")
    assert again.headers["X-Content-Type-Options"] == "nosniff"  # still a workspace answer
    changed = requests.get(base + PLOTLY, headers={"If-None-Match": '"another version"'})
    assert changed.status_code == 200 and changed.content == first.content
