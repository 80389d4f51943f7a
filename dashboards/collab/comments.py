"""Comments pinned to the elements of a persona's map, threads, resolving, and @mentions.

A mention is `@name` of an enabled user who may read the map; each mentioned user gets a
notification, and the author of a thread hears of each reply. A reply always joins the thread
of the comment it answers (threads are one level deep, like the pages draw them). The body is
stored as typed and always rendered as text (never markup).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboards.collab.accounts import role_of
from dashboards.collab.activity import record
from dashboards.collab.models import Comment, User, now
from dashboards.collab.notify import Delivery, notify
from dashboards.urlstate import href
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


def thread_root(s: Session, persona: str, parent_id: int | None) -> Comment | None:
    """The first comment of the thread a reply joins (None for a new thread)."""
    if parent_id is None:
        return None
    parent = s.get(Comment, parent_id)
    if parent is None or parent.persona != persona:
        raise JourneymapError(f"parent_id: no comment {parent_id} on {persona}")
    return s.get(Comment, parent.parent_id) if parent.parent_id else parent


def add_comment(s: Session, d: Delivery, author: User, persona: str, element: str, body: str,
                link: str, parent_id: int | None = None) -> Comment:
    """Save a comment (or a reply), notify the users it mentions and, for a reply, the
    thread's author (never the author themself), and add it to the map's feed."""
    body = body.strip()
    if not body or len(body) > MAX_BODY:
        raise JourneymapError(f"body: a comment has 1 to {MAX_BODY} characters")
    root = thread_root(s, persona, parent_id)
    element = root.element if root is not None else element
    if not ELEMENT.match(element):
        raise JourneymapError(f"element: {element!r} is not an element of a map")
    comment = Comment(persona=persona, element=element, body=body, author_id=author.id,
                      parent_id=root.id if root else None)
    s.add(comment)
    s.flush()
    anchor = f"{link}#comment-{comment.id}"
    told = {author.id}
    for user in mentioned(s, body, persona):
        if user.id not in told:
            told.add(user.id)
            notify(s, d, user, "mention",
                   f"{author.name} mentioned you on {persona} ({element}): {body[:200]}", anchor)
    if root is not None and root.author_id not in told:
        notify(s, d, s.get(User, root.author_id), "reply",
               f"{author.name} replied on {persona} ({element}): {body[:200]}", anchor)
    record(s, persona, author, "reply" if root else "comment",
           f"{'replied' if root else 'commented'} on {element}: {body[:200]}", anchor)
    return comment


def resolve_comment(s: Session, comment_id: int, persona: str, user: User) -> None:
    """Mark a thread resolved (a reply resolves the thread it is in)."""
    comment = s.get(Comment, comment_id)
    if comment is None or comment.persona != persona:
        raise JourneymapError(f"comment_id: no comment {comment_id} on {persona}")
    root = s.get(Comment, comment.parent_id) if comment.parent_id else comment
    root.resolved_at = now()
    record(s, persona, user, "resolved", f"resolved the thread on {root.element}",
           href("/journey", {"persona": persona}) + f"#comment-{root.id}")


def comments_of(s: Session, persona: str) -> list[Shown]:
    """A map's comments, oldest thread first, each thread's replies right after it."""
    rows = s.execute(
        select(Comment, User.name).join(User, User.id == Comment.author_id)
        .where(Comment.persona == persona).order_by(Comment.id)).all()
    resolved = {c.id for c, _ in rows if c.resolved_at is not None}
    shown = [Shown(c.id, c.element, name, c.body, c.created_at.strftime("%Y-%m-%d %H:%M UTC"),
                   (c.parent_id or c.id) in resolved, c.parent_id) for c, name in rows]
    return sorted(shown, key=lambda c: (c.parent_id or c.id, c.parent_id is not None, c.id))
