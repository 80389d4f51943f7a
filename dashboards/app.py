"""The workspace's Dash app: a page per URL path, drawn from the newest snapshot (or the one
the URL's `as_of` names) and from the URL's query string alone, for the user `flask.g.access`
describes (see `dashboards.auth`).

`create_app` builds the app over a `SnapshotReader` and the collaboration `Services`.
"""

from __future__ import annotations

import logging
import threading
import time
from urllib.parse import urlencode

from dash import MATCH, ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update
from flask import g, has_request_context

from dashboards.access import Access, Forbidden
from dashboards.components import notice
from dashboards.forms import hidden
from dashboards.pages import (
    Layout,
    View,
    activity,
    backlog,
    compare,
    dates,
    editor,
    explorer,
    funnel,
    inbox,
    journey,
    overview,
    shares,
    team,
    views,
)
from dashboards.reader import SnapshotReader
from dashboards.services import Services
from dashboards.urlstate import encode, parse
from journeymap.errors import JourneymapError
from maps.render_data import list_personas

PAGES: dict[str, tuple[str, Layout]] = {
    "/": ("Overview", overview.layout),
    "/journey": ("Journey map", journey.layout),
    "/explorer": ("Observed map", explorer.layout),
    "/funnel": ("Funnel", funnel.layout),
    "/compare": ("Comparisons", compare.layout),
    "/backlog": ("Backlog", backlog.layout),
    "/editor": ("Editor", editor.layout),
    "/activity": ("Activity", activity.layout),
    "/inbox": ("Inbox", inbox.layout),
    "/shares": ("Share links", shares.layout),
    "/views": ("Saved views", views.layout),
    "/team": ("Team", team.layout),
    "/annotations": ("Dates", dates.layout),
}
IN_NAVIGATION = ("/", "/journey", "/explorer", "/funnel", "/compare", "/backlog", "/editor",
                 "/activity", "/inbox")
NEEDS_ACCOUNT = {"/inbox", "/shares", "/backlog", "/editor", "/activity", "/views", "/team",
                 "/annotations"}  # pages of the collaboration store
KEPT_BY_CONTROLS = ("as_of", "present")  # what a filter change keeps of the URL's state
# Parts of a page drawn right after it (placeholders from `components.deferred`), so the
# page's maps are drawn first: name -> builder of the part from the same view.
DEFERRED: dict[str, Layout] = {"comments": journey.comments_part, "funnel-more": funnel.more_part,
                               "compare-steps": compare.steps_part,
                               "compare-periods": compare.period_part,
                               "explorer-variants": explorer.variants_part}
EXPLORER_INPUTS = [Input(f"explorer-{key}", "value") for key in explorer.CONTROLS]
# Pages opened for a figure: opened from the address bar, they load Plotly's script while the
# server draws them (assets/plotly-early.js); other pages show their text without waiting for it.
FIGURE_FIRST = ("/journey", "/explorer", "/funnel", "/compare")
PREPARED_PERSONAS = 12  # personas whose figure pages a new snapshot is drawn for in advance
log = logging.getLogger(__name__)


def navigation() -> html.Nav:
    return html.Nav(
        [html.Span("journeymap", className="brand")]
        + [dcc.Link(PAGES[path][0], href=path, className="nav-link",
                    id=f"nav{path.replace('/', '-')}") for path in IN_NAVIGATION]
        + [html.Span(id="nav-user", className="user")],
        className="topnav", id="topnav",
    )


def view_tools(pathname: str, search: str) -> list:
    """Links that act on the current view: present it, export it as PNG or PDF."""
    state = parse(search)
    present = pathname + encode({**state, "present": 1})
    view = {"path": pathname + search}
    return [dcc.Link("Present", href=present, id="present-link"),
            html.A("PNG", href=f"/export/view.png?{urlencode(view)}", id="export-png"),
            html.A("PDF", href=f"/export/view.pdf?{urlencode(view)}", id="export-pdf")]


def user_bar(view: View, pathname: str, search: str) -> html.Div | None:
    """Who is signed in; sharing, saving, presenting and exporting the current view."""
    access = view.access
    if access.shared_path is not None:
        return html.Div([html.P("Read-only shared view.", className="as-of",
                                id="shared-banner"), *view_tools(pathname, search)],
                        className="userbar")
    if view.services is None or not access.csrf:
        return None
    here = pathname + search
    share = html.Form([hidden("csrf_token", access.csrf), hidden("next", here),
                       hidden("path", here), hidden("hours", 72),
                       html.Button("Share this view", type="submit", id="share-button")],
                      method="POST", action="/actions/share", className="inline-form")
    save = html.Form([hidden("csrf_token", access.csrf), hidden("next", here),
                      hidden("path", here),
                      dcc.Input(name="name", type="text", placeholder="Name this view",
                                maxLength=120, required=True, id="view-name"),
                      html.Button("Save view", type="submit", id="save-view")],
                     method="POST", action="/actions/view", className="inline-form")
    logout = html.Form([hidden("csrf_token", access.csrf),
                        html.Button("Sign out", type="submit", id="logout")],
                       method="POST", action="/logout", className="inline-form")
    return html.Div([
        html.Div([*view_tools(pathname, search), save, share], className="tools"),
        html.Div([html.Span(["Signed in as ", html.B(access.user_name, id="user-name")]),
                  dcc.Link("Saved views", href="/views"), dcc.Link("Share links", href="/shares"),
                  dcc.Link("Dates", href="/annotations"), dcc.Link("Team", href="/team"),
                  logout], className="account"),
    ], className="userbar")


def presenting_bar(pathname: str, search: str) -> html.Div:
    """In presentation mode: the way out, and how to move between the view's parts."""
    state = {k: v for k, v in parse(search).items() if k != "present"}
    return html.Div([dcc.Link("Exit presentation", href=pathname + encode(state),
                              id="exit-presentation"),
                     html.Span("← → move between parts · Esc leaves", className="hint")],
                    className="present-bar")


def seen_view(pathname: str | None, search: str | None, access: Access) -> tuple[str, str]:
    """The path and query string (with its "?") drawn for `access`: a share link's visitor
    always gets the link's own view."""
    if access.shared_path is not None:
        pathname, _, search = access.shared_path.partition("?")
    return pathname or "/", f"?{search.lstrip('?')}" if search else ""


def drawn_from(reader: SnapshotReader, build: Layout, state: dict[str, str], access: Access,
               services: Services | None, snapshot: str | None) -> tuple[View | None, object]:
    """`build(view)` over the snapshot named `snapshot` (else the newest), and the view; a
    refusal or missing data gives no view and a notice instead."""
    try:
        with reader.cursor(snapshot) as (name, con):
            view = View(con, name, state, access, services, reader.snapshots_dir)
            return view, build(view)
    except Forbidden as refusal:
        return None, notice(str(refusal), "No access.")
    except JourneymapError as error:
        return None, notice(str(error), "No results to show.")


def render_page(reader: SnapshotReader, pathname: str | None, search: str | None,
                access: Access | None = None, services: Services | None = None) -> object:
    """The page at `pathname`, drawn from the snapshot and the query string for `access`
    (a share link's visitor always gets the link's own view, presented when they ask)."""
    access = access or Access.local()
    presenting = parse(search).get("present") == "1"
    pathname, search = seen_view(pathname, search, access)
    state = parse(search)
    _, page = PAGES.get(pathname, (None, None))
    if page is None or (pathname in NEEDS_ACCOUNT and services is None):
        return notice(f"No page at {pathname}.", "Not found.")
    view, body = drawn_from(reader, page, state, access, services, state.get("as_of"))
    if view is None:
        return body
    as_of = state.get("as_of")
    banner = html.P(["As of snapshot ", html.B(as_of), " — ",
                     dcc.Link("see the latest", href=pathname)],
                    className="as-of") if as_of else None
    top = presenting_bar(pathname, search) if presenting else user_bar(view, pathname, search)
    return html.Div([top, banner, body], id="page-body",
                    className="presenting" if presenting else None,
                    **{"data-snapshot": view.snapshot})


def render_deferred(reader: SnapshotReader, part: str, pathname: str | None,
                    search: str | None, access: Access | None = None,
                    services: Services | None = None) -> object:
    """A part of the page the placeholder `part` ("name@snapshot") stands for, drawn from that
    same snapshot for `access` (the part checks the user's roles like its page does)."""
    access = access or Access.local()
    name, _, snapshot = part.partition("@")
    build = DEFERRED.get(name)
    if build is None or not snapshot:
        return notice(f"No part named {name!r}.", "Not found.")
    _, search = seen_view(pathname, search, access)
    return drawn_from(reader, build, parse(search), access, services, snapshot)[1]


def prepare_snapshot(reader: SnapshotReader, snapshot: str) -> None:
    """Draw the overview and the figure pages (with their deferred parts) of a new snapshot
    once, in the background, for its first `PREPARED_PERSONAS` personas, and throw them away:
    what they read and build from the snapshot is kept (`dashboards.memo`), so the first
    visitor after a run waits no longer than the next ones. Roles do not matter here (nothing
    drawn is shown), every page still checks the visitor's own."""
    started = time.perf_counter()
    access = Access.local()
    try:
        with reader.cursor(snapshot) as (_, con):
            names = list_personas(con)[:PREPARED_PERSONAS]
        views = [({}, overview.layout)] + [
            ({"persona": name}, build) for name in names
            for build in (*(PAGES[path][1] for path in FIGURE_FIRST), *DEFERRED.values())]
        for state, build in views:
            if not threading.main_thread().is_alive():
                return  # the process is ending
            drawn_from(reader, build, state, access, None, snapshot)
    except Exception:  # a page that cannot be drawn says so to its visitor, not here
        log.exception("preparing snapshot %s", snapshot)
        return
    log.info("prepared snapshot %s for %d personas in %.1f s", snapshot, len(names),
             time.perf_counter() - started)


def explorer_search(search: str | None, values: tuple) -> str:
    """The explorer's query string after a control changed (`as_of` and `present` kept)."""
    state = {key: parse(search).get(key) for key in KEPT_BY_CONTROLS}
    state.update(dict(zip(explorer.CONTROLS, values, strict=True)))
    return encode(state)


def create_app(reader: SnapshotReader, services: Services | None = None,
               title: str = "journeymap workspace") -> Dash:
    """The Dash app over the snapshots `reader` serves (collaboration pages with `services`)."""
    app = Dash(__name__, title=title, update_title=None, suppress_callback_exceptions=True,
               serve_locally=True, meta_tags=[{"name": "journeymap-figure-first",
                                               "content": " ".join(FIGURE_FIRST)}])
    app.layout = html.Div([dcc.Location(id="url", refresh="callback-nav"), navigation(),
                           html.Main(id="page", className="page")])

    @app.callback(Output("page", "children"), Input("url", "pathname"), Input("url", "search"))
    def _page(pathname: str | None, search: str | None) -> object:
        access = g.access if has_request_context() and "access" in g else None
        return render_page(reader, pathname, search, access, services)

    # a part is asked for once the figures of its page are drawn (assets/deferred.js)
    app.clientside_callback(ClientsideFunction("journeymap", "afterFigures"),
                            Output({"type": "deferred-after", "part": MATCH}, "data"),
                            Input({"type": "deferred-after", "part": MATCH}, "id"))

    @app.callback(Output({"type": "deferred", "part": MATCH}, "children"),
                  Input({"type": "deferred-after", "part": MATCH}, "data"),
                  State({"type": "deferred", "part": MATCH}, "id"),
                  State("url", "pathname"), State("url", "search"), prevent_initial_call=True)
    def _deferred(_: object, part: dict, pathname: str | None, search: str | None) -> object:
        access = g.access if has_request_context() and "access" in g else None
        return render_deferred(reader, part["part"], pathname, search, access, services)

    @app.callback(Output("url", "search"), *EXPLORER_INPUTS, State("url", "search"),
                  prevent_initial_call=True)
    def _explorer(*args: object) -> str:
        *values, search = args
        new = explorer_search(search, tuple(values))
        return no_update if new == (search or "") else new

    return app
