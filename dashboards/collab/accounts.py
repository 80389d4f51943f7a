"""Accounts, roles and login sessions.

Passwords are hashed with argon2 (argon2-cffi's defaults, RFC 9106 low-memory profile). A login
session is a random token in an HttpOnly cookie; the store keeps only its SHA-256, with the
session's CSRF token, so a leaked database does not give away live sessions. Disabling a user
ends their sessions at once (every request looks the user up).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dashboards.collab.models import ROLES, WORKSPACE, LoginSession, Role, User, now
from journeymap.errors import JourneymapError

HASHER = PasswordHasher()
SESSION_DAYS = 14
HANDLE = re.compile(r"^[A-Za-z0-9_.-]{1,80}$")  # what an @mention can name


def rank(role: str | None) -> int:
    """0 for no role, then viewer < editor < owner."""
    return ROLES.index(role) + 1 if role in ROLES else 0


def add_user(s: Session, email: str, name: str, password: str | None, role: str) -> User:
    """A new account with a workspace role; `password` None for single-sign-on accounts."""
    if not HANDLE.match(name):
        raise JourneymapError(f"user name {name!r}: letters, digits, _ . - only (it is the "
                              "@handle in mentions)")
    if role not in ROLES:
        raise JourneymapError(f"role {role!r} is not one of {', '.join(ROLES)}")
    if s.scalar(select(User).where((User.email == email) | (User.name == name))):
        raise JourneymapError(f"a user with email {email} or name {name} exists")
    user = User(email=email, name=name,
                password_hash=HASHER.hash(password) if password else None)
    s.add(user)
    s.flush()
    s.add(Role(user_id=user.id, scope=WORKSPACE, role=role))
    return user


def find_user(s: Session, who: str) -> User:
    """A user by email or name."""
    user = s.scalar(select(User).where((User.email == who) | (User.name == who)))
    if user is None:
        raise JourneymapError(f"no user {who!r}")
    return user


def set_role(s: Session, user: User, role: str, scope: str = WORKSPACE) -> None:
    """Give a user a role over the workspace or over one persona's map."""
    if role not in ROLES:
        raise JourneymapError(f"role {role!r} is not one of {', '.join(ROLES)}")
    row = s.scalar(select(Role).where(Role.user_id == user.id, Role.scope == scope))
    if row is None:
        s.add(Role(user_id=user.id, scope=scope, role=role))
    else:
        row.role = role


def remove_role(s: Session, user: User, scope: str) -> None:
    """Take away a user's role over one map (or the workspace)."""
    s.execute(delete(Role).where(Role.user_id == user.id, Role.scope == scope))


def disable_user(s: Session, user: User) -> None:
    """Stop a user signing in, and end their sessions."""
    user.disabled = True
    s.execute(delete(LoginSession).where(LoginSession.user_id == user.id))


def role_of(s: Session, user: User, persona: str | None = None) -> str | None:
    """The user's role over a persona's map: the higher of the workspace and the map role."""
    scopes = [WORKSPACE] + ([persona] if persona else [])
    roles = s.scalars(select(Role.role).where(Role.user_id == user.id, Role.scope.in_(scopes)))
    return max(roles, key=rank, default=None)


@cache
def absent_hash() -> str:
    """A hash to verify against when the account does not exist, so that an unknown email
    costs the same time as a wrong password (no hint of which accounts exist)."""
    return HASHER.hash(secrets.token_urlsafe(16))


def authenticate(s: Session, email: str, password: str) -> User | None:
    """The enabled user with this email and password, else None (same work either way)."""
    user = s.scalar(select(User).where(User.email == email))
    stored = user.password_hash if user and user.password_hash else absent_hash()
    try:
        HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or user.disabled or not user.password_hash:
        return None
    return user


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(s: Session, user: User) -> str:
    """A new login session; returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    s.add(LoginSession(token_hash=digest(token), csrf_token=secrets.token_urlsafe(32),
                       user_id=user.id, expires_at=now() + timedelta(days=SESSION_DAYS)))
    return token


def session_of(s: Session, token: str | None) -> tuple[User, LoginSession] | None:
    """The enabled user and session behind a cookie's token, if live."""
    if not token:
        return None
    row = s.scalar(select(LoginSession).where(LoginSession.token_hash == digest(token)))
    if row is None or row.expires_at < now():
        return None
    user = s.get(User, row.user_id)
    return (user, row) if user is not None and not user.disabled else None


def end_session(s: Session, token: str | None) -> None:
    if token:
        s.execute(delete(LoginSession).where(LoginSession.token_hash == digest(token)))
