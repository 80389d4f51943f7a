"""The workspace's Dash app: a page per URL path, drawn from the newest snapshot (or the one
the URL's `as_of` names) and from the URL's query string alone, for the user `flask.g.access`
describes (see `dashboards.auth`).

`create_app` builds the app over a `SnapshotReader` and the collaboration `Services`.
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, dcc, html, no_update
from flask import g, has_request_context

from dashboards.access import Access, Forbidden
from dashboards.components import notice
from dashboards.forms import hidden
from dashboards.pages import (
    Layout,
    View,
    backlog,
    compare,
    editor,
    explorer,
    funnel,
    inbox,
    journey,
    overview,
    shares,
)
from dashboards.reader import SnapshotReader
from dashboards.services import Services
from dashboards.urlstate import encode, parse
from journeymap.errors import JourneymapError

PAGES: dict[str, tuple[str, Layout]] = {
    "/": ("Overview", overview.layout),
    "/journey": ("Journey map", journey.layout),
    "/explorer": ("Observed map", explorer.layout),
    "/funnel": ("Funnel", funnel.layout),
    "/compare": ("Comparisons", compare.layout),
    "/backlog": ("Backlog", backlog.layout),
    "/editor": ("Editor", editor.layout),
    "/inbox": ("Inbox", inbox.layout),
    "/shares": ("Share links", shares.layout),
}
NEEDS_ACCOUNT = {"/inbox", "/shares", "/backlog", "/editor"}  # pages of the collaboration store
EXPLORER_INPUTS = [Input(f"explorer-{key}", "value") for key in explorer.CONTROLS]


def navigation() -> html.Nav:
    return html.Nav(
        [html.Span("journeymap", className="brand")]
        + [dcc.Link(title, href=path, className="nav-link", id=f"nav{path.replace('/', '-')}")
           for path, (title, _) in PAGES.items() if path != "/shares"]
        + [html.Span(id="nav-user", className="user")],
        className="topnav", id="topnav",
    )


def user_bar(view: View, pathname: str, search: str) -> html.Div | None:
    """Who is signed in, sharing the current view, signing out."""
    access = view.access
    if access.shared_path is not None:
        return html.P("Read-only shared view.", className="as-of", id="shared-banner")
    if view.services is None or not access.csrf:
        return None
    share = html.Form([hidden("csrf_token", access.csrf), hidden("next", pathname),
                       hidden("path", pathname + search), hidden("hours", 72),
                       html.Button("Share this view", type="submit", id="share-button")],
                      method="POST", action="/actions/share", className="inline-form")
    logout = html.Form([hidden("csrf_token", access.csrf),
                        html.Button("Sign out", type="submit", id="logout")],
                       method="POST", action="/logout", className="inline-form")
    return html.Div([html.Span(["Signed in as ", html.B(access.user_name, id="user-name")]),
                     dcc.Link("Share links", href="/shares"), share, logout],
                    className="userbar")


def render_page(reader: SnapshotReader, pathname: str | None, search: str | None,
                access: Access | None = None, services: Services | None = None) -> object:
    """The page at `pathname`, drawn from the snapshot and the query string for `access`
    (a share link's visitor always gets the link's own view)."""
    access = access or Access.local()
    if access.shared_path is not None:
        pathname, _, search = access.shared_path.partition("?")
    pathname, search = pathname or "/", f"?{search.lstrip('?')}" if search else ""
    state = parse(search)
    _, page = PAGES.get(pathname, (None, None))
    if page is None or (pathname in NEEDS_ACCOUNT and services is None):
        return notice(f"No page at {pathname}.", "Not found.")
    try:
        with reader.cursor(state.get("as_of")) as (snapshot, con):
            view = View(con, snapshot, state, access, services)
            body = page(view)
    except Forbidden as refusal:
        return notice(str(refusal), "No access.")
    except JourneymapError as error:
        return notice(str(error), "No results to show.")
    as_of = state.get("as_of")
    banner = html.P(["As of snapshot ", html.B(as_of), " — ",
                     dcc.Link("see the latest", href=pathname)],
                    className="as-of") if as_of else None
    return html.Div([user_bar(view, pathname, search), banner, body], id="page-body",
                    **{"data-snapshot": snapshot})


def explorer_search(search: str | None, values: tuple) -> str:
    """The explorer's query string after a control changed (the `as_of` kept)."""
    state = {"as_of": parse(search).get("as_of")}
    state.update(dict(zip(explorer.CONTROLS, values, strict=True)))
    return encode(state)


def create_app(reader: SnapshotReader, services: Services | None = None,
               title: str = "journeymap workspace") -> Dash:
    """The Dash app over the snapshots `reader` serves (collaboration pages with `services`)."""
    app = Dash(__name__, title=title, update_title=None, suppress_callback_exceptions=True,
               serve_locally=True)
    app.layout = html.Div([dcc.Location(id="url", refresh="callback-nav"), navigation(),
                           html.Main(id="page", className="page")])

    @app.callback(Output("page", "children"), Input("url", "pathname"), Input("url", "search"))
    def _page(pathname: str | None, search: str | None) -> object:
        access = g.access if has_request_context() and "access" in g else None
        return render_page(reader, pathname, search, access, services)

    @app.callback(Output("url", "search"), *EXPLORER_INPUTS, State("url", "search"),
                  prevent_initial_call=True)
    def _explorer(*args: object) -> str:
        *values, search = args
        new = explorer_search(search, tuple(values))
        return no_update if new == (search or "") else new

    return app
