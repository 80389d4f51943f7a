"""Saved views: a view's path with all its filters, named by a user, and mailed to them as a
digest every day or week when they ask for it (`dashboards.digest` sends what is due)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboards.collab.models import DIGESTS, SavedView, User, now
from journeymap.errors import JourneymapError

MAX_NAME = 120
# A digest is due when its period has passed since the last one, less an hour of slack so a
# daily schedule that runs a little early still sends it.
PERIODS = {"daily": timedelta(days=1) - timedelta(hours=1),
           "weekly": timedelta(days=7) - timedelta(hours=1)}


def save_view(s: Session, user: User, name: str, path: str, digest: str = "none") -> SavedView:
    """Name the view at `path` (with its query string) for `user`."""
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise JourneymapError(f"name: a saved view's name has 1 to {MAX_NAME} characters")
    if digest not in DIGESTS:
        raise JourneymapError(f"digest: {digest!r} is not one of {', '.join(DIGESTS)}")
    view = SavedView(user_id=user.id, name=name, path=path, digest=digest)
    s.add(view)
    s.flush()
    return view


def views_of(s: Session, user_id: int) -> list[SavedView]:
    return list(s.scalars(select(SavedView).where(SavedView.user_id == user_id)
                          .order_by(SavedView.name, SavedView.id)))


def owned_view(s: Session, user_id: int | None, view_id: int) -> SavedView:
    """One of the user's own saved views (another's is never reachable)."""
    view = s.get(SavedView, view_id)
    if view is None or view.user_id != user_id:
        raise JourneymapError(f"no saved view {view_id} of yours")
    return view


def set_digest(view: SavedView, digest: str) -> None:
    if digest not in DIGESTS:
        raise JourneymapError(f"digest: {digest!r} is not one of {', '.join(DIGESTS)}")
    view.digest = digest


def due(view: SavedView, at: datetime) -> bool:
    """Whether the view's digest should go out at `at` (UTC, naive)."""
    period = PERIODS.get(view.digest)
    return period is not None and (view.last_sent_at is None or at - view.last_sent_at >= period)


def due_views(s: Session, at: datetime | None = None) -> list[tuple[SavedView, User]]:
    """Every saved view whose digest is due, with its (enabled) owner."""
    at = at or now()
    rows = s.execute(select(SavedView, User).join(User, User.id == SavedView.user_id)
                     .where(SavedView.digest != "none", User.disabled.is_(False))
                     .order_by(SavedView.id))
    return [(view, user) for view, user in rows if due(view, at)]
