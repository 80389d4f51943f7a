"""The team: who has which role over the workspace and over each persona's designed map, and
(for owners) the form to grant or remove a role on one map or on the whole workspace."""

from __future__ import annotations

from dash import html
from sqlalchemy import select

from dashboards.collab.models import ROLES, WORKSPACE, Role, User
from dashboards.components import heading, section, table
from dashboards.forms import error_note, here, post_form
from dashboards.forms import select as choose
from dashboards.pages import View


def grantable(view: View) -> list[str]:
    """The scopes this user may grant roles over: everything for a workspace owner, else the
    maps they own."""
    if view.access.can("owner"):
        return [WORKSPACE, *view.personas()]
    return [p for p in view.personas() if view.access.can("owner", p)]


def scope_label(scope: str) -> str:
    return "whole workspace" if scope == WORKSPACE else scope


def layout(view: View) -> html.Div:
    with view.services.store.session() as s:
        users = list(s.scalars(select(User).order_by(User.name)))
        roles = list(s.scalars(select(Role)))
    by_user: dict[int, list[Role]] = {}
    for r in roles:
        by_user.setdefault(r.user_id, []).append(r)
    rows = [[u.name, u.email, "disabled" if u.disabled else "active",
             ", ".join(f"{scope_label(r.scope)}: {r.role}"
                       for r in sorted(by_user.get(u.id, []), key=lambda r: r.scope)) or "none"]
            for u in users if u.name != "local" or view.access.user_name == "local"]
    parts = [heading("Team", "Roles over the workspace and its maps", "A role over a map adds "
                     "to the workspace role: a viewer of the workspace can edit the one map "
                     "they are an editor of."),
             error_note(view),
             section("People", "Accounts are added and disabled with the journeymap users command.",
                     table(["Name", "Email", "Account", "Roles"], rows, "team-table"))]
    scopes = grantable(view)
    if scopes:
        parts.append(section(
            "Grant a role", "Choose a person, a map (or the whole workspace) and a role; "
            "'no role' removes the role over that map.",
            post_form(view, "/actions/role", here(view, "/team"), [
                html.Label(["Person", choose("user", [(u.name, u.name) for u in users
                                                      if not u.disabled])]),
                html.Label(["Over", choose("scope", [(sc, scope_label(sc)) for sc in scopes])]),
                html.Label(["Role", choose("role", [(r, r) for r in ROLES] + [("", "no role")],
                                           "viewer")]),
            ], "Save role", form_id="role-form"), section_id="grant-section"))
    return html.Div(parts)
