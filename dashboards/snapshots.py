"""Snapshots: the read-only results of one pipeline run, which the workspace serves.

DuckDB allows one writing process per file and no reader beside it, so the workspace never
opens the pipeline's store. After each run the pipeline calls `publish_snapshot`, which copies
the store to `<snapshots>/<UTC time>.duckdb` under a temporary name and renames it into place
(a rename within one folder is atomic), so a reader sees either no snapshot or a whole one.
Before the rename the copy gets the explorer's cube (`dashboards.cube`), so filter changes read
precomputed rows. Snapshots are never written again: the app opens them read-only, switches to
the newest one when it appears, and older ones give "as of" views until `keep` newer ones push
them out.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from dashboards.cube import build_cube
from journeymap.errors import JourneymapError

SUFFIX = ".duckdb"
STAMP = "%Y%m%dT%H%M%S%fZ"  # sortable UTC time of publication, the snapshot's name
KEEP = 10


def snapshot_name(when: datetime) -> str:
    """The file name of a snapshot published at `when` (UTC); names sort by time."""
    return when.astimezone(UTC).strftime(STAMP) + SUFFIX


def snapshot_time(path: Path) -> datetime:
    """When a snapshot was published (UTC), read from its name."""
    return datetime.strptime(path.name.removesuffix(SUFFIX), STAMP).replace(tzinfo=UTC)


def list_snapshots(snapshots_dir: Path) -> list[Path]:
    """Every published snapshot, oldest first (temporary files of a copy under way excluded)."""
    folder = Path(snapshots_dir)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"*{SUFFIX}") if not p.name.startswith("."))


def latest_snapshot(snapshots_dir: Path) -> Path | None:
    """The newest snapshot, or None before the first run published one."""
    snapshots = list_snapshots(snapshots_dir)
    return snapshots[-1] if snapshots else None


def publish_snapshot(db_path: Path, snapshots_dir: Path, keep: int = KEEP) -> Path:
    """Copy the store to a new snapshot (with the explorer's cube) atomically and drop all but
    the newest `keep`.

    Call it after the run's last write, with no writer open on `db_path` (the checkpoint below
    needs the file to itself and folds the write-ahead log in, so the copy is complete)."""
    db_path, folder = Path(db_path), Path(snapshots_dir)
    if not db_path.is_file():
        raise JourneymapError(f"{db_path}: no store to publish")
    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db_path))
    try:
        con.execute("CHECKPOINT").fetchall()
    finally:
        con.close()
    target = folder / snapshot_name(datetime.now(UTC))
    while target.exists():  # two publications within a microsecond: never overwrite one
        target = folder / snapshot_name(datetime.now(UTC))
    temporary = folder / f".{target.name}.part"
    shutil.copyfile(db_path, temporary)
    try:
        add_cube(temporary)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    os.replace(temporary, target)
    for old in list_snapshots(folder)[:-keep]:
        old.unlink(missing_ok=True)
    return target


def add_cube(path: Path) -> None:
    """Write the explorer's cube into a snapshot's copy before it is published."""
    con = duckdb.connect(str(path))
    try:
        if build_cube(con):
            con.execute("CHECKPOINT").fetchall()
    finally:
        con.close()
