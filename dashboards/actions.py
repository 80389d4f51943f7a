"""The workspace's writes, as plain form posts (they work without JavaScript too).

Each action checks the CSRF token and the user's role over the persona's map on the server
(403 otherwise), does one thing in the collaboration store, records it in the map's activity
feed when it changes a map, and redirects back to the page it came from (with `error=` when
the input was refused).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Flask, Response, g, redirect, request
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboards.auth import csrf_ok, safe_next
from dashboards.collab import backlog, comments, sharing, versions
from dashboards.collab import views as saved
from dashboards.collab.accounts import find_user, remove_role, set_role
from dashboards.collab.activity import record
from dashboards.collab.annotations import add_annotation, delete_annotation, parse_day
from dashboards.collab.models import RUN_ALERTS, WORKSPACE, Notification, ShareLink, User, now
from dashboards.collab.notify import notify
from dashboards.services import Services
from dashboards.urlstate import encode, href, parse
from journeymap.errors import JourneymapError

MAX_UPLOAD = 1_000_000  # bytes of an imported YAML map


def back(error: str | None = None, **state: object) -> Response:
    """Back to the page the form was on, with the refusal's message (or other state) in its
    URL."""
    target = safe_next(request.form.get("next"))
    extra = {"error": error, **state} if error or state else {}
    if extra:
        merged = parse(target.partition("?")[2]) | {k: v for k, v in extra.items() if v}
        target = target.partition("?")[0] + encode(merged)
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
            except KeyError as missing:
                return back(f"{missing.args[0]}: this field is required")
            except ValueError as error:
                return back(f"not a valid value: {error}")
        return run

    return wrap


def me(s: Session) -> User:
    """The signed-in user's row."""
    user = s.get(User, g.access.user_id)
    if user is None:
        raise JourneymapError("sign in first")
    return user


def map_link(path: str, persona: str) -> str:
    return href(path, {"persona": persona})


def install_actions(server: Flask, services: Services) -> None:
    install_comment_actions(server, services)
    install_map_actions(server, services)
    install_team_actions(server, services)
    install_view_actions(server, services)


def install_comment_actions(server: Flask, services: Services) -> None:
    store, delivery = services.store, services.delivery

    @server.post("/actions/comment")
    @guarded("editor")
    def _comment():
        form = request.form
        with store.session() as s:
            comments.add_comment(s, delivery, me(s), form["persona"], form.get("element", "map"),
                                 form["body"], safe_next(form.get("next")),
                                 int(form["parent_id"]) if form.get("parent_id") else None)

    @server.post("/actions/comment/resolve")
    @guarded("editor")
    def _resolve():
        with store.session() as s:
            comments.resolve_comment(s, int(request.form["comment_id"]), request.form["persona"],
                                     me(s))

    @server.post("/actions/backlog")
    @guarded("editor")
    def _backlog():
        form = request.form
        persona, subject, status = form["persona"], form["subject"], form["status"]
        with store.session() as s:
            owner = find_user(s, form["owner"]) if form.get("owner") else None
            backlog.update(s, persona, subject, owner, status)
            record(s, persona, me(s), "backlog",
                   f"set {subject} to {status}, owner {owner.name if owner else 'nobody'}",
                   map_link("/backlog", persona))
            if owner is not None and owner.id != g.access.user_id:
                notify(s, delivery, owner, "assignment",
                       f"{g.access.user_name} assigned you {subject} on {persona} ({status})",
                       map_link("/backlog", persona))

    @server.post("/actions/annotation")
    @guarded("editor")
    def _annotate():
        form = request.form
        persona = form.get("persona") or None
        with store.session() as s:
            mark = add_annotation(s, me(s), parse_day(form["day"]), form["label"], persona)
            for p in [persona] if persona else []:
                record(s, p, me(s), "date", f"marked {mark.day.isoformat()}: {mark.label}",
                       map_link("/funnel", p))

    @server.post("/actions/annotation/delete")
    @guarded("editor")
    def _unannotate():
        with store.session() as s:
            mark = delete_annotation(s, int(request.form["annotation_id"]))
            if (mark.persona or None) != (request.form.get("persona") or None):
                raise JourneymapError("persona: the annotation is not on this map")
            if mark.persona:
                record(s, mark.persona, me(s), "date",
                       f"removed the date {mark.day.isoformat()}: {mark.label}",
                       map_link("/funnel", mark.persona))

    @server.post("/actions/notifications/read")
    @guarded("viewer")
    def _read():
        with store.session() as s:
            for row in s.scalars(select(Notification).where(
                    Notification.user_id == g.access.user_id, Notification.read_at.is_(None))):
                row.read_at = now()

    @server.post("/actions/notifications/runs")
    @guarded("viewer")
    def _run_alerts():
        choice = request.form["run_alerts"]
        if choice not in RUN_ALERTS:
            raise JourneymapError(f"run_alerts: {choice!r} is not one of {', '.join(RUN_ALERTS)}")
        with store.session() as s:
            me(s).run_alerts = choice


def install_map_actions(server: Flask, services: Services) -> None:
    store, config = services.store, services.config

    def saved_version(s: Session, persona: str, version, verb: str) -> Response:
        record(s, persona, me(s), "version", f"{verb} version {version.number}"
               + (f": {version.message}" if version.message else ""),
               href("/editor", {"persona": persona, "a": max(version.number - 1, 1),
                                "b": version.number}))
        return redirect(href("/editor", {"persona": persona, "saved": version.number}), code=303)

    @server.post("/actions/map")
    @guarded("editor")
    def _save_map():
        form = request.form
        with store.session() as s:
            version = versions.save_version(s, form["persona"], form["yaml"], me(s),
                                            form.get("message", ""), config.writable_designed)
            return saved_version(s, form["persona"], version, "saved")

    @server.post("/actions/map/import")
    @guarded("editor")
    def _import_map():
        persona, upload = request.form["persona"], request.files.get("file")
        if upload is None or not upload.filename:
            raise JourneymapError("file: choose a YAML file to import")
        content = upload.stream.read(MAX_UPLOAD + 1)
        if len(content) > MAX_UPLOAD:
            raise JourneymapError(f"file: {upload.filename} is larger than {MAX_UPLOAD} bytes")
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError as error:
            raise JourneymapError(f"file: {upload.filename} is not UTF-8 text") from error
        with store.session() as s:
            version = versions.import_text(s, persona, text, me(s), upload.filename,
                                           config.writable_designed)
            return saved_version(s, persona, version, "imported")

    @server.post("/actions/map/restore")
    @guarded("editor")
    def _restore():
        form = request.form
        with store.session() as s:
            old = versions.version(s, form["persona"], int(form["number"]))
            version = versions.save_version(s, form["persona"], old.yaml, me(s),
                                            f"restored version {old.number}",
                                            config.writable_designed)
            return saved_version(s, form["persona"], version, "restored")


def install_team_actions(server: Flask, services: Services) -> None:
    store, config = services.store, services.config

    @server.post("/actions/share")
    @guarded("editor")
    def _share():
        hours = min(max(float(request.form.get("hours") or 72), 0.01), 24 * 90)
        path = safe_next(request.form.get("path"))
        with store.session() as s:
            token = sharing.create_link(s, config.secret_key, me(s), path, hours)
        return redirect(f"/shares?created={token}", code=303)

    @server.post("/actions/share/revoke")
    @guarded("editor")
    def _revoke():
        with store.session() as s:
            link = s.get(ShareLink, int(request.form["link_id"]))
            if link is not None and (link.created_by == g.access.user_id
                                     or g.access.can("owner")):
                sharing.revoke_link(s, link.id)

    @server.post("/actions/role")
    def _role():
        """Grant (or with no role, remove) a role over one map or the whole workspace: a
        workspace owner may grant any, a map's owner roles over that map only."""
        scope = request.form.get("scope") or WORKSPACE
        if not csrf_ok(g.access):
            return Response("missing or wrong CSRF token", status=403)
        if not g.access.can("owner", None if scope == WORKSPACE else scope) or (
                scope == WORKSPACE and not g.access.can("owner")):
            return Response("you need the owner role over this map", status=403)
        try:
            with store.session() as s:
                user, role = find_user(s, request.form["user"]), request.form.get("role", "")
                if role:
                    set_role(s, user, role, scope)
                else:
                    remove_role(s, user, scope)
                if scope != WORKSPACE:
                    record(s, scope, me(s), "role",
                           f"gave {user.name} the {role} role" if role
                           else f"removed {user.name}'s role", "/team")
        except (JourneymapError, KeyError) as error:
            return back(str(error))
        return back()


def install_view_actions(server: Flask, services: Services) -> None:
    from dashboards.digest import send_digest  # the digest renders views: loaded when used

    store = services.store

    @server.post("/actions/view")
    @guarded("viewer")
    def _save_view():
        with store.session() as s:
            saved.save_view(s, me(s), request.form["name"], safe_next(request.form.get("path")))
        return redirect("/views", code=303)

    @server.post("/actions/view/digest")
    @guarded("viewer")
    def _digest():
        with store.session() as s:
            saved.set_digest(saved.owned_view(s, g.access.user_id, int(request.form["view_id"])),
                             request.form["digest"])

    @server.post("/actions/view/delete")
    @guarded("viewer")
    def _delete_view():
        with store.session() as s:
            s.delete(saved.owned_view(s, g.access.user_id, int(request.form["view_id"])))

    @server.post("/actions/view/send")
    @guarded("viewer")
    def _send_view():
        with store.session() as s:
            view = saved.owned_view(s, g.access.user_id, int(request.form["view_id"]))
            user = me(s)
        sent = send_digest(services, view.id, user.id, base_url=server.config.get("SELF_URL"))
        return back(sent=f"{sent.view} to {sent.to}")
