"""The collaboration store's tables (SQLAlchemy ORM). Times are UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ROLES = ("viewer", "editor", "owner")  # each can do what the ones before it can
WORKSPACE = "*"  # the `scope` of a role over the whole workspace; else a persona's map
STATUSES = ("open", "in progress", "done", "won't do")
RUN_ALERTS = ("problems", "all", "none")  # which pipeline runs a user hears of (see collab.runs)
DIGESTS = ("none", "daily", "weekly")  # how often a saved view is mailed to its owner


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
    run_alerts: Mapped[str] = mapped_column(String(10), default="problems",
                                            server_default="problems")


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


class Annotation(Base):
    """A dated note (a campaign launch, a price change) drawn on every time chart of one
    persona's map, or of every map when `persona` is None."""

    __tablename__ = "annotations"
    id: Mapped[int] = mapped_column(primary_key=True)
    persona: Mapped[str | None] = mapped_column(String(200))
    day: Mapped[date]
    label: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=now)


class Activity(Base):
    """One thing that happened to a persona's map (a comment, a version, an assignment, a run),
    the rows of the map's activity feed."""

    __tablename__ = "activity"
    __table_args__ = (Index("activity_by_map", "persona", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    persona: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(2000), default="/")
    created_at: Mapped[datetime] = mapped_column(default=now)


class SavedView(Base):
    """A view (path with its query string: every filter) a user named, optionally mailed to
    them as a digest every day or week."""

    __tablename__ = "saved_views"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    path: Mapped[str] = mapped_column(String(2000))
    digest: Mapped[str] = mapped_column(String(10), default="none")
    last_sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now)


class RunReport(Base):
    """A pipeline run as the workspace heard of it: its asset-check results and the drift of
    its snapshot against the one before (JSON texts), recorded once per run."""

    __tablename__ = "run_reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[str] = mapped_column(String(64), unique=True)
    job: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    finished_at: Mapped[datetime]
    snapshot: Mapped[str | None] = mapped_column(String(200))
    checks: Mapped[str] = mapped_column(Text, default="[]")
    drift: Mapped[str] = mapped_column(Text, default="[]")
    created_at: Mapped[datetime] = mapped_column(default=now)


class LoginFailure(Base):
    """A refused sign-in, by `key` ('email:...' or 'address:...'), for rate limiting."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("login_failures_by_key", "key", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(400))
    at: Mapped[datetime] = mapped_column(default=now)


class MapFile(Base):
    """The content hash of a persona's YAML file in the designed-maps folder when the store last
    read or wrote it, so a change made in the folder (say, by `git pull`) becomes a version and
    a change made in the app is not read back as one."""

    __tablename__ = "map_files"
    persona: Mapped[str] = mapped_column(String(200), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    synced_at: Mapped[datetime] = mapped_column(default=now)
