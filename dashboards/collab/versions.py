"""Designed maps edited in the workspace: every save a version (author, message), any two
versions compared step by step, any version restored (as a new version), and the maps kept
as YAML files too.

The designed-maps folder (often a git checkout) stays a first-class way to work: a file that
changed there since the store last read or wrote it becomes a new version ("changed in the
folder"), and with write-back every version saved in the app is written to
`<folder>/<persona>.yaml`. The store keeps the hash of the file it last read or wrote
(`map_files`), so its own writes are never read back as changes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboards.collab.models import MapFile, MapVersion, User, now
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
        write_file(s, persona, text, Path(folder))
    return version


def text_sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def map_file(folder: Path, persona: str) -> Path:
    return Path(folder) / f"{persona}.yaml"


def remember_file(s: Session, persona: str, text: str) -> None:
    """Note the content of the persona's file as the store last saw it."""
    row = s.get(MapFile, persona)
    if row is None:
        s.add(MapFile(persona=persona, sha256=text_sha(text)))
    else:
        row.sha256, row.synced_at = text_sha(text), now()


def write_file(s: Session, persona: str, text: str, folder: Path) -> Path:
    """Write a version to the designed-maps folder (atomically: a reader never sees half)."""
    path = map_file(folder, persona)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.part")
    partial.write_text(text)
    partial.replace(path)
    remember_file(s, persona, text)
    return path


def sync_from_folder(s: Session, persona: str, folder: Path) -> str | None:
    """Read the folder's file as a new version when it changed since the store last read or
    wrote it (the first import makes version 1); returns what happened, for the page, or None
    when nothing changed. An invalid file makes no version and is reported once, with the path
    of its bad field, until it changes again."""
    path = map_file(folder, persona)
    if not path.is_file():
        return None
    text = path.read_text()
    row = s.get(MapFile, persona)
    current = latest(s, persona)
    unchanged = (row is not None and row.sha256 == text_sha(text)) or (
        current is not None and current.yaml == text)
    remember_file(s, persona, text)
    if unchanged:
        return None
    try:
        validate(text, persona)
    except JourneymapError as error:
        return f"{path.name} in the designed-maps folder is not valid, so it was not read: {error}"
    message = f"imported from {path.name}" if current is None \
        else f"changed in the folder ({path.name})"
    version = save_version(s, persona, text, None, message)
    return f"Version {version.number}: {message}."


def import_text(s: Session, persona: str, text: str, author: User, filename: str,
                folder: Path | None = None) -> MapVersion:
    """An uploaded YAML file as a new version (validated like any save)."""
    return save_version(s, persona, text, author, f"imported from {Path(filename).name}",
                        folder)


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

