"""The user's notifications: mentions, replies, assignments and the results of pipeline runs,
and which runs they want to hear of."""

from __future__ import annotations

from dash import dcc, html
from sqlalchemy import select

from dashboards.collab.models import RUN_ALERTS, Notification, User
from dashboards.components import heading, section
from dashboards.forms import post_form
from dashboards.forms import select as choose
from dashboards.pages import View

ALERT_LABELS = {"problems": "runs with a failed check or a drop",
                "all": "every run", "none": "no run"}


def layout(view: View) -> html.Div:
    with view.services.store.session() as s:
        rows = list(s.scalars(select(Notification).where(
            Notification.user_id == view.access.user_id).order_by(Notification.id.desc())
            .limit(100)))
        user = s.get(User, view.access.user_id)
        alerts = user.run_alerts if user else "problems"
    items = [html.Li([html.Span(n.kind, className="jm-tab"), " ", n.text, " ",
                      dcc.Link("open", href=n.link),
                      html.Span(" · new", className="cost") if n.read_at is None else None],
                     className="notification") for n in rows]
    return html.Div([
        heading("Inbox", f"Notifications for {view.access.user_name}",
                "Mentions, replies, assignments and the checks of scheduled runs."),
        html.Ul(items or [html.Li("Nothing yet.")], id="notifications"),
        post_form(view, "/actions/notifications/read", "/inbox", [], "Mark all read"),
        section("Pipeline runs", "Which finished runs you hear of, here and by email: their "
                "asset checks and how each map moved since the run before.",
                post_form(view, "/actions/notifications/runs", "/inbox", [
                    choose("run_alerts", [(a, ALERT_LABELS[a]) for a in RUN_ALERTS], alerts)],
                    "Save", form_id="run-alerts-form"), section_id="run-alerts"),
    ])
