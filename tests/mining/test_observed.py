"""The observed map of the sample store: ground truth, pm4py, scopes and the stored tables."""

from datetime import UTC, datetime

import duckdb
import numpy as np
import pm4py
import pytest

from mining import observed_map
from tests.mining.conftest import our_map, pm4py_map

PERSONAS = ["bargain_hunter", "newsletter_reader", "b2b_evaluator"]


@pytest.fixture()
def store(sample_store):
    con = duckdb.connect(str(sample_store), read_only=True)
    yield con
    con.close()


def _frame(con, persona=None):
    where, params = ("WHERE persona = ?", [persona]) if persona else ("", [])
    frame = con.execute(f"SELECT journey_id, touchpoint, occurred_at FROM journeys {where} "
                        "ORDER BY journey_id, step_index", params).fetchdf()
    return pm4py.format_dataframe(frame, case_id="journey_id", activity_key="touchpoint",
                                  timestamp_key="occurred_at")


def test_variants_per_persona_equal_ground_truth(store, ground_truth):
    for persona, truth in ground_truth["personas"].items():
        got = observed_map(store, persona)
        assert got["cases"] == truth["customers"]
        assert sorted((tuple(v["touchpoints"]), v["count"]) for v in got["variants"]) == sorted(
            (tuple(v["touchpoints"]), v["count"]) for v in truth["variants"])


@pytest.mark.parametrize("persona", PERSONAS + [None])
def test_observed_map_equals_pm4py_on_the_sample_store(store, persona):
    got, expected = our_map(observed_map(store, persona)), pm4py_map(_frame(store, persona))
    assert got == {key: expected[key] for key in got}


def test_all_personas_make_one_map_with_exact_medians(store, ground_truth):
    everyone = observed_map(store)
    assert everyone["persona"] is None and everyone["cases"] == ground_truth["customers"]
    durations = [d for (d,) in store.execute(
        "SELECT duration_seconds FROM journey_variants").fetchall()]
    assert everyone["durations"]["median_seconds"] == pytest.approx(float(np.median(durations)))


def test_median_and_mean_times_are_seconds_between_steps(store):
    rows = store.execute("""
        SELECT count, mean_seconds, median_seconds, p90_seconds FROM observed_dfg
        WHERE persona = 'b2b_evaluator' AND source = 'ad_clicked'
          AND target = 'page_viewed:solutions'""").fetchall()
    assert rows == [(132, 0.0, 0.0, 0.0)]  # the click lands on the page at the same instant


def test_p90_of_times_between_steps_is_numpy_percentile(store):
    steps = store.execute("""
        SELECT epoch(LEAD(occurred_at) OVER w) - epoch(occurred_at) AS seconds,
               touchpoint, LEAD(touchpoint) OVER w AS next
        FROM journeys WHERE persona = 'newsletter_reader'
        WINDOW w AS (PARTITION BY journey_id ORDER BY step_index)""").fetchdf()
    edge = steps[(steps.touchpoint == "email_delivered") & (steps.next == "email_opened")]
    (p90,) = store.execute("""SELECT p90_seconds FROM observed_dfg WHERE persona = ?
        AND source = 'email_delivered' AND target = 'email_opened'""",
                           ["newsletter_reader"]).fetchall()[0]
    assert p90 == pytest.approx(float(np.percentile(edge.seconds, 90)))


def test_stored_tables_keep_what_conformance_and_maps_read(store, ground_truth):
    variants = store.execute("SELECT persona, journey_id, touchpoints, started_at, "
                             "duration_seconds FROM journey_variants").fetchall()
    assert len(variants) == ground_truth["customers"]
    summary = dict(store.execute("SELECT persona, journeys FROM observed_summary").fetchall())
    periods = dict(store.execute("SELECT persona, sum(journeys) FROM observed_periods "
                                 "WHERE grain = 'month' GROUP BY 1").fetchall())
    assert summary == periods == {p: t["customers"] for p, t in ground_truth["personas"].items()}
    shares = store.execute("SELECT persona, sum(share) FROM observed_dfg GROUP BY 1").fetchall()
    assert all(total == pytest.approx(1.0) for _, total in shares)


def test_period_keeps_whole_journeys_that_started_in_it(store):
    (first,) = store.execute("SELECT min(started_at) FROM journey_variants "
                             "WHERE persona = 'bargain_hunter'").fetchall()[0]
    since = datetime(first.year, first.month, 1, tzinfo=UTC)
    until = datetime(first.year + first.month // 12, first.month % 12 + 1, 1, tzinfo=UTC)
    (expected,) = store.execute("SELECT count(*) FROM journey_variants WHERE persona = ? AND "
                                "started_at >= ? AND started_at < ?",
                                ["bargain_hunter", since, until]).fetchall()[0]
    got = observed_map(store, "bargain_hunter", since=since, until=until)
    assert 0 < got["cases"] == expected
    journeys = store.execute("SELECT sum(len(touchpoints)) FROM journey_variants WHERE persona = ?"
                             " AND started_at >= ? AND started_at < ?",
                             ["bargain_hunter", since, until]).fetchall()[0][0]
    assert got["events"] == journeys  # journeys are kept whole, even past the period's end


def test_top_variants_map_only_their_journeys(store):
    full = observed_map(store, "b2b_evaluator")
    top = observed_map(store, "b2b_evaluator", top_variants=2)
    assert top["variants"] == [v | {"share": v["count"] / top["cases"]}
                               for v in full["variants"][:2]]
    assert top["cases"] == sum(v["count"] for v in full["variants"][:2])
    assert sum(top["start"].values()) == top["cases"]


def test_min_edge_share_hides_rare_edges(store):
    full = observed_map(store, "newsletter_reader")
    steps = sum(e["count"] for e in full["dfg"])
    kept = observed_map(store, "newsletter_reader", min_edge_share=0.05)["dfg"]
    assert kept == [e for e in full["dfg"] if e["count"] / steps >= 0.05]
    assert 0 < len(kept) < len(full["dfg"])


def test_journeys_per_period_add_up(store, ground_truth):
    got = observed_map(store, "bargain_hunter", grain="week")
    assert sum(p["journeys"] for p in got["periods"]) == got["cases"]
    starts = [p["period_start"] for p in got["periods"]]
    assert starts == sorted(starts)
    assert all(datetime.fromisoformat(s).weekday() == 0 for s in starts)  # ISO weeks: Monday


def _wide_log(path, activities: int):
    """A CSV log with `activities` distinct touchpoints: case i does t_i then t_(i+1)."""
    lines = ["case,activity,timestamp"]
    for i in range(activities - 1):
        lines += [f"c{i},t{i:06d},2026-01-01T00:00:00Z", f"c{i},t{i + 1:06d},2026-01-01T01:00:00Z"]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_log_with_more_touchpoints_than_characters_reads_variants_as_names(tmp_path):
    """Past MAX_CHARACTER_CODE touchpoints, variants come back as lists of names. (pm4py cannot
    be the reference at this width: its DFG runs out of memory; the log's map is known.)"""
    from mining import LogColumns, read_event_log
    from mining.report import MAX_CHARACTER_CODE

    width = MAX_CHARACTER_CODE + 10
    con = duckdb.connect()
    read_event_log(con, _wide_log(tmp_path / "wide.csv", width),
                   LogColumns("case", "activity", "timestamp"))
    names = [f"t{i:06d}" for i in range(width)]
    pairs = dict.fromkeys(zip(names[:-1], names[1:], strict=True), 1)
    assert our_map(observed_map(con, source="generic_log")) == {
        "dfg": pairs, "start": dict.fromkeys(names[:-1], 1), "end": dict.fromkeys(names[1:], 1),
        "variants": pairs}


def test_too_many_touchpoints_for_an_observed_map_is_a_clear_error(tmp_path, monkeypatch):
    import mining.observed
    from journeymap.errors import JourneymapError
    from mining import LogColumns, read_event_log

    monkeypatch.setattr(mining.observed, "MAX_TOUCHPOINTS", 5)
    con = duckdb.connect()
    read_event_log(con, _wide_log(tmp_path / "wide.csv", 7),
                   LogColumns("case", "activity", "timestamp"))
    with pytest.raises(JourneymapError, match="7 distinct touchpoints; an observed map takes "
                                              "at most 5"):
        observed_map(con, source="generic_log")
