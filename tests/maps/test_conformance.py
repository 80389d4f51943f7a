import duckdb
import pytest
import yaml

from journeymap.errors import JourneymapError
from maps import load_designed_map


@pytest.fixture()
def store(sample_store):
    con = duckdb.connect(str(sample_store), read_only=True)
    yield con
    con.close()


def _steps(con, persona: str, column: str) -> dict[str, int]:
    rows = con.execute(f"SELECT touchpoint, {column} FROM overlay_steps WHERE persona = ?",
                       [persona]).fetchall()
    return {tp: n for tp, n in rows if n}


@pytest.mark.parametrize("kind", ["skipped", "late"])
def test_planted_step_deviations_are_recovered(store, ground_truth, kind):
    for persona, truth in ground_truth["personas"].items():
        expected = {tp: d["count"] for tp, d in truth[kind].items() if d["count"]}
        assert _steps(store, persona, kind) == expected, persona


def test_planted_drop_offs_are_recovered(store, ground_truth):
    for persona, truth in ground_truth["personas"].items():
        assert _steps(store, persona, "dropped_after") == truth["dropped_after"]


def test_planted_unexpected_touchpoints_are_recovered(store, ground_truth):
    for persona, truth in ground_truth["personas"].items():
        rows = store.execute("SELECT touchpoint, sum(events) FROM overlay_unexpected "
                             "WHERE persona = ? GROUP BY 1", [persona]).fetchall()
        assert dict(rows) == {tp: d["count"] for tp, d in truth["unexpected"].items()}


def test_conversion_counts_journeys_that_reach_the_goal(store, ground_truth, sample_project):
    converted = dict(store.execute("SELECT persona, converted FROM overlay_summary").fetchall())
    for persona, truth in ground_truth["personas"].items():
        goal = load_designed_map(sample_project / "designed" / f"{persona}.yaml").goal
        expected = sum(v["count"] for v in truth["variants"] if goal in v["touchpoints"])
        assert converted[persona] == expected


def test_invalid_designed_map_names_the_bad_field(sample_project, tmp_path):
    data = yaml.safe_load((sample_project / "designed" / "bargain_hunter.yaml").read_text())
    data["stages"][1]["steps"][0]["emotion"] = 5
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(JourneymapError) as error:
        load_designed_map(path)
    assert "stages.1.steps.0.emotion" in str(error.value) and str(path) in str(error.value)


def test_goal_must_be_a_designed_touchpoint(sample_project, tmp_path):
    data = yaml.safe_load((sample_project / "designed" / "bargain_hunter.yaml").read_text())
    data["goal"] = "teleported"
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(JourneymapError, match="teleported"):
        load_designed_map(path)


def test_planted_outcome_effects_top_the_impact_ranking(store, ground_truth, sample_project):
    for persona, truth in ground_truth["personas"].items():
        for planted in truth["planted_impact"]:
            designed = load_designed_map(sample_project / "designed" / f"{persona}.yaml")
            step = next(s.name for s in designed.steps() if planted["touchpoint"] in s.touchpoints)
            top = store.execute("SELECT kind, subject, conversion_with, conversion_without "
                                "FROM overlay_impact WHERE persona = ? AND rank = 1",
                                [persona]).fetchall()
            assert top[0][:2] == (planted["kind"], step), persona
            assert top[0][2] < top[0][3] - 0.2, persona
