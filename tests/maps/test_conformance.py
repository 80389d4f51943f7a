import shutil

import duckdb
import pytest
import yaml

from journeymap.engines.lake import Lake
from journeymap.errors import JourneymapError
from maps import compute_overlays, load_designed_map, load_designed_maps
from maps.conformance import TIMING_AGGREGATES, run_timing_queries
from mining.catalog import existing_relations
from mining.lake import publish_to_store
from tests.maps import overlay_rows


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


def test_the_overlay_needs_reductions_only_never_events(sample_store, sample_project, tmp_path):
    """A store that holds mining's per-variant reduction and the timing aggregates, and no event
    or journey at all, gets the same overlay as the store it came from."""
    source = duckdb.connect(str(sample_store), read_only=True)
    try:
        expected = overlay_rows(source)
        lake = Lake(tmp_path / "lake")
        for name in ("observed_variant_periods", *TIMING_AGGREGATES):
            lake.write(source, name)
    finally:
        source.close()
    con = duckdb.connect(str(tmp_path / "reductions.duckdb"))
    try:
        con.execute("SET TimeZone = 'UTC'")
        publish_to_store(con, lake, ["observed_variant_periods", *TIMING_AGGREGATES])
        assert not existing_relations(con, "journeys", "journey_variants", "touchpoints",
                                      "journey_events", "customers")
        compute_overlays(con, load_designed_maps(sample_project / "designed"), timing=None)
        got = overlay_rows(con)
        with pytest.raises(JourneymapError, match="'journeys'"):
            run_timing_queries(con)  # timing itself is what needs the events
    finally:
        con.close()
    assert got == expected and len(got) >= 10


def test_the_overlay_is_the_same_whatever_the_threads(sample_store, sample_project, tmp_path):
    """Re-running the overlay gives the same numbers to the last bit, however many threads add
    them up (times to the goal are summed as whole milliseconds, never as doubles)."""
    runs = []
    for threads in (1, 7):
        copy = tmp_path / f"threads-{threads}.duckdb"
        shutil.copyfile(sample_store, copy)
        con = duckdb.connect(str(copy))
        try:
            con.execute("SET TimeZone = 'UTC'")
            con.execute(f"SET threads = {threads}")
            compute_overlays(con, load_designed_maps(sample_project / "designed"))
            runs.append(overlay_rows(con))
        finally:
            con.close()
    assert runs[0] == runs[1]
    assert any(row[8] is not None for row in runs[0]["overlay_impact"])  # mean hours to goal
