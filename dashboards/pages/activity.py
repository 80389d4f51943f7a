"""The activity feed of a persona's map: comments, replies, versions, assignments, dates and
pipeline runs, newest first, each linking to where it happened."""

from __future__ import annotations

from dash import dcc, html

from dashboards.collab.activity import feed
from dashboards.components import heading, notice
from dashboards.pages import View
from dashboards.pages.persona import chosen_persona, no_persona, persona_tabs


def event_item(event) -> html.Li:
    return html.Li([html.Span(event.at, className="when"), " ",
                    html.Span(event.kind, className="jm-tab"), " ",
                    html.B(event.who, className="who"), " ", event.text, " ",
                    dcc.Link("open", href=event.link)], className="event")


def layout(view: View) -> html.Div:
    persona = chosen_persona(view)
    if persona is None:
        return no_persona()
    with view.services.store.session() as s:
        events = feed(s, persona)
    return html.Div([
        heading("Activity", persona, "What happened to this map: comments, replies, versions, "
                "assignments, dates and pipeline runs, newest first."),
        persona_tabs(view, "/activity", persona),
        html.Ul([event_item(e) for e in events], id="activity-feed", className="feed")
        if events else notice("Nothing has happened to this map yet.", "No activity."),
    ])
