"""Dated annotations (a campaign launch, a price change) drawn on every time chart: on one
persona's charts, or on every persona's when the annotation is for the whole workspace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from dashboards.collab.models import Annotation, User
from journeymap.errors import JourneymapError

MAX_LABEL = 120


@dataclass(frozen=True)
class Mark:
    """An annotation as the charts draw it."""

    id: int
    day: date
    label: str
    persona: str | None
    author: str


def parse_day(text: str) -> date:
    """A 'YYYY-MM-DD' date from a form, refused with the field's name when malformed."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError as error:
        raise JourneymapError(f"day: {text!r} is not a date like 2026-06-01") from error


def add_annotation(s: Session, author: User, day: date, label: str,
                   persona: str | None) -> Annotation:
    label = label.strip()
    if not label or len(label) > MAX_LABEL:
        raise JourneymapError(f"label: an annotation has 1 to {MAX_LABEL} characters")
    row = Annotation(day=day, label=label, persona=persona or None, author_id=author.id)
    s.add(row)
    s.flush()
    return row


def marks_for(s: Session, persona: str | None = None) -> list[Mark]:
    """The annotations a persona's charts show (its own and the workspace's), oldest first;
    with no persona every annotation (charts of several personas)."""
    query = select(Annotation, User.name).outerjoin(User, User.id == Annotation.author_id)
    if persona is not None:
        query = query.where(or_(Annotation.persona.is_(None), Annotation.persona == persona))
    rows = s.execute(query.order_by(Annotation.day, Annotation.id))
    return [Mark(a.id, a.day, a.label, a.persona, name or "") for a, name in rows]


def delete_annotation(s: Session, annotation_id: int) -> Annotation:
    row = s.get(Annotation, annotation_id)
    if row is None:
        raise JourneymapError(f"no annotation {annotation_id}")
    s.delete(row)
    return row
