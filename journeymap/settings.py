"""Where journeymap reads and writes: one typed settings object, defaults that work on a laptop.

Every path can be overridden by an environment variable (JOURNEYMAP_DB, JOURNEYMAP_EXPORTS,
JOURNEYMAP_DESIGNED, JOURNEYMAP_PERSONAS, JOURNEYMAP_MAPS, JOURNEYMAP_SNAPSHOTS, JOURNEYMAP_LAKE)
or by the Dagster resources that wrap these settings. Defaults follow the layout of a project
folder made by `journeymap samples`: `exports/`, `designed/`, `personas.yaml`, and results in
`journeymap.duckdb`, `maps/` and (engines over Parquet) `lake/`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV = {
    "db_path": "JOURNEYMAP_DB",
    "exports_dir": "JOURNEYMAP_EXPORTS",
    "designed_dir": "JOURNEYMAP_DESIGNED",
    "personas_file": "JOURNEYMAP_PERSONAS",
    "maps_dir": "JOURNEYMAP_MAPS",
    "snapshots_dir": "JOURNEYMAP_SNAPSHOTS",
    "lake_dir": "JOURNEYMAP_LAKE",
}


@dataclass(frozen=True)
class Settings:
    """Paths of one journeymap project: inputs (exports, designed maps, personas) and outputs."""

    db_path: Path
    exports_dir: Path
    designed_dir: Path
    personas_file: Path
    maps_dir: Path
    snapshots_dir: Path
    lake_dir: Path  # Parquet touchpoints and results, for mining at scale (journeymap.engines)

    @classmethod
    def for_project(cls, project_dir: str | os.PathLike[str] = ".") -> Settings:
        """Settings for a project folder, each path overridable by its environment variable."""
        root = Path(project_dir)
        defaults = {
            "db_path": root / "journeymap.duckdb",
            "exports_dir": root / "exports",
            "designed_dir": root / "designed",
            "personas_file": root / "personas.yaml",
            "maps_dir": root / "maps",
            "snapshots_dir": root / "snapshots",
            "lake_dir": root / "lake",
        }
        return cls(**{key: Path(os.environ.get(ENV[key], value))
                      for key, value in defaults.items()})
