"""The opportunities backlog of a persona's map: each ranked opportunity with its measured
impact, then the pain points and opportunities the designed map names, each with an owner and
a status; exportable as CSV."""

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
from maps.render_data import PersonaData, load_persona
from maps.render_impact import opportunities
from maps.render_journey import text_list


def designed_items(data: PersonaData) -> list[tuple[str, str]]:
    """(backlog key, finding) of the pain points and opportunities the designed map names at
    its steps: work too, though their impact is not measured."""
    items = []
    for step in data["designed_steps"].to_dict("records"):
        where = f"step {int(step['step_index'])} ({step['step']})"
        for kind, column in (("pain point", "pain_points"), ("designed opportunity",
                                                             "opportunities")):
            items += [(backlog.item_key(kind, f"{where}: {text}"), f"Named in the designed map "
                       f"at {where}.") for text in text_list(step.get(column))]
    return items


def rows(view: View, persona: str) -> list[dict]:
    """One dict per opportunity or pain point: rank, subject, impact, owner, status (the CSV's
    rows too); the measured opportunities first, ranked by the conversions they cost."""
    data = load_persona(view.con, persona)
    with view.services.store.session() as s:
        known = backlog.states(s, persona)
    found = [(item.rank, backlog.item_key(item.row["kind"], item.row["subject"]), item.cost(),
              item.sentence()) for item in opportunities(data, top=len(data["impact"]))]
    found += [("–", key, "not measured", finding) for key, finding in designed_items(data)]
    out = []
    for rank, key, impact, finding in found:
        owner, status = known.get(key, (None, "open"))
        out.append({"persona": persona, "rank": rank, "opportunity": key, "impact": impact,
                    "finding": finding, "owner": owner or "", "status": status})
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
        heading("Backlog", persona, "The ranked opportunities of the map with their measured "
                "impact, then its pain points; each with an owner and a status."),
        persona_tabs(view, "/backlog", persona), error_note(view),
        table(["#", "Opportunity", "Impact", "Finding", "Owner and status"], body,
              "backlog-table"),
        html.A("Download as CSV", href=view.link("/export/backlog.csv", persona=persona),
               id="backlog-csv"),
    ])
