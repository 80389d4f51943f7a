import filecmp
import json

import duckdb
import pytest

from connectors import connect, ingest
from connectors.store import ensure_schema
from journeymap.samples import write_samples
from journeymap.samples.feedback import SCALE_POINTS
from maps import load_designed_maps
from mining import assign_personas, load_persona_rules


def test_same_seed_writes_identical_exports(tmp_path):
    write_samples(tmp_path / "a", customers=60, seed=3)
    write_samples(tmp_path / "b", customers=60, seed=3)
    exports_a, exports_b = tmp_path / "a" / "exports", tmp_path / "b" / "exports"
    names = sorted(p.name for p in exports_a.iterdir())
    match, mismatch, errors = filecmp.cmpfiles(exports_a, exports_b, names, shallow=False)
    assert match == names and not mismatch and not errors


def test_other_seed_writes_other_exports(tmp_path):
    write_samples(tmp_path / "a", customers=60, seed=3)
    write_samples(tmp_path / "b", customers=60, seed=4)
    a = (tmp_path / "a" / "exports" / "segment_events.ndjson").read_text()
    assert a != (tmp_path / "b" / "exports" / "segment_events.ndjson").read_text()


def test_ground_truth_accounts_for_every_customer(ground_truth):
    personas = ground_truth["personas"]
    assert sum(p["customers"] for p in personas.values()) == ground_truth["customers"] == 400
    assert len(personas) == 3
    for persona in personas.values():
        assert sum(v["count"] for v in persona["variants"]) == persona["customers"]
        dropped = sum(persona["dropped_after"].values())
        assert dropped + persona["completed"] == persona["customers"]


def test_ground_truth_plants_every_kind_of_deviation(ground_truth):
    planted = {kind: sum(d["count"] for p in ground_truth["personas"].values()
                         for d in p[kind].values())
               for kind in ("skipped", "unexpected", "late")}
    assert all(count > 0 for count in planted.values()), planted
    assert ground_truth["files"]["segment_events.ndjson"]["quarantined"] == 2


def test_sample_project_has_valid_designed_maps_and_rules(sample_project):
    maps = load_designed_maps(sample_project / "designed")
    assert set(maps) == {"bargain_hunter", "newsletter_reader", "b2b_evaluator"}
    rules = load_persona_rules(sample_project / "personas.yaml")
    assert {r.name for r in rules.personas} == set(maps)
    json.loads((sample_project / "ground_truth.json").read_text())


def test_feedback_scale_points_are_the_stores_mapping():
    con = duckdb.connect()
    ensure_schema(con)
    for scale, points in SCALE_POINTS.items():
        for score, emotion in points:
            got = con.execute("SELECT score_emotion(?, ?)", [score, scale]).fetchall()[0][0]
            assert got == pytest.approx(emotion), (scale, score)


def test_ground_truth_plants_an_emotion_per_designed_step(ground_truth, sample_project):
    truth = ground_truth["feedback"]
    assert set(truth) == {"tolerance", "steps", "worse_than_designed", "languages"}
    assert truth["languages"] == ["en", "de", "it", "sv", "da"]
    maps = load_designed_maps(sample_project / "designed")
    for persona, steps in truth["steps"].items():
        designed = {s.touchpoints[0]: s.emotion for s in maps[persona].steps()}
        assert {tp: d["designed"] for tp, d in steps.items()} == designed
        assert all(set(d) == {"designed", "planted", "n"} for d in steps.values())
        worse = truth["worse_than_designed"][persona]
        assert worse and all(steps[tp]["planted"] <= steps[tp]["designed"] - 1 for tp in worse)
        assert all(d["n"] >= 15 for d in steps.values() if d["planted"] != d["designed"])


def test_planted_step_emotions_are_in_the_exports(sample_project, ground_truth, tmp_path):
    """Rated feedback with a person, tied to the step its export names or, failing that, to the
    customer's last step before it: its mean emotion per step is the planted one."""
    con = connect(tmp_path / "store.duckdb")
    ingest(sample_project / "exports", con)
    assign_personas(con, load_persona_rules(sample_project / "personas.yaml"))
    got = con.execute("""
        WITH items AS (
            SELECT f.*, t.customer_id FROM feedback f JOIN touchpoints t USING (touchpoint_event_id)
        ), tied AS (
            SELECT i.*, coalesce(i.about_step, (
                       SELECT arg_max(s.touchpoint, s.occurred_at) FROM touchpoints s
                       WHERE s.customer_id = i.customer_id AND s.channel <> 'feedback'
                         AND s.occurred_at < i.occurred_at)) AS step
            FROM items i)
        SELECT c.persona, step, count(*), avg(score_emotion) FILTER (WHERE score IS NOT NULL)
        FROM tied JOIN customers c USING (customer_id) GROUP BY ALL""").fetchall()
    con.close()
    truth = ground_truth["feedback"]
    for persona, step, n, mean in got:
        planted = truth["steps"][persona][step]
        assert n == planted["n"], (persona, step)
        assert abs(mean - planted["planted"]) <= truth["tolerance"], (persona, step, mean)
    assert sum(n for *_, n, _ in got) == sum(
        d["n"] for steps in truth["steps"].values() for d in steps.values())


def test_feedback_is_written_in_every_language(sample_project, ground_truth, tmp_path):
    con = connect(tmp_path / "store.duckdb")
    ingest(sample_project / "exports", con)
    rated = dict(con.execute("SELECT language_hint, count(*) FROM feedback WHERE score IS NOT NULL "
                             "AND comment IS NOT NULL GROUP BY 1").fetchall())
    unrated = con.execute("SELECT count(*) FROM feedback WHERE score IS NULL").fetchall()[0][0]
    con.close()
    assert all(rated.get(language, 0) >= 200 for language in ground_truth["feedback"]["languages"])
    assert unrated >= 50  # words without a score: ticket requests, skipped ratings
