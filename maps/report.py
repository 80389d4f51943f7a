"""The conformance report of one persona (or a generic log) against one designed journey.

It joins three views of the same question: alignment-based fitness (pm4py's definition,
computed per variant and weighted by counts; token replay in quick mode), the per-step
diagnostics of the overlay SQL (followed, skipped, late, out of order, repeated, unexpected),
and the outcome impact of each deviation.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import duckdb

from maps.compile import ProcessModel, compile_designed_map, stage_tree, tree_model
from maps.conformance import run_overlay_queries
from maps.designed import DesignedMap
from maps.fitness import FitnessResult, Variant, align_variants, replay_variants


def persona_variants(con: duckdb.DuckDBPyConnection, persona: str | None) -> list[Variant]:
    """The observed variants of a persona (all personas when None), with their counts."""
    where, params = ("WHERE persona = ?", [persona]) if persona else ("", [])
    rows = con.execute(f"SELECT touchpoints, sum(count) FROM observed_variants {where} "
                       f"GROUP BY touchpoints ORDER BY 2 DESC, 1", params).fetchall()
    return [(tuple(touchpoints), int(count)) for touchpoints, count in rows]


def measure_fitness(model: ProcessModel, variants: list[Variant], quick: bool) -> FitnessResult:
    """Alignments by default; token-based replay in quick mode."""
    return replay_variants(model, variants) if quick else align_variants(model, variants)


def stage_fitness(designed: DesignedMap, variants: list[Variant],
                  quick: bool = False) -> list[dict[str, Any]]:
    """Fitness per stage: journeys that reached a stage, projected on its touchpoints and held
    against the stage alone (so a deviation is charged to the stage where it happens)."""
    steps = designed.steps()
    results = []
    for index, stage in enumerate(designed.stages, start=1):
        own = {tp for s in steps if s.stage_index == index for tp in s.touchpoints}
        onward = {tp for s in steps if s.stage_index >= index for tp in s.touchpoints}
        projected: Counter = Counter()
        for touchpoints, count in variants:
            if onward & set(touchpoints):
                projected[tuple(tp for tp in touchpoints if tp in own)] += count
        entry = {"stage": stage.name, "journeys": sum(projected.values())}
        if projected:
            fit = measure_fitness(tree_model(stage_tree(stage), stage.name),
                                  list(projected.items()), quick)
            entry.update(fitness=fit.log_fitness, fitting_share=fit.fitting_share)
        results.append(entry)
    return results


def _rows(con: duckdb.DuckDBPyConnection, table: str, persona: str, order: str) -> list[dict]:
    frame = con.execute(f"SELECT * EXCLUDE (persona) FROM {table} WHERE persona = ? "
                        f"ORDER BY {order}", [persona]).fetchdf()
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def _overlay_rows(con: duckdb.DuckDBPyConnection, persona: str,
                  designed: DesignedMap) -> dict[str, list[dict]]:
    """Overlay diagnostics for this map only, computed in a transaction that is rolled back so
    the store's own overlay tables (the pipeline's results) stay as they were."""
    con.execute("BEGIN TRANSACTION")
    try:
        run_overlay_queries(con, {persona: designed})
        return {"steps": _rows(con, "overlay_steps", persona, "step_index"),
                "unexpected": _rows(con, "overlay_unexpected", persona, "journeys DESC"),
                "impact": _rows(con, "overlay_impact", persona, "rank")}
    finally:
        con.execute("ROLLBACK")


def conformance_report(con: duckdb.DuckDBPyConnection, persona: str,
                       designed: DesignedMap | None = None, model: ProcessModel | None = None,
                       quick: bool = False) -> dict[str, Any]:
    """Hold one persona's journeys against a designed map (or a BPMN/PNML model).

    With a designed map the report has per-step diagnostics, per-stage fitness and impact; with
    a bare process model, steps and unexpected touchpoints come from the alignments' moves.
    """
    if designed is None and model is None:
        raise ValueError("give a designed map or a process model")
    model = model or compile_designed_map(designed)
    variants = persona_variants(con, persona)
    fit = measure_fitness(model, variants, quick)
    report = {"persona": persona, "model": model.source, **fit.as_dict(),
              "cases": fit.journeys, "variants": len(variants)}
    if designed is not None:
        report["stages"] = stage_fitness(designed, variants, quick)
        report.update(_overlay_rows(con, persona, designed))
    else:
        report["steps"] = [{"touchpoint": tp, "journeys_skipping": n}
                           for tp, n in fit.skipped.most_common()]
        report["unexpected"] = [{"touchpoint": tp, "journeys": n}
                                for tp, n in fit.unexpected.most_common()]
        report["impact"] = []
    return report


def conformance_report_for_log(con: duckdb.DuckDBPyConnection, designed: DesignedMap | None,
                               model: ProcessModel, quick: bool = False) -> dict[str, Any]:
    """The report for an event log already loaded as `generic_log` (mining.read_event_log):
    its journeys are mined in the same connection and held against the designed journey."""
    from mining.eventlog import GENERIC_PERSONA
    from mining.observed import compute_observed_maps

    compute_observed_maps(con, "generic_log")
    con.execute("CREATE OR REPLACE TEMP VIEW journeys AS SELECT * FROM generic_log")
    return conformance_report(con, GENERIC_PERSONA, designed, model, quick=quick)
