"""Feedback meets the designed maps: the steps the feedback mining summarises by, and the
feedback's measured impact merged into the ranked opportunities.

Mining never reads designed maps (imports go connectors -> mining -> maps), so the maps hand
it their steps as plain data (`feedback_designs`), from YAML or from the designed steps a
conformance run registered in the store (`feedback_designs_from_store`). After conformance has
ranked the deviations in `overlay_impact`, `merge_feedback_impact` adds the feedback rows
(negative feedback at a step, negative support conversations: conversion of journeys with it
against comparable journeys without) and ranks everything again by conversions lost, so the
opportunities list, the impact CSV and the maps show both kinds in one ranking.
"""

from __future__ import annotations

import duckdb

from journeymap.sql import query
from maps.designed import DesignedMap
from mining.catalog import existing_relations
from mining.feedback import FeedbackDesign, StepRef

FEEDBACK_KINDS = ("negative_feedback", "negative_support")


def feedback_designs(maps: dict[str, DesignedMap]) -> dict[str, FeedbackDesign]:
    """Each persona's designed steps and goal, as the feedback mining takes them."""
    designs = {}
    for persona, designed in maps.items():
        steps = tuple(StepRef(s.index, s.stage_index, s.stage, s.name, s.touchpoints,
                              float(s.emotion)) for s in designed.steps())
        designs[persona] = FeedbackDesign(goals=(designed.goal,), steps=steps)
    return designs


def feedback_designs_from_store(con: duckdb.DuckDBPyConnection) -> dict[str, FeedbackDesign]:
    """The same, from the designed maps a conformance run registered in the store (none when
    it has not run)."""
    if len(existing_relations(con, "designed_steps", "designed_step_touchpoints",
                              "designed_journeys")) < 3:
        return {}
    steps: dict[str, list[StepRef]] = {}
    rows = con.execute(query("maps", "feedback.sql", "registered_steps")).fetchall()
    for persona, index, stage_index, stage, step, touchpoints, emotion in rows:
        steps.setdefault(persona, []).append(
            StepRef(index, stage_index, stage, step, tuple(touchpoints),
                    None if emotion is None else float(emotion)))
    goals = dict(con.execute("SELECT persona, goal FROM designed_journeys").fetchall())
    return {persona: FeedbackDesign(goals=(goals[persona],), steps=tuple(found))
            for persona, found in steps.items() if persona in goals}


def merge_feedback_impact(con: duckdb.DuckDBPyConnection) -> int:
    """Put the feedback rows of `feedback_impact` into `overlay_impact` (replacing earlier
    ones) and rank again per persona; returns the feedback rows merged. Does nothing when
    either table is missing. Runs inside the caller's transaction, if any."""
    if existing_relations(con, "overlay_impact", "feedback_impact") != {"overlay_impact",
                                                                         "feedback_impact"}:
        return 0
    for statement in ("drop_feedback_impact", "insert_feedback_impact", "rerank_impact"):
        con.execute(query("maps", "feedback.sql", statement), {"kinds": list(FEEDBACK_KINDS)}
                    if statement == "drop_feedback_impact" else {})
    return int(con.execute("SELECT count(*) FROM overlay_impact WHERE list_contains(?, kind)",
                           [list(FEEDBACK_KINDS)]).fetchall()[0][0])
