"""The results of scheduled runs reach the team: real Dagster runs of the pipeline, then the
run-reports sensor reads their asset-check evaluations and each snapshot's drift against the one
before, and the workspace notifies users in the app, by email (local SMTP sink) and on the
webhook (local receiver), each user as they chose, each run once."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import dagster as dg
import pytest
from sqlalchemy import select

from dashboards.access import Access
from dashboards.app import render_page
from dashboards.collab import open_store
from dashboards.collab.accounts import add_user
from dashboards.collab.models import Notification, RunReport, User
from dashboards.config import from_env
from dashboards.reader import SnapshotReader
from dashboards.services import make_services
from journeymap.samples import write_samples
from journeymap.settings import Settings
from pipelines.definitions import JOB_NAME, build_definitions
from pipelines.resources import resources_for
from tests.dashboards.receivers import wait_for

pytestmark = pytest.mark.slow
ALERTS = {"ana": "all", "ben": "problems", "vic": "none"}


@pytest.fixture()
def project(sample_project: Path, tmp_path: Path, monkeypatch, smtp_sink, webhook) -> Path:
    """A project copy, its collaboration store (three users with their run alerts), and the
    environment the Dagster code location and the workspace read."""
    folder = tmp_path / "project"
    for name in ("exports", "designed"):
        shutil.copytree(sample_project / name, folder / name)
    shutil.copy(sample_project / "personas.yaml", folder / "personas.yaml")
    url = f"sqlite:///{tmp_path / 'workspace.sqlite'}"
    with open_store(url).session() as s:
        for name, alerts in ALERTS.items():
            add_user(s, f"{name}.runs@example.com", f"{name}_runs", None, "viewer") \
                .run_alerts = alerts
    for key, value in {"JOURNEYMAP_WORKSPACE_DB": url, "JOURNEYMAP_SMTP_HOST": "127.0.0.1",
                       "JOURNEYMAP_SMTP_PORT": str(smtp_sink.port),
                       "JOURNEYMAP_WEBHOOK_URL": webhook.url,
                       "JOURNEYMAP_BASE_URL": "https://journeys.example.com"}.items():
        monkeypatch.setenv(key, value)
    return folder


def notifications(url: str) -> dict[str, list[str]]:
    with open_store(url).session() as s:
        rows = s.execute(select(User.name, Notification.text).join(
            Notification, Notification.user_id == User.id).where(Notification.kind == "run"))
        found: dict[str, list[str]] = {}
        for name, text in rows:
            found.setdefault(name, []).append(text)
        return found


def test_each_finished_run_reports_its_checks_and_drift_once(
    project: Path, monkeypatch, smtp_sink, webhook, tmp_path: Path
):
    defs = build_definitions(Settings.for_project(project), start_date="2026-05-01")
    job = defs.resolve_job_def(JOB_NAME)
    sensor = defs.resolve_sensor_def("run_reports_sensor")
    resources = resources_for(Settings.for_project(project))
    url = from_env().collab_url
    hooks_before = len(webhook.bodies)
    with dg.DagsterInstance.ephemeral() as instance:
        first = job.execute_in_process(instance=instance)
        write_samples(tmp_path / "more", customers=150, seed=11)  # new exports arrive
        shutil.copytree(tmp_path / "more" / "exports", project / "exports" / "batch2")
        monkeypatch.setenv("JOURNEYMAP_MAX_QUARANTINE_RATE", "0.00001")  # this check fails
        second = build_definitions(Settings.for_project(project), start_date="2026-05-01") \
            .resolve_job_def(JOB_NAME).execute_in_process(instance=instance)
        assert first.success and second.success  # a failed check never fails the run
        with dg.build_sensor_context(instance=instance, resources=resources) as context:
            result = sensor(context)
            cursor = context.cursor
        assert isinstance(result, dg.SkipReason) and "reported runs" in result.skip_message
        with dg.build_sensor_context(instance=instance, resources=resources,
                                     cursor=cursor) as context:
            assert "no run finished" in sensor(context).skip_message
        with dg.build_sensor_context(instance=instance, resources=resources) as context:
            assert "reported before" in sensor(context).skip_message  # never twice

    with open_store(url).session() as s:
        reports = list(s.scalars(select(RunReport).order_by(RunReport.finished_at)))
    assert [r.run_id for r in reports] == [first.run_id, second.run_id]
    assert all(r.snapshot and r.status == "success" for r in reports)
    told = notifications(url)
    assert len(told["ana_runs"]) == 2  # every run
    assert len(told["ben_runs"]) == 1  # the run with a problem only
    assert "vic_runs" not in told
    problem = told["ben_runs"][0]
    passed, checks = map(int, re.search(rf"Run {second.run_id[:8]} success: (\d+) of (\d+) "
                                        "checks passed", problem).groups())
    assert passed == checks - 1
    assert "quarantine_rate_under_threshold on touchpoints failed" in problem
    assert re.search(r"b2b_evaluator: conversion [+-][\d.]+ pts, fitness [+-][\d.]+, "
                     r"journeys \+\d+", problem)  # each map's drift since the first run
    assert wait_for(lambda: sum("quarantine_rate_under_threshold" in m.get_content()
                                for m in smtp_sink.messages
                                if m["To"] == "ben.runs@example.com") == 1)
    hooks = webhook.bodies[hooks_before:]
    assert len(hooks) == 2  # one message per run for the team's channel
    assert f"<https://journeys.example.com/?as_of={reports[1].snapshot}|open>" in hooks[1]["text"]

    config = from_env(snapshots_dir=project / "snapshots")
    services = make_services(config)
    reader = SnapshotReader(config.snapshots_dir)
    try:
        with services.store.session() as s:
            ana_id = s.scalar(select(User.id).where(User.name == "ana_runs"))
        page = str(render_page(reader, "/", "", Access(ana_id, "ana_runs", {"*": "viewer"}),
                               services))
    finally:
        reader.close()
    assert "checks-table" in page and "quarantine_rate_under_threshold" in page
    assert "failed" in page and second.run_id[:8] in page
    assert "journeys +" in page  # since the previous run, per persona
