"""Dashboards: the workspace where teams open the maps, comment, own opportunities and edit
designed maps, served from read-only snapshots of the pipeline's results.

Public functions: `publish_snapshot` (the pipeline calls it after each run),
`latest_snapshot`, `build_workspace` (the WSGI app `journeymap serve` runs).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dashboards.snapshots import latest_snapshot, list_snapshots, publish_snapshot

if TYPE_CHECKING:
    from flask import Flask

    from dashboards.config import WorkspaceConfig


def build_workspace(config: WorkspaceConfig) -> Flask:
    """The workspace as a Flask (WSGI) app: sign-in and role checks, the Dash pages over the
    snapshots, the collaboration actions and exports, and the security headers."""
    from dashboards.actions import install_actions
    from dashboards.app import create_app
    from dashboards.auth import install_guard
    from dashboards.exports import install_exports
    from dashboards.reader import SnapshotReader
    from dashboards.server import add_security_headers
    from dashboards.services import make_services

    services = make_services(config.validate())
    reader = SnapshotReader(config.snapshots_dir)
    app = create_app(reader, services)
    install_guard(app.server, services)
    install_actions(app.server, services)
    install_exports(app.server, reader, services)
    add_security_headers(app.server, app.csp_hashes())
    return app.server


__all__ = ["build_workspace", "latest_snapshot", "list_snapshots", "publish_snapshot"]
