"""Conformance at scale: ~1M journeys with ~10k variants against a 20-step designed map.

Measures, in one run on the same log:
- journeymap: the observed-variant reduction in SQL, the overlay SQL (per-step diagnostics and
  impact over every journey), and alignment-based fitness per variant weighted by counts (plus
  per-stage fitness); the quick mode (token-based replay) too;
- pm4py: `fitness_alignments` on the same journeys as a dataframe (its own per-case entry point),
  on the full log or, with --pm4py-journeys N, on the first N journeys, extrapolated linearly.

Run: .venv/bin/python benchmarks/conformance.py [--journeys 1000000] [--variants 10000]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PM4PY_SUPPRESS_BANNER", "1")

import pm4py  # noqa: E402

from connectors import connect  # noqa: E402
from maps.compile import compile_designed_map  # noqa: E402
from maps.conformance import compute_overlays  # noqa: E402
from maps.designed import DesignedMap, parse_designed_map  # noqa: E402
from maps.fitness import align_variants, replay_variants  # noqa: E402
from maps.report import persona_variants, stage_fitness  # noqa: E402
from mining.observed import compute_observed_maps  # noqa: E402

PERSONA = "bench"
STEPS = 20


def designed_map() -> DesignedMap:
    steps = [{"name": f"Step {i}", "touchpoint": f"s{i:02d}", "channel": "web",
              "target_hours": 48} for i in range(1, STEPS + 1)]
    return parse_designed_map({
        "name": "Benchmark journey", "persona": PERSONA, "goal": f"s{STEPS:02d}",
        "stages": [{"name": f"Stage {k + 1}", "steps": steps[k * 5:(k + 1) * 5]}
                   for k in range(4)]})


def make_variants(count: int, seed: int) -> list[tuple[str, ...]]:
    """Distinct journeys: the design with skips, swaps, unexpected touchpoints and drop-off."""
    rng = random.Random(seed)
    found: dict[tuple[str, ...], None] = {}
    found[tuple(f"s{i:02d}" for i in range(1, STEPS + 1))] = None
    while len(found) < count:
        end = STEPS if rng.random() < 0.4 else rng.randint(2, STEPS)
        variant: list[str] = []
        for i in range(1, end + 1):
            if rng.random() < 0.08:
                continue
            variant.append(f"s{i:02d}")
            if rng.random() < 0.04:
                variant.append(f"x{rng.randint(1, 6)}")
        if len(variant) > 2 and rng.random() < 0.05:
            j = rng.randrange(len(variant) - 1)
            variant[j], variant[j + 1] = variant[j + 1], variant[j]
        if variant:
            found[tuple(variant)] = None
    return list(found)


def build_log(con, journeys: int, variants: list[tuple[str, ...]], seed: int) -> None:
    """Journeys spread over the variants with a Zipf-like law, written as `generic_log`."""
    rng = random.Random(seed)
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(variants))]
    counts = [0] * len(variants)
    for index in rng.choices(range(len(variants)), weights, k=journeys - len(variants)):
        counts[index] += 1
    con.execute("CREATE OR REPLACE TABLE bench_variants "
                "(variant_id INTEGER, touchpoints VARCHAR[], journeys INTEGER)")
    rows = [(i, list(v), c + 1) for i, (v, c) in enumerate(zip(variants, counts, strict=True))]
    con.executemany("INSERT INTO bench_variants VALUES (?, ?, ?)", rows)
    con.execute("""
        CREATE OR REPLACE TABLE generic_log AS
        WITH cases AS (
            SELECT variant_id, touchpoints, unnest(range(journeys)) AS n FROM bench_variants
        ), numbered AS (
            SELECT row_number() OVER (ORDER BY variant_id, n) AS case_number, touchpoints
            FROM cases
        )
        SELECT ? AS persona, 'j' || case_number AS journey_id,
               t.touchpoint, TIMESTAMPTZ '2026-01-01 00:00:00+00'
                   + to_hours(CAST(case_number % 2000 AS BIGINT))
                   + to_hours(CAST(t.position * 6 AS BIGINT)) AS occurred_at,
               t.position AS step_index
        FROM numbered,
             LATERAL (SELECT unnest(touchpoints) AS touchpoint,
                             unnest(range(1, len(touchpoints) + 1)) AS position) AS t
        """, [PERSONA])
    con.execute("CREATE OR REPLACE VIEW journeys AS SELECT *, journey_id AS customer_id "
                "FROM generic_log")


def timed(label: str, results: dict, func, *args, **kwargs):
    started = time.perf_counter()
    value = func(*args, **kwargs)
    results[label] = time.perf_counter() - started
    print(f"  {label:42} {results[label]:8.2f} s", flush=True)
    return value


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(journeys: int, variant_count: int, pm4py_journeys: int | None, seed: int) -> None:
    designed = designed_map()
    model = compile_designed_map(designed)
    times: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        con = connect(Path(tmp) / "bench.duckdb")
        print(f"log: {journeys:,} journeys over {variant_count:,} variants, {STEPS}-step map")
        timed("build log (not part of conformance)", times, build_log, con, journeys,
              make_variants(variant_count, seed), seed)
        events = con.execute("SELECT count(*) FROM generic_log").fetchall()[0][0]
        print(f"  events: {events:,}")
        timed("observed variants (mining, SQL)", times, compute_observed_maps, con, "generic_log")
        variants = persona_variants(con, PERSONA)
        timed("overlay: steps, unexpected, impact (SQL)", times, compute_overlays, con,
              {PERSONA: designed})
        fit = timed("fitness: alignments per variant", times, align_variants, model, variants)
        timed("fitness per stage (alignments)", times, stage_fitness, designed, variants)
        quick = timed("quick mode: token replay per variant", times, replay_variants, model,
                      variants)
        conformance = sum(times[k] for k in times if k.startswith(("overlay", "fitness")))
        print(f"journeymap conformance of {fit.journeys:,} journeys ({len(variants):,} variants):"
              f" {conformance:.1f} s (target < 60 s); with the variant reduction "
              f"{conformance + times['observed variants (mining, SQL)']:.1f} s; "
              f"fitness {fit.log_fitness:.6f}, quick mode {quick.log_fitness:.6f}; "
              f"peak memory {peak_mb():,.0f} MB")
        sample = pm4py_journeys or journeys
        frame = con.execute("""
            SELECT journey_id AS "case:concept:name", touchpoint AS "concept:name",
                   occurred_at AS "time:timestamp"
            FROM generic_log WHERE journey_id IN (
                SELECT journey_id FROM (SELECT DISTINCT journey_id FROM generic_log)
                ORDER BY hash(journey_id) LIMIT ?)
            ORDER BY journey_id, step_index""", [sample]).fetchdf()
        con.close()
    started = time.perf_counter()
    reference = pm4py.fitness_alignments(frame, model.net, model.initial_marking,
                                         model.final_marking)
    elapsed = time.perf_counter() - started
    scaled = elapsed * journeys / sample
    note = "" if sample == journeys else f" on {sample:,} journeys, x{journeys / sample:.0f}"
    print(f"pm4py fitness_alignments{note}: {elapsed:.1f} s -> {scaled:.1f} s for "
          f"{journeys:,} journeys (log fitness {reference['log_fitness']:.6f})")
    print(f"ratio pm4py / journeymap conformance: {scaled / conformance:.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=1_000_000)
    parser.add_argument("--variants", type=int, default=10_000)
    parser.add_argument("--pm4py-journeys", type=int, default=None,
                        help="run pm4py on a sample of this many journeys and extrapolate")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    run(args.journeys, args.variants, args.pm4py_journeys, args.seed)


if __name__ == "__main__":
    main()
