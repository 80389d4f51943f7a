"""Downloads of the workspace: the backlog as CSV, a designed-map version as YAML, and the
current view as PNG or PDF, each checked against the user's role like a page (a picture of a
view is taken as the user, so it shows what their page shows; see `dashboards.render`)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from flask import Flask, Response, g, request

from dashboards.auth import SESSION_COOKIE, SHARE_COOKIE, safe_next
from dashboards.collab import backlog, versions
from dashboards.pages import View
from dashboards.pages.backlog import rows
from dashboards.reader import SnapshotReader
from dashboards.render import MIME, Visitor, render_view
from dashboards.services import Services
from journeymap.errors import JourneymapError


def file_safe(name: str) -> str:
    """A name fit for a download's file name header."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)[:100] or "map"


def install_exports(server: Flask, reader: SnapshotReader, services: Services) -> None:
    install_view_export(server, services)

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


def requester(services: Services) -> Visitor:
    """The request's own credentials, for Chromium to load the view as the same user."""
    cookies = {k: v for k in (SESSION_COOKIE, SHARE_COOKIE) if (v := request.cookies.get(k))}
    header = services.config.auth_header
    headers = {header: request.headers[header]} \
        if services.config.auth == "header" and header in request.headers else {}
    return Visitor(cookies, headers)


def install_view_export(server: Flask, services: Services) -> None:

    @server.get("/export/view.<fmt>")
    def _view_picture(fmt: str):
        if fmt not in MIME:
            return Response("export as png or pdf", status=404)
        access = g.access
        path = access.shared_path if access.shared_path is not None \
            else safe_next(request.args.get("path"))
        own = server.config.get("SELF_URL")
        if not own:
            return Response("exporting needs the server's own address (journeymap serve sets "
                            "it)", status=503)
        try:
            picture = render_view(own, path, fmt, requester(services))
        except JourneymapError as error:
            return Response(str(error), status=503, mimetype="text/plain")
        page = file_safe(path.partition("?")[0].strip("/") or "overview")
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
        return Response(picture, mimetype=MIME[fmt], headers={
            "Content-Disposition": f'attachment; filename="journeymap-{page}-{stamp}.{fmt}"'})
