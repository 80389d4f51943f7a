"""Reading snapshots: one read-only DuckDB connection per snapshot, a cursor per request.

The app asks `SnapshotReader.cursor()` for the newest snapshot on every page; the folder is
listed each time (cheap), so a snapshot published by a run is served from the next request on.
`cursor(as_of=NAME)` opens an earlier snapshot for an "as of" view. Snapshots never change, so
their connections stay open and results computed from one may be cached under its name; the
app prepares those of each new snapshot in the background (`prepare_with`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from dashboards.snapshots import latest_snapshot, list_snapshots
from journeymap.errors import JourneymapError

OPEN_AT_MOST = 4  # connections kept open: the newest snapshot and a few "as of" views


class SnapshotReader:
    """Hands out cursors on the newest (or a named) snapshot of one snapshots folder."""

    def __init__(self, snapshots_dir: Path) -> None:
        self.snapshots_dir = Path(snapshots_dir)
        self._connections: dict[str, duckdb.DuckDBPyConnection] = {}
        self._lock = threading.Lock()
        self._prepare: Callable[[str], None] | None = None
        self._newest: str | None = None

    def prepare_with(self, prepare: Callable[[str], None]) -> None:
        """Call `prepare(name)` in a background thread for the newest snapshot now, and for
        each newer one when a request first finds it (the app builds its figures then)."""
        self._prepare = prepare
        path = latest_snapshot(self.snapshots_dir)
        if path is not None:
            self._seen(path.name)

    def _seen(self, newest: str) -> None:
        with self._lock:
            if newest == self._newest or self._prepare is None:
                return
            self._newest = newest
        # not a daemon: at exit the process lets it finish the page it is drawing (it stops
        # after that) rather than killing it inside DuckDB
        threading.Thread(target=self._prepare, args=(newest,), name=f"prepare {newest}").start()

    def names(self) -> list[str]:
        """Every published snapshot's name, oldest first."""
        return [p.name for p in list_snapshots(self.snapshots_dir)]

    def resolve(self, as_of: str | None = None) -> Path:
        """The snapshot a view reads: the named one, else the newest."""
        if as_of:
            path = self.snapshots_dir / Path(as_of).name  # a name, never a path elsewhere
            if path not in list_snapshots(self.snapshots_dir):
                raise JourneymapError(f"no snapshot named {as_of!r} in {self.snapshots_dir}")
            return path
        path = latest_snapshot(self.snapshots_dir)
        if path is None:
            raise JourneymapError(
                f"no snapshot in {self.snapshots_dir} yet: run the pipeline, or "
                "`journeymap serve --db FILE` to publish one from a store")
        self._seen(path.name)
        return path

    def _connection(self, path: Path) -> duckdb.DuckDBPyConnection:
        with self._lock:
            con = self._connections.get(path.name)
            if con is None:
                con = duckdb.connect(str(path), read_only=True)
                self._connections[path.name] = con
                for stale in sorted(self._connections)[:-OPEN_AT_MOST]:
                    self._connections.pop(stale).close()
            return con

    @contextmanager
    def cursor(self, as_of: str | None = None) -> Iterator[tuple[str, duckdb.DuckDBPyConnection]]:
        """The snapshot's name and a cursor of its own (one per request: cursors are not
        shared between threads)."""
        path = self.resolve(as_of)
        cur = self._connection(path).cursor()
        try:
            yield path.name, cur
        finally:
            cur.close()

    def close(self) -> None:
        with self._lock:
            for con in self._connections.values():
                con.close()
            self._connections.clear()
