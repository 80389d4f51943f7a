"""Designed maps as process models, for alignment-based conformance with pm4py.

Compilation: the stages form a sequence; a stage's steps are a sequence, or a parallel block for
`order: any`; a step with several touchpoints is a choice between them; `optional` adds a silent
skip (choice with tau), `repeatable` a loop (the step, then optionally again); `one_of` is a
choice between its steps. A designed journey drawn elsewhere can come in as BPMN or PNML.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("PM4PY_SUPPRESS_BANNER", "1")
import pm4py  # noqa: E402
from pm4py.objects.petri_net.obj import Marking, PetriNet  # noqa: E402
from pm4py.objects.process_tree.obj import Operator, ProcessTree  # noqa: E402

from journeymap.errors import JourneymapError  # noqa: E402
from maps.designed import (  # noqa: E402
    Alternatives,
    DesignedMap,
    DesignedStep,
    Stage,
    load_designed_map,
)

logging.getLogger("pm4py").setLevel(logging.ERROR)


@dataclass(frozen=True)
class ProcessModel:
    """An accepting Petri net (what pm4py's alignments replay on) and where it came from."""

    net: PetriNet
    initial_marking: Marking
    final_marking: Marking
    source: str
    tree: ProcessTree | None = None

    def activities(self) -> set[str]:
        return {t.label for t in self.net.transitions if t.label is not None}


def _node(operator: Operator | None = None, children: list[ProcessTree] | None = None,
          label: str | None = None) -> ProcessTree:
    node = ProcessTree(operator=operator, label=label)
    for child in children or []:
        child.parent = node
        node.children.append(child)
    return node


def _tau() -> ProcessTree:
    return _node()


def _step_tree(step: DesignedStep) -> ProcessTree:
    leaves = [_node(label=tp) for tp in step.all_touchpoints()]
    tree = leaves[0] if len(leaves) == 1 else _node(Operator.XOR, leaves)
    if step.repeatable:
        tree = _node(Operator.LOOP, [tree, _tau()])
    if step.optional:
        tree = _node(Operator.XOR, [tree, _tau()])
    return tree


def _item_tree(item: DesignedStep | Alternatives) -> ProcessTree:
    if isinstance(item, DesignedStep):
        return _step_tree(item)
    tree = _node(Operator.XOR, [_step_tree(option) for option in item.one_of])
    return _node(Operator.XOR, [tree, _tau()]) if item.optional else tree


def stage_tree(stage: Stage) -> ProcessTree:
    """One stage as a process tree: its steps in sequence, or in parallel for `order: any`."""
    items = [_item_tree(item) for item in stage.steps]
    operator = Operator.PARALLEL if stage.order == "any" else Operator.SEQUENCE
    return items[0] if len(items) == 1 else _node(operator, items)


def to_process_tree(designed: DesignedMap) -> ProcessTree:
    """The designed map as a pm4py process tree."""
    stages = [stage_tree(stage) for stage in designed.stages]
    return stages[0] if len(stages) == 1 else _node(Operator.SEQUENCE, stages)


def tree_model(tree: ProcessTree, source: str) -> ProcessModel:
    """An accepting Petri net for a process tree."""
    net, im, fm = pm4py.convert_to_petri_net(tree)
    return ProcessModel(net, im, fm, source=source, tree=tree)


def compile_designed_map(designed: DesignedMap) -> ProcessModel:
    """The designed map as an accepting Petri net (via its process tree)."""
    return tree_model(to_process_tree(designed), designed.name)


def load_process_model(path: str | Path) -> ProcessModel:
    """A designed journey from a file: designed map YAML, BPMN or PNML."""
    path = Path(path)
    if not path.exists():
        raise JourneymapError("process model not found", file=str(path))
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return compile_designed_map(load_designed_map(path))
    try:
        if suffix == ".bpmn":
            net, im, fm = pm4py.convert_to_petri_net(pm4py.read_bpmn(str(path)))
        elif suffix == ".pnml":
            net, im, fm = pm4py.read_pnml(str(path))
        else:
            raise JourneymapError("expected a designed map (.yaml), .bpmn or .pnml file",
                                  file=str(path))
    except JourneymapError:
        raise
    except Exception as exc:  # pm4py raises many types for malformed XML
        raise JourneymapError(f"could not read the model: {exc}", file=str(path)) from exc
    return ProcessModel(net, im, fm, source=str(path))


def export_process_model(designed: DesignedMap, out_dir: str | Path) -> dict[str, Path]:
    """Write the designed map as BPMN and PNML (for process-mining tools); returns the paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model = compile_designed_map(designed)
    stem = "_".join(designed.persona_names()) or "designed"
    paths = {"bpmn": out / f"{stem}.bpmn", "pnml": out / f"{stem}.pnml"}
    # no diagram layout: it needs Graphviz binaries, and tools lay the model out on import
    pm4py.write_bpmn(pm4py.convert_to_bpmn(model.tree), str(paths["bpmn"]), auto_layout=False)
    pm4py.write_pnml(model.net, model.initial_marking, model.final_marking, str(paths["pnml"]))
    return paths
