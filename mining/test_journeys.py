"""Journeys as an event log: one per customer by default, or cut by a split rule."""

from datetime import timedelta

import duckdb
import pytest
from pydantic import ValidationError

from mining import JourneySplit, PersonaRules, assign_personas, observed_map
from tests.mining.conftest import make_store

EVENTS = [
    ("ana", "ad_clicked", "ads", "2024-01-01 09:00:00+00", None),
    ("ana", "page_viewed:pricing", "web", "2024-01-01 09:00:00+00", None),
    ("ana", "order_placed", "web", "2024-01-02 09:00:00+00", None),
    ("ana", "email_opened", "email", "2024-01-03 09:00:00+00", None),  # after the order
    ("ana", "ad_clicked", "ads", "2024-03-01 09:00:00+00", None),  # two months later
    ("ana", "order_placed", "web", "2024-03-02 09:00:00+00", None),
    ("ben", "email_opened", "email", "2024-01-05 09:00:00+00", None),
    ("ben", "signed_up", "web", "2024-01-20 09:00:00+00", None),
]
RULES = PersonaRules.model_validate({"personas": []})


def _journeys(con) -> list[tuple]:
    return con.execute("SELECT journey_id, customer_id, step_index, touchpoint FROM journeys "
                       "ORDER BY customer_id, journey_number, step_index").fetchall()


def test_a_journey_is_a_customer_by_default(sample_store):
    con = duckdb.connect(str(sample_store), read_only=True)
    assert con.execute("SELECT count(*) FROM journeys WHERE journey_id <> customer_id"
                       ).fetchall() == [(0,)]
    assert con.execute("SELECT count(*) FROM journey_split").fetchall() == [(0,)]
    con.close()


def test_a_long_pause_starts_a_new_journey(tmp_path):
    con = make_store(tmp_path / "s.duckdb", EVENTS)
    assign_personas(con, RULES, JourneySplit(inactivity="30 days"))
    assert _journeys(con) == [
        ("ana#1", "ana", 1, "ad_clicked"), ("ana#1", "ana", 2, "page_viewed:pricing"),
        ("ana#1", "ana", 3, "order_placed"), ("ana#1", "ana", 4, "email_opened"),
        ("ana#2", "ana", 1, "ad_clicked"), ("ana#2", "ana", 2, "order_placed"),
        ("ben#1", "ben", 1, "email_opened"), ("ben#1", "ben", 2, "signed_up")]
    assert con.execute("SELECT rule, inactivity FROM journey_split").fetchall() == [
        ("inactivity", timedelta(days=30))]
    assert observed_map(con)["cases"] == 3


def test_a_goal_touchpoint_ends_a_journey(tmp_path):
    con = make_store(tmp_path / "s.duckdb", EVENTS)
    assign_personas(con, RULES, JourneySplit(after=["order_placed"]))
    ids = [row[0] for row in _journeys(con)]
    assert ids == ["ana#1"] * 3 + ["ana#2"] * 3 + ["ben#1"] * 2
    assert {tuple(v["touchpoints"]) for v in observed_map(con)["variants"]} == {
        ("ad_clicked", "page_viewed:pricing", "order_placed"),
        ("email_opened", "ad_clicked", "order_placed"), ("email_opened", "signed_up")}


def test_both_parts_of_a_rule_apply_and_the_rules_file_can_set_them(tmp_path):
    con = make_store(tmp_path / "s.duckdb", EVENTS)
    rules = PersonaRules.model_validate(
        {"personas": [], "journeys": {"inactivity": "10d", "after": ["order_placed"]}})
    assign_personas(con, rules)
    ids = [row[0] for row in _journeys(con)]
    assert ids == ["ana#1"] * 3 + ["ana#2"] + ["ana#3"] * 2 + ["ben#1", "ben#2"]


@pytest.mark.parametrize("text, seconds", [("30 days", 2592000), ("12h", 43200),
                                           ("90 minutes", 5400), ("2w", 1209600),
                                           ("P1D", 86400), (3600, 3600)])
def test_pauses_are_written_the_way_people_say_them(text, seconds):
    assert JourneySplit(inactivity=text).inactivity == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["soon", "0 days", "-1h"])
def test_a_pause_that_is_not_one_is_refused(text):
    with pytest.raises(ValidationError):
        JourneySplit(inactivity=text)


FEEDBACK = EVENTS[6:] + [
    ("ben", "survey_answered", "feedback", "2024-01-06 09:00:00+00", None),
    ("ben", "support_ticket_opened", "feedback", "2024-01-21 09:00:00+00", None),
]


def test_feedback_is_no_step_unless_a_designed_map_names_it(tmp_path):
    """A survey answer or ticket says how a step felt: it stays out of the event log (no
    unexpected step, no extra variant) unless the journey's design has it as a step."""
    con = make_store(tmp_path / "s.duckdb", FEEDBACK)
    assign_personas(con, RULES)
    assert [row[3] for row in _journeys(con)] == ["email_opened", "signed_up"]
    assign_personas(con, RULES, JourneySplit(feedback_steps=["support_ticket_opened"]))
    assert [row[3] for row in _journeys(con)] == ["email_opened", "signed_up",
                                                  "support_ticket_opened"]
    assert con.execute("SELECT count(*) FROM touchpoints WHERE channel = 'feedback'"
                       ).fetchall() == [(2,)]
