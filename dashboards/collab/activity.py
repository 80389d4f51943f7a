"""The activity feed of a persona's map: what people (and pipeline runs) did to it, newest
first. Every action that changes a map's collaboration data records one row here, in the same
transaction as the change, so the feed never shows a change that did not happen."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboards.collab.models import Activity, User

FEED_LENGTH = 100


@dataclass(frozen=True)
class Event:
    """One row of a feed as a page shows it."""

    kind: str
    who: str
    text: str
    link: str
    at: str


def record(s: Session, persona: str, user: User | None, kind: str, text: str,
           link: str = "/") -> None:
    """Add one event to the persona's feed (`user` None: the pipeline or an import)."""
    s.add(Activity(persona=persona, user_id=user.id if user else None, kind=kind, text=text,
                   link=link))


def feed(s: Session, persona: str, limit: int = FEED_LENGTH) -> list[Event]:
    """The persona's latest events, newest first."""
    rows = s.execute(select(Activity, User.name).outerjoin(User, User.id == Activity.user_id)
                     .where(Activity.persona == persona).order_by(Activity.id.desc())
                     .limit(limit))
    return [Event(a.kind, name or "pipeline", a.text, a.link,
                  a.created_at.strftime("%Y-%m-%d %H:%M UTC")) for a, name in rows]
