"""The opportunities backlog of a persona's map: each ranked opportunity with its measured
impact, its owner and its status; exportable as CSV."""

from __future__ import annotations

from dash import html
from sqlalchemy import select

from dashboards.collab import backlog
from dashboards.collab.models import STATUSES, User
from dashboards.components import heading, table
from dashboards.forms import error_note, here, post_form
from dashboards.forms import select as choose
from dashboards.pages import View
from dashboards.pages.persona import chosen_persona, no_persona, persona_tabs
from maps.render_data import load_persona
from maps.render_impact import opportunities


def rows(view: View, persona: str) -> list[dict]:
    """One dict per opportunity: rank, subject, impact, owner, status (the CSV's rows too)."""
    data = load_persona(view.con, persona)
    with view.services.store.session() as s:
        known = backlog.states(s, persona)
    out = []
    for item in opportunities(data, top=len(data["impact"])):
        key = backlog.item_key(item.row["kind"], item.row["subject"])
        owner, status = known.get(key, (None, "open"))
        out.append({"persona": persona, "rank": item.rank, "opportunity": key,
                    "impact": item.cost(), "finding": item.sentence(),
                    "owner": owner or "", "status": status})
    return out


def layout(view: View) -> html.Div:
    persona = chosen_persona(view)
    if persona is None:
        return no_persona()
    items = rows(view, persona)
    with view.services.store.session() as s:
        users = [(u.name, u.name) for u in s.scalars(select(User).where(
            User.disabled.is_(False)).order_by(User.name))]
    editable = view.access.can("editor", persona)
    body = []
    for r in items:
        change = post_form(view, "/actions/backlog", here(view, "/backlog"), [
            choose("owner", [("", "nobody"), *users], r["owner"]),
            choose("status", [(st, st) for st in STATUSES], r["status"]),
        ], "Save", persona=persona, subject=r["opportunity"]) if editable else \
            f"{r['owner'] or 'nobody'} · {r['status']}"
        body.append([r["rank"], r["opportunity"], r["impact"], r["finding"], change])
    return html.Div([
        heading("Backlog", persona, "The ranked opportunities of the map, with their measured "
                "impact, an owner and a status."),
        persona_tabs(view, "/backlog", persona), error_note(view),
        table(["#", "Opportunity", "Impact", "Finding", "Owner and status"], body,
              "backlog-table"),
        html.A("Download as CSV", href=view.link("/export/backlog.csv", persona=persona),
               id="backlog-csv"),
    ])
