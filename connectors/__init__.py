"""Connectors: vendor exports -> DuckDB `touchpoints`, identities stitched into customers.

Public functions: `ingest` (a folder of exports into the store), `stitch_identities` and
`connect`. Tables written: touchpoints, identifier_edges, identities, identity_conflicts, traits,
channel_metrics, feedback (survey answers, reviews, support conversations), quarantine,
ingested_files (the manifest); see connectors/schema.sql.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from connectors.detect import export_files
from connectors.identity import identity_conflicts, refine_click_times, stitch_identities
from connectors.lake import export_to_lake
from connectors.load import FileReport, LoadOptions, load_file, load_vocabulary
from connectors.settings import (
    PRIVACY_MODES,
    FolderSettings,
    read_all_settings,
    read_folder_settings,
    settings_for,
)
from connectors.sources import registry
from connectors.store import connect, ensure_schema
from journeymap.errors import JourneymapError

DEFAULT_INGEST_MEMORY = "2GB"

__all__ = ["FileReport", "IngestReport", "connect", "ingest", "registry", "stitch_identities"]


@dataclass
class IngestReport:
    """What one ingest run did: per file, and the stitching that followed."""

    files: list[FileReport] = field(default_factory=list)
    clicks_refined: int = 0
    identities: dict[str, int] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    privacy: str = "none"
    lake: dict[str, int] = field(default_factory=dict)  # event dates written to the lake

    def totals(self) -> dict[str, int]:
        keys = ("rows_read", "rows_loaded", "rows_quarantined", "touchpoints_added",
                "touchpoints_duplicate")
        return {k: sum(getattr(f, k) for f in self.files) for k in keys}

    def as_dict(self) -> dict:
        return {"files": [f.as_dict() for f in self.files], "totals": self.totals(),
                "clicks_refined": self.clicks_refined, "identities": self.identities,
                "conflicts": self.conflicts, "privacy": self.privacy, "lake": self.lake}


def ingest(exports_dir: str | Path, con: duckdb.DuckDBPyConnection, *, stitch: bool = True,
           files: list[str] | None = None, privacy: str | None = None,
           lake: str | Path | None = None) -> IngestReport:
    """Load every export below `exports_dir` (or only `files`, paths relative to it) into the
    store and tie touchpoints to customers.

    Each file loads in its own transaction; files already loaded are skipped by checksum.
    `privacy` ('none' or 'hash_emails') overrides `privacy:` in the folder's sources.yaml; with
    'hash_emails' only SHA-256 hashes of email addresses are stored. With `lake` (a folder) the
    touchpoints also go to Parquet partitioned by event date, with identities and traits, for
    mining on DuckDB or Spark (connectors.lake); only changed event dates are rewritten.
    """
    folder = Path(exports_dir)
    if not folder.is_dir():
        raise JourneymapError("exports folder not found", file=str(folder))
    if privacy is not None and privacy not in PRIVACY_MODES:
        raise JourneymapError(f"unknown privacy mode {privacy!r}; known: {list(PRIVACY_MODES)}")
    ensure_schema(con)
    with _memory_limit(con):
        report = _ingest(folder, con, stitch=stitch, files=files, privacy=privacy)
    if lake is not None:
        report.lake = export_to_lake(con, lake)
    return report


@contextmanager
def _memory_limit(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Cap DuckDB's memory while loading (JOURNEYMAP_INGEST_MEMORY, default 2GB): big files
    spill to disk instead of growing the process. The connection's own limit comes back after."""
    before = con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    con.execute("SET memory_limit = $limit",
                {"limit": os.environ.get("JOURNEYMAP_INGEST_MEMORY", DEFAULT_INGEST_MEMORY)})
    try:
        yield
    finally:
        con.execute("SET memory_limit = $limit", {"limit": before})


def _ingest(folder: Path, con: duckdb.DuckDBPyConnection, *, stitch: bool,
            files: list[str] | None, privacy: str | None) -> IngestReport:
    folders = read_all_settings(folder)
    for where, settings in folders.items():
        _check_named_sources(where, settings)
    top = folders.get(folder) or read_folder_settings(folder)
    options = LoadOptions(hash_emails=(privacy or top.privacy) == "hash_emails")
    load_vocabulary(con, folder)
    report = IngestReport(privacy=options.privacy)
    for path in export_files(folder):
        if files is not None and path.relative_to(folder).as_posix() not in files:
            continue
        report.files.append(load_file(con, path, settings_for(path, folder, folders), options))
    report.clicks_refined = refine_click_times(con)
    if stitch:
        report.identities = stitch_identities(con)
        report.conflicts = identity_conflicts(con)
    return report


def _check_named_sources(folder: Path, settings: FolderSettings) -> None:
    known = {s.name for s in registry().values()} | {s.source for s in registry().values()}
    for key, entry in settings.files.items():
        if entry.source and entry.source not in known:
            raise JourneymapError(f"unknown source {entry.source!r}; known: {sorted(known)}",
                                  file=str(folder / "sources.yaml"), field=f"files.{key}.source")
