"""The observed map at scale: DuckDB against Spark local[2], over the same Parquet lake.

    .venv/bin/python benchmarks/scale.py                         # 10M, 50M and 100M events
    .venv/bin/python benchmarks/scale.py --events 10e6 50e6 --results runs.json
    .venv/bin/python benchmarks/scale.py --report --results runs.json   # the report again
    .venv/bin/python benchmarks/scale.py --events 1e6            # a quick look

For each size, writes a synthetic journey log (benchmarks/mining.py's Markov chain: ~12 events per
journey over a year, ties, shuffled rows) as the lake's `generic_log` dataset, hive-partitioned by
event date, then mines it in a fresh process per engine, as the pipeline does: every observed-map
table (DFG with mean/median/p90 times, start/end, variants, durations, journeys per month,
journeys per variant and month), written back to the lake as Parquet. Reported per engine: wall
and CPU seconds, peak memory of the whole process tree (Spark: the JVM and Python, sampled every
0.2 s), the machine's load during the run, seconds per named query (`--explain DIR` also writes
Spark's formatted plan of each), and the log-log slopes against events. The two engines' DFG
and variant counts must match.

From the measured slopes it prints the size at which one machine stops being enough (DuckDB's
time past an hour, or its memory past its default limit, 80% of RAM) and an estimate for 1B
events on a Spark cluster of N workers, built on Spark's CPU seconds, with the assumptions
written out (docs/scale.md has the figures and the reasoning). Other engineers share this
machine's 2 cores: treat wall times as upper bounds; CPU seconds depend less on the load.
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

def _cpu_seconds() -> float:
    """CPU seconds (user + system) of this process and its children (Spark's JVM) so far."""
    import psutil

    me = psutil.Process()
    total = 0.0
    for process in [me, *me.children(recursive=True)]:
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            pass
    return total


class TimedConnection:
    """The mining connection with each statement's wall and CPU seconds recorded under the name
    of its query (`-- name:` of the .sql files; `persist:<table>` for the stored copies), and,
    on Spark with `explain`, its formatted physical plan written to a file of that folder."""

    def __init__(self, con, explain: Path | None = None) -> None:
        from journeymap.sql import named_queries

        self.con = con
        self.explain = explain
        self.timings: list[tuple[str, float, float]] = []
        self._names = {sql: name for filename in ("observed.sql", "funnel.sql", "dialect.sql")
                       for name, sql in named_queries("mining", filename).items()}

    def name(self, sql: str) -> str:
        import re

        stored = re.match(r"CREATE OR REPLACE TABLE (\w+)", sql)
        return self._names.get(sql) or (f"persist:{stored.group(1)}" if stored else sql[:30])

    def timed(self, name: str, work):
        cpu, wall = _cpu_seconds(), time.perf_counter()
        result = work()
        self.timings.append((name, time.perf_counter() - wall, _cpu_seconds() - cpu))
        return result

    def execute(self, sql: str, parameters=None):
        name = self.name(sql)
        if self.explain is not None:
            self._explain(name, sql, parameters)
        return self.timed(name, lambda: self.con.execute(sql, parameters))

    def _explain(self, name: str, sql: str, parameters) -> None:
        import contextlib
        import io

        from journeymap.engines.dialect import to_spark

        for statement in to_spark(sql):
            if statement.kind in ("query", "create_as", "delete", "insert_query"):
                text = io.StringIO()
                with contextlib.redirect_stdout(text):
                    self.con._frame(statement.sql, parameters).explain("formatted")
                self.explain.mkdir(parents=True, exist_ok=True)
                (self.explain / f"{name.replace(':', '-')}.txt").write_text(
                    f"{statement.sql}\n\n{text.getvalue()}")

    def existing_relations(self, *names: str) -> set[str]:
        from mining.catalog import existing_relations

        return existing_relations(self.con, *names)


def worker(engine: str, lake_dir: Path, out_dir: Path, driver_memory: str,
           shuffle_partitions: int, explain: Path | None) -> None:
    """Mine the lake's log on `engine`, write the results, print times, per-query timings and
    a result digest."""
    from journeymap.engines.lake import Lake
    from mining import compute_observed_maps
    from mining.lake import observed_datasets

    started = time.perf_counter()
    if engine == "spark":
        from journeymap.engines.settings import EngineSettings
        from journeymap.engines.spark import SparkConnection, spark_session

        con = SparkConnection(spark_session(EngineSettings(
            engine="spark", storage="parquet", shuffle_partitions=shuffle_partitions,
            driver_memory=driver_memory)))
    else:
        import duckdb

        con = duckdb.connect(config={"threads": 2})
        con.execute("SET TimeZone = 'UTC'")
        explain = None
    ready, cpu = time.perf_counter(), _cpu_seconds()
    lake, out = Lake(lake_dir), Lake(out_dir)
    lake.register(con, "generic_log")
    timed = TimedConnection(con, explain)
    journeys = compute_observed_maps(timed, "generic_log")
    for name in observed_datasets(False):
        timed.timed(f"write:{name}", lambda name=name: out.write(con, name))
    done, cpu = time.perf_counter(), _cpu_seconds() - cpu
    digest = {"journeys": journeys,
              "dfg": con.execute("SELECT count(*), sum(count) FROM observed_dfg").fetchall()[0],
              "variants": con.execute("SELECT count(*), max(count) FROM observed_variants")
              .fetchall()[0]}
    print(json.dumps({"start_seconds": ready - started, "mine_seconds": done - ready,
                      "cpu_seconds": cpu, "queries": timed.timings, "digest": digest},
                     default=str))


def _tree_rss(process) -> int:
    import psutil

    total = 0
    for p in [process, *process.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def run(engine: str, lake_dir: Path, out_dir: Path, driver_memory: str,
        shuffle_partitions: int, explain: Path | None) -> dict:
    """One engine in a fresh process; wall time and peak memory of its process tree, and the
    machine's load average (other work slows a run down: the figure says by how much)."""
    import psutil

    started = time.perf_counter()
    command = [sys.executable, __file__, "--worker", engine, str(lake_dir), str(out_dir),
               "--driver-memory", driver_memory, "--shuffle-partitions", str(shuffle_partitions)]
    if explain is not None:
        command += ["--explain", str(explain)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True)
    peak, loads = [0], []

    def sample() -> None:
        process = psutil.Process(child.pid)
        while child.poll() is None:
            peak[0] = max(peak[0], _tree_rss(process))
            loads.append(os.getloadavg()[0])
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = child.communicate()
    sampler.join()
    if child.returncode != 0:
        raise RuntimeError(f"{engine} failed with exit code {child.returncode}")
    result = json.loads(output.strip().splitlines()[-1])
    return {**result, "wall_seconds": time.perf_counter() - started,
            "peak_mb": peak[0] / 1e6, "load": sum(loads) / max(len(loads), 1)}


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


def _queries(rows: list[dict]) -> None:
    """Per size, each query's wall (and CPU) seconds on each engine, the slowest on Spark first."""
    for size in sorted({r["events"] for r in rows}):
        runs = {r["engine"]: {name: (wall, cpu) for name, wall, cpu in r.get("queries", [])}
                for r in rows if r["events"] == size}
        names = sorted({n for q in runs.values() for n in q},
                       key=lambda n: -max(q.get(n, (0, 0))[0] for q in runs.values()))
        engines = [e for e in ENGINES if e in runs]
        print(f"\n{size:,} events, seconds per query, wall (CPU):  " + "  ".join(
            f"{e:>16}" for e in engines))
        for name in names:
            if max(q.get(name, (0, 0))[0] for q in runs.values()) < 0.5:
                continue
            cells = []
            for e in engines:
                wall, cpu = runs[e].get(name, (0.0, 0.0))
                cells.append(f"{wall:>7.1f} ({cpu:>6.1f})")
            print(f"  {name:<40}" + "  ".join(cells))


def report(rows: list[dict], workers: list[int], price: float, efficiency: float,
           cores: int, shuffle_bytes: float, network_gbps: float) -> None:
    import psutil

    print(f"\n{'events':>12} {'engine':>7} {'start s':>8} {'mine s':>8} {'CPU s':>8} "
          f"{'wall s':>8} {'peak GB':>8} {'Mev/s':>6} {'load':>5}")
    for r in sorted(rows, key=lambda r: (r["events"], r["engine"])):
        print(f"{r['events']:>12,} {r['engine']:>7} {r['start_seconds']:>8.1f} "
              f"{r['mine_seconds']:>8.1f} {r['cpu_seconds']:>8.1f} {r['wall_seconds']:>8.1f} "
              f"{r['peak_mb'] / 1e3:>8.2f} {r['events'] / r['mine_seconds'] / 1e6:>6.2f} "
              f"{r['load']:>5.1f}")
    print("(mine s: mining and writing the results, after start-up; CPU s: of the engine's "
          "processes over the same span; load: the machine's 1-minute load average during the "
          "run, 2 cores: above 2 the run shared the cores)")
    _queries(rows)
    by = {e: sorted((r["events"], r["mine_seconds"]) for r in rows if r["engine"] == e)
          for e in ENGINES}
    cpu = {e: sorted((r["events"], r["cpu_seconds"]) for r in rows if r["engine"] == e)
           for e in ENGINES}
    memory = {e: sorted((r["events"], r["peak_mb"]) for r in rows if r["engine"] == e)
              for e in ENGINES}
    for size in sorted({r["events"] for r in rows}):
        pair = {r["engine"]: r for r in rows if r["events"] == size}
        if len(pair) == 2:
            spark, duck = pair["spark"], pair["duckdb"]
            print(f"{size:>12,} spark/duckdb: time "
                  f"x{spark['mine_seconds'] / duck['mine_seconds']:.1f}, CPU "
                  f"x{spark['cpu_seconds'] / duck['cpu_seconds']:.1f}, memory "
                  f"x{spark['peak_mb'] / duck['peak_mb']:.1f}")
    if min(len(p) for p in by.values()) < 2:
        print("\n(fewer than two sizes on an engine: run two or more for the slopes and the "
              "estimates)")
        return
    print("\nlog-log slopes against events (1.00 = linear):")
    for e in ENGINES:
        sizes = ", ".join(f"{x / 1e6:g}M" for x, _ in by[e])
        print(f"  {e:>7}: time {slope(by[e]):.2f}, CPU {slope(cpu[e]):.2f}, "
              f"peak memory {slope(memory[e]):.2f}  (sizes {sizes})")
    for size in sorted({r["events"] for r in rows if r["engine"] == "duckdb"}
                       - {r["events"] for r in rows if r["engine"] == "spark"}):
        print(f"  spark at {size / 1e6:g}M: not run; extrapolated from its slope: "
              f"~{extrapolate(by['spark'], size):,.0f} s mining, "
              f"~{extrapolate(memory['spark'], size) / 1e3:.1f} GB")

    ram_mb = psutil.virtual_memory().total / 1e6
    at_hour = events_at(by["duckdb"], HOUR)
    # DuckDB's default memory limit is 80% of the RAM; past it, it spills to disk and slows.
    at_limit = events_at(memory["duckdb"], 0.8 * ram_mb)
    per_gb = max(memory["duckdb"])[0] / (max(memory["duckdb"])[1] / 1e3)
    move = min(at_hour, at_limit)
    print(f"\nDuckDB on this machine (2 cores, {ram_mb / 1e3:.0f} GB): one hour of mining at "
          f"~{at_hour / 1e6:,.0f}M events; its memory limit (80% of RAM) reached at "
          f"~{at_limit / 1e6:,.0f}M events (~{per_gb / 1e6:.1f}M events per GB at the largest "
          f"run).")
    print(f"Move to Spark on a cluster from about {move / 1e6:,.0f}M events per run on a "
          f"machine like this one: ~{per_gb / 1e6:.0f}M events per GB of RAM, and one hour "
          f"grows with the cores (x8 on a 16-core machine); earlier when the run's window is "
          f"shorter, or the touchpoints already live in the cluster's lake.")

    # 1B events on N workers: the CPU seconds Spark measured here, extrapolated, spread over the
    # cluster's cores at the given efficiency; plus the shuffles over the network and Spark's
    # fixed cost per run (the intercept of a straight line through its wall times).
    cpu_1b = extrapolate(cpu["spark"], 1e9)
    largest, largest_cpu = max(cpu["spark"])
    linear_1b = largest_cpu * 1e9 / largest
    # Fixed per run: the session's start-up, and each statement's planning and scheduling (the
    # median wall time of the statements that do little work, at the smallest size, per
    # statement).
    spark_runs = sorted((r for r in rows if r["engine"] == "spark"), key=lambda r: r["events"])
    small = [wall for _, wall, _ in spark_runs[0]["queries"] if wall < 1.0] or [0.5]
    statements = len(spark_runs[0]["queries"])
    fixed = (sum(r["start_seconds"] for r in spark_runs) / len(spark_runs)
             + sorted(small)[len(small) // 2] * statements)
    network = shuffle_bytes * 1e9 / (network_gbps * 1e9 / 8)  # seconds on one worker's link
    low_cpu, high_cpu = sorted((cpu_1b, linear_1b))
    print(f"\n1B events on Spark, from the CPU seconds measured here: {linear_1b / HOUR:.1f} "
          f"core-hours at the largest run's CPU per event ({largest / 1e6:g}M), "
          f"{cpu_1b / HOUR:.1f} extrapolated by the CPU slope; local[2] on this machine: "
          f"~{extrapolate(by['spark'], 1e9) / HOUR:.1f} h.")
    print(f"On N workers of {cores} cores: fixed {fixed:.0f} s (start-up and per-statement "
          f"scheduling measured here) + core-seconds / (N x {cores} x {efficiency:.0%} "
          f"efficiency) + "
          f"{shuffle_bytes:.0f} B/event shuffled over {network_gbps:g} Gbit/s per worker; "
          f"${price:.2f} per worker-hour:")
    for n in workers:
        low = fixed + low_cpu / (n * cores * efficiency) + network / n
        high = fixed + high_cpu / (n * cores * efficiency) + network / n
        print(f"  N={n:>3}: ~{low / 60:4.0f}-{high / 60:4.0f} min, "
              f"~${low * n * price / HOUR:.2f}-{high * n * price / HOUR:.2f} per run")
    print("(The range: the two CPU figures above. A slope below 1 is Spark's fixed cost "
          "(JIT, planning) spread over more events; above 1, spilling on 2 cores. Core-hours "
          "stay about constant in N: more workers buy time, not a cheaper run.)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=float, nargs="+", default=[10e6, 50e6, 100e6])
    parser.add_argument("--folder", type=Path, default=None,
                        help="where logs and results go (default: a temp folder, removed)")
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=ENGINES)
    parser.add_argument("--spark-up-to", type=float, default=None,
                        help="run Spark only up to this many events (larger: extrapolated)")
    parser.add_argument("--driver-memory", default="10g", help="Spark's JVM heap (local mode)")
    parser.add_argument("--shuffle-partitions", type=int, default=8)
    parser.add_argument("--explain", type=Path, default=None,
                        help="write Spark's formatted plan of each query to this folder")
    parser.add_argument("--results", type=Path, default=None,
                        help="JSON file the runs are added to; the report covers all of them")
    parser.add_argument("--report", action="store_true",
                        help="only print the report of the runs in --results")
    parser.add_argument("--workers", type=int, nargs="+", default=[4, 8, 16, 32])
    parser.add_argument("--cores", type=int, default=4, help="cores per worker")
    parser.add_argument("--price", type=float, default=0.20,
                        help="dollars per worker-hour (4 vCPU, 16 GB on-demand is ~$0.20)")
    parser.add_argument("--efficiency", type=float, default=0.7,
                        help="share of the cluster's cores doing work (stragglers, skew)")
    parser.add_argument("--shuffle-bytes", type=float, default=150.0,
                        help="bytes per event crossing the network (three shuffles of ~50 B)")
    parser.add_argument("--network-gbps", type=float, default=5.0,
                        help="usable network per worker, Gbit/s")
    parser.add_argument("--worker", nargs=3, metavar=("ENGINE", "LAKE", "OUT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        engine, lake_dir, out_dir = args.worker
        worker(engine, Path(lake_dir), Path(out_dir), args.driver_memory,
               args.shuffle_partitions, args.explain)
        return 0
    if args.report:
        if not (args.results and args.results.exists()):
            parser.error("--report needs --results FILE with runs in it")
        report(json.loads(args.results.read_text()), args.workers, args.price,
               args.efficiency, args.cores, args.shuffle_bytes, args.network_gbps)
        return 0
    root = args.folder or Path(tempfile.mkdtemp(prefix="journeymap-scale-"))
    free_gb = shutil.disk_usage(root).free / 1e9
    print(f"working in {root} ({free_gb:.0f} GB free); {os.cpu_count()} cores shared with "
          f"other work on this machine (load {os.getloadavg()[0]:.1f})")
    rows = json.loads(args.results.read_text()) if args.results and args.results.exists() \
        else []
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
                if engine == "spark" and args.spark_up_to and events > args.spark_up_to:
                    print("  spark: not run at this size (--spark-up-to)", flush=True)
                    continue
                out = folder / f"results-{engine}"
                explain = args.explain / f"{events}" if args.explain else None
                result = run(engine, folder / "lake", out, args.driver_memory,
                             args.shuffle_partitions, explain)
                digests[engine] = result["digest"]
                rows = [r for r in rows if (r["events"], r["engine"]) != (events, engine)]
                rows.append({"events": events, "engine": engine, **result})
                print(f"  {engine}: mined in {result['mine_seconds']:.1f} s, "
                      f"{result['cpu_seconds']:.0f} CPU s (peak {result['peak_mb']:.0f} MB, "
                      f"load {result['load']:.1f})", flush=True)
                if args.results:
                    args.results.write_text(json.dumps(rows, default=str))
                shutil.rmtree(out, ignore_errors=True)
            if len(set(json.dumps(d, sort_keys=True) for d in digests.values())) > 1:
                raise SystemExit(f"the engines disagree at {events:,} events: {digests}")
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        if args.folder is None:
            shutil.rmtree(root, ignore_errors=True)
    report(rows, args.workers, args.price, args.efficiency, args.cores, args.shuffle_bytes,
           args.network_gbps)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
