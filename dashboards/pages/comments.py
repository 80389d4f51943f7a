"""Comments pinned to a map's elements: the thread list and the form to add one."""

from __future__ import annotations

from dash import dcc, html

from dashboards.collab.comments import MENTION, Shown, comments_of
from dashboards.forms import here, post_form, select
from dashboards.pages import View
from maps.render_data import PersonaData


def elements(data: PersonaData) -> list[tuple[str, str]]:
    """(element key, label) of everything on the map a comment can be pinned to."""
    items = [("map", "The whole map")]
    stages = data["designed_steps"].drop_duplicates("stage_index")
    items += [(f"stage:{int(r['stage_index'])}", f"Stage {int(r['stage_index'])}. {r['stage']}")
              for r in stages.to_dict("records")]
    items += [(f"step:{int(r['step_index'])}", f"Step {int(r['step_index'])}. {r['step']}")
              for r in data["designed_steps"].to_dict("records")]
    items += [(f"opportunity:{int(r['rank'])}", f"Opportunity #{int(r['rank'])}: {r['subject']}")
              for r in data["impact"].to_dict("records")]
    return items


def with_mentions(body: str) -> list[object]:
    """The body as text, each @mention in its own highlighted span (never markup)."""
    parts: list[object] = []
    last = 0
    for match in MENTION.finditer(body):
        parts += [body[last:match.start()], html.Span(match.group(0), className="mention")]
        last = match.end()
    return [*parts, body[last:]]


def comment_item(view: View, persona: str, c: Shown, labels: dict[str, str]) -> html.Div:
    resolve = None
    if not c.resolved and view.access.can("editor", persona):
        resolve = post_form(view, "/actions/comment/resolve", here(view, "/journey"), [],
                            "Resolve", persona=persona, comment_id=c.id)
    return html.Div([
        html.Div([html.Span(c.author, className="who"), " on ",
                  html.Span(labels.get(c.element, c.element), className="element"), " · ",
                  html.Span(c.created_at, className="when"),
                  " · resolved" if c.resolved else ""]),
        html.P(with_mentions(c.body), className="body"), resolve,
    ], className="comment reply" if c.parent_id else "comment", id=f"comment-{c.id}")


def comments_panel(view: View, data: PersonaData) -> html.Section:
    """The map's comments, and (for editors) the form to add one."""
    services = view.services
    with services.store.session() as s:
        shown = comments_of(s, data.persona)
    options = elements(data)
    labels = dict(options)
    form = None
    if view.access.can("editor", data.persona):
        form = post_form(view, "/actions/comment", here(view, "/journey"), [
            html.Label(["On ", select("element", options)]),
            html.Label(["Comment (mention people with @name)",
                        html.Textarea(name="body", rows=3, required=True,
                                      id="comment-body")]),
        ], "Comment", form_id="comment-form", persona=data.persona)
    return html.Section([
        html.H2("Comments"),
        html.P("Pinned to the map's stages, steps and opportunities.", className="lede"),
        html.Div([comment_item(view, data.persona, c, labels) for c in shown]
                 or [html.P("No comment yet.")], id="comments"),
        form,
        dcc.Link("Open the backlog of this map", href=view.link("/backlog",
                                                                persona=data.persona)),
    ], id="comments-section")
