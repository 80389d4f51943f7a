"""The observed map at scale: journeymap's SQL against pm4py on pandas and on polars.

    .venv/bin/python benchmarks/mining.py                      # 2M and 10M events
    .venv/bin/python benchmarks/mining.py --events 500000      # a quick look

Builds synthetic journey logs (a Markov chain over 24 touchpoints, journeys of ~12 events over a
year, 3% of steps at the same instant as the one before, rows shuffled like a real export), then
times, each in a fresh process so that peak memory is its own:
- pm4py on pandas: format_dataframe + discover_dfg + get_variants + start/end activities;
- pm4py on polars (when polars is installed: `pip install -e '.[bench]'`): the same calls on a
  LazyFrame; and, as `pm4py-polars-same-map`, with discover_performance_dfg and
  get_all_case_durations added, so that pm4py computes what journeymap's map holds;
- journeymap: the observed-map SQL (DFG with mean/median/p90 times, start/end, variants with
  shares, journey durations, journeys per month) and reading it into Python, as `observed_map`.
Loading the log (pandas/polars frame, or `read_event_log` of the Parquet file into DuckDB) is
timed apart. All three must find the same DFG, endpoints and variants; the script checks it and
prints the ratios. Rounds run the contestants one after the other, `--repeat` times; each
contestant's best round counts (other work on the machine only ever slows a round down), its
peak memory is the highest of its rounds. Needs ~6 GB of memory at 10M events and 10-20 minutes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from processes import add_child_options, run_child  # benchmarks/processes.py, beside this script

TOUCHPOINTS = [
    "ad_clicked", "ad_viewed", "social_clicked", "page_viewed:home", "page_viewed:product",
    "page_viewed:pricing", "page_viewed:reviews", "page_viewed:blog", "page_viewed:solutions",
    "signed_up", "demo_requested", "trial_started", "cart_added", "order_placed",
    "email_delivered", "email_opened", "email_clicked", "email_unsubscribed", "lifecycle_lead",
    "lifecycle_opportunity", "lifecycle_customer", "deal_won", "deal_lost", "survey_answered",
]
MEAN_EVENTS_PER_JOURNEY = 12


# --- the synthetic log ---------------------------------------------------------------------

def _journeys(rng, journeys: int):
    """(journey index, touchpoint code) of every event, journeys walked by a Markov chain."""
    import numpy as np

    n = len(TOUCHPOINTS)
    weights = np.zeros((n, n + 1))
    for row in range(n):
        successors = rng.choice(n, size=5, replace=False)
        weights[row, successors] = rng.dirichlet(np.ones(5))
        weights[row, n] = 1.0 / (MEAN_EVENTS_PER_JOURNEY - 1)  # the journey ends
    cumulative = (weights / weights.sum(1, keepdims=True)).cumsum(1)
    current = rng.integers(0, 6, journeys)  # journeys start with an ad, a visit or a social click
    alive = np.ones(journeys, bool)
    cases, codes = [np.arange(journeys)], [current.copy()]
    for _ in range(200):
        index = np.flatnonzero(alive)
        if not len(index):
            break
        step = (rng.random(len(index))[:, None] > cumulative[current[index]]).sum(1)
        ended = step >= n
        alive[index[ended]] = False
        index, step = index[~ended], step[~ended]
        current[index] = step
        cases.append(index)
        codes.append(step)
    return np.concatenate(cases), np.concatenate(codes)


def make_log(events: int, folder: Path, seed: int = 7) -> dict:
    """Write log.parquet (journey_id, touchpoint, occurred_at) and log.npz (the same as codes)."""
    import duckdb
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    case, code = _journeys(rng, int(events / MEAN_EVENTS_PER_JOURNEY * 1.05))
    order = np.lexsort((np.arange(len(case)), case))  # events of a journey in walk order
    case, code = case[order][:events], code[order][:events]
    gaps = rng.exponential(6 * 3600, len(case))
    gaps[rng.random(len(case)) < 0.03] = 0.0  # same instant as the step before: ties
    first = np.r_[True, case[1:] != case[:-1]]
    starts = rng.integers(1_704_067_200, 1_735_603_200, case.max() + 1).astype(float)
    offset = np.cumsum(np.where(first, 0.0, gaps))
    offset -= np.maximum.accumulate(np.where(first, offset, 0.0))
    micros = ((starts[case] + offset) * 1e6).astype(np.int64)
    shuffle = rng.permutation(len(case))
    case, code, micros = case[shuffle], code[shuffle], micros[shuffle]
    np.savez(folder / "log.npz", case=case, code=code, micros=micros)
    con = duckdb.connect()
    con.register("codes", pd.DataFrame({"journey": case, "code": code, "micros": micros}))
    # A projection of one relation keeps its row order: the file has the shuffled order.
    con.sql("SELECT 'cus_' || lpad(CAST(journey AS VARCHAR), 12, '0') AS journey_id, "
            "list_extract($names, code + 1) AS touchpoint, "
            "make_timestamptz(micros) AS occurred_at FROM codes",
            params={"names": TOUCHPOINTS}).write_parquet(str(folder / "log.parquet"))
    con.close()
    return {"events": int(len(case)), "journeys": int(len(np.unique(case)))}


# --- the contestants, each run in its own process ------------------------------------------

class _Clock:
    """Wall and CPU seconds (all threads of the process) since the last lap."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        spent = (wall - self.wall, cpu - self.cpu)
        self.wall, self.cpu = wall, cpu
        return spent


def _pm4py_calls(log, same_map: bool = False) -> dict:
    """The issue's calls; with `same_map` also the times between steps and journey durations."""
    import pm4py

    dfg, _, _ = pm4py.discover_dfg(log, case_id_key="case:concept:name")
    result = {"dfg": dict(dfg), "variants": dict(pm4py.get_variants(log)),
              "start": dict(pm4py.get_start_activities(log)),
              "end": dict(pm4py.get_end_activities(log))}
    if same_map:
        pm4py.discover_performance_dfg(log)
        pm4py.get_all_case_durations(log)
    return result


Seconds = tuple[float, float]  # wall, CPU


def run_pm4py_pandas(folder: Path) -> tuple[Seconds, Seconds, dict]:
    import numpy as np
    import pandas as pd
    import pm4py

    clock = _Clock()
    data = np.load(folder / "log.npz")
    names = np.array(TOUCHPOINTS, dtype=object)
    frame = pd.DataFrame({
        "journey_id": pd.Series(data["case"]).map("cus_{:012d}".format),
        "touchpoint": names[data["code"]],
        "occurred_at": pd.to_datetime(data["micros"], unit="us", utc=True)})
    del data
    load = clock.lap()
    log = pm4py.format_dataframe(frame, case_id="journey_id", activity_key="touchpoint",
                                 timestamp_key="occurred_at")
    result = _pm4py_calls(log)
    return load, clock.lap(), result


def run_pm4py_polars(folder: Path, same_map: bool = False) -> tuple[Seconds, Seconds, dict]:
    import pm4py
    import polars as pl

    clock = _Clock()
    frame = pl.read_parquet(folder / "log.parquet").lazy()
    load = clock.lap()
    log = pm4py.format_dataframe(frame, case_id="journey_id", activity_key="touchpoint",
                                 timestamp_key="occurred_at")
    result = _pm4py_calls(log, same_map)
    return load, clock.lap(), result


def run_journeymap(folder: Path) -> tuple[Seconds, Seconds, dict]:
    import duckdb

    from mining import LogColumns, observed_map, read_event_log

    clock = _Clock()
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    read_event_log(con, folder / "log.parquet",
                   LogColumns("journey_id", "touchpoint", "occurred_at"))
    load = clock.lap()
    observed = observed_map(con, source="generic_log")
    mine = clock.lap()
    result = {"dfg": {(e["source"], e["target"]): e["count"] for e in observed["dfg"]},
              "variants": {tuple(v["touchpoints"]): v["count"] for v in observed["variants"]},
              "start": observed["start"], "end": observed["end"]}
    return load, mine, result


CONTESTANTS = {"pm4py-pandas": run_pm4py_pandas, "pm4py-polars": run_pm4py_polars,
               "pm4py-polars-same-map": lambda folder: run_pm4py_polars(folder, same_map=True),
               "journeymap": run_journeymap}


def _fingerprint(result: dict) -> str:
    """One hash of DFG, endpoints and variants, so processes can compare without sending them."""
    digest = hashlib.sha256()
    for key in ("dfg", "start", "end", "variants"):
        for item in sorted((repr(k), int(v)) for k, v in result[key].items()):
            digest.update(repr(item).encode())
    return digest.hexdigest()[:16]


def contestant_main(name: str, folder: Path) -> None:
    """Child process: run one contestant, print one JSON line with times and peak memory."""
    import warnings

    warnings.filterwarnings("ignore")
    load, mine, result = CONTESTANTS[name](folder)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"contestant": name, "load_seconds": load[0], "mine_seconds": mine[0],
                      "mine_cpu_seconds": mine[1],
                      "peak_mb": usage.ru_maxrss / 1024,  # kB on Linux
                      "edges": len(result["dfg"]),
                      "variants": len(result["variants"]), "fingerprint": _fingerprint(result)}))


# --- the run -------------------------------------------------------------------------------

def _child(*args: str) -> dict:
    return run_child(__file__, *args)


def _available() -> list[str]:
    from importlib.util import find_spec

    return [name for name in CONTESTANTS if "polars" not in name or find_spec("polars")]


def _best(rounds: list[dict]) -> dict:
    best = min(rounds, key=lambda run: run["mine_seconds"])
    return best | {"peak_mb": max(run["peak_mb"] for run in rounds),
                   "rounds_mine_seconds": [round(run["mine_seconds"], 2) for run in rounds]}


def benchmark(events: int, folder: Path, repeat: int) -> dict:
    """Make one log and run every available contestant on it, each in a fresh process."""
    made = _child("--make", str(events), "--folder", str(folder))
    rounds: dict[str, list[dict]] = {name: [] for name in _available()}
    for _ in range(repeat):
        for name, runs in rounds.items():
            runs.append(_child("--contestant", name, "--folder", str(folder)))
    fingerprints = {run["fingerprint"] for runs in rounds.values() for run in runs}
    return {"events": made["events"], "journeys": made["journeys"],
            "runs": {name: _best(runs) for name, runs in rounds.items()},
            "same_result": len(fingerprints) == 1}


def _report(result: dict) -> None:
    runs = result["runs"]
    print(f"\n{result['events']:,} events, {result['journeys']:,} journeys, "
          f"{runs['journeymap']['variants']:,} variants, {runs['journeymap']['edges']} edges; "
          f"same DFG, endpoints and variants: {'yes' if result['same_result'] else 'NO'}")
    print(f"  {'':21} {'load s':>8} {'mine s':>8} {'mine cpu s':>10} {'peak MB':>9}  "
          "mine s of each round")
    for name, run in runs.items():
        print(f"  {name:21} {run['load_seconds']:8.2f} {run['mine_seconds']:8.2f} "
              f"{run['mine_cpu_seconds']:10.1f} {run['peak_mb']:9.0f}  "
              f"{run['rounds_mine_seconds']}")
    ours = runs["journeymap"]
    for name, target in (("pm4py-pandas", 10), ("pm4py-polars", 3),
                         ("pm4py-polars-same-map", 3)):
        if name in runs:
            ratio = runs[name]["mine_seconds"] / ours["mine_seconds"]
            with_load = runs[name]["mine_seconds"] / (ours["mine_seconds"] + ours["load_seconds"])
            print(f"  {name} / journeymap: {ratio:.1f}x faster (target >= {target}x; "
                  f"{with_load:.1f}x counting our Parquet load too), peak memory "
                  f"{ours['peak_mb'] / runs[name]['peak_mb']:.2f} of pm4py's")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, nargs="+", default=[2_000_000, 10_000_000])
    parser.add_argument("--repeat", type=int, default=3, help="rounds per log (best counts)")
    parser.add_argument("--json", action="store_true", help="also print the results as JSON")
    add_child_options(parser, CONTESTANTS)
    args = parser.parse_args()
    if args.make:
        print(json.dumps(make_log(args.make, args.folder)))
        return 0
    if args.contestant:
        contestant_main(args.contestant, args.folder)
        return 0
    results = []
    for events in args.events:
        with tempfile.TemporaryDirectory(prefix="journeymap-bench-") as folder:
            results.append(benchmark(events, Path(folder), args.repeat))
        _report(results[-1])
    if args.json:
        print(json.dumps(results, indent=2))
    return 0 if all(r["same_result"] for r in results) else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
