"""Conversion, time to convert, stage funnel and drop-off of observed journeys."""

import duckdb
import pytest

from journeymap.errors import JourneymapError
from mining import Funnel, LogColumns, Stage, observed_map, parse_stage, read_event_log
from tests.mining.conftest import FIXTURES

STAGES = (Stage("awareness", ("ad_clicked", "email_opened")),
          Stage("consideration", ("page_viewed:pricing", "demo_requested")),
          Stage("decision", ("deal_won",)))


@pytest.fixture()
def funnel_map(memory):
    read_event_log(memory, FIXTURES / "funnel.csv", LogColumns("journey", "touchpoint", "at"))
    return observed_map(memory, source="generic_log", funnel=Funnel(("deal_won",), STAGES))


def test_conversion_and_time_to_convert(funnel_map):
    conversion = funnel_map["conversion"]
    assert (conversion["journeys"], conversion["converted"]) == (5, 2)
    assert conversion["conversion_rate"] == pytest.approx(0.4)
    # j1 converts after 2 days, j4 after 12 hours (and goes on: it still converted).
    assert conversion["mean_seconds_to_convert"] == pytest.approx(108000)
    assert conversion["median_seconds_to_convert"] == pytest.approx(108000)
    assert conversion["p90_seconds_to_convert"] == pytest.approx(43200 + 0.9 * 129600)


def test_funnel_counts_journeys_that_reached_each_stage_or_a_later_one(funnel_map):
    assert [(s["stage"], s["reached"], s["dropped"]) for s in funnel_map["funnel"]] == [
        ("awareness", 5, 1), ("consideration", 4, 2), ("decision", 2, 0)]
    assert funnel_map["funnel"][1]["reached_share"] == pytest.approx(0.8)


def test_dropoff_is_where_journeys_ended_before_the_goal(funnel_map):
    assert {(d["touchpoint"], d["stage"], d["journeys"]) for d in funnel_map["dropoff"]} == {
        ("page_viewed:pricing", "consideration", 1), ("email_opened", "awareness", 1),
        ("demo_requested", "consideration", 1)}
    assert sum(d["share"] for d in funnel_map["dropoff"]) == pytest.approx(1.0)


def test_conversion_and_funnel_agree_with_conformance_on_the_sample_store(sample_store):
    con = duckdb.connect(str(sample_store), read_only=True)
    for persona, goal in con.execute("SELECT persona, goal FROM designed_journeys").fetchall():
        rows = con.execute("SELECT d.stage_index, d.stage, t.touchpoint "
                           "FROM designed_steps d JOIN designed_step_touchpoints t "
                           "USING (persona, step_index) WHERE persona = ? "
                           "ORDER BY d.stage_index, d.step_index", [persona]).fetchall()
        stages: dict[str, list[str]] = {}
        for _, stage, touchpoint in rows:
            stages.setdefault(stage, []).append(touchpoint)
        funnel = Funnel((goal,), tuple(Stage(s, tuple(t)) for s, t in stages.items()))
        got = observed_map(con, persona, funnel=funnel)
        (converted,) = con.execute("SELECT converted FROM overlay_summary WHERE persona = ? "
                                   "AND period = 'all'", [persona]).fetchall()[0]
        assert got["conversion"]["converted"] == converted
        reached = con.execute("SELECT stage, reached FROM overlay_stages WHERE persona = ? "
                              "AND period = 'all' ORDER BY stage_index", [persona]).fetchall()
        assert [(s["stage"], s["reached"]) for s in got["funnel"]] == reached
    con.close()


def test_stored_funnels_are_per_persona(sample_store, tmp_path):
    import shutil

    from mining import compute_observed_maps

    copy = tmp_path / "store.duckdb"
    shutil.copy(sample_store, copy)
    con = duckdb.connect(str(copy))
    compute_observed_maps(con, funnels={"bargain_hunter": Funnel(("order_placed",))})
    assert [p for (p,) in con.execute("SELECT persona FROM observed_conversion").fetchall()] == [
        "bargain_hunter"]
    compute_observed_maps(con)
    assert "observed_conversion" not in {t for (t,) in con.execute("SHOW TABLES").fetchall()}
    con.close()


@pytest.mark.parametrize("make, message", [
    (lambda: Funnel(()), "goal"),
    (lambda: Funnel(("won",), (Stage("a", ("x",)), Stage("b", ("x",)))), "one stage"),
    (lambda: Funnel(("won",), (Stage("a", ()),)), "no touchpoint"),
    (lambda: parse_stage("consideration"), "NAME=TOUCHPOINT"),
])
def test_bad_funnels_are_refused(make, message):
    with pytest.raises(JourneymapError, match=message):
        make()


def test_stages_are_written_name_equals_touchpoints():
    assert parse_stage("consideration = page_viewed:pricing, demo_requested") == Stage(
        "consideration", ("page_viewed:pricing", "demo_requested"))
