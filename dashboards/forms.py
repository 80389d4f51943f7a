"""HTML forms in Dash pages that post to the workspace's actions (`dashboards.actions`).

Every form carries the user's CSRF token and the page to come back to; values are props of
Dash components, so they are escaped like any other text.
"""

from __future__ import annotations

from dash import dcc, html

from dashboards.pages import View
from dashboards.urlstate import href


def hidden(name: str, value: object) -> dcc.Input:
    return dcc.Input(type="hidden", name=name, value=str(value))


def here(view: View, path: str) -> str:
    """The page's own URL, the `next` of its forms (without a previous error)."""
    return href(path, {k: v for k, v in view.state.items() if k not in ("error", "saved")})


def post_form(view: View, action: str, back_to: str, fields: list, submit: str,
              form_id: str = "", **values: object) -> html.Form:
    """A form posting `fields` and the hidden `values` to `action`."""
    props = {"id": form_id} if form_id else {}
    return html.Form(
        [hidden("csrf_token", view.access.csrf), hidden("next", back_to),
         *(hidden(k, v) for k, v in values.items()), *fields,
         html.Button(submit, type="submit")],
        method="POST", action=action, className="inline-form", **props)


def select(name: str, options: list[tuple[str, str]], chosen: str | None = None) -> html.Select:
    """A native select (posted with the form), `options` as (value, label)."""
    return html.Select([html.Option(label, value=value, selected=value == chosen)
                        for value, label in options], name=name)


def error_note(view: View) -> html.P | None:
    """The refusal an action sent back, shown as text."""
    error = view.state.get("error")
    return html.P(error, className="error", id="action-error") if error else None
