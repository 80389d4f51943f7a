"""Attribution of feedback to journey steps: the step the export names, else the customer's
preceding touchpoint within the window (ASOF join); feedback touchpoints never count as steps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from journeymap.errors import JourneymapError
from mining import PersonaRules, assign_personas
from mining.feedback import FeedbackDesign, FeedbackSettings, StepRef, mine_feedback
from tests.mining.conftest import make_store
from tests.mining.feedback_world import Item, create_feedback_table, insert_feedback

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
RULES = PersonaRules.model_validate({"personas": [
    {"name": "buyer", "when": {"first_touchpoint": {"equals": "ad_clicked"}}}]})
DESIGN = {"buyer": FeedbackDesign(goals=("order_placed",), steps=(
    StepRef(1, 1, "Discover", "Clicks an ad", ("ad_clicked",), 1.0),
    StepRef(2, 2, "Buy", "Places the order", ("order_placed",), 2.0)))}


def at(hours: float) -> str:
    return (T0 + timedelta(hours=hours)).isoformat()


def survey(feedback_id: str, customer: str | None, hours: float, emotion: float = 1.0,
           about: str | None = None, comment: str | None = None) -> Item:
    return Item(feedback_id, f"user_id:{customer}" if customer else None, "survey",
                "survey_answered", T0 + timedelta(hours=hours), 5 + 2.5 * emotion, "nps_0_10",
                emotion, comment, about_step=about)


@pytest.fixture()
def store(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    events = [("c1", "ad_clicked", "ads", at(0), None),
              ("c1", "order_placed", "web", at(2), None),
              ("c1", "survey_answered", "web", at(2.5), None),  # the survey's own touchpoint
              ("c2", "ad_clicked", "ads", at(0), None)]
    con = make_store(tmp_path / "store.duckdb", events)
    create_feedback_table(con)
    assign_personas(con, RULES)
    yield con
    con.close()


def attribution(con: duckdb.DuckDBPyConnection, settings: FeedbackSettings | None = None
                ) -> dict[str, tuple]:
    mine_feedback(con, DESIGN, settings)
    rows = con.execute("SELECT feedback_id, customer_id, persona, about_touchpoint, step_index, "
                       "attributed_by FROM feedback_scored ORDER BY 1").fetchall()
    return {row[0]: row[1:] for row in rows}


def test_feedback_attaches_to_the_preceding_touchpoint_not_to_feedback_events(store) -> None:
    insert_feedback(store, [survey("f1", "c1", 3.0)])
    assert attribution(store)["f1"] == ("c1", "buyer", "order_placed", 2, "preceding")


def test_the_step_the_export_names_wins_over_the_preceding_touchpoint(store) -> None:
    insert_feedback(store, [survey("f1", "c1", 3.0, about="ad_clicked")])
    assert attribution(store)["f1"] == ("c1", "buyer", "ad_clicked", 1, "export")


def test_feedback_outside_the_window_stays_with_the_customer_but_on_no_step(store) -> None:
    insert_feedback(store, [survey("late", "c1", 2 + 24 * 8), survey("early", "c2", -5.0)])
    found = attribution(store)
    assert found["late"] == ("c1", "buyer", None, None, None)
    assert found["early"] == ("c2", "buyer", None, None, None)
    wider = attribution(store, FeedbackSettings(window="9 days"))
    assert wider["late"] == ("c1", "buyer", "order_placed", 2, "preceding")


def test_feedback_without_a_known_person_is_channel_level(store) -> None:
    review = Item("r1", None, "review", "review_posted", T0, 2.0, "stars_1_5", -1.0,
                  "Slow delivery", subject="Berlin store", source="google_business")
    insert_feedback(store, [review, survey("f1", "c9", 1.0)])
    found = attribution(store)
    assert found["r1"] == (None, None, None, None, None)
    assert found["f1"] == (None, None, None, None, None)
    channel = store.execute("SELECT source, subject, items, n, stars FROM feedback_channel "
                            "ORDER BY source").fetchall()
    assert channel == [("google_business", "Berlin store", 1, 1, 2.0),
                       ("typeform", None, 1, 1, None)]


def test_rerunning_replaces_the_results_without_duplicates(store) -> None:
    insert_feedback(store, [survey("f1", "c1", 3.0), survey("f2", "c2", 1.0)])
    attribution(store)
    first = store.execute("SELECT count(*) FROM feedback_scored").fetchall()
    attribution(store)
    assert store.execute("SELECT count(*) FROM feedback_scored").fetchall() == first == [(2,)]


def test_a_store_without_feedback_gets_empty_results(tmp_path: Path) -> None:
    con = make_store(tmp_path / "bare.duckdb", [("c1", "ad_clicked", "ads", at(0), None)])
    con.execute("DROP TABLE IF EXISTS feedback")
    assign_personas(con, RULES)
    result = mine_feedback(con, DESIGN)
    assert result.items == 0
    steps = con.execute("SELECT step_index, n, enough FROM feedback_steps ORDER BY 1").fetchall()
    assert steps == [(1, 0, False), (2, 0, False)]


def test_feedback_needs_journeys(tmp_path: Path) -> None:
    con = make_store(tmp_path / "raw.duckdb", [("c1", "ad_clicked", "ads", at(0), None)])
    with pytest.raises(JourneymapError, match="assign personas first"):
        mine_feedback(con, DESIGN)


def test_steps_with_too_few_answers_are_flagged_and_not_ranked(store) -> None:
    insert_feedback(store, [survey("f1", "c1", 3.0, emotion=-2.0), survey("f2", "c2", 1.0)])
    mine_feedback(store, DESIGN, FeedbackSettings(min_n=2))
    rows = store.execute("SELECT step_index, n, enough, gap_rank, ci_low FROM feedback_steps "
                         "ORDER BY 1").fetchall()
    assert rows == [(1, 1, False, None, None), (2, 1, False, None, None)]
    mine_feedback(store, DESIGN, FeedbackSettings(min_n=1))
    ranks = store.execute("SELECT step_index, gap_rank FROM feedback_steps ORDER BY 2").fetchall()
    assert ranks == [(2, 1), (1, 2)]  # -2 against a designed +2 is the worst gap


def test_an_item_whose_own_touchpoint_is_a_designed_step_is_about_that_step(store) -> None:
    design = {"buyer": FeedbackDesign(goals=("order_placed",), steps=(
        *DESIGN["buyer"].steps,
        StepRef(3, 3, "Support", "Contacts support", ("support_ticket_opened",), 0.0)))}
    ticket = Item("t1", "user_id:c1", "support", "support_ticket_opened",
                  T0 + timedelta(hours=3), None, None, None, "Where is my parcel?",
                  source="zendesk")
    insert_feedback(store, [ticket])
    mine_feedback(store, design)
    assert store.execute("SELECT about_touchpoint, step_index, attributed_by FROM "
                         "feedback_scored").fetchall() == [
        ("support_ticket_opened", 3, "own touchpoint")]
