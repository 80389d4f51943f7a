import shutil
from datetime import UTC, datetime, timedelta

import duckdb
import pytest

from connectors import connect
from maps.conformance import compute_overlays
from maps.designed import load_designed_map, parse_designed_map
from maps.report import conformance_report
from mining.observed import compute_observed_maps


@pytest.fixture()
def store(sample_store, tmp_path):
    path = tmp_path / "store.duckdb"
    shutil.copy(sample_store, path)
    con = connect(path)
    yield con
    con.close()


def test_report_recovers_planted_skips_and_keeps_the_stores_overlay(store, sample_project,
                                                                      ground_truth):
    before = store.execute("SELECT * FROM overlay_steps ORDER BY persona, step_index").fetchall()
    designed = load_designed_map(sample_project / "designed" / "bargain_hunter.yaml")
    report = conformance_report(store, "bargain_hunter", designed)
    truth = ground_truth["personas"]["bargain_hunter"]
    skipped = {s["touchpoint"]: s["skipped"] for s in report["steps"] if s["skipped"]}
    assert skipped == {tp: d["count"] for tp, d in truth["skipped"].items()}
    assert report["cases"] == truth["customers"]
    assert report["method"] == "alignments" and 0 < report["fitness"] < 1
    assert [s["stage"] for s in report["stages"]] == [s.name for s in designed.stages]
    assert {i["kind"] for i in report["impact"]} >= {"skipped", "unexpected", "late"}
    assert [i["rank"] for i in report["impact"]] == list(range(1, len(report["impact"]) + 1))
    after = store.execute("SELECT * FROM overlay_steps ORDER BY persona, step_index").fetchall()
    assert after == before


def test_quick_mode_is_labelled(store, sample_project):
    designed = load_designed_map(sample_project / "designed" / "b2b_evaluator.yaml")
    report = conformance_report(store, "b2b_evaluator", designed, quick=True)
    assert report["method"] == "token_replay"


def _journeys(con: duckdb.DuckDBPyConnection, journeys: dict[str, list[str]]) -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    rows = [("p", case, tp, start + timedelta(hours=i), i + 1)
            for case, touchpoints in journeys.items() for i, tp in enumerate(touchpoints)]
    con.execute("CREATE TABLE generic_log (persona VARCHAR, journey_id VARCHAR, "
                "touchpoint VARCHAR, occurred_at TIMESTAMPTZ, step_index BIGINT)")
    con.executemany("INSERT INTO generic_log VALUES (?, ?, ?, ?, ?)", rows)
    con.execute("CREATE VIEW journeys AS SELECT * FROM generic_log")
    compute_observed_maps(con, "generic_log")


def test_step_semantics_for_optional_repeatable_and_any_order(tmp_path):
    con = connect(tmp_path / "s.duckdb")
    _journeys(con, {
        "follows": ["a", "b", "c", "d"],
        "any_order": ["a", "b", "d", "c"],  # c and d share an any-order stage
        "no_optional": ["b", "c", "d"],  # a is optional: not taken, not skipped
        "repeats": ["a", "b", "b", "c", "d", "d"],  # b repeatable, d not
        "skips_b": ["a", "c", "d"],
        "out_of_order": ["b", "a", "c", "d"],
        "extra": ["a", "x", "b", "c", "d"],
    })
    designed = parse_designed_map({
        "name": "m", "persona": "p", "goal": "d",
        "stages": [{"name": "one", "steps": [
            {"name": "a", "touchpoint": "a", "channel": "web", "optional": True},
            {"name": "b", "touchpoint": "b", "channel": "web", "repeatable": True}]},
                   {"name": "two", "order": "any", "steps": [
                       {"name": "c", "touchpoint": "c", "channel": "web"},
                       {"name": "d", "touchpoint": "d", "channel": "web"}]}]})
    summary = compute_overlays(con, {"p": designed})
    steps = {r[0]: r[1:] for r in con.execute(
        "SELECT step, followed, skipped, not_taken, repeated, out_of_order FROM overlay_steps"
    ).fetchall()}
    assert steps["a"] == (6, 0, 1, 0, 0)
    assert steps["b"] == (6, 1, 0, 0, 1)  # out_of_order journey: b before a
    assert steps["c"] == (7, 0, 0, 0, 0)
    assert steps["d"] == (7, 0, 0, 1, 0)
    unexpected = con.execute("SELECT touchpoint, after_step, journeys FROM overlay_unexpected"
                             ).fetchall()
    assert unexpected == [("x", "a", 1)]
    assert summary["p"]["converted"] == 7
    assert summary["p"]["fitting"] == 3  # follows, any_order, no_optional
    con.close()


def test_periods_add_up_to_the_whole(store):
    whole = dict(store.execute("SELECT persona, journeys FROM overlay_summary").fetchall())
    by_period = dict(store.execute("SELECT persona, sum(journeys) FROM overlay_periods "
                                   "GROUP BY persona").fetchall())
    assert by_period == whole
    steps = store.execute("""
        SELECT a.persona, a.step_index, a.followed, sum(p.followed), a.skipped, sum(p.skipped)
        FROM overlay_steps a JOIN overlay_period_steps p USING (persona, step_index)
        GROUP BY ALL""").fetchall()
    assert all(row[2] == row[3] and row[4] == row[5] for row in steps)


def test_monthly_fitness_reweighs_the_same_alignments(store, sample_project):
    from maps.compile import compile_designed_map
    from maps.fitness import align_variants

    period, fitness = store.execute(
        "SELECT period, fitness FROM overlay_fitness WHERE persona = 'b2b_evaluator' "
        "AND period <> 'all' ORDER BY period LIMIT 1").fetchall()[0]
    variants = [(tuple(v), n) for v, n in store.execute(
        "SELECT touchpoints, count(*) FROM journey_variants WHERE persona = 'b2b_evaluator' "
        "AND strftime(started_at, '%Y-%m') = ? GROUP BY touchpoints", [period]).fetchall()]
    designed = load_designed_map(sample_project / "designed" / "b2b_evaluator.yaml")
    direct = align_variants(compile_designed_map(designed), variants)
    assert fitness == pytest.approx(direct.log_fitness, abs=1e-12)


@pytest.mark.parametrize(("log_name", "model_name", "timestamp"), [
    ("running-example.xes", "running-example.pnml", "time:timestamp"),
    ("a12f0n10.xes.gz", "a12.pnml", "none"),
])
def test_conform_a_log_from_the_command_line_equals_pm4py(eventlogs, capsys, log_name,
                                                           model_name, timestamp):
    import json

    import pm4py

    from journeymap.cli import main
    from maps.compile import load_process_model

    assert main(["conform", "--log", str(eventlogs / log_name), "--map",
                 str(eventlogs / model_name), "--timestamp", timestamp, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    log = pm4py.read_xes(str(eventlogs / log_name), return_legacy_log_object=True)
    model = load_process_model(eventlogs / model_name)
    reference = pm4py.fitness_alignments(log, model.net, model.initial_marking,
                                         model.final_marking)
    assert report["cases"] == len(log)
    assert report["fitness"] == pytest.approx(reference["log_fitness"], abs=1e-9)
