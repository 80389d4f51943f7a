from pathlib import Path

import duckdb
import pm4py
import pytest

from connectors import connect
from mining import observed_map
from mining.eventlog import GENERIC_PERSONA, register_dataframe_log
from mining.observed import compute_observed_maps

EVENTLOGS = Path(__file__).resolve().parents[3] / "shared" / "data" / "eventlogs"


@pytest.fixture()
def store(sample_store):
    con = duckdb.connect(str(sample_store), read_only=True)
    yield con
    con.close()


def test_variants_per_persona_equal_ground_truth(store, ground_truth):
    for persona, truth in ground_truth["personas"].items():
        got = observed_map(store, persona)
        assert got["cases"] == truth["customers"]
        assert sorted((tuple(v["touchpoints"]), v["count"]) for v in got["variants"]) == sorted(
            (tuple(v["touchpoints"]), v["count"]) for v in truth["variants"])


def _pm4py_reference(frame):
    log = pm4py.format_dataframe(frame, case_id="journey_id", activity_key="touchpoint",
                                 timestamp_key="occurred_at")
    dfg, start, end = pm4py.discover_dfg(log)
    return dfg, start, end, pm4py.get_variants(log)


def _assert_equal_to_pm4py(con, persona, frame):
    ours = observed_map(con, persona)
    dfg, start, end, variants = _pm4py_reference(frame)
    assert {(e["source"], e["target"]): e["count"] for e in ours["dfg"]} == dict(dfg)
    assert ours["start"] == dict(start)
    assert ours["end"] == dict(end)
    assert {tuple(v["touchpoints"]): v["count"] for v in ours["variants"]} == dict(variants)


@pytest.mark.parametrize("persona", ["bargain_hunter", "newsletter_reader", "b2b_evaluator"])
def test_observed_map_equals_pm4py_on_the_sample_store(store, persona):
    frame = store.execute("SELECT journey_id, touchpoint, occurred_at FROM journeys "
                          "WHERE persona = ? ORDER BY journey_id, step_index",
                          [persona]).fetchdf()
    _assert_equal_to_pm4py(store, persona, frame)


@pytest.mark.parametrize("log_name", ["running-example.xes", "helpdesk.xes.gz",
                                      "roadtraffic100traces.xes"])
def test_observed_map_equals_pm4py_on_real_logs(log_name, tmp_path):
    path = EVENTLOGS / log_name
    if not path.exists():
        pytest.skip(f"{path} not present")
    frame = pm4py.read_xes(str(path))
    con = connect(tmp_path / "log.duckdb")
    register_dataframe_log(con, frame)
    compute_observed_maps(con, "generic_log")
    ordered = con.execute("SELECT journey_id, touchpoint, occurred_at FROM generic_log "
                          "ORDER BY journey_id, step_index").fetchdf()
    _assert_equal_to_pm4py(con, GENERIC_PERSONA, ordered)
    con.close()


def test_median_and_mean_times_are_seconds_between_steps(store):
    rows = store.execute("""
        SELECT count, mean_seconds, median_seconds, p90_seconds FROM observed_dfg
        WHERE persona = 'b2b_evaluator' AND source = 'ad_clicked'
          AND target = 'page_viewed:solutions'""").fetchall()
    assert rows == [(132, 0.0, 0.0, 0.0)]  # the click lands on the page at the same instant
