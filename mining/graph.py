"""Loops in a directed graph, for drawing it left to right.

Both the observed map (touchpoints and directly-follows edges) and the BPMN diagram of a
discovered model place nodes by their longest distance from the start; an edge that closes a
loop must not count, or no node would have a distance. Which edges close loops depends on where
the walk starts and in which order it follows edges: callers give both, so the drawing is stable.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

Node = TypeVar("Node", bound=Hashable)


def back_edges(roots: Iterable[Node],
               successors: Mapping[Node, Sequence[Node]]) -> set[tuple[Node, Node]]:
    """The edges that lead back to a node on the current path of a depth-first walk.

    The walk starts at each of `roots` in turn (skipping nodes already reached) and follows each
    node's `successors` in their order. Without these edges the graph has no cycle.
    """
    state: dict[Node, int] = {}  # 1: on the current path, 2: finished
    found: set[tuple[Node, Node]] = set()
    for root in roots:
        if root in state:
            continue
        stack = [(root, iter(successors.get(root, ())))]
        state[root] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                found.add((node, child))
            elif child not in state:
                state[child] = 1
                stack.append((child, iter(successors.get(child, ()))))
    return found
