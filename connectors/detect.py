"""Which source wrote a file: from `sources.yaml`, else from its header columns or JSON keys."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from connectors.source import Source
from connectors.sources import registry
from journeymap.errors import JourneymapError

CONFIG_FILES = {"sources.yaml", "vocabulary.yaml"}
FORMATS = {".csv": "csv", ".ndjson": "ndjson", ".jsonl": "ndjson", ".json": "ndjson"}
SNIFF_LINES = 50


@dataclass(frozen=True)
class FileSettings:
    """What `sources.yaml` says of one file: its source (optional) and its time zone."""

    source: str | None = None
    timezone: str = "UTC"


def read_folder_settings(folder: Path) -> dict[str, FileSettings]:
    """Per-file settings from `sources.yaml` in the exports folder (empty when there is none)."""
    path = folder / "sources.yaml"
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as exc:
        raise JourneymapError(f"not valid YAML: {exc}", file=str(path)) from exc
    settings = {}
    for name, entry in (data.get("files") or {}).items():
        entry = entry or {}
        unknown = set(entry) - {"source", "timezone"}
        if unknown:
            raise JourneymapError(f"unknown keys {sorted(unknown)}", file=str(path), field=name)
        if entry.get("source") and entry["source"] not in registry():
            raise JourneymapError(
                f"unknown source {entry['source']!r}; known: {sorted(registry())}",
                file=str(path), field=f"files.{name}.source")
        settings[name] = FileSettings(entry.get("source"), entry.get("timezone", "UTC"))
    return settings


def export_files(folder: Path) -> list[Path]:
    """The export files of a folder, in name order, without the folder's own settings files."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name not in CONFIG_FILES
                  and not p.name.startswith("."))


def file_fields(path: Path, fmt: str) -> set[str]:
    """Header columns of a CSV, or the union of keys of the first JSON lines."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        if fmt == "csv":
            return set(next(csv.reader(handle), []))
        keys: set[str] = set()
        for _, line in zip(range(SNIFF_LINES), handle, strict=False):
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(record, dict):
                keys |= set(record)
        return keys


def detect_source(path: Path, settings: FileSettings) -> Source | None:
    """The source of `path`: named in sources.yaml, else the most specific signature match."""
    fmt = FORMATS.get(path.suffix.lower())
    if settings.source:
        return registry()[settings.source]
    if fmt is None:
        return None
    fields = file_fields(path, fmt)
    candidates = [s for s in registry().values() if s.format == fmt and s.matches(fields)]
    return max(candidates, key=lambda s: len(s.signature), default=None)
