"""A diagram layout for BPMN models when Graphviz is not installed.

pm4py lays out BPMN with Graphviz's `dot`; without it, a BPMN file would have no diagram and
modelling tools (bpmn.io, Camunda Modeler) would show nothing. This places nodes left to right by
their longest distance from the start (loops do not push nodes further), one row per node of a
layer, and draws each flow as a straight line between the facing sides.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from mining.graph import back_edges

SPACING_X, SPACING_Y, MARGIN = 160, 110, 40
SIZES = {"task": (100, 60), "event": (36, 36), "gateway": (50, 50)}


def _kind(node: Any) -> str:
    from pm4py.objects.bpmn.obj import BPMN

    if isinstance(node, BPMN.Event):
        return "event"
    return "gateway" if isinstance(node, BPMN.Gateway) else "task"


def _forward_edges(nodes: list[Any], flows: list[Any]) -> list[tuple[Any, Any]]:
    """The flows minus the back edges of a depth-first search from the start nodes."""
    succ = defaultdict(list)
    for flow in flows:
        succ[flow.get_source()].append(flow.get_target())
    incoming = {flow.get_target() for flow in flows}
    loops = back_edges([n for n in nodes if n not in incoming] + nodes, succ)
    return [(flow.get_source(), flow.get_target()) for flow in flows
            if (flow.get_source(), flow.get_target()) not in loops]


def _layers(nodes: list[Any], flows: list[Any]) -> dict[Any, int]:
    edges = _forward_edges(nodes, flows)
    indegree = defaultdict(int)
    succ = defaultdict(list)
    for source, target in edges:
        succ[source].append(target)
        indegree[target] += 1
    layer = {n: 0 for n in nodes}
    ready = [n for n in nodes if indegree[n] == 0]
    while ready:
        node = ready.pop()
        for child in succ[node]:
            layer[child] = max(layer[child], layer[node] + 1)
            indegree[child] -= 1
            if indegree[child] == 0:
                ready.append(child)
    return layer


def layout_bpmn(bpmn: Any) -> Any:
    """Set positions and sizes of every node and waypoints of every flow; returns the model."""
    nodes = sorted(bpmn.get_nodes(), key=lambda n: (n.get_name() or "", n.get_id()))
    flows = list(bpmn.get_flows())
    rows: dict[int, int] = defaultdict(int)
    for node, column in sorted(_layers(nodes, flows).items(), key=lambda item: item[1]):
        width, height = SIZES[_kind(node)]
        node.set_width(width)
        node.set_height(height)
        node.set_x(MARGIN + column * SPACING_X + (100 - width) / 2)
        node.set_y(MARGIN + rows[column] * SPACING_Y + (60 - height) / 2)
        rows[column] += 1
    for flow in flows:
        source, target = flow.get_source(), flow.get_target()
        flow.del_waypoints()
        flow.add_waypoint((source.get_x() + source.get_width(),
                           source.get_y() + source.get_height() / 2))
        flow.add_waypoint((target.get_x(), target.get_y() + target.get_height() / 2))
    return bpmn
