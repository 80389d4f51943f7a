"""The observed map at scale: DuckDB against Spark local[2], over the same Parquet lake.

    .venv/bin/python benchmarks/scale.py                         # 10M and 50M events
    .venv/bin/python benchmarks/scale.py --events 10e6 50e6 100e6
    .venv/bin/python benchmarks/scale.py --events 1e6            # a quick look

For each size, writes a synthetic journey log (benchmarks/mining.py's Markov chain: ~12 events per
journey over a year, ties, shuffled rows) as the lake's `generic_log` dataset, hive-partitioned by
event date, then mines it in a fresh process per engine, as the pipeline does: every observed-map
table (DFG with mean/median/p90 times, start/end, variants, durations, journeys per month,
journeys per variant and month), written back to the lake as Parquet. Reported per engine: wall
seconds, peak memory of the whole process tree (Spark: the JVM and Python, sampled every 0.2 s),
and the log-log slope of time against events. The two engines' DFG and variant counts must match.

From the measured slopes it prints the size at which one machine stops being enough (DuckDB's
time past an hour, or its peak memory past the machine's) and an estimate for 1B events on a
Spark cluster of N workers, with the assumptions written out. Other engineers share this
machine's 2 cores: treat absolute figures as upper bounds, the ratios as the result.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

ENGINES = ("duckdb", "spark")
HOUR = 3600.0


# --- the log ---------------------------------------------------------------------------------

def _make_lake(events: int, folder: Path) -> dict:
    import importlib.util

    import duckdb

    from journeymap.engines.lake import Lake

    # benchmarks/mining.py's log (not the mining package): the same log as that benchmark.
    spec = importlib.util.spec_from_file_location("mining_benchmark",
                                                  REPO / "benchmarks" / "mining.py")
    mining_benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mining_benchmark)
    stats = mining_benchmark.make_log(events, folder)
    (folder / "log.npz").unlink()
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET threads = 2")
    con.read_parquet(str(folder / "log.parquet")).create_view("log")
    con.execute("CREATE TABLE generic_log AS SELECT '(all)' AS persona, journey_id, touchpoint, "
                "occurred_at, ROW_NUMBER() OVER () AS step_index FROM log")
    Lake(folder / "lake").write(con, "generic_log")
    con.close()
    (folder / "log.parquet").unlink()
    size = sum(p.stat().st_size for p in (folder / "lake").rglob("*.parquet"))
    return {**stats, "parquet_mb": round(size / 1e6, 1)}


# --- one engine, in its own process ------------------------------------------------------------

def worker(engine: str, lake_dir: Path, out_dir: Path, driver_memory: str) -> None:
    """Mine the lake's log on `engine`, write the results, print times and a result digest."""
    from journeymap.engines.lake import Lake
    from mining import compute_observed_maps
    from mining.lake import observed_datasets

    started = time.perf_counter()
    if engine == "spark":
        from journeymap.engines.settings import EngineSettings
        from journeymap.engines.spark import SparkConnection, spark_session

        con = SparkConnection(spark_session(EngineSettings(
            engine="spark", storage="parquet", shuffle_partitions=8,
            driver_memory=driver_memory)))
    else:
        import duckdb

        con = duckdb.connect(config={"threads": 2})
        con.execute("SET TimeZone = 'UTC'")
    ready = time.perf_counter()
    lake, out = Lake(lake_dir), Lake(out_dir)
    lake.register(con, "generic_log")
    journeys = compute_observed_maps(con, "generic_log")
    for name in observed_datasets(False):
        out.write(con, name)
    digest = {"journeys": journeys,
              "dfg": con.execute("SELECT count(*), sum(count) FROM observed_dfg").fetchall()[0],
              "variants": con.execute("SELECT count(*), max(count) FROM observed_variants")
              .fetchall()[0]}
    done = time.perf_counter()
    print(json.dumps({"start_seconds": ready - started, "mine_seconds": done - ready,
                      "digest": digest}, default=str))


def _tree_rss(process) -> int:
    import psutil

    total = 0
    for p in [process, *process.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def run(engine: str, lake_dir: Path, out_dir: Path, driver_memory: str) -> dict:
    """One engine in a fresh process; wall time and peak memory of its process tree."""
    import psutil

    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, __file__, "--worker", engine, str(lake_dir),
                              str(out_dir), "--driver-memory", driver_memory],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak = [0]

    def sample() -> None:
        process = psutil.Process(child.pid)
        while child.poll() is None:
            peak[0] = max(peak[0], _tree_rss(process))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = child.communicate()
    sampler.join()
    if child.returncode != 0:
        raise RuntimeError(f"{engine} failed with exit code {child.returncode}")
    result = json.loads(output.strip().splitlines()[-1])
    return {**result, "wall_seconds": time.perf_counter() - started,
            "peak_mb": peak[0] / 1e6}


# --- scaling and the estimates ----------------------------------------------------------------

def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of log(time) against log(events): 1.0 is linear growth."""
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(y) for _, y in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / \
        sum((x - mx) ** 2 for x in xs)


def extrapolate(points: list[tuple[float, float]], events: float) -> float:
    """The value at `events`, from the largest measured size and the log-log slope."""
    x, y = max(points)
    return y * (events / x) ** slope(points)


def events_at(points: list[tuple[float, float]], value: float) -> float:
    """The number of events at which the extrapolated value reaches `value`."""
    x, y = max(points)
    return x * (value / y) ** (1 / slope(points))


def report(rows: list[dict], workers: list[int], price: float, efficiency: float) -> None:
    import psutil

    print(f"\n{'events':>12} {'engine':>7} {'start s':>8} {'mine s':>8} {'wall s':>8} "
          f"{'peak MB':>9} {'Mev/s':>7}")
    for r in rows:
        print(f"{r['events']:>12,} {r['engine']:>7} {r['start_seconds']:>8.1f} "
              f"{r['mine_seconds']:>8.1f} {r['wall_seconds']:>8.1f} {r['peak_mb']:>9.0f} "
              f"{r['events'] / r['mine_seconds'] / 1e6:>7.2f}")
    by = {e: [(r["events"], r["mine_seconds"]) for r in rows if r["engine"] == e]
          for e in ENGINES}
    memory = {e: [(r["events"], r["peak_mb"]) for r in rows if r["engine"] == e]
              for e in ENGINES}
    for size in sorted({r["events"] for r in rows}):
        pair = {r["engine"]: r for r in rows if r["events"] == size}
        if len(pair) == 2:
            spark, duck = pair["spark"], pair["duckdb"]
            print(f"{size:>12,} spark/duckdb: time "
                  f"x{spark['mine_seconds'] / duck['mine_seconds']:.1f}, memory "
                  f"x{spark['peak_mb'] / duck['peak_mb']:.1f}")
    if min(len(p) for p in by.values()) < 2:
        print("\n(one size only: run two or more sizes for the slopes and the estimates)")
        return
    slopes = {e: slope(by[e]) for e in ENGINES}
    print("\nlog-log slope of mining time against events: "
          + ", ".join(f"{e} {s:.2f}" for e, s in slopes.items())
          + "  (1.00 = linear)")
    print("log-log slope of peak memory: "
          + ", ".join(f"{e} {slope(memory[e]):.2f}" for e in ENGINES))
    ram_mb = psutil.virtual_memory().total / 1e6
    at_hour = events_at(by["duckdb"], HOUR)
    at_ram = events_at(memory["duckdb"], 0.5 * ram_mb)
    move = min(at_hour, at_ram)
    print(f"\nDuckDB on this machine (2 cores, {ram_mb / 1e3:.0f} GB): one hour of mining at "
          f"~{at_hour / 1e6:,.0f}M events; half the memory at ~{at_ram / 1e6:,.0f}M events.")
    print(f"Move to Spark on a cluster from about {move / 1e6:,.0f}M events per run (or earlier "
          f"when the daily window is shorter than an hour, or the touchpoints already live in a "
          f"lake the cluster reads).")
    single = extrapolate(by["spark"], 1e9)
    print(f"\n1B events on Spark local[2] (this machine, extrapolated): {single / HOUR:.1f} h")
    print(f"On a cluster of N workers of 4 cores each, assuming {efficiency:.0%} parallel "
          f"efficiency (shuffles and stragglers) and ${price:.2f} per worker-hour:")
    for n in workers:
        hours = single * 2 / (4 * n * efficiency) / HOUR
        print(f"  N={n:>3}: ~{hours * 60:6.0f} min, ~${hours * n * price:7.2f} per run")
    print("(Core-hours are roughly constant in N: the cost of a run stays near the same, N buys"
          " time. Spark's figure includes its fixed per-statement overhead, which matters less"
          " at 1B.)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=float, nargs="+", default=[10e6, 50e6])
    parser.add_argument("--folder", type=Path, default=None,
                        help="where logs and results go (default: a temp folder, removed)")
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=ENGINES)
    parser.add_argument("--driver-memory", default="8g", help="Spark's JVM heap (local mode)")
    parser.add_argument("--workers", type=int, nargs="+", default=[4, 8, 16, 32])
    parser.add_argument("--price", type=float, default=0.20,
                        help="dollars per worker-hour (4 vCPU, 16 GB on-demand is ~$0.20)")
    parser.add_argument("--efficiency", type=float, default=0.7)
    parser.add_argument("--worker", nargs=3, metavar=("ENGINE", "LAKE", "OUT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        engine, lake_dir, out_dir = args.worker
        worker(engine, Path(lake_dir), Path(out_dir), args.driver_memory)
        return 0
    root = args.folder or Path(tempfile.mkdtemp(prefix="journeymap-scale-"))
    free_gb = shutil.disk_usage(root).free / 1e9
    print(f"working in {root} ({free_gb:.0f} GB free); {os.cpu_count()} cores shared with "
          f"other work on this machine")
    rows = []
    try:
        for events in sorted(int(e) for e in args.events):
            if free_gb < events / 1e6 * 0.25:  # the log, results and Spark's spill
                print(f"skipping {events:,} events: {free_gb:.0f} GB free is too little")
                continue
            folder = root / f"{events}"
            folder.mkdir(parents=True, exist_ok=True)
            started = time.perf_counter()
            stats = _make_lake(events, folder)
            print(f"{events:,} events, {stats['journeys']:,} journeys, "
                  f"{stats['parquet_mb']} MB of Parquet, written in "
                  f"{time.perf_counter() - started:.0f} s", flush=True)
            digests = {}
            for engine in args.engines:
                out = folder / f"results-{engine}"
                result = run(engine, folder / "lake", out, args.driver_memory)
                digests[engine] = result["digest"]
                rows.append({"events": events, "engine": engine, **result})
                print(f"  {engine}: mined in {result['mine_seconds']:.1f} s "
                      f"(peak {result['peak_mb']:.0f} MB)", flush=True)
                shutil.rmtree(out, ignore_errors=True)
            if len(set(json.dumps(d, sort_keys=True) for d in digests.values())) > 1:
                raise SystemExit(f"the engines disagree at {events:,} events: {digests}")
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        if args.folder is None:
            shutil.rmtree(root, ignore_errors=True)
    report(rows, args.workers, args.price, args.efficiency)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
