"""Signing in, and the check every request passes before any page, figure or action.

`install_guard` resolves who is asking (login-session cookie, the SSO header set by an
authenticating proxy, or a share link's cookie) into `flask.g.access`, and refuses what they
may not reach: no identity -> the login page (or 401 for the app's API); a share-link visitor
-> read-only requests only (403 otherwise). Role checks per map happen in pages and actions.
"""

from __future__ import annotations

import hmac
from html import escape
from urllib.parse import quote, urlsplit

from flask import Flask, Response, g, redirect, request
from sqlalchemy import select

from dashboards.access import Access
from dashboards.collab.accounts import authenticate, end_session, session_of, start_session
from dashboards.collab.limits import clear_failures, record_failure, retry_after
from dashboards.collab.models import User
from dashboards.collab.sharing import open_link
from dashboards.services import Services

SESSION_COOKIE = "jm_session"
SHARE_COOKIE = "jm_share"
OPEN_PATHS = ("/login", "/assets/", "/_dash-component-suites/", "/_favicon.ico", "/favicon.ico",
              "/s/")
READ_ONLY_POSTS = ("/_dash-update-component",)  # Dash's page drawing: reads, never writes


def safe_next(target: str | None) -> str:
    """A redirect target on this site only (never another host)."""
    parts = urlsplit(target or "/")
    if parts.scheme or parts.netloc or not (target or "/").startswith("/"):
        return "/"
    return target or "/"


def cookie(response: Response, name: str, value: str, max_age: int | None) -> None:
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="Lax",
                        secure=request.is_secure, path="/")


def resolve(services: Services) -> Access | None:
    """Who is asking, from the cookies or the proxy's header."""
    config = services.config
    if config.auth == "none":
        local = services.local_user_id()
        return Access(local, "local", services.roles_of(local),
                      csrf=csrf_for(config.secret_key, "local"))
    if config.auth == "header" and request.headers.get(config.auth_header):
        with services.store.session() as s:
            user = s.scalar(select(User).where(
                User.email == request.headers[config.auth_header], User.disabled.is_(False)))
            if user is not None:
                return Access(user.id, user.name, services.roles_of(user.id),
                              csrf=csrf_for(config.secret_key, user.email))
    with services.store.session() as s:
        found = session_of(s, request.cookies.get(SESSION_COOKIE))
        if found is not None:
            user, login = found
            return Access(user.id, user.name, services.roles_of(user.id), csrf=login.csrf_token)
        link = open_link(s, config.secret_key, request.cookies.get(SHARE_COOKIE, ""))
        if link is not None:
            return Access(None, "shared link", {}, shared_path=link.path)
    return None


def csrf_for(secret: str, who: str) -> str:
    """A CSRF token bound to the user, for modes without a login session of ours."""
    return hmac.new(secret.encode(), f"csrf:{who}".encode(), "sha256").hexdigest()


def csrf_ok(access: Access) -> bool:
    """A state-changing request carries the user's token, in the form or a header."""
    sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
    return bool(access.csrf) and hmac.compare_digest(sent, access.csrf)


def login_page(error: str = "", target: str = "/") -> str:
    """The sign-in form (server-side HTML; every value escaped)."""
    note = f'<p class="error" id="login-error">{escape(error)}</p>' if error else ""
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>Sign in · journeymap"
        '</title><link rel=stylesheet href="/assets/workspace.css"></head><body>'
        '<main class="page"><h1>Sign in to the workspace</h1>'
        f'<form class="card" method="post" action="/login">{note}'
        '<label>Email<input name="email" type="email" autocomplete="username" required></label>'
        '<label>Password<input name="password" type="password" '
        'autocomplete="current-password" required></label>'
        f'<input type="hidden" name="next" value="{escape(safe_next(target))}">'
        '<input type="submit" value="Sign in" id="login-submit"></form></main></body></html>'
    )


def install_guard(server: Flask, services: Services) -> None:
    """The sign-in routes and the check before every request."""

    @server.before_request
    def _guard():
        if request.path.startswith(OPEN_PATHS):
            return None
        access = resolve(services)
        if access is None:
            if request.method == "GET" and not request.path.startswith("/_dash"):
                return redirect(f"/login?next={quote(request.full_path.rstrip('?'))}")
            return Response("sign in first", status=401)
        if access.shared_path is not None and request.method != "GET" \
                and request.path not in READ_ONLY_POSTS:
            return Response("a shared link is read-only", status=403)
        g.access = access
        return None

    @server.get("/login")
    def _login_form():
        return login_page(target=request.args.get("next", "/"))

    @server.post("/login")
    def _login():
        """Sign in, unless this account or address has failed too often lately (429)."""
        target = safe_next(request.form.get("next"))
        email, address = request.form.get("email", ""), request.remote_addr
        with services.store.session() as s:
            wait = retry_after(s, email, address)
        if wait:
            minutes = max(1, round(wait / 60))
            return login_page(f"Too many failed sign-ins: try again in {minutes} minute"
                              f"{'s' if minutes > 1 else ''}.", target), 429, \
                {"Retry-After": str(wait)}
        with services.store.session() as s:
            user = authenticate(s, email, request.form.get("password", ""))
            token = start_session(s, user) if user else None
            if token is None:
                record_failure(s, email, address)
            else:
                clear_failures(s, email)
        if token is None:
            return login_page("Wrong email or password.", target), 401
        response = redirect(target, code=303)
        cookie(response, SESSION_COOKIE, token, 14 * 24 * 3600)
        response.delete_cookie(SHARE_COOKIE, path="/")
        return response

    @server.post("/logout")
    def _logout():
        if not csrf_ok(g.access):
            return Response("missing or wrong CSRF token", status=403)
        with services.store.session() as s:
            end_session(s, request.cookies.get(SESSION_COOKIE))
        response = redirect("/login", code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @server.get("/api/me")
    def _me():
        """Who is signed in and their CSRF token (same-origin only: no CORS is allowed)."""
        access = g.access
        return {"name": access.user_name, "csrf_token": access.csrf,
                "shared": access.shared_path is not None}

    @server.get("/s/<token>")
    def _shared(token: str):
        with services.store.session() as s:
            link = open_link(s, services.config.secret_key, token)
            path = link.path if link else None
        if path is None:
            return Response("This link has expired or was revoked.", status=410)
        response = redirect(path, code=303)
        cookie(response, SHARE_COOKIE, token, None)
        return response
