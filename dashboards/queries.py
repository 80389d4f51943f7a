"""What the workspace's pages read from a snapshot, beyond what `maps.render_data` reads.

The observed-map explorer recomputes the observed map of the journeys its filters choose
(persona, month of journey start, channel touched) from `journey_variants` and `journeys`,
in DuckDB, into the same small frames `maps.render_data.PersonaData` holds, so the figure
functions of `maps/` draw it unchanged. Unfiltered views use the pipeline's own tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from maps.render_data import PersonaData, existing_tables, list_personas, load_persona

SQL_FILE = Path(__file__).with_name("explorer.sql")


@cache
def statements() -> dict[str, str]:
    """The named statements of explorer.sql (`-- name: x` starts statement x)."""
    parts = re.split(r"^-- name: (\w+)\s*$", SQL_FILE.read_text(), flags=re.M)
    return {name: body.strip() for name, body in zip(parts[1::2], parts[2::2], strict=True)}


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


def run(con: duckdb.DuckDBPyConnection, name: str, params: dict) -> pd.DataFrame:
    """One named statement with only the parameters it uses bound."""
    sql = statements()[name]
    used = {k: v for k, v in params.items() if f"${k}" in sql}
    return con.execute(sql, used).df()


def explorer_data(con: duckdb.DuckDBPyConnection, f: ExplorerFilter) -> PersonaData:
    """The persona's data with its observed frames limited to the filter's journeys."""
    data = load_persona(con, f.persona)
    if not f.filtered:
        return data
    params = {"persona": f.persona, "period": f.period, "channel": f.channel, "top": f.top}
    run(con, "chosen", params)
    frames = dict(data.frames)
    for name in ("summary", "endpoints", "variants", "dfg"):
        frames[name] = run(con, name, params)
    if int(frames["summary"]["journeys"].iloc[0]) == 0:
        frames["summary"] = frames["summary"].iloc[0:0]  # no journeys: no observed map
    return PersonaData(persona=f.persona, frames=frames)


def filter_choices(con: duckdb.DuckDBPyConnection, persona: str) -> dict[str, list[str]]:
    """The months and channels a persona's journeys offer to the explorer's filters."""
    tables = existing_tables(con)
    if "journey_variants" not in tables:
        return {"periods": [], "channels": []}
    params = {"persona": persona}
    with_channels = "channel" in tables.get("journeys", set())
    return {
        "periods": run(con, "periods", params)["period"].tolist(),
        "channels": run(con, "channels", params)["channel"].tolist() if with_channels else [],
    }


def personas(con: duckdb.DuckDBPyConnection, names: list[str] | None = None) -> list[PersonaData]:
    """The data of the named personas (default: every persona), for the overview and the
    comparisons."""
    tables = existing_tables(con)
    return [load_persona(con, p, tables) for p in (list_personas(con) if names is None else names)]
