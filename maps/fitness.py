"""Fitness of journeys against a designed process model, computed once per variant.

Journeys that share a variant align identically, so each variant is aligned (or replayed) once
and its result weighted by the variant's count: the cost grows with the number of distinct paths,
not of customers. The log-level figures follow pm4py's definitions exactly:

- alignments (pm4py `fitness_alignments`): log fitness = 1 - sum(cost) / sum(cost of the
  best worst-case alignment), average trace fitness, share of fitting journeys (fitness 1);
- token-based replay (pm4py `fitness_token_based_replay`), the quick mode for very large inputs:
  log fitness = 0.5 (1 - missing/consumed) + 0.5 (1 - remaining/produced).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Literal

from pm4py.algo.conformance.alignments.petri_net import algorithm as alignments
from pm4py.algo.conformance.tokenreplay import algorithm as token_replay
from pm4py.objects.log.obj import Event, EventLog, Trace

from maps.compile import ProcessModel

Variant = tuple[tuple[str, ...], int]  # touchpoints, number of journeys
SKIP = ">>"
QUIET = {"show_progress_bar": False}  # pm4py writes into parameters: pass copies
MOVE_COST = 10000  # pm4py's standard cost of a log or model move
PARALLEL_FROM = 400  # variants; below this, starting processes costs more than it saves


@dataclass
class VariantFit:
    """How one variant fits: its fitness and, for alignments, the moves that deviate."""

    touchpoints: tuple[str, ...]
    count: int
    fitness: float
    log_moves: list[str] = field(default_factory=list)  # touchpoints the model did not expect
    model_moves: list[str] = field(default_factory=list)  # designed touchpoints left out
    cost: float = 0.0
    bwc: float = 0.0
    tokens: tuple[int, int, int, int] = (0, 0, 0, 0)  # missing, consumed, remaining, produced


@dataclass
class FitnessResult:
    """Fitness of a weighted set of variants, labelled with the method that measured it."""

    method: Literal["alignments", "token_replay"]
    journeys: int
    variants: list[VariantFit]
    log_fitness: float
    average_trace_fitness: float
    fitting_share: float
    unexpected: Counter = field(default_factory=Counter)  # touchpoint -> journeys' log moves
    skipped: Counter = field(default_factory=Counter)  # touchpoint -> journeys' model moves

    def as_dict(self) -> dict:
        return {"method": self.method, "journeys": self.journeys, "variants": len(self.variants),
                "fitness": self.log_fitness, "average_journey_fitness": self.average_trace_fitness,
                "fitting_share": self.fitting_share}


def _log_of(variants: Sequence[Variant]) -> EventLog:
    return EventLog([Trace([Event({"concept:name": tp}) for tp in touchpoints])
                     for touchpoints, _ in variants])


def _align_chunk(model: ProcessModel, variants: Sequence[Variant],
                 model_bwc: int | None) -> list[dict]:
    """Optimal alignments with pm4py's cost model (moves on visible labels 10000, silent 1).

    Without silent transitions, Dijkstra (less memory) finds alignments of the same optimal
    cost several times faster than the default A*; pm4py then leaves out the trace's share of
    the best-worst cost, so it is added back here exactly as pm4py's default computes it.
    """
    if model_bwc is None:
        return alignments.apply(_log_of(variants), model.net, model.initial_marking,
                                model.final_marking, parameters=dict(QUIET))
    results = alignments.apply(_log_of(variants), model.net, model.initial_marking,
                               model.final_marking, parameters=dict(QUIET),
                               variant=alignments.Variants.VERSION_DIJKSTRA_LESS_MEMORY)
    for (touchpoints, _), result in zip(variants, results, strict=True):
        bwc = len(touchpoints) * MOVE_COST + model_bwc
        result["bwc"] = bwc
        result["fitness"] = 1 - (result["cost"] // MOVE_COST) / (bwc // MOVE_COST)
    return results


def _model_bwc(model: ProcessModel) -> int | None:
    """The model's best-worst cost when the fast path applies (no silent transitions)."""
    if any(t.label is None for t in model.net.transitions):
        return None
    return alignments.Variants.VERSION_STATE_EQUATION_A_STAR.value.get_best_worst_cost(
        model.net, model.initial_marking, model.final_marking, parameters=dict(QUIET))


def _align_all(model: ProcessModel, variants: Sequence[Variant], workers: int) -> list[dict]:
    model_bwc = _model_bwc(model)
    if workers <= 1 or len(variants) < PARALLEL_FROM:
        return _align_chunk(model, variants, model_bwc)
    size = -(-len(variants) // workers)
    chunks = [variants[i:i + size] for i in range(0, len(variants), size)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        parts = pool.map(_align_chunk, [model] * len(chunks), chunks, [model_bwc] * len(chunks))
        return [result for part in parts for result in part]


def align_variants(model: ProcessModel, variants: Sequence[Variant],
                   workers: int | None = None) -> FitnessResult:
    """Alignment-based fitness of the variants, weighted by their counts (pm4py's definition).

    Variants are aligned on `workers` processes (default: one per core) when there are many.
    """
    aligned = _align_all(model, list(variants), workers or os.cpu_count() or 1)
    fits = []
    for (touchpoints, count), result in zip(variants, aligned, strict=True):
        moves = result["alignment"]
        fits.append(VariantFit(
            touchpoints, count, result["fitness"],
            log_moves=[log for log, mod in moves if mod == SKIP],
            model_moves=[mod for log, mod in moves if log == SKIP and mod is not None],
            cost=result["cost"], bwc=result["bwc"]))
    return _alignment_result(fits)


def _alignment_result(fits: list[VariantFit]) -> FitnessResult:
    cost = sum(f.cost * f.count for f in fits)
    bwc = sum(f.bwc * f.count for f in fits)
    result = FitnessResult(
        "alignments", sum(f.count for f in fits), fits,
        log_fitness=1.0 - cost / bwc if bwc > 0 else 0.0,
        average_trace_fitness=_weighted_mean(fits),
        fitting_share=_fitting_share(fits, lambda f: f.fitness == 1.0))
    for fit in fits:
        for touchpoint in fit.log_moves:
            result.unexpected[touchpoint] += fit.count
        for touchpoint in fit.model_moves:
            result.skipped[touchpoint] += fit.count
    return result


def reweigh(fits: dict[tuple[str, ...], VariantFit], variants: Sequence[Variant],
            method: str) -> FitnessResult:
    """The fitness of another weighting (say, one month's journeys) of variants already
    aligned or replayed: no model is replayed again."""
    weighted = [replace(fits[touchpoints], count=count) for touchpoints, count in variants]
    return _alignment_result(weighted) if method == "alignments" else _replay_result(weighted)


def replay_variants(model: ProcessModel, variants: Sequence[Variant]) -> FitnessResult:
    """Token-based replay fitness (quick mode), weighted by counts (pm4py's definition)."""
    replayed = token_replay.apply(_log_of(variants), model.net, model.initial_marking,
                                  model.final_marking, parameters=dict(QUIET))
    fits = [VariantFit(touchpoints, count, r["trace_fitness"],
                       tokens=(r["missing_tokens"], r["consumed_tokens"], r["remaining_tokens"],
                               r["produced_tokens"]))
            for (touchpoints, count), r in zip(variants, replayed, strict=True)]
    return _replay_result(fits)


def _replay_result(fits: list[VariantFit]) -> FitnessResult:
    missing, consumed, remaining, produced = (
        sum(f.tokens[i] * f.count for f in fits) for i in range(4))
    fitness = (0.5 * (1 - missing / consumed) + 0.5 * (1 - remaining / produced)
               if consumed > 0 and produced > 0 else 0.0)
    return FitnessResult(
        "token_replay", sum(f.count for f in fits), fits, log_fitness=fitness,
        average_trace_fitness=_weighted_mean(fits),
        fitting_share=_fitting_share(fits, lambda f: f.tokens[0] == 0 and f.tokens[2] == 0))


def _weighted_mean(fits: Sequence[VariantFit]) -> float:
    journeys = sum(f.count for f in fits)
    return sum(f.fitness * f.count for f in fits) / journeys if journeys else 0.0


def _fitting_share(fits: Sequence[VariantFit], fits_model) -> float:
    journeys = sum(f.count for f in fits)
    return sum(f.count for f in fits if fits_model(f)) / journeys if journeys else 0.0
