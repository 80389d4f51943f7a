"""Voice of the customer, end to end: score feedback, attribute it to journey steps, summarise.

`mine_feedback` reads the store's `feedback` (connectors), `identities`, `customers` and
`journeys`, and the designed steps the caller passes as plain data (mining never reads designed
maps itself; see `maps.feedback.feedback_designs`). It computes everything in temporary tables
and then replaces the result tables in one transaction, so a reader sees the old results or the
new ones, never half:

- feedback_scored: per item: language, text emotion, measured emotion, customer, persona,
  journey, the step it is about and how that was decided;
- feedback_steps / feedback_stages / feedback_personas: per designed step / stage / persona:
  n, measured emotion with its t-interval, NPS, CSAT, stars, CES, share of negative comments;
  steps also the designed emotion, the gap and its rank;
- feedback_pain_points: pain points found in negative comments, per persona and stage;
- feedback_quotes: representative quotes (masked) per persona and step;
- feedback_impact: negative feedback at a step / in support against conversion (the columns
  of `overlay_impact`);
- feedback_support: per persona and support group, conversion and activity after contact;
- feedback_channel: per source, subject and day, feedback without a person (public reviews);
- feedback_classifier: per language and scorer, held-out accuracy of the text sentiment;
- feedback_run: the settings of the run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

import duckdb
import pandas as pd

from journeymap.errors import JourneymapError
from journeymap.sql import insert_rows, query
from mining.catalog import existing_relations
from mining.feedback.masking import Masker, known_names
from mining.feedback.painpoints import find_pain_points
from mining.feedback.quotes import HOW_CHOSEN, QUOTE_POOL, pick_quotes
from mining.feedback.scoring import TextReport, score_comments
from mining.feedback.settings import FeedbackSettings
from mining.feedback.summary import with_intervals

SQL = ("mining.feedback", "feedback.sql")

# The contract of the connectors' `feedback` table; an empty one stands in for stores that have
# no feedback yet, so every result table still exists (empty) after a run.
FEEDBACK_COLUMNS = """feedback_id VARCHAR, touchpoint_event_id VARCHAR, source VARCHAR,
    kind VARCHAR, touchpoint VARCHAR, identifier_key VARCHAR, occurred_at TIMESTAMPTZ,
    score DOUBLE, score_scale VARCHAR, score_emotion DOUBLE, comment VARCHAR,
    language_hint VARCHAR, about_step VARCHAR, subject VARCHAR, source_file VARCHAR,
    source_row BIGINT, loaded_at TIMESTAMPTZ"""


@dataclass(frozen=True)
class StepRef:
    """A designed step as the feedback summary needs it (plain data from the designed map)."""

    step_index: int
    stage_index: int
    stage: str
    step: str
    touchpoints: tuple[str, ...]
    designed_emotion: float | None = None


@dataclass(frozen=True)
class FeedbackDesign:
    """A persona's designed steps and the goal touchpoints that convert its journeys."""

    goals: tuple[str, ...]
    steps: tuple[StepRef, ...]


@dataclass
class FeedbackResult:
    """What a run found, for the command line and the asset's metadata."""

    items: int = 0
    with_person: int = 0
    attributed: int = 0
    at_step: int = 0
    text: TextReport = field(default_factory=TextReport)
    steps: pd.DataFrame = field(default_factory=pd.DataFrame)

    def as_dict(self) -> dict:
        return {"items": self.items, "with_person": self.with_person,
                "attributed": self.attributed, "at_designed_step": self.at_step,
                "comments": self.text.comments, "text_scorers": self.text.by_scorer,
                "languages": self.text.languages,
                "classifier": [e.as_dict() for e in self.text.evaluations]}


def _register_designs(con: duckdb.DuckDBPyConnection,
                      designs: Mapping[str, FeedbackDesign]) -> None:
    con.execute("CREATE OR REPLACE TEMP TABLE fb_design (persona VARCHAR, step_index INTEGER, "
                "stage_index INTEGER, stage VARCHAR, step VARCHAR, designed_emotion DOUBLE)")
    con.execute("CREATE OR REPLACE TEMP TABLE fb_design_touchpoints (persona VARCHAR, "
                "step_index INTEGER, touchpoint VARCHAR)")
    con.execute("CREATE OR REPLACE TEMP TABLE fb_goals (persona VARCHAR, goal VARCHAR)")
    steps = [(p, s.step_index, s.stage_index, s.stage, s.step, s.designed_emotion)
             for p, d in designs.items() for s in d.steps]
    touchpoints = [(p, s.step_index, t) for p, d in designs.items() for s in d.steps
                   for t in s.touchpoints]
    goals = [(p, g) for p, d in designs.items() for g in d.goals]
    for table, rows in (("fb_design", steps), ("fb_design_touchpoints", touchpoints),
                        ("fb_goals", goals)):
        insert_rows(con, table, rows)


def _prepare_inputs(con: duckdb.DuckDBPyConnection) -> None:
    present = existing_relations(con, "feedback", "journeys", "customers", "identities")
    if "journeys" not in present or "customers" not in present:
        raise JourneymapError("the store has no journeys: assign personas first "
                              "(journeymap mine --personas)", field="journeys")
    if "feedback" not in present:
        con.execute(f"CREATE OR REPLACE TEMP TABLE feedback ({FEEDBACK_COLUMNS})")


def _run(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> None:
    con.execute(query(*SQL, name), params)


def _frame(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pd.DataFrame:
    return con.execute(query(*SQL, name), params).df()


def mine_feedback(con: duckdb.DuckDBPyConnection, designs: Mapping[str, FeedbackDesign],
                  settings: FeedbackSettings | None = None) -> FeedbackResult:
    """Score, attribute and summarise the store's feedback; write the `feedback_*` tables."""
    settings = settings or FeedbackSettings()
    _prepare_inputs(con)
    _register_designs(con, designs)
    _run(con, "items")
    scorer, text = score_comments(con, settings)
    _run(con, "scored")
    _run(con, "journey_events")
    _run(con, "attributed", window=settings.window)
    _run(con, "grouped", negative=settings.negative_below)
    limits = {"min_n": settings.min_n}
    steps = with_intervals(_frame(con, "step_rows", **limits), settings.confidence)
    stages = with_intervals(_frame(con, "stage_rows", **limits), settings.confidence)
    personas = with_intervals(_frame(con, "persona_rows", **limits), settings.confidence)
    _run(con, "channel", negative=settings.negative_below)
    _run(con, "outcomes")
    _run(con, "impact", negative=settings.negative_below)
    _run(con, "support", negative=settings.negative_below)
    masker = Masker(known_names(con))
    pool = {"seed": settings.seed, "negative": settings.negative_below}
    complaints = scorer.complete(_frame(con, "complaints", max_rows=settings.max_cluster_rows,
                                        **pool), sentiment=False)
    pains = find_pain_points(complaints, settings, masker)
    quotes = pick_quotes(_frame(con, "quote_candidates", max_rows=QUOTE_POOL,
                                seed=settings.seed), settings, masker, scorer)
    _persist(con, {"feedback_steps": steps, "feedback_stages": stages,
                   "feedback_personas": personas, "feedback_pain_points": pains,
                   "feedback_quotes": quotes.assign(how_chosen=HOW_CHOSEN),
                   "feedback_classifier": pd.DataFrame(
                       [e.as_dict() for e in text.evaluations],
                       columns=["language", "scorer", "train_n", "test_n", "accuracy",
                                "baseline", "split"]),
                   "feedback_run": _run_row(settings)})
    counts = con.execute(
        "SELECT count(*), count(customer_id), count(attributed_by), count(step_index) "
        "FROM feedback_scored").fetchall()[0]
    return FeedbackResult(*counts, text=text, steps=steps)


def _run_row(settings: FeedbackSettings) -> pd.DataFrame:
    return pd.DataFrame([{
        "computed_at": datetime.now(UTC), "window_hours": settings.window.total_seconds() / 3600,
        "min_n": settings.min_n, "confidence": settings.confidence, "scorer": settings.scorer,
        "negative_below": settings.negative_below, "positive_above": settings.positive_above,
        "languages": ",".join(settings.languages)}])


PERSISTED_SQL = {
    # items with a person carry their attribution; the others (channel level) have none
    "feedback_scored": "SELECT * FROM fb_attributed UNION ALL BY NAME "
                       "SELECT * FROM fb_scored WHERE customer_id IS NULL",
    "feedback_impact": "SELECT * FROM fb_impact",
    "feedback_support": "SELECT * FROM fb_support",
    "feedback_channel": "SELECT * FROM fb_channel",
}


def _persist(con: duckdb.DuckDBPyConnection, frames: dict[str, pd.DataFrame]) -> None:
    """Replace every result table in one transaction (table names are constants here)."""
    con.execute("BEGIN TRANSACTION")
    try:
        for table, select in PERSISTED_SQL.items():
            con.execute(f"CREATE OR REPLACE TABLE {table} AS {select}")
        for table, frame in frames.items():
            con.register("fb_result_frame", frame)
            try:
                con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM fb_result_frame")
            finally:
                con.unregister("fb_result_frame")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
