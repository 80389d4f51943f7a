"""Fixtures of the workspace tests: snapshots of the sample store, and a running workspace."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboards import build_workspace, publish_snapshot
from dashboards.collab import open_store
from dashboards.collab.accounts import add_user
from dashboards.config import WorkspaceConfig
from dashboards.server import RunningServer, start_in_thread
from tests.dashboards.http import PASSWORD, TEAM
from tests.dashboards.receivers import SmtpSink, WebhookReceiver
from tests.dashboards.serve import ServeProcess


@pytest.fixture(scope="session")
def sample_snapshots(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A snapshots folder holding one snapshot of the sample store (never written again)."""
    folder = tmp_path_factory.mktemp("snapshots")
    publish_snapshot(sample_store, folder)
    return folder


@pytest.fixture(scope="session")
def open_workspace(sample_snapshots: Path) -> Iterator[RunningServer]:
    """The workspace without authentication (one local analyst) on a free loopback port."""
    config = WorkspaceConfig(snapshots_dir=sample_snapshots, collab_url="sqlite://")
    running = start_in_thread(build_workspace(config))
    yield running
    running.stop()


@pytest.fixture(scope="session")
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture(scope="session")
def webhook() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture(scope="session")
def team_workspace(
    sample_snapshots: Path, sample_project: Path, smtp_sink: SmtpSink, webhook: WebhookReceiver,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[ServeProcess]:
    """`journeymap serve` with accounts (password sign-in), a SQLite collaboration store file,
    email to the SMTP sink and a webhook to the local receiver; ana owner, ben editor,
    vic viewer."""
    folder = tmp_path_factory.mktemp("team")
    url = f"sqlite:///{folder / 'workspace.sqlite'}"
    store = open_store(url)
    with store.session() as s:
        for name, (email, role) in TEAM.items():
            add_user(s, email, name, PASSWORD, role)
    store.engine.dispose()
    running = ServeProcess(sample_snapshots, {
        "JOURNEYMAP_AUTH": "password", "JOURNEYMAP_WORKSPACE_DB": url,
        "JOURNEYMAP_SMTP_HOST": "127.0.0.1", "JOURNEYMAP_SMTP_PORT": str(smtp_sink.port),
        "JOURNEYMAP_WEBHOOK_URL": webhook.url, "JOURNEYMAP_SECRET_KEY": "test secret",
        "JOURNEYMAP_DESIGNED": str(sample_project / "designed"),
    }, folder / "serve.log")
    yield running
    running.stop()
