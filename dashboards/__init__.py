"""Dashboards: the workspace where teams open the maps, comment, own opportunities and edit
designed maps, served from read-only snapshots of the pipeline's results.

Public functions: `publish_snapshot` (the pipeline calls it after each run),
`latest_snapshot`, `build_workspace` (the WSGI app `journeymap serve` runs), `report_run` (the
pipeline's sensor tells the team of a finished run: `RunOutcome`, `CheckOutcome`) and
`send_due_digests` (the digest schedule mails the saved views that are due).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from dashboards.runs import CheckOutcome, Report, RunOutcome
from dashboards.snapshots import latest_snapshot, list_snapshots, publish_snapshot

if TYPE_CHECKING:
    from flask import Flask

    from dashboards.config import WorkspaceConfig
    from dashboards.digest import Sent


def build_workspace(config: WorkspaceConfig) -> Flask:
    """The workspace as a Flask (WSGI) app: sign-in and role checks, the Dash pages over the
    snapshots (each new one prepared in the background), the collaboration actions and
    exports, the security headers and the caching of static files."""
    from dashboards.actions import install_actions
    from dashboards.app import create_app, prepare_snapshot
    from dashboards.auth import install_guard
    from dashboards.exports import install_exports
    from dashboards.reader import SnapshotReader
    from dashboards.server import add_security_headers, answer_unchanged, trust_proxies
    from dashboards.services import make_services

    services = make_services(config.validate())
    reader = SnapshotReader(config.snapshots_dir)
    app = create_app(reader, services)
    reader.prepare_with(partial(prepare_snapshot, reader))
    install_guard(app.server, services)
    install_actions(app.server, services)
    install_exports(app.server, reader, services)
    add_security_headers(app.server, app.csp_hashes())
    answer_unchanged(app.server)
    trust_proxies(app.server, config.trusted_proxies)
    return app.server


def report_run(outcome: RunOutcome, snapshots_dir: Path) -> Report | None:
    """Tell the workspace's users of a finished pipeline run, configured from the environment
    like `journeymap serve` (None when the run was reported before)."""
    from dashboards.config import from_env
    from dashboards.runs import report_run as report
    from dashboards.services import make_services

    return report(make_services(from_env(snapshots_dir=snapshots_dir)), outcome)


def send_due_digests(snapshots_dir: Path) -> list[Sent]:
    """Mail every saved view whose digest is due, configured from the environment."""
    from dashboards.config import from_env
    from dashboards.digest import send_due_digests as send

    return send(from_env(snapshots_dir=snapshots_dir))


__all__ = ["CheckOutcome", "RunOutcome", "build_workspace", "latest_snapshot", "list_snapshots",
           "publish_snapshot", "report_run", "send_due_digests"]
