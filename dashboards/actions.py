"""The workspace's writes, as plain form posts (they work without JavaScript too).

Each action checks the CSRF token and the user's role over the persona's map on the server
(403 otherwise), does one thing in the collaboration store, and redirects back to the page
it came from (with `error=` when the input was refused).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Flask, Response, g, redirect, request
from sqlalchemy import select

from dashboards.auth import csrf_ok, safe_next
from dashboards.collab import backlog, comments, sharing, versions
from dashboards.collab.accounts import find_user
from dashboards.collab.models import Notification, ShareLink, now
from dashboards.collab.notify import notify
from dashboards.services import Services
from dashboards.urlstate import encode, href, parse
from journeymap.errors import JourneymapError


def back(error: str | None = None) -> Response:
    """Back to the page the form was on, with the refusal's message in its URL."""
    target = safe_next(request.form.get("next"))
    if error:
        state = parse(target.partition("?")[2]) | {"error": error}
        target = target.partition("?")[0] + encode(state)
    return redirect(target, code=303)


def guarded(needed: str) -> Callable:
    """An action needing the CSRF token and role `needed` over the form's persona."""

    def wrap(func: Callable) -> Callable:
        @wraps(func)
        def run(*args, **kwargs):
            if not csrf_ok(g.access):
                return Response("missing or wrong CSRF token", status=403)
            persona = request.form.get("persona") or None
            if not g.access.can(needed, persona):
                return Response(f"you need the {needed} role on this map", status=403)
            try:
                return func(*args, **kwargs) or back()
            except JourneymapError as error:
                return back(str(error))
        return run

    return wrap


def install_actions(server: Flask, services: Services) -> None:
    store, config, delivery = services.store, services.config, services.delivery

    @server.post("/actions/comment")
    @guarded("editor")
    def _comment():
        form = request.form
        with store.session() as s:
            author = find_user(s, g.access.user_name)
            comments.add_comment(s, delivery, author, form["persona"], form["element"],
                                 form["body"], safe_next(form.get("next")),
                                 int(form["parent_id"]) if form.get("parent_id") else None)

    @server.post("/actions/comment/resolve")
    @guarded("editor")
    def _resolve():
        with store.session() as s:
            comments.resolve_comment(s, int(request.form["comment_id"]), request.form["persona"])

    @server.post("/actions/share")
    @guarded("editor")
    def _share():
        hours = min(max(float(request.form.get("hours") or 72), 0.01), 24 * 90)
        path = safe_next(request.form.get("path"))
        with store.session() as s:
            token = sharing.create_link(s, config.secret_key, find_user(s, g.access.user_name),
                                        path, hours)
        return redirect(f"/shares?created={token}", code=303)

    @server.post("/actions/share/revoke")
    @guarded("editor")
    def _revoke():
        with store.session() as s:
            link = s.get(ShareLink, int(request.form["link_id"]))
            if link is not None and (link.created_by == g.access.user_id
                                     or g.access.can("owner")):
                sharing.revoke_link(s, link.id)

    @server.post("/actions/map")
    @guarded("editor")
    def _save_map():
        form = request.form
        with store.session() as s:
            saved = versions.save_version(s, form["persona"], form["yaml"],
                                          find_user(s, g.access.user_name),
                                          form.get("message", ""), config.writable_designed)
        return redirect(f"/editor?persona={form['persona']}&saved={saved.number}", code=303)

    @server.post("/actions/map/restore")
    @guarded("editor")
    def _restore():
        form = request.form
        with store.session() as s:
            old = versions.version(s, form["persona"], int(form["number"]))
            versions.save_version(s, form["persona"], old.yaml, find_user(
                s, g.access.user_name), f"restored version {old.number}",
                config.writable_designed)

    @server.post("/actions/backlog")
    @guarded("editor")
    def _backlog():
        form = request.form
        with store.session() as s:
            owner = find_user(s, form["owner"]) if form.get("owner") else None
            backlog.update(s, form["persona"], form["subject"], owner, form["status"])
            if owner is not None and owner.id != g.access.user_id:
                notify(s, delivery, owner, "assignment",
                       f"{g.access.user_name} assigned you {form['subject']} on "
                       f"{form['persona']} ({form['status']})",
                       href("/backlog", {"persona": form["persona"]}))

    @server.post("/actions/notifications/read")
    @guarded("viewer")
    def _read():
        with store.session() as s:
            for row in s.scalars(select(Notification).where(
                    Notification.user_id == g.access.user_id, Notification.read_at.is_(None))):
                row.read_at = now()
