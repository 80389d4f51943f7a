"""Process discovery: an observed process model (inductive miner) from the variants of a map.

pm4py gets the reduced input, one trace per variant with its count, never the events: the
inductive miner works on exactly that (pm4py's own `UVCL`, a counter of variants), so the model
equals the one pm4py finds on the full log. The model exports as BPMN and PNML.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import duckdb

from journeymap.errors import JourneymapError
from mining.bpmn_layout import layout_bpmn
from mining.report import read_variants


def variant_counts(con: duckdb.DuckDBPyConnection) -> Counter[tuple[str, ...]]:
    """The variants of the last `mine` run (one map) with their journeys."""
    return Counter({tuple(v["touchpoints"]): v["count"] for v in read_variants(con)})


def discover_process_tree(variants: Counter[tuple[str, ...]], noise_threshold: float = 0.0):
    """The inductive miner's process tree (IMf when `noise_threshold` > 0, as pm4py chooses).

    Returns a pm4py ProcessTree. pm4py's public discover functions take a log or a DFG; the
    variant counter goes to the same miner classes they use, then the same fold and sort.
    """
    from pm4py.algo.discovery.inductive.dtypes.im_ds import IMDataStructureUVCL
    from pm4py.algo.discovery.inductive.variants.im import IMUVCL
    from pm4py.algo.discovery.inductive.variants.imf import IMFUVCL
    from pm4py.objects.process_tree.utils.generic import fold, tree_sort

    if not variants:
        raise JourneymapError("no journeys to discover a process model from")
    if not 0.0 <= noise_threshold < 1.0:
        raise JourneymapError("the noise threshold is a share in [0, 1)", field="noise")
    parameters = {"noise_threshold": noise_threshold, "multiprocessing": False,
                  "disable_fallthroughs": False}
    miner = IMFUVCL(parameters) if noise_threshold > 0 else IMUVCL(parameters)
    tree = fold(miner.apply(IMDataStructureUVCL(variants), parameters))
    tree_sort(tree)
    return tree


def export_process_model(tree, *, bpmn: str | Path | None = None,
                         pnml: str | Path | None = None) -> list[Path]:
    """Write the process tree as BPMN and/or as a Petri net (PNML); returns the files written.

    The BPMN file carries a diagram: laid out by Graphviz when its `dot` is installed, else by
    `layout_bpmn`. pm4py adds `.bpmn` to a BPMN file name without it.
    """
    import pm4py

    written = []
    if bpmn is not None:
        model = pm4py.convert_to_bpmn(tree)
        graphviz = shutil.which("dot") is not None
        pm4py.write_bpmn(model if graphviz else layout_bpmn(model), str(bpmn),
                         auto_layout=graphviz)
        name = str(bpmn)
        written.append(Path(name if name.lower().endswith("bpmn") else name + ".bpmn"))
    if pnml is not None:
        net, initial, final = pm4py.convert_to_petri_net(tree)
        pm4py.write_pnml(net, initial, final, str(pnml))
        written.append(Path(pnml))
    return written
