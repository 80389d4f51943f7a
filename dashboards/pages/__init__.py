"""The workspace's pages: each a `layout(view)` over one snapshot, its state from the URL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dashboards.access import Access
from dashboards.memo import memo
from dashboards.urlstate import href
from maps.render_data import list_personas


@dataclass(frozen=True)
class View:
    """What a page draws from: a cursor on the snapshot, its name, the URL's state, who asks."""

    con: duckdb.DuckDBPyConnection
    snapshot: str
    state: dict[str, str]
    access: Access
    services: object = None  # the collaboration services (dashboards.services), if any
    snapshots_dir: Path | None = None  # where the snapshots are (the one before, for drift)

    def link(self, path: str, **state: object) -> str:
        """A link to a page that keeps the "as of" snapshot of this view, if any."""
        return href(path, {"as_of": self.state.get("as_of"), **state})

    def personas(self) -> list[str]:
        """The snapshot's personas this user may read (the snapshot's list read once)."""
        return self.access.readable(memo((self.snapshot, "persona names"),
                                         lambda: list_personas(self.con)))


Layout = Callable[[View], object]
