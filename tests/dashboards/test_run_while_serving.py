"""The workspace keeps answering while a pipeline run holds the store's writer lock in another
process, and shows that run's figures once it has published its snapshot."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import expect, sync_playwright

from dashboards import latest_snapshot, publish_snapshot
from journeymap.samples import write_samples
from tests.dashboards.browser import VIEWPORT, drawn, launch, screenshot
from tests.dashboards.serve import ServeProcess

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture()
def served_store(sample_store: Path, tmp_path: Path) -> Iterator[tuple[ServeProcess, Path]]:
    """A writable copy of the sample store, its first snapshot, and `journeymap serve` on it
    (no authentication: one local analyst)."""
    store = tmp_path / "store.duckdb"
    shutil.copyfile(sample_store, store)
    publish_snapshot(store, tmp_path / "snapshots")
    running = ServeProcess(tmp_path / "snapshots", {
        "JOURNEYMAP_AUTH": "none", "JOURNEYMAP_PROJECT": str(tmp_path)}, tmp_path / "serve.log")
    yield running, store
    running.stop()


def journeys(snapshot: Path, persona: str) -> str:
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        (count,) = con.execute("SELECT journeys FROM observed_summary WHERE persona = ?",
                               [persona]).fetchall()[0]
    finally:
        con.close()
    return f"{count:,}"


def test_the_app_answers_during_a_run_then_shows_its_figures(
    served_store, sample_project: Path, tmp_path: Path, output_dir: Path
):
    running, store = served_store
    snapshots = tmp_path / "snapshots"
    before = latest_snapshot(snapshots)
    write_samples(tmp_path / "more", customers=150, seed=11)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_context(viewport=VIEWPORT).new_page()
        page.goto(running.url + "/")
        drawn(page, "#personas-table")
        run = subprocess.Popen(
            [sys.executable, "-m", "tests.dashboards.pipeline_run", str(store),
             str(tmp_path / "more" / "exports"), str(sample_project), str(snapshots)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        loads_during_run = 0
        while run.poll() is None:
            page.goto(running.url + "/explorer?persona=b2b_evaluator")
            drawn(page, "#observed-figure")
            loads_during_run += 1
        output = run.communicate()[0]
        assert run.returncode == 0, output
        assert loads_during_run >= 1

        after = latest_snapshot(snapshots)
        assert after != before
        page.goto(running.url + "/")
        drawn(page, "#personas-table")
        expect(page.locator("#snapshot-name")).to_have_text(after.name)
        row = page.locator("#personas-table tr", has_text="b2b_evaluator")
        expect(row).to_contain_text(journeys(after, "b2b_evaluator"))
        assert journeys(after, "b2b_evaluator") != journeys(before, "b2b_evaluator")
        screenshot(page, output_dir / "workspace", "overview-after-run")

        page.goto(f"{running.url}/?as_of={before.name}")
        drawn(page, "#personas-table")
        expect(page.locator("#snapshot-name")).to_have_text(before.name)
        expect(page.locator("#personas-table tr", has_text="b2b_evaluator")).to_contain_text(
            journeys(before, "b2b_evaluator"))
        browser.close()
