"""Conversion, stage funnel, drop-off and time to convert of the observed journeys.

These need to know what converts a journey (goal touchpoints) and, for the funnel, which stage
each touchpoint belongs to. The pipeline passes them from each persona's designed map; the
command line takes `--goal` and `--stage name=touchpoint,...`. Mining never reads designed maps
itself: imports go connectors -> mining -> maps, never back up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import duckdb

from journeymap.errors import JourneymapError
from journeymap.sql import insert_rows, named_queries

FUNNEL_QUERIES = ("outcomes", "conversion", "funnel", "dropoff")


@dataclass(frozen=True)
class Stage:
    """A phase of a journey and the touchpoints that belong to it."""

    name: str
    touchpoints: tuple[str, ...]


@dataclass(frozen=True)
class Funnel:
    """Goal touchpoints (reaching any converts the journey) and optional stages, in order."""

    goals: tuple[str, ...]
    stages: tuple[Stage, ...] = ()

    def __post_init__(self) -> None:
        if not self.goals:
            raise JourneymapError("a funnel needs at least one goal touchpoint", field="goal")
        stage_of: dict[str, str] = {}
        for stage in self.stages:
            if not stage.touchpoints:
                raise JourneymapError(f"stage {stage.name!r} has no touchpoint", field="stage")
            for touchpoint in stage.touchpoints:
                if touchpoint in stage_of:
                    raise JourneymapError(
                        f"touchpoint {touchpoint!r} is in stage {stage_of[touchpoint]!r} and in "
                        f"stage {stage.name!r}; a touchpoint belongs to one stage", field="stage")
                stage_of[touchpoint] = stage.name
        if len({s.name for s in self.stages}) != len(self.stages):
            raise JourneymapError("stage names must be unique", field="stage")


def parse_stage(text: str) -> Stage:
    """A stage from the command line: 'consideration=page_viewed:pricing,demo_requested'."""
    name, sep, touchpoints = text.partition("=")
    names = tuple(t.strip() for t in touchpoints.split(",") if t.strip())
    if not sep or not name.strip() or not names:
        raise JourneymapError(f"{text!r} is not NAME=TOUCHPOINT[,TOUCHPOINT...]", field="stage")
    return Stage(name.strip(), names)


def _rows(funnels: Mapping[str | None, Funnel]) -> tuple[list[tuple], list[tuple]]:
    goals = [(persona, goal) for persona, f in funnels.items() for goal in dict.fromkeys(f.goals)]
    stages = [(persona, index, stage.name, touchpoint)
              for persona, f in funnels.items()
              for index, stage in enumerate(f.stages, start=1)
              for touchpoint in stage.touchpoints]
    return goals, stages


def compute_funnels(con: duckdb.DuckDBPyConnection,
                    funnels: Mapping[str | None, Funnel]) -> None:
    """Write `mined_outcomes`, `mined_conversion`, `mined_funnel`, `mined_dropoff` (temp).

    `funnels` maps a persona to its funnel; the key None means every persona. Needs the
    `mined_events` and `mined_journeys` of `observed.mine`.
    """
    if None in funnels and len(funnels) > 1:
        raise ValueError("give one funnel for every persona (key None) or one per persona")
    queries = named_queries("mining", "funnel.sql")
    con.execute(queries["goals"])
    con.execute(queries["stage_map"])
    goals, stages = _rows(funnels)
    insert_rows(con, "mined_goals", goals)
    insert_rows(con, "mined_stage_map", stages)
    for name in FUNNEL_QUERIES:
        con.execute(queries[name])
