"""What the maps read from the store: one persona's observed, designed and overlay results.

Only result tables written by mining (`observed_*`) and conformance (`designed_*`, `overlay_*`)
are read; nothing is recomputed here. A table that does not exist (say, no designed maps were
ever registered) reads as an empty frame with its columns, so a persona without a designed map
still gets its observed map. Columns that newer stores add (optional steps not taken, repeats)
are read when present and default to zero/false when not.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

ALTERNATIVES = " | "  # how `designed_steps.touchpoint` joins a step's alternative touchpoints


@dataclass(frozen=True)
class TableRead:
    """One persona's rows of one result table: the columns we use, in a stable order, and
    columns read only when the table has them (name -> SQL default otherwise)."""

    table: str
    columns: tuple[str, ...]
    order_by: str = ""
    extras: tuple[tuple[str, str], ...] = ()

    def names(self) -> list[str]:
        """Every column of the resulting frame."""
        return [*self.columns, *(name for name, _ in self.extras)]

    def sql(self, available: set[str]) -> str:
        """The query, with the persona as its one bound parameter."""
        extras = [
            name if name in available else f"{default} AS {name}" for name, default in self.extras
        ]
        order = f" ORDER BY {self.order_by}" if self.order_by else ""
        return (
            f"SELECT {', '.join([*self.columns, *extras])} FROM {self.table} "
            f"WHERE persona = ?{order}"
        )


READS: dict[str, TableRead] = {
    "summary": TableRead(
        "observed_summary",
        (
            "journeys",
            "events",
            "variants",
            "median_duration_seconds",
            "first_started_at",
            "last_started_at",
        ),
    ),
    "dfg": TableRead(
        "observed_dfg",
        ("source", "target", "count", "mean_seconds", "median_seconds", "p90_seconds"),
        "count DESC, source, target",
    ),
    "endpoints": TableRead(
        "observed_endpoints", ("kind", "touchpoint", "count"), "kind, count DESC, touchpoint"
    ),
    "variants": TableRead(
        "observed_variants",
        ("touchpoints", "count", "share", "median_duration_seconds", "rank"),
        "rank, count DESC",
    ),
    "design": TableRead("designed_journeys", ("designed_map", "goal", "owner", "version", "steps")),
    "designed_steps": TableRead(
        "designed_steps",
        (
            "step_index",
            "stage_index",
            "stage",
            "step",
            "touchpoint",
            "channel",
            "designed_emotion",
            "target_hours",
            "optional",
        ),
        "step_index",
    ),
    "steps": TableRead(
        "overlay_steps",
        (
            "step_index",
            "stage_index",
            "stage",
            "step",
            "touchpoint",
            "channel",
            "designed_emotion",
            "target_hours",
            "journeys",
            "followed",
            "in_order",
            "out_of_order",
            "late",
            "skipped",
            "not_reached",
            "dropped_after",
            "median_hours_from_previous",
        ),
        "step_index",
        extras=(("not_taken", "0"), ("repeated", "0"), ("repeatable", "false")),
    ),
    "unexpected": TableRead(
        "overlay_unexpected",
        ("touchpoint", "after_step_index", "after_step", "events", "journeys"),
        "after_step_index, journeys DESC, touchpoint",
    ),
    "overlay": TableRead(
        "overlay_summary",
        (
            "designed_map",
            "goal",
            "journeys",
            "converted",
            "conversion_rate",
            "fitting",
            "fitting_share",
            "with_late_step",
        ),
    ),
    "stages": TableRead(
        "overlay_stages", ("stage_index", "stage", "reached", "dropped_in_stage"), "stage_index"
    ),
}


@dataclass(frozen=True)
class PersonaData:
    """Everything the page of one persona shows, as small frames (one row per edge/step)."""

    persona: str
    frames: dict[str, pd.DataFrame]

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.frames[name]

    def first(self, name: str) -> dict:
        """The first row of a one-row table (summary, design, overlay), or {} when absent."""
        frame = self.frames[name]
        return frame.iloc[0].to_dict() if len(frame) else {}

    def designed_steps_of(self, touchpoint: str) -> list[dict]:
        """Designed steps at a touchpoint; a step with alternatives lists them joined by
        " | " in `designed_steps.touchpoint`."""
        return [
            row
            for row in self.frames["designed_steps"].to_dict("records")
            if touchpoint in str(row["touchpoint"]).split(ALTERNATIVES)
        ]

    def designed_touchpoints(self) -> set[str]:
        """Every touchpoint some designed step of this persona expects."""
        return {
            t
            for value in self.frames["designed_steps"]["touchpoint"]
            for t in str(value).split(ALTERNATIVES)
        }

    @property
    def has_design(self) -> bool:
        return len(self.frames["design"]) > 0 and len(self.frames["designed_steps"]) > 0

    @property
    def has_overlay(self) -> bool:
        return self.has_design and len(self.frames["steps"]) > 0

    @property
    def has_observed(self) -> bool:
        return len(self.frames["summary"]) > 0


def existing_tables(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """Columns of each table and view of the store (not the session's temporary ones)."""
    rows = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_catalog = current_database() AND table_schema = current_schema()"
    ).fetchall()
    tables: dict[str, set[str]] = {}
    for table, column in rows:
        tables.setdefault(table, set()).add(column)
    return tables


def list_personas(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every persona with an observed map or a designed map, sorted by name."""
    tables = set(existing_tables(con)) & {"observed_summary", "designed_journeys"}
    if not tables:
        return []
    union = " UNION ".join(f"SELECT persona FROM {table}" for table in sorted(tables))
    rows = con.execute(
        f"SELECT DISTINCT persona FROM ({union}) WHERE persona IS NOT NULL ORDER BY persona"
    ).fetchall()
    return [persona for (persona,) in rows]


def read_table(
    con: duckdb.DuckDBPyConnection, read: TableRead, persona: str, tables: dict[str, set[str]]
) -> pd.DataFrame:
    """One persona's rows of one table; an empty frame with the columns if the table is absent."""
    if read.table not in tables:
        return pd.DataFrame(columns=read.names())
    return con.execute(read.sql(tables[read.table]), [persona]).df()


def load_persona(
    con: duckdb.DuckDBPyConnection, persona: str, tables: dict[str, set[str]] | None = None
) -> PersonaData:
    """Read everything one persona's page needs from the store."""
    tables = existing_tables(con) if tables is None else tables
    frames = {name: read_table(con, read, persona, tables) for name, read in READS.items()}
    return PersonaData(persona=persona, frames=frames)
