"""The collaboration store's tables (SQLAlchemy ORM). Times are UTC."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ROLES = ("viewer", "editor", "owner")  # each can do what the ones before it can
WORKSPACE = "*"  # the `scope` of a role over the whole workspace; else a persona's map
STATUSES = ("open", "in progress", "done", "won't do")


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)  # stored naive, always UTC


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)  # the @handle in mentions
    password_hash: Mapped[str | None] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=now)


class Role(Base):
    """A user's role over the workspace (scope '*') or over one persona's designed map."""

    __tablename__ = "roles"
    __table_args__ = (UniqueConstraint("user_id", "scope"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    scope: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))


class LoginSession(Base):
    """A signed-in browser: the cookie holds the token, the row its hash and CSRF token."""

    __tablename__ = "login_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=now)
    expires_at: Mapped[datetime]


class Comment(Base):
    """A comment pinned to one element of a persona's map (`element`: 'step:3', 'stage:2',
    'opportunity:1', 'touchpoint:email_opened', 'map'); replies name their `parent_id`."""

    __tablename__ = "comments"
    __table_args__ = (Index("comments_by_map", "persona", "element"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    persona: Mapped[str] = mapped_column(String(200))
    element: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=now)
    resolved_at: Mapped[datetime | None]


class Notification(Base):
    """Something a user should see: a mention, an assignment, a run's check result."""

    __tablename__ = "notifications"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(2000), default="/")
    created_at: Mapped[datetime] = mapped_column(default=now)
    read_at: Mapped[datetime | None]


class ShareLink(Base):
    """A read-only link to one view (`path` with its query string) that needs no account."""

    __tablename__ = "share_links"
    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(String(2000))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=now)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class MapVersion(Base):
    """One saved version of a persona's designed map (YAML text), with author and message."""

    __tablename__ = "map_versions"
    __table_args__ = (UniqueConstraint("persona", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    persona: Mapped[str] = mapped_column(String(200))
    number: Mapped[int]
    yaml: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=now)


class BacklogItem(Base):
    """An opportunity or pain point of a persona's map as backlog work: owner and status."""

    __tablename__ = "backlog"
    __table_args__ = (UniqueConstraint("persona", "subject"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    persona: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(500))  # kind and subject of the impact row
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20), default="open")
    updated_at: Mapped[datetime] = mapped_column(default=now)
