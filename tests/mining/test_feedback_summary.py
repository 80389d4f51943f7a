"""Summaries of attributed feedback on a hand-built store with planted per-step emotion: the
measured emotion, its interval, NPS, the gap ranking, quotes, pain points, the classifier."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from mining.feedback import FeedbackSettings, mine_feedback
from mining.feedback.mine import FeedbackResult
from mining.feedback.summary import t_half_width
from tests.mining.feedback_world import BAND_EMOTION, STEPS, build_store, designs

TOLERANCE = 0.3  # planted band emotion vs measured mean (answers vary by ±0.5 around it)


@pytest.fixture(scope="module")
def mined(tmp_path_factory: pytest.TempPathFactory) -> tuple[duckdb.DuckDBPyConnection,
                                                              FeedbackResult]:
    con = build_store(tmp_path_factory.mktemp("feedback") / "store.duckdb", customers=160)
    result = mine_feedback(con, designs(), FeedbackSettings())
    yield con, result
    con.close()


def planted(persona: str, step_index: int) -> float:
    return BAND_EMOTION[STEPS[persona][step_index - 1][4]]


def test_every_item_reaches_a_designed_step(mined) -> None:
    _, result = mined
    assert result.items > 400
    assert result.at_step == result.attributed == result.with_person == result.items


def test_planted_step_emotion_is_recovered_within_tolerance(mined) -> None:
    con, _ = mined
    rows = con.execute("SELECT persona, step_index, n, measured_emotion, ci_low, ci_high "
                       "FROM feedback_steps").fetchall()
    assert len(rows) == 8
    for persona, index, n, measured, low, high in rows:
        assert n >= 20
        assert measured == pytest.approx(planted(persona, index), abs=TOLERANCE), (persona, index)
        assert low < measured < high


def test_interval_is_the_t_interval_of_the_items(mined) -> None:
    con, _ = mined
    values = [v for (v,) in con.execute(
        "SELECT measured_emotion FROM feedback_scored WHERE persona = 'shopper' "
        "AND step_index = 2").fetchall()]
    mean = sum(values) / len(values)
    sd = (sum((v - mean) ** 2 for v in values) / (len(values) - 1)) ** 0.5
    low, high, n = con.execute("SELECT ci_low, ci_high, n FROM feedback_steps "
                               "WHERE persona = 'shopper' AND step_index = 2").fetchall()[0]
    assert n == len(values)
    half = t_half_width(sd, n, 0.95)
    assert (low, high) == (pytest.approx(mean - half), pytest.approx(mean + half))


def test_nps_counts_promoters_minus_detractors(mined) -> None:
    con, _ = mined
    promoters, detractors, answers = con.execute(
        "SELECT count(*) FILTER (WHERE score >= 9), count(*) FILTER (WHERE score <= 6), count(*) "
        "FROM feedback_scored WHERE persona = 'reader' AND step_index = 2 "
        "AND score_scale = 'nps_0_10'").fetchall()[0]
    nps, nps_n = con.execute("SELECT nps, nps_n FROM feedback_steps WHERE persona = 'reader' "
                             "AND step_index = 2").fetchall()[0]
    assert nps_n == answers
    assert nps == pytest.approx(100.0 * (promoters - detractors) / answers)


def test_planted_worse_than_designed_steps_top_the_gap_ranking(mined) -> None:
    con, _ = mined
    top = con.execute("SELECT persona, step FROM feedback_steps WHERE gap_rank = 1 "
                      "ORDER BY persona").fetchall()
    assert top == [("reader", "Receives the parcel"), ("shopper", "Places the order")]


def test_quotes_are_typical_of_their_step_and_masked(mined) -> None:
    con, _ = mined
    quotes = con.execute("SELECT q.persona, q.step_index, q.quote, q.text_emotion, s.step_index "
                         "FROM feedback_quotes q JOIN feedback_scored s USING (feedback_id)"
                         ).fetchall()
    assert len(quotes) == 8 * 3
    for persona, index, quote, text_emotion, source_step in quotes:
        assert source_step == index
        assert "@" not in quote
        # what the words say matches the step's planted band: never the other extreme
        assert abs(text_emotion - planted(persona, index)) < 1.0, quote


def test_pain_points_come_from_the_negative_steps(mined) -> None:
    con, _ = mined
    points = con.execute("SELECT persona, step_index, label, estimated_complaints, example "
                         "FROM feedback_pain_points").fetchall()
    assert points
    negative = {(p, i) for p, steps in STEPS.items()
                for i, step in enumerate(steps, start=1) if step[4] < 0}
    for persona, index, label, complaints, example in points:
        assert (persona, index) in negative
        assert label and complaints >= 3 and example


def test_classifier_accuracy_is_measured_per_language_on_held_out_customers(mined) -> None:
    _, result = mined
    found = {(e.language, e.scorer): e for e in result.text.evaluations}
    assert set(found) == {("de", "ngram"), ("it", "ngram"), ("sv", "ngram"), ("da", "ngram"),
                          ("en", "vader")}
    for evaluation in found.values():
        assert evaluation.split == "by customer" and evaluation.test_n > 0
        assert evaluation.accuracy > evaluation.baseline


def test_unscored_items_take_their_text_emotion(mined) -> None:
    con, _ = mined
    rows = con.execute("SELECT DISTINCT emotion_source, text_scorer IS NOT NULL FROM "
                       "feedback_scored WHERE score_emotion IS NULL").fetchall()
    assert rows == [("text", True)]
    scorers = {s for (s,) in con.execute("SELECT DISTINCT text_scorer FROM feedback_scored "
                                         "WHERE score_emotion IS NULL").fetchall()}
    assert scorers == {"vader", "ngram"}


def test_negative_feedback_and_support_are_compared_on_conversion(mined) -> None:
    con, _ = mined
    kinds = {k for (k,) in con.execute("SELECT DISTINCT kind FROM feedback_impact").fetchall()}
    assert kinds <= {"negative_feedback", "negative_support"} and "negative_support" in kinds
    groups = con.execute("SELECT persona, support_group, journeys FROM feedback_support "
                         "ORDER BY 1, 2").fetchall()
    assert {g for _, g, _ in groups} == {"negative support feedback", "other support contact",
                                         "no support contact"}
    total = con.execute("SELECT count(DISTINCT journey_id) FROM journeys").fetchall()[0][0]
    assert sum(n for _, _, n in groups) == total


def test_results_are_written_in_one_transaction(mined, tmp_path: Path) -> None:
    con, _ = mined
    tables = {t for (t,) in con.execute("SELECT table_name FROM information_schema.tables "
                                        "WHERE table_name LIKE 'feedback_%' "
                                        "AND table_type = 'BASE TABLE'").fetchall()}
    assert {"feedback_scored", "feedback_steps", "feedback_stages", "feedback_personas",
            "feedback_pain_points", "feedback_quotes", "feedback_impact", "feedback_support",
            "feedback_channel", "feedback_classifier", "feedback_run"} <= tables
