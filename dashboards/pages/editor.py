"""Designed-map editor: the YAML of a persona's map, saved as versions with a message; any
two versions compared step by step; any version restored."""

from __future__ import annotations

from dash import dcc, html

from dashboards.collab import versions
from dashboards.components import heading, notice, section, table
from dashboards.forms import error_note, here, post_form
from dashboards.pages import View
from dashboards.pages.persona import chosen_persona, no_persona, persona_tabs
from dashboards.urlstate import number
from journeymap.errors import JourneymapError


def current_versions(view: View, persona: str) -> list:
    """The map's versions, newest first (the designed-maps folder's file imported first)."""
    folder = view.services.config.designed_dir
    with view.services.store.session() as s:
        if folder is not None:
            versions.import_file(s, persona, folder / f"{persona}.yaml")
        return versions.versions_of(s, persona)


def diff_part(view: View, persona: str, numbers: list[int]) -> html.Section | None:
    if len(numbers) < 2:
        return None
    a = int(number(view.state, "a", numbers[1], 1, numbers[0]))
    b = int(number(view.state, "b", numbers[0], 1, numbers[0]))
    try:
        with view.services.store.session() as s:
            changes = versions.diff_versions(s, persona, a, b)
    except JourneymapError as error:
        return notice(str(error), "Cannot compare.")
    pairs = [dcc.Link(f"v{y} → v{x}", href=view.link("/editor", persona=persona, a=y, b=x),
                      className="jm-tab") for x, y in zip(numbers, numbers[1:], strict=False)]
    rows = [[c.kind, c.step, c.detail] for c in changes]
    return section(f"Changes from version {a} to {b}", "Steps added, removed, moved or changed.",
                   html.Nav(pairs, className="tabs"),
                   table(["Change", "Step", "Detail"], rows or [["none", "", ""]], "diff-table"))


def layout(view: View) -> html.Div:
    persona = chosen_persona(view)
    if persona is None:
        return no_persona()
    history = current_versions(view, persona)
    latest = history[0][0].yaml if history else ""
    parts = [heading("Designed-map editor", persona, "Edit the designed map as YAML; every "
                     "save is validated against the schema and kept as a version."),
             persona_tabs(view, "/editor", persona), error_note(view)]
    if view.state.get("saved"):
        parts.append(html.P(f"Saved version {view.state['saved']}.", className="notice",
                            id="saved-note"))
    if view.access.can("editor", persona):
        parts.append(post_form(view, "/actions/map", here(view, "/editor"), [
            html.Textarea(latest, name="yaml", rows=24, id="map-yaml", spellCheck=False,
                          className="yaml"),
            html.Label(["What changed", dcc.Input(name="message", id="map-message",
                                                  type="text")]),
        ], "Save version", form_id="map-form", persona=persona))
    else:
        parts.append(html.Pre(latest, className="yaml", id="map-yaml-readonly"))
    rows = [[f"v{v.number}", author, v.message, v.created_at.strftime("%Y-%m-%d %H:%M UTC"),
             post_form(view, "/actions/map/restore", here(view, "/editor"), [], "Restore",
                       persona=persona, number=v.number)
             if view.access.can("editor", persona) and i > 0 else ""]
            for i, (v, author) in enumerate(history)]
    parts += [section("Versions", "Newest first.",
                      table(["Version", "Author", "Message", "Saved", ""], rows,
                            "versions-table")),
              diff_part(view, persona, [v.number for v, _ in history])]
    return html.Div(parts)
