"""What the pages of one persona share: choosing the persona, and reading it from the URL."""

from __future__ import annotations

from dash import dcc, html

from dashboards.access import Forbidden
from dashboards.collab.annotations import Mark, marks_for
from dashboards.components import notice
from dashboards.memo import memo
from dashboards.pages import View
from maps.render_data import PersonaData, load_persona


def chosen_persona(view: View) -> str | None:
    """The URL's persona when the snapshot has it and the user may read it, else the first
    readable persona (None if none)."""
    wanted = view.state.get("persona")
    if wanted and not view.access.can("viewer", wanted):
        raise Forbidden(f"You have no role on the map of {wanted}.")
    names = view.personas()
    return wanted if wanted in names else (names[0] if names else None)


def persona_data(view: View) -> PersonaData | None:
    """The chosen persona's data from the snapshot (read once per snapshot), or None."""
    persona = chosen_persona(view)
    if persona is None:
        return None
    return memo((view.snapshot, "persona", persona), lambda: load_persona(view.con, persona))


def no_persona() -> html.Div:
    return notice("The snapshot holds no persona yet.", "No journeys.")


def persona_tabs(view: View, path: str, current: str) -> html.Nav:
    """Links to the same page for each persona; the current one marked."""
    return html.Nav(
        [dcc.Link(name, href=view.link(path, persona=name),
                  className="jm-tab current" if name == current else "jm-tab")
         for name in view.personas()],
        className="tabs", id="persona-tabs",
    )


def chart_marks(view: View, persona: str | None) -> list[Mark]:
    """The dated annotations the time charts of `persona` (None: of every persona) show,
    among those the user may read."""
    if view.services is None:
        return []
    with view.services.store.session() as s:
        marks = marks_for(s, persona)
    return [m for m in marks if m.persona is None or view.access.can("viewer", m.persona)]
