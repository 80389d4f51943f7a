"""Designed-map editor: the YAML of a persona's map, saved as versions with a message; files
imported and exported; any two versions compared step by step and drawn on the map; any version
restored. The designed-maps folder is read for changes made there (say, by `git pull`) each time
the editor opens."""

from __future__ import annotations

from dash import dcc, html

from dashboards.collab import versions
from dashboards.components import figure, heading, notice, section, table
from dashboards.diffmap import diff_figure
from dashboards.forms import error_note, here, hidden, post_form
from dashboards.pages import View
from dashboards.pages.persona import chosen_persona, no_persona, persona_tabs
from dashboards.urlstate import number
from journeymap.errors import JourneymapError


def current_versions(view: View, persona: str) -> tuple[list, str | None]:
    """The map's versions, newest first, after reading the designed-maps folder's file (and
    what that read found)."""
    folder = view.services.config.designed_dir
    with view.services.store.session() as s:
        found = versions.sync_from_folder(s, persona, folder) if folder is not None else None
        return versions.versions_of(s, persona), found


def diff_part(view: View, persona: str, numbers: list[int]) -> html.Section | None:
    if len(numbers) < 2:
        return None
    a = int(number(view.state, "a", numbers[1], 1, numbers[0]))
    b = int(number(view.state, "b", numbers[0], 1, numbers[0]))
    try:
        with view.services.store.session() as s:
            before = versions.validate(versions.version(s, persona, a).yaml, persona)
            after = versions.validate(versions.version(s, persona, b).yaml, persona)
        changes = versions.diff(before, after)
    except JourneymapError as error:
        return notice(str(error), "Cannot compare.")
    pairs = [dcc.Link(f"v{y} → v{x}", href=view.link("/editor", persona=persona, a=y, b=x),
                      className="jm-tab current" if (y, x) == (a, b) else "jm-tab")
             for x, y in zip(numbers, numbers[1:], strict=False)]
    rows = [[c.kind, c.step, c.detail] for c in changes]
    drawn = figure(diff_figure(before, after, changes, persona), "diff-figure") if changes \
        else notice("The two versions have the same steps.", "No change.")
    return section(f"Changes from version {a} to {b}", "Steps added, removed, moved or changed, "
                   "drawn on version b's map (outlined and tagged; a dashed line where a step "
                   "was removed) and listed.",
                   html.Nav(pairs, className="tabs"), drawn,
                   table(["Change", "Step", "Detail"], rows or [["none", "", ""]], "diff-table"),
                   section_id="diff")


def files_part(view: View, persona: str, editable: bool) -> html.Section:
    """Download the latest version as YAML; upload a YAML file as a new version; where saves
    go in the designed-maps folder."""
    config = view.services.config
    folder = config.writable_designed
    where = (f"Every saved version is also written to {folder / (persona + '.yaml')}, so the "
             "folder (under git) stays the source of truth."
             if folder else "Saved versions stay in the workspace (JOURNEYMAP_WRITE_BACK=1 also "
             "writes them to the designed-maps folder).")
    upload = html.Form([
        hidden("csrf_token", view.access.csrf), hidden("next", here(view, "/editor")),
        hidden("persona", persona),
        dcc.Input(type="file", name="file", id="map-file"),
        html.Button("Import as a new version", type="submit")],
        method="POST", action="/actions/map/import", encType="multipart/form-data",
        className="inline-form", id="import-form") if editable else None
    return section("Files", where,
                   html.A("Download the latest version (YAML)",
                          href=view.link("/export/map.yaml", persona=persona), id="map-download"),
                   upload, section_id="files")


def layout(view: View) -> html.Div:
    persona = chosen_persona(view)
    if persona is None:
        return no_persona()
    history, found = current_versions(view, persona)
    latest = history[0][0].yaml if history else ""
    editable = view.access.can("editor", persona)
    parts = [heading("Designed-map editor", persona, "Edit the designed map as YAML; every "
                     "save is validated against the schema and kept as a version."),
             persona_tabs(view, "/editor", persona), error_note(view)]
    if found:
        parts.append(html.P(found, className="notice", id="folder-note"))
    if view.state.get("saved"):
        parts.append(html.P(f"Saved version {view.state['saved']}.", className="notice",
                            id="saved-note"))
    if editable:
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
             if editable and i > 0 else ""]
            for i, (v, author) in enumerate(history)]
    parts += [files_part(view, persona, editable),
              section("Versions", "Newest first.",
                      table(["Version", "Author", "Message", "Saved", ""], rows,
                            "versions-table")),
              diff_part(view, persona, [v.number for v, _ in history])]
    return html.Div(parts)
