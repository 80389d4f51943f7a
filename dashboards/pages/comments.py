"""Comments pinned to a map's elements: the thread list and the form to add one."""

from __future__ import annotations

from dash import dcc, html

from dashboards.collab.comments import ELEMENT, MENTION, Shown, comments_of
from dashboards.forms import here, post_form, select
from dashboards.pages import View
from maps.render_data import PersonaData


def elements(data: PersonaData) -> list[tuple[str, str]]:
    """(element key, label) of everything on the map a comment can be pinned to: the map, its
    stages, steps, touchpoints, deviations (unexpected touchpoints after a step) and ranked
    opportunities."""
    items = [("map", "The whole map")]
    steps = data["designed_steps"]
    items += [(f"stage:{int(r['stage_index'])}", f"Stage {int(r['stage_index'])}. {r['stage']}")
              for r in steps.drop_duplicates("stage_index").to_dict("records")]
    items += [(f"step:{int(r['step_index'])}", f"Step {int(r['step_index'])}. {r['step']}")
              for r in steps.to_dict("records")]
    touchpoints = sorted(data.designed_touchpoints() | set(data["dfg"]["source"])
                         | set(data["dfg"]["target"])) if len(steps) or len(data["dfg"]) else []
    items += [(f"touchpoint:{t}", f"Touchpoint {t}") for t in touchpoints
              if ELEMENT.match(f"touchpoint:{t}")]
    deviations = {f"deviation:{int(r['after_step_index'])}:{r['touchpoint']}":
                  f"Deviation: {r['touchpoint']} after step {int(r['after_step_index'])}"
                  for r in data["unexpected"].to_dict("records")}
    items += [(key, label) for key, label in deviations.items() if ELEMENT.match(key)]
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


def reply_form(view: View, persona: str, c: Shown) -> html.Details:
    """A folded form under a thread's first comment to answer it."""
    form = post_form(view, "/actions/comment", here(view, "/journey"), [
        html.Textarea(name="body", rows=2, required=True, id=f"reply-body-{c.id}",
                      placeholder="Reply (mention people with @name)"),
    ], "Reply", form_id=f"reply-form-{c.id}", persona=persona, parent_id=c.id,
        element=c.element)
    form.className = "inline-form reply-form"
    return html.Details([html.Summary("Reply"), form], id=f"reply-{c.id}")


def comment_item(view: View, persona: str, c: Shown, labels: dict[str, str]) -> html.Div:
    editor = view.access.can("editor", persona)
    first = c.parent_id is None
    resolve = post_form(view, "/actions/comment/resolve", here(view, "/journey"), [],
                        "Resolve", persona=persona, comment_id=c.id) \
        if first and not c.resolved and editor else None
    return html.Div([
        html.Div([html.Span(c.author, className="who"),
                  *([" on ", html.Span(labels.get(c.element, c.element), className="element")]
                    if first else [" replied"]), " · ",
                  html.Span(c.created_at, className="when"),
                  " · resolved" if c.resolved and first else ""]),
        html.P(with_mentions(c.body), className="body"),
        reply_form(view, persona, c) if first and editor else None, resolve,
    ], className="comment" if first else "comment reply", id=f"comment-{c.id}")


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
        html.P("Pinned to the map's stages, steps, touchpoints, deviations and opportunities; "
               "answer a thread with Reply.", className="lede"),
        html.Div([comment_item(view, data.persona, c, labels) for c in shown]
                 or [html.P("No comment yet.")], id="comments"),
        form,
        html.P([dcc.Link("Open the backlog of this map",
                         href=view.link("/backlog", persona=data.persona)), " · ",
                dcc.Link("Activity of this map",
                         href=view.link("/activity", persona=data.persona))]),
    ], id="comments-section")
