"""Downloads of the workspace: the backlog as CSV and a designed-map version as YAML, each
checked against the user's role like a page."""

from __future__ import annotations

import re

from flask import Flask, Response, g, request

from dashboards.collab import backlog, versions
from dashboards.pages import View
from dashboards.pages.backlog import rows
from dashboards.reader import SnapshotReader
from dashboards.services import Services


def file_safe(name: str) -> str:
    """A name fit for a download's file name header."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)[:100] or "map"


def install_exports(server: Flask, reader: SnapshotReader, services: Services) -> None:

    @server.get("/export/backlog.csv")
    def _backlog_csv():
        persona = request.args.get("persona", "")
        if g.access.shared_path is not None or not g.access.can("viewer", persona):
            return Response("you have no role on this map", status=403)
        with reader.cursor(request.args.get("as_of")) as (snapshot, con):
            view = View(con, snapshot, {"persona": persona}, g.access, services)
            text = backlog.to_csv(rows(view, persona))
        return Response(text, mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="backlog-{file_safe(persona)}.csv"'})

    @server.get("/export/map.yaml")
    def _map_yaml():
        persona = request.args.get("persona", "")
        if g.access.shared_path is not None or not g.access.can("viewer", persona):
            return Response("you have no role on this map", status=403)
        with services.store.session() as s:
            found = versions.latest(s, persona) if not request.args.get("version") else \
                versions.version(s, persona, int(request.args["version"]))
            text = found.yaml if found else ""
        return Response(text, mimetype="application/yaml", headers={
            "Content-Disposition": f'attachment; filename="{file_safe(persona)}.yaml"'})
