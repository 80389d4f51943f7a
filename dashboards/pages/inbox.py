"""The user's notifications: mentions, assignments and the runs' check results."""

from __future__ import annotations

from dash import dcc, html
from sqlalchemy import select

from dashboards.collab.models import Notification
from dashboards.components import heading
from dashboards.forms import post_form
from dashboards.pages import View


def layout(view: View) -> html.Div:
    with view.services.store.session() as s:
        rows = list(s.scalars(select(Notification).where(
            Notification.user_id == view.access.user_id).order_by(Notification.id.desc())
            .limit(100)))
    items = [html.Li([html.Span(n.kind, className="jm-tab"), " ", n.text, " ",
                      dcc.Link("open", href=n.link),
                      html.Span(" · new", className="cost") if n.read_at is None else None],
                     className="notification") for n in rows]
    return html.Div([
        heading("Inbox", f"Notifications for {view.access.user_name}",
                "Mentions, assignments and the checks of scheduled runs."),
        html.Ul(items or [html.Li("Nothing yet.")], id="notifications"),
        post_form(view, "/actions/notifications/read", "/inbox", [], "Mark all read"),
    ])
