"""Rate limiting of sign-in: after too many refused passwords for one email, or from one
address, within a window, further attempts are refused without checking the password.

Failures are rows of the collaboration store, so the limit holds across the server's threads,
restarts and several app processes behind one proxy. Behind a proxy, the address is the
client's only when the proxy is trusted (JOURNEYMAP_TRUSTED_PROXIES; see `dashboards.server`).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dashboards.collab.models import LoginFailure, now

WINDOW = timedelta(minutes=15)
PER_EMAIL = 5  # refused passwords for one account within the window
PER_ADDRESS = 20  # refused passwords from one client address within the window


def keys(email: str, address: str | None) -> dict[str, int]:
    """The counters a sign-in attempt is held against, with their limits."""
    found = {f"email:{email.strip().lower()}": PER_EMAIL}
    if address:
        found[f"address:{address}"] = PER_ADDRESS
    return found


def retry_after(s: Session, email: str, address: str | None) -> int:
    """Seconds until an attempt may be made again; 0 when it may be made now."""
    since = now() - WINDOW
    wait = 0
    for key, limit in keys(email, address).items():
        times = list(s.scalars(select(LoginFailure.at).where(
            LoginFailure.key == key, LoginFailure.at > since).order_by(LoginFailure.at.desc())
            .limit(limit)))
        if len(times) >= limit:
            wait = max(wait, int((times[-1] + WINDOW - now()).total_seconds()) + 1)
    return wait


def record_failure(s: Session, email: str, address: str | None) -> None:
    """Count a refused password (and forget failures older than the window)."""
    s.execute(delete(LoginFailure).where(LoginFailure.at <= now() - WINDOW))
    for key in keys(email, address):
        s.add(LoginFailure(key=key))


def clear_failures(s: Session, email: str) -> None:
    """A successful sign-in forgets the account's failures (not the address's)."""
    s.execute(delete(LoginFailure).where(
        LoginFailure.key == next(iter(keys(email, None)))))

