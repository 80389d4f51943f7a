"""Our per-variant, count-weighted fitness against pm4py's own, on the reference logs."""

from pathlib import Path

import pm4py
import pytest

from maps.compile import load_process_model
from maps.fitness import align_variants, replay_variants

CASES = [
    ("running-example.xes", "running-example.pnml"),
    ("running-example.xes", "running-example.bpmn"),
    ("roadtraffic100traces.xes", "roadtraffic.pnml"),
    ("a12f0n00.xes.gz", "a12.pnml"),
    ("a12f0n10.xes.gz", "a12.pnml"),
    ("a12f0n50.xes.gz", "a12.pnml"),
]


def _load(eventlogs: Path, log_name: str, model_name: str):
    log = pm4py.read_xes(str(eventlogs / log_name), return_legacy_log_object=True)
    model = load_process_model(eventlogs / model_name)
    variants = [(tuple(v), len(traces)) for v, traces in pm4py.get_variants(log).items()]
    return log, model, variants


@pytest.mark.parametrize(("log_name", "model_name"), CASES)
def test_alignment_fitness_equals_pm4py(eventlogs, log_name, model_name):
    log, model, variants = _load(eventlogs, log_name, model_name)
    ours = align_variants(model, variants)
    ref = pm4py.fitness_alignments(log, model.net, model.initial_marking, model.final_marking)
    assert ours.journeys == len(log)
    assert ours.log_fitness == pytest.approx(ref["log_fitness"], abs=1e-9)
    assert ours.average_trace_fitness == pytest.approx(ref["average_trace_fitness"], abs=1e-9)
    assert 100 * ours.fitting_share == pytest.approx(ref["percentage_of_fitting_traces"],
                                                     abs=1e-9)


@pytest.mark.parametrize(("log_name", "model_name"), CASES)
def test_token_replay_fitness_equals_pm4py(eventlogs, log_name, model_name):
    log, model, variants = _load(eventlogs, log_name, model_name)
    ours = replay_variants(model, variants)
    ref = pm4py.fitness_token_based_replay(log, model.net, model.initial_marking,
                                           model.final_marking)
    assert ours.method == "token_replay"
    assert ours.log_fitness == pytest.approx(ref["log_fitness"], abs=1e-9)
    assert ours.average_trace_fitness == pytest.approx(ref["average_trace_fitness"], abs=1e-9)
    assert 100 * ours.fitting_share == pytest.approx(ref["perc_fit_traces"], abs=1e-9)


@pytest.mark.parametrize("log_name", ["a12f0n10.xes.gz", "a12f0n50.xes.gz"])
def test_alignment_diagnostics_equal_pm4py_per_trace(eventlogs, log_name):
    log, model, variants = _load(eventlogs, log_name, "a12.pnml")
    by_variant = {f.touchpoints: f for f in align_variants(model, variants).variants}
    diagnostics = pm4py.conformance_diagnostics_alignments(
        log, model.net, model.initial_marking, model.final_marking)
    for trace, diagnosis in zip(log, diagnostics, strict=True):
        ours = by_variant[tuple(e["concept:name"] for e in trace)]
        assert ours.cost == diagnosis["cost"]
        assert ours.fitness == pytest.approx(diagnosis["fitness"], abs=1e-9)
        # optimal alignments may differ in which moves they pick, never in their cost
        assert len(ours.log_moves) + len(ours.model_moves) == diagnosis["cost"] // 10000


@pytest.mark.parametrize("persona", ["bargain_hunter", "b2b_evaluator"])
def test_designed_map_fitness_equals_pm4py_on_the_sample_store(sample_store, sample_project,
                                                               persona):
    import duckdb

    from maps.compile import compile_designed_map
    from maps.designed import load_designed_map
    from maps.report import persona_variants

    con = duckdb.connect(str(sample_store), read_only=True)
    variants = persona_variants(con, persona)
    frame = con.execute("""
        SELECT journey_id AS "case:concept:name", touchpoint AS "concept:name",
               occurred_at AS "time:timestamp"
        FROM journeys WHERE persona = ? ORDER BY journey_id, step_index""", [persona]).fetchdf()
    con.close()
    model = compile_designed_map(load_designed_map(sample_project / "designed" /
                                                   f"{persona}.yaml"))
    ours = align_variants(model, variants * 30, workers=2)  # enough to use both workers
    ref = pm4py.fitness_alignments(frame, model.net, model.initial_marking, model.final_marking)
    assert ours.log_fitness == pytest.approx(ref["log_fitness"], abs=1e-9)
    assert ours.average_trace_fitness == pytest.approx(ref["average_trace_fitness"], abs=1e-9)
    assert 100 * ours.fitting_share == pytest.approx(ref["percentage_of_fitting_traces"],
                                                     abs=1e-9)
