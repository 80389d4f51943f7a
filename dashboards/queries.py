"""What the workspace's pages read from a snapshot, beyond what `maps.render_data` reads.

The observed-map explorer shows the observed map of the journeys its filters choose (persona,
month of journey start, channel touched) in the same small frames `maps.render_data.PersonaData`
holds, so the figure functions of `maps/` draw it unchanged. Unfiltered views use the
pipeline's own tables; filtered ones read the cube written into the snapshot when it was
published (`dashboards.cube`), or, in a snapshot published before the cube existed, recompute
the map from `journey_variants` and `journeys` (explorer.sql).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from dashboards.cube import cube_queries, has_cube
from journeymap.sql import named_queries
from maps.render_data import PersonaData, existing_tables, list_personas, load_persona

OBSERVED_FRAMES = ("summary", "endpoints", "variants", "dfg")


@dataclass(frozen=True)
class ExplorerFilter:
    """The state of an explorer view (all of it lives in the page's URL)."""

    persona: str
    period: str | None = None  # 'YYYY-MM' of journey start; None: all journeys
    channel: str | None = None  # only journeys that touched this channel
    min_share: float = 0.01  # edges below this share of the journeys are hidden
    top: int = 10  # variants listed

    @property
    def filtered(self) -> bool:
        return self.period is not None or self.channel is not None

    def params(self) -> dict[str, object]:
        return {"persona": self.persona, "period": self.period, "channel": self.channel,
                "top": self.top}


def run(con: duckdb.DuckDBPyConnection, sql: str, params: dict) -> pd.DataFrame:
    """One statement with only the parameters it uses bound."""
    used = {k: v for k, v in params.items() if f"${k}" in sql}
    return con.execute(sql, used).df()


def cube_frames(con: duckdb.DuckDBPyConnection, f: ExplorerFilter) -> dict[str, pd.DataFrame]:
    """The filter's observed frames read from the snapshot's cube."""
    queries = cube_queries()
    return {name: run(con, queries[f"cell_{name}"], f.params()) for name in OBSERVED_FRAMES}


def recomputed_frames(con: duckdb.DuckDBPyConnection,
                      f: ExplorerFilter) -> dict[str, pd.DataFrame]:
    """The filter's observed frames recomputed from the journeys (snapshots without a cube)."""
    queries = named_queries("dashboards", "explorer.sql")
    run(con, queries["chosen"], f.params())
    frames = {name: run(con, queries[name], f.params()) for name in OBSERVED_FRAMES}
    if int(frames["summary"]["journeys"].iloc[0]) == 0:
        frames["summary"] = frames["summary"].iloc[0:0]  # no journeys: no observed map
    return frames


def explorer_data(con: duckdb.DuckDBPyConnection, f: ExplorerFilter,
                  tables: dict[str, set[str]] | None = None) -> PersonaData:
    """The persona's data with its observed frames limited to the filter's journeys."""
    tables = existing_tables(con) if tables is None else tables
    data = load_persona(con, f.persona, tables)
    if not f.filtered:
        return data
    frames = cube_frames(con, f) if has_cube(tables) else recomputed_frames(con, f)
    return PersonaData(persona=f.persona, frames={**data.frames, **frames})


def filter_choices(con: duckdb.DuckDBPyConnection, persona: str,
                   tables: dict[str, set[str]] | None = None) -> dict[str, list[str]]:
    """The months and channels a persona's journeys offer to the explorer's filters."""
    tables = existing_tables(con) if tables is None else tables
    params = {"persona": persona}
    if has_cube(tables):
        queries = cube_queries()
        return {"periods": run(con, queries["cube_periods"], params)["period"].tolist(),
                "channels": run(con, queries["cube_channels"], params)["channel"].tolist()}
    if "journey_variants" not in tables:
        return {"periods": [], "channels": []}
    queries = named_queries("dashboards", "explorer.sql")
    with_channels = "channel" in tables.get("journeys", set())
    return {
        "periods": run(con, queries["periods"], params)["period"].tolist(),
        "channels": run(con, queries["channels"], params)["channel"].tolist()
        if with_channels else [],
    }


def personas(con: duckdb.DuckDBPyConnection, names: list[str] | None = None) -> list[PersonaData]:
    """The data of the named personas (default: every persona), for the overview and the
    comparisons."""
    tables = existing_tables(con)
    return [load_persona(con, p, tables) for p in (list_personas(con) if names is None else names)]
