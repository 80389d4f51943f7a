"""Saved views: the views this user named (every filter kept in the link), and how often each
is mailed to them as a digest."""

from __future__ import annotations

from dash import dcc, html

from dashboards.collab.models import DIGESTS
from dashboards.collab.views import views_of
from dashboards.components import heading, notice, table
from dashboards.forms import error_note, here, post_form, select
from dashboards.pages import View


def layout(view: View) -> html.Div:
    with view.services.store.session() as s:
        saved = views_of(s, view.access.user_id)
    back = here(view, "/views")
    rows = [[dcc.Link(v.name, href=v.path), html.Code(v.path),
             post_form(view, "/actions/view/digest", back, [select("digest", [
                 (d, d) for d in DIGESTS], v.digest)], "Save", view_id=v.id),
             v.last_sent_at.strftime("%Y-%m-%d %H:%M UTC") if v.last_sent_at else "never",
             html.Div([post_form(view, "/actions/view/send", back, [], "Send now",
                                 view_id=v.id),
                       post_form(view, "/actions/view/delete", back, [], "Delete",
                                 view_id=v.id)], className="inline-form")]
            for v in saved]
    sent = view.state.get("sent")
    return html.Div([
        heading("Saved views", f"Views of {view.access.user_name}", "Each keeps its filters; "
                "a digest mails it to you (figures in the text, a picture attached)."),
        error_note(view),
        html.P(f"Digest sent: {sent}.", className="notice", id="sent-note") if sent else None,
        table(["View", "Link", "Digest", "Last sent", ""], rows, "views-table") if rows
        else notice("Use “Save view” above any page to keep its filters here.", "None yet."),
    ])
