"""Comments pinned to the elements of a persona's map, threads, resolving, and @mentions.

A mention is `@name` of an enabled user who may read the map; each mentioned user gets a
notification. The body is stored as typed and always rendered as text (never markup).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboards.collab.accounts import role_of
from dashboards.collab.models import Comment, User, now
from dashboards.collab.notify import Delivery, notify
from journeymap.errors import JourneymapError

MENTION = re.compile(r"(?<![\w.])@([A-Za-z0-9_.-]+)")
ELEMENT = re.compile(r"^(map|stage:\d+|step:\d+|opportunity:\d+|touchpoint:[\w:.-]+|"
                     r"deviation:[\w:.-]+|quote:\d+)$")
MAX_BODY = 5000


@dataclass(frozen=True)
class Shown:
    """A comment as a page shows it."""

    id: int
    element: str
    author: str
    body: str
    created_at: str
    resolved: bool
    parent_id: int | None


def mentioned(s: Session, body: str, persona: str) -> list[User]:
    """The enabled users a body mentions who may read the persona's map."""
    names = set(MENTION.findall(body))
    if not names:
        return []
    users = s.scalars(select(User).where(User.name.in_(names), User.disabled.is_(False)))
    return [u for u in users if role_of(s, u, persona)]


def add_comment(s: Session, d: Delivery, author: User, persona: str, element: str, body: str,
                link: str, parent_id: int | None = None) -> Comment:
    """Save a comment and notify the users it mentions (not the author)."""
    body = body.strip()
    if not body or len(body) > MAX_BODY:
        raise JourneymapError(f"a comment has 1 to {MAX_BODY} characters")
    if not ELEMENT.match(element):
        raise JourneymapError(f"{element!r} is not an element of a map")
    comment = Comment(persona=persona, element=element, body=body, author_id=author.id,
                      parent_id=parent_id)
    s.add(comment)
    s.flush()
    for user in mentioned(s, body, persona):
        if user.id != author.id:
            notify(s, d, user, "mention",
                   f"{author.name} mentioned you on {persona} ({element}): {body[:200]}",
                   f"{link}#comment-{comment.id}")
    return comment


def resolve_comment(s: Session, comment_id: int, persona: str) -> None:
    comment = s.get(Comment, comment_id)
    if comment is None or comment.persona != persona:
        raise JourneymapError(f"no comment {comment_id} on {persona}")
    comment.resolved_at = now()


def comments_of(s: Session, persona: str) -> list[Shown]:
    """A map's comments, threads kept together, oldest first."""
    rows = s.execute(
        select(Comment, User.name).join(User, User.id == Comment.author_id)
        .where(Comment.persona == persona).order_by(Comment.id)).all()
    return [Shown(c.id, c.element, name, c.body, c.created_at.strftime("%Y-%m-%d %H:%M UTC"),
                  c.resolved_at is not None, c.parent_id) for c, name in rows]
