"""The observed process model: inductive miner on one trace per variant, exported as BPMN/PNML."""

from collections import Counter

import pm4py
import pytest

from journeymap.errors import JourneymapError
from mining import (
    discover_process_tree,
    export_process_model,
    observed_map,
    read_event_log,
    variant_counts,
)
from mining.bpmn_layout import layout_bpmn
from tests.mining.conftest import eventlog, pm4py_frame


@pytest.mark.parametrize("name", ["running-example.xes", "roadtraffic100traces.xes",
                                  "receipt.csv"])
@pytest.mark.parametrize("noise", [0.0, 0.2])
def test_model_from_variants_equals_pm4py_on_the_whole_log(memory, name, noise):
    path = eventlog(name)
    read_event_log(memory, path)
    observed_map(memory, source="generic_log")
    ours = discover_process_tree(variant_counts(memory), noise)
    expected = pm4py.discover_process_tree_inductive(pm4py_frame(path), noise_threshold=noise)
    assert str(ours) == str(expected)


def test_model_exports_as_bpmn_with_a_diagram_and_as_pnml(memory, tmp_path):
    read_event_log(memory, eventlog("running-example.xes"))
    observed_map(memory, source="generic_log")
    tree = discover_process_tree(variant_counts(memory))
    written = export_process_model(tree, bpmn=tmp_path / "model.bpmn", pnml=tmp_path / "m.pnml")
    assert written == [tmp_path / "model.bpmn", tmp_path / "m.pnml"]
    bpmn = pm4py.read_bpmn(str(written[0]))
    tasks = {n.get_name() for n in bpmn.get_nodes() if n.get_name()}
    assert {"register request", "decide", "pay compensation"} <= tasks
    net, initial, final = pm4py.read_pnml(str(written[1]))
    labels = {t.label for t in net.transitions if t.label}
    assert labels == {touchpoint for variant in variant_counts(memory) for touchpoint in variant}
    assert "<bpmndi:BPMNShape" in written[0].read_text()


def test_layout_places_every_node_apart_and_flows_left_to_right():
    tree = discover_process_tree(Counter({("a", "b", "c"): 5, ("a", "c", "b"): 3, ("a", "d"): 1}))
    bpmn = layout_bpmn(pm4py.convert_to_bpmn(tree))
    boxes = [(n.get_x(), n.get_y()) for n in bpmn.get_nodes()]
    assert len(set(boxes)) == len(boxes)
    starts = [n for n in bpmn.get_nodes() if isinstance(n, pm4py.BPMN.StartEvent)]
    ends = [n for n in bpmn.get_nodes() if isinstance(n, pm4py.BPMN.EndEvent)]
    assert starts[0].get_x() < min(n.get_x() for n in bpmn.get_nodes() if n not in starts)
    assert ends[0].get_x() > max(n.get_x() for n in bpmn.get_nodes() if n not in ends)
    for flow in bpmn.get_flows():
        assert len(flow.get_waypoints()) == 2


def test_no_journeys_no_model():
    with pytest.raises(JourneymapError, match="no journeys"):
        discover_process_tree(Counter())
