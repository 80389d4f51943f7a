"""Designed maps edited in the workspace: every save a version (author, message), any two
versions compared step by step, any version restored (as a new version), and the maps kept
as YAML files too (imported from, and written back to, the designed-maps folder)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboards.collab.models import MapVersion, User
from journeymap.errors import JourneymapError
from maps.designed import DesignedMap, FlatStep, parse_designed_map


def validate(text: str, persona: str) -> DesignedMap:
    """The designed map in `text`, validated by the schema and made for `persona`."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise JourneymapError(f"not valid YAML: {error}", file=f"{persona} (editor)") from error
    designed = parse_designed_map(data, f"{persona} (editor)")
    if persona not in designed.persona_names():
        raise JourneymapError(f"this map is for {designed.persona_names()}, not {persona}")
    return designed


def latest(s: Session, persona: str) -> MapVersion | None:
    return s.scalar(select(MapVersion).where(MapVersion.persona == persona)
                    .order_by(MapVersion.number.desc()).limit(1))


def versions_of(s: Session, persona: str) -> list[tuple[MapVersion, str]]:
    """Every version of a persona's map, newest first, with its author's name."""
    rows = s.execute(select(MapVersion, User.name).outerjoin(User, User.id == MapVersion.author_id)
                     .where(MapVersion.persona == persona).order_by(MapVersion.number.desc()))
    return [(v, name or "imported") for v, name in rows]


def save_version(s: Session, persona: str, text: str, author: User | None, message: str,
                 folder: Path | None = None) -> MapVersion:
    """Validate and save a new version; write it to `folder/<persona>.yaml` when given."""
    validate(text, persona)
    number = (s.scalar(select(func.max(MapVersion.number))
                       .where(MapVersion.persona == persona)) or 0) + 1
    version = MapVersion(persona=persona, number=number, yaml=text,
                         author_id=author.id if author else None, message=message.strip())
    s.add(version)
    if folder is not None:
        (Path(folder) / f"{persona}.yaml").write_text(text)
    return version


def import_file(s: Session, persona: str, path: Path) -> MapVersion | None:
    """The map file as version 1 when the persona has no version yet (else nothing)."""
    if latest(s, persona) is not None or not path.is_file():
        return None
    return save_version(s, persona, path.read_text(), None, f"imported from {path.name}")


def version(s: Session, persona: str, number: int) -> MapVersion:
    row = s.scalar(select(MapVersion).where(MapVersion.persona == persona,
                                            MapVersion.number == number))
    if row is None:
        raise JourneymapError(f"{persona} has no version {number}")
    return row


@dataclass(frozen=True)
class Change:
    """One step's difference between two versions: added, removed, moved or changed."""

    kind: str
    step: str
    detail: str


def step_fields(step: FlatStep) -> dict[str, object]:
    return {"stage": step.stage, "touchpoints": list(step.touchpoints), "channel": step.channel,
            "emotion": step.emotion, "target_hours": step.target_hours,
            "optional": step.optional, "repeatable": step.repeatable}


def diff(before: DesignedMap, after: DesignedMap) -> list[Change]:
    """Steps (by name) added, removed, moved (another position) or changed (another field)."""
    old = {st.name: st for st in before.steps()}
    new = {st.name: st for st in after.steps()}
    changes = [Change("removed", name, f"was step {st.index}") for name, st in old.items()
               if name not in new]
    for name, st in new.items():
        if name not in old:
            changes.append(Change("added", name, f"step {st.index} in {st.stage}"))
            continue
        was = old[name]
        if was.index != st.index:
            changes.append(Change("moved", name, f"step {was.index} → {st.index}"))
        a, b = step_fields(was), step_fields(st)
        fields = [f"{k}: {a[k]} → {b[k]}" for k in a if a[k] != b[k]]
        if fields:
            changes.append(Change("changed", name, "; ".join(fields)))
    return changes


def diff_versions(s: Session, persona: str, a: int, b: int) -> list[Change]:
    return diff(validate(version(s, persona, a).yaml, persona),
                validate(version(s, persona, b).yaml, persona))
