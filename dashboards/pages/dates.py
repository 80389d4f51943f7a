"""Dates on the time charts: annotations (a campaign launch, a price change) for one map or for
all of them, added and removed by editors; every time chart of the workspace draws them."""

from __future__ import annotations

from dash import dcc, html

from dashboards.collab.annotations import marks_for
from dashboards.components import heading, table
from dashboards.forms import error_note, here, post_form, select
from dashboards.pages import View


def layout(view: View) -> html.Div:
    with view.services.store.session() as s:
        marks = [m for m in marks_for(s) if m.persona is None or view.access.can("viewer",
                                                                                   m.persona)]
    editable = view.access.can("editor")
    rows = [[m.day.isoformat(), m.label, m.persona or "every map", m.author,
             post_form(view, "/actions/annotation/delete", here(view, "/annotations"), [],
                       "Remove", annotation_id=m.id, persona=m.persona or "")
             if view.access.can("editor", m.persona) else ""] for m in marks]
    parts = [heading("Dates", "Annotations on the time charts", "Campaign launches, price "
                     "changes, outages: each is drawn on every time chart of its map."),
             error_note(view),
             table(["Day", "What happened", "Map", "Added by", ""], rows or [["–", "", "", "",
                                                                               ""]],
                   "annotations-table")]
    if editable or any(view.access.can("editor", p) for p in view.personas()):
        maps = [("", "every map")] + [(p, p) for p in view.personas()
                                      if view.access.can("editor", p)]
        parts.append(post_form(view, "/actions/annotation", here(view, "/annotations"), [
            html.Label(["Day", dcc.Input(type="date", name="day", id="annotation-day",
                                         required=True)]),
            html.Label(["What happened", dcc.Input(type="text", name="label", maxLength=120,
                                                   id="annotation-label", required=True)]),
            html.Label(["Map", select("persona", maps if editable else maps[1:])]),
        ], "Add date", form_id="annotation-form"))
    return html.Div(parts)
