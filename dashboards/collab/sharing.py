"""Share links: read-only links to one view that need no account.

The link carries a token signed with the workspace's secret (itsdangerous) naming the link's
row; the row holds the view's path, its expiry and whether it was revoked, so a link can be
ended before it expires. A forged, expired or revoked token opens nothing.
"""

from __future__ import annotations

from datetime import timedelta

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.orm import Session

from dashboards.collab.models import ShareLink, User, now

SALT = "journeymap-share-link"


def create_link(s: Session, secret: str, user: User, path: str, hours: float) -> str:
    """A signed token for a read-only link to `path` (with its query) for `hours`."""
    link = ShareLink(path=path, created_by=user.id,
                     expires_at=now() + timedelta(hours=hours))
    s.add(link)
    s.flush()
    return URLSafeSerializer(secret, salt=SALT).dumps(link.id)


def open_link(s: Session, secret: str, token: str) -> ShareLink | None:
    """The live link a token names, or None (bad signature, expired, revoked)."""
    try:
        link_id = URLSafeSerializer(secret, salt=SALT).loads(token)
    except BadSignature:
        return None
    link = s.get(ShareLink, int(link_id))
    if link is None or link.revoked_at is not None or link.expires_at <= now():
        return None
    return link


def revoke_link(s: Session, link_id: int) -> None:
    link = s.get(ShareLink, link_id)
    if link is not None and link.revoked_at is None:
        link.revoked_at = now()
