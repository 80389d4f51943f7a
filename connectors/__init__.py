"""Connectors: vendor exports -> DuckDB `touchpoints`, identities stitched into customers.

Public functions: `ingest` (a folder of exports into the store) and `stitch_identities`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from connectors.detect import FileSettings, export_files, read_folder_settings
from connectors.identity import refine_click_times, stitch_identities
from connectors.load import FileReport, load_file, load_vocabulary
from connectors.store import connect
from journeymap.errors import JourneymapError

__all__ = ["FileReport", "IngestReport", "connect", "ingest", "stitch_identities"]


@dataclass
class IngestReport:
    """What one ingest run did: per file, and the stitching that followed."""

    files: list[FileReport] = field(default_factory=list)
    clicks_refined: int = 0
    identities: dict[str, int] = field(default_factory=dict)

    def totals(self) -> dict[str, int]:
        keys = ("rows_read", "rows_loaded", "rows_quarantined", "touchpoints_added",
                "touchpoints_duplicate")
        return {k: sum(getattr(f, k) for f in self.files) for k in keys}

    def as_dict(self) -> dict:
        return {"files": [f.as_dict() for f in self.files], "totals": self.totals(),
                "clicks_refined": self.clicks_refined, "identities": self.identities}


def ingest(exports_dir: str | Path, con: duckdb.DuckDBPyConnection,
           *, stitch: bool = True, files: list[str] | None = None) -> IngestReport:
    """Load every export in `exports_dir` (or only `files`, paths relative to it) into the store
    and tie touchpoints to customers.

    Each file loads in its own transaction; files already loaded are skipped by checksum.
    """
    folder = Path(exports_dir)
    if not folder.is_dir():
        raise JourneymapError("exports folder not found", file=str(folder))
    settings = read_folder_settings(folder)
    load_vocabulary(con, folder)
    report = IngestReport()
    for path in export_files(folder):
        if files is not None and path.relative_to(folder).as_posix() not in files:
            continue
        report.files.append(load_file(con, path, settings.get(path.name, FileSettings())))
    report.clicks_refined = refine_click_times(con)
    if stitch:
        report.identities = stitch_identities(con)
    return report
