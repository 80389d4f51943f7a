"""What `sources.yaml` in an exports folder says: privacy mode and per-file settings.

```yaml
privacy: hash_emails              # store SHA-256 of emails only (default: none)
files:
  hubspot_contacts.csv: {source: hubspot, timezone: Europe/Berlin}
  "salesforce/*.csv": {source: salesforce, timezone: America/Chicago}
  kontakte.csv: {source: hubspot, encoding: cp1252, delimiter: ";",
                 columns: {Email: E-Mail}}          # the source's column name: this file's name
  tickets.csv: {source: generic, channel: crm, identifier: email,
                columns: {case: customer_email, activity: status, timestamp: changed_at}}
```

A key is a file name or a glob over names relative to the folder; the first matching key wins.
A `sources.yaml` in a subfolder speaks for the files below it; `privacy` is read from the top one.
"""

from __future__ import annotations

import codecs
import fnmatch
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from journeymap.errors import JourneymapError, invalid_input

PRIVACY_MODES = ("none", "hash_emails")
CHANNELS = ("email", "ads", "social", "crm", "web", "feedback")


class FileSettings(BaseModel):
    """Settings of one file (or of every file a glob matches)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    source: str | None = None  # a tool (hubspot) or one of its exports (hubspot_deals)
    timezone: str = "UTC"  # zone of wall-clock times without an offset
    encoding: str | None = None  # any Python codec name; default: BOM, else UTF-8
    delimiter: str | None = Field(default=None, min_length=1, max_length=1)
    columns: dict[str, str] = Field(default_factory=dict)  # source's name -> this file's name
    identifier: str = "case"  # generic: the kind of identifier the case column holds
    # generic: its channel
    channel: Literal["email", "ads", "social", "crm", "web", "feedback"] = "web"

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                codecs.lookup(value)
            except LookupError as exc:
                raise ValueError(f"unknown encoding {value!r}") from exc
        return value


class FolderSettings(BaseModel):
    """The whole `sources.yaml`."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    privacy: Literal["none", "hash_emails"] = "none"
    files: dict[str, FileSettings] = Field(default_factory=dict)

    def match(self, relative_name: str) -> FileSettings | None:
        """Settings of a file: the first key equal to its name or a glob matching it."""
        if relative_name in self.files:
            return self.files[relative_name]
        base = relative_name.rsplit("/", 1)[-1]
        for pattern, entry in self.files.items():
            if fnmatch.fnmatchcase(relative_name, pattern) or fnmatch.fnmatchcase(base, pattern):
                return entry
        return None


def settings_for(path: Path, root: Path, folders: dict[Path, FolderSettings]) -> FileSettings:
    """A file's settings from the nearest `sources.yaml` (its folder's, then its parents') that
    names it; defaults when none does."""
    folder = path.parent
    while True:
        if folder in folders:
            entry = folders[folder].match(path.relative_to(folder).as_posix())
            if entry is not None:
                return entry
        if folder == root or folder == folder.parent:
            return FileSettings()
        folder = folder.parent


def read_all_settings(root: Path) -> dict[Path, FolderSettings]:
    """Every `sources.yaml` below an exports folder, by the folder it sits in."""
    return {path.parent: read_folder_settings(path.parent)
            for path in sorted(root.rglob("sources.yaml"))}


def read_folder_settings(folder: Path) -> FolderSettings:
    """`sources.yaml` of an exports folder, validated; defaults when there is none."""
    path = folder / "sources.yaml"
    if not path.exists():
        return FolderSettings()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return FolderSettings.model_validate(data)
    except yaml.YAMLError as exc:
        raise JourneymapError(f"not valid YAML: {exc}", file=str(path)) from exc
    except ValidationError as exc:
        raise invalid_input(exc, str(path)) from exc
