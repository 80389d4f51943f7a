"""The opportunities backlog: ranked opportunities and pain points of a persona's map, with
an owner and a status each, their measured impact beside them; exportable as CSV."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboards.collab.models import STATUSES, BacklogItem, User, now
from journeymap.errors import JourneymapError


def item_key(kind: str, subject: str) -> str:
    """The backlog's key of an impact row: its kind and subject ('skipped: Requests a demo')."""
    return f"{kind}: {subject}"


def states(s: Session, persona: str) -> dict[str, tuple[str | None, str]]:
    """Owner name and status of each backlog item of a persona."""
    rows = s.execute(select(BacklogItem, User.name)
                     .outerjoin(User, User.id == BacklogItem.owner_id)
                     .where(BacklogItem.persona == persona))
    return {item.subject: (name, item.status) for item, name in rows}


def update(s: Session, persona: str, subject: str, owner: User | None, status: str) -> None:
    """Set an item's owner and status (creating its row on first change)."""
    if status not in STATUSES:
        raise JourneymapError(f"status {status!r} is not one of {', '.join(STATUSES)}")
    item = s.scalar(select(BacklogItem).where(BacklogItem.persona == persona,
                                              BacklogItem.subject == subject))
    if item is None:
        item = BacklogItem(persona=persona, subject=subject)
        s.add(item)
    item.owner_id, item.status, item.updated_at = (owner.id if owner else None), status, now()


def to_csv(rows: list[dict]) -> str:
    """The backlog as CSV; cells that a spreadsheet would run as a formula are quoted with '."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["persona"])
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("'" + v if isinstance(v, str) and v[:1] in "=+-@\t\r" else v)
                         for k, v in row.items()})
    return out.getvalue()
