"""Journeys as an event log: which touchpoint events make one journey, and in which order.

By default a journey is the whole history of one customer (`journey_id = customer_id`). A split
rule cuts a customer's history into several journeys: after a pause longer than `inactivity`, or
right after one of the `after` touchpoints (a won deal, a cancelled plan). The rule in force is
kept in the store's `journey_split` table, so every figure can be traced to how journeys were cut.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import duckdb
from pydantic import BaseModel, ConfigDict, Field, field_validator

from journeymap.sql import insert_rows, query

_UNITS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600,
          "hour": 3600, "d": 86400, "day": 86400, "w": 604800, "week": 604800}
_DURATION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-z]+?)s?\s*")


def parse_duration(value: Any) -> Any:
    """'30 days', '12h', '90 minutes', '2w' as a timedelta; other values are left to pydantic
    (seconds as a number, ISO 8601 'P30D', '1 day, 2:00:00')."""
    if isinstance(value, str):
        match = _DURATION.fullmatch(value.lower())
        if match and match.group(2) in _UNITS:
            return timedelta(seconds=float(match.group(1)) * _UNITS[match.group(2)])
    return value


class JourneySplit(BaseModel):
    """The `journeys:` section of the persona rules: when a customer's next touchpoint event
    starts a new journey (off by default), and which feedback touchpoints are steps.

    Feedback (channel `feedback`: survey answers, reviews, support tickets, ratings) says how a
    step felt; it is not a step of the journey unless a designed map makes it one (a support
    journey's `support_ticket_opened`). Other feedback stays out of the event log, so it neither
    shows up as an unexpected step nor splits variants; mining.feedback ties it to its step.
    """

    model_config = ConfigDict(extra="forbid")
    inactivity: timedelta | None = Field(
        default=None, description="a pause longer than this starts a new journey")
    after: list[str] = Field(
        default_factory=list, description="a new journey starts after any of these touchpoints")
    feedback_steps: list[str] = Field(
        default_factory=list,
        description="feedback touchpoints that are journey steps (the pipeline adds those the "
                    "designed maps name); other feedback is attached to steps, not one itself")

    _parse = field_validator("inactivity", mode="before")(parse_duration)

    @field_validator("inactivity")
    @classmethod
    def _positive(cls, value: timedelta | None) -> timedelta | None:
        if value is not None and value <= timedelta(0):
            raise ValueError("inactivity must be longer than zero")
        return value

    @property
    def enabled(self) -> bool:
        return self.inactivity is not None or bool(self.after)


def build_journey_events(con: duckdb.DuckDBPyConnection, split: JourneySplit) -> None:
    """Create `journey_events` (per customer, ordered) and `journey_windows` (cut into journeys).

    Writes the rule to `journey_split`. `journeys` itself needs `customers` and is made by
    `build_journeys` once personas are assigned.
    """
    con.execute(query("mining", "journeys.sql", "journey_feedback_steps"))
    insert_rows(con, "journey_feedback_steps",
                [(touchpoint,) for touchpoint in sorted(set(split.feedback_steps))])
    con.execute(query("mining", "journeys.sql", "journey_events"))
    con.execute(query("mining", "journeys.sql", "journey_split"))
    rows: list[tuple[str, timedelta | None, str | None]] = [
        ("inactivity", split.inactivity, None)] if split.inactivity else []
    rows += [("after", None, touchpoint) for touchpoint in split.after]
    insert_rows(con, "journey_split", rows)
    windows = "journey_windows_split" if split.enabled else "journey_windows_whole"
    con.execute(query("mining", "journeys.sql", windows))


def build_journeys(con: duckdb.DuckDBPyConnection) -> None:
    """Create the `journeys` view: journey windows with the persona of their customer."""
    con.execute(query("mining", "journeys.sql", "journeys"))
