"""Share links: the links this user made (with revoke), and the one just created."""

from __future__ import annotations

from dash import html
from sqlalchemy import select

from dashboards.collab.models import ShareLink, now
from dashboards.components import heading, table
from dashboards.forms import post_form
from dashboards.pages import View


def status(link: ShareLink) -> str:
    if link.revoked_at is not None:
        return "revoked"
    return "expired" if link.expires_at <= now() else "live"


def layout(view: View) -> html.Div:
    with view.services.store.session() as s:
        links = list(s.scalars(select(ShareLink).where(
            ShareLink.created_by == view.access.user_id).order_by(ShareLink.id.desc())))
    created = view.state.get("created")
    parts = [heading("Share links", "Read-only links to a view",
                     "Anyone with a live link sees that one view, without an account.")]
    if created:
        parts.append(html.P(["New link: ", html.Code(f"/s/{created}", id="share-url")],
                            className="notice"))
    rows = [[link.path, link.expires_at.strftime("%Y-%m-%d %H:%M UTC"), status(link),
             post_form(view, "/actions/share/revoke", "/shares", [], "Revoke",
                       link_id=link.id) if status(link) == "live" else ""]
            for link in links]
    parts.append(table(["View", "Expires", "Status", ""], rows, "shares-table"))
    return html.Div(parts)
