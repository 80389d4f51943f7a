"""Benchmark: the workspace in a browser against a store of ~1M journeys.

Builds the conformance benchmark's log (1M journeys over 10k variants of a 20-step designed
map, `benchmarks/conformance.py`), gives each touchpoint a channel, mines the observed maps and
the overlay into a DuckDB file, publishes a snapshot (with the explorer's cube), starts
`journeymap serve` on a loopback port and drives Debian's chromium (Playwright) through it:

- page loads: each page (overview, journey map, explorer, funnel, comparisons) opened
  `--rounds` times from a new URL typed in the address bar, until its main figure is drawn,
  and until the whole page is (the parts drawn after it filled, every figure drawn);
- filter changes: in the explorer, choosing another month, channel or minimum share, from the
  click until the new observed map is drawn (first time a combination is seen, and again).

Prints p50 / p95 / max of each (target: p95 under 1 s), per page too, the first (cold) load of
each page apart, and references measured in the same run:
- publishing: the snapshot with its cube against a bare copy of the store file;
- a filter's observed map on the server: read from the cube against recomputed from the events
  (what snapshots without a cube do);
- a page load: the journey page of the workspace against the static HTML map of the same
  persona (`journeymap render`), both until the overlay is drawn.

    .venv/bin/python benchmarks/workspace.py [--journeys 1000000] [--rounds 10] [--keep DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PM4PY_SUPPRESS_BANNER", "1")

import duckdb  # noqa: E402
from playwright.sync_api import Page, sync_playwright  # noqa: E402

from connectors import connect  # noqa: E402
from dashboards import publish_snapshot  # noqa: E402
from dashboards.queries import (  # noqa: E402
    ExplorerFilter,
    cube_frames,
    filter_choices,
    recomputed_frames,
)
from maps.conformance import compute_overlays  # noqa: E402
from maps.render import render_maps  # noqa: E402
from mining.observed import compute_observed_maps  # noqa: E402
from tests.dashboards.browser import VIEWPORT, launch  # noqa: E402
from tests.dashboards.serve import ServeProcess  # noqa: E402

PAGES = {"overview": "/", "journey": "/journey", "explorer": "/explorer", "funnel": "/funnel",
         "compare": "/compare"}
FIGURE = {"overview": "#personas-table", "journey": "#overlay-figure .main-svg",
          "explorer": "#observed-figure .main-svg", "funnel": "#funnel-figure .main-svg",
          "compare": "#compare-funnels-figure .main-svg"}
# the whole page: no part drawn after the page still a placeholder, every figure drawn
COMPLETE = "() => !document.querySelector('.deferred-loading') && [...document" \
           ".querySelectorAll('.dash-graph')].every(g => g.querySelector('.main-svg'))"
CHANNELS = "CASE WHEN touchpoint LIKE 'x%' THEN 'social' ELSE ['ads', 'web', 'email', 'crm']" \
           "[(CAST(substr(touchpoint, 2) AS INTEGER) - 1) // 5 + 1] END"


def conformance_benchmark():
    """benchmarks/conformance.py as a module (its log and designed map are reused here)."""
    spec = importlib.util.spec_from_file_location("bench_conformance",
                                                  ROOT / "benchmarks" / "conformance.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_store(path: Path, journeys: int, variants: int) -> float:
    """The 1M-journey store with observed maps and overlay; returns seconds taken."""
    bench = conformance_benchmark()
    started = time.perf_counter()
    con = connect(path)
    try:
        bench.build_log(con, journeys, bench.make_variants(variants, 7), 7)
        con.execute("DROP VIEW journeys")
        con.execute(f"CREATE TABLE journeys AS SELECT *, journey_id AS customer_id, "
                    f"{CHANNELS} AS channel FROM generic_log")
        con.execute("DROP TABLE generic_log")
        compute_observed_maps(con)
        compute_overlays(con, {bench.PERSONA: bench.designed_map()})
    finally:
        con.close()
    return time.perf_counter() - started


def drawn_after(page: Page, selector: str, action) -> tuple[float, float]:
    """Seconds from `action()` until a new element `selector` is in the page, and until the
    whole page is drawn."""
    page.evaluate("window.__before = document.querySelector('#page-body')")
    started = time.perf_counter()
    action()
    page.wait_for_function(
        "s => { const b = document.querySelector('#page-body');"
        " return b && b !== window.__before && document.querySelector(s); }",
        arg=selector, timeout=60000)
    drawn = time.perf_counter() - started
    page.wait_for_function(COMPLETE, timeout=60000)
    return drawn, time.perf_counter() - started


def page_loads(page: Page, base: str, persona: str,
               rounds: int) -> tuple[dict[str, list], dict[str, list], dict]:
    """Seconds of each page's loads until its main figure is drawn and until all of it is,
    by page; and the first (cold) load of each page."""
    times: dict[str, list] = {name: [] for name in PAGES}
    whole: dict[str, list] = {name: [] for name in PAGES}
    cold = {}
    for round_ in range(rounds):
        for name, path in PAGES.items():
            url = f"{base}{path}?persona={persona}"
            seconds, complete = drawn_after(page, FIGURE[name], lambda u=url: page.goto(u))
            times[name].append(seconds)
            whole[name].append(complete)
            if round_ == 0:
                cold[name] = seconds
    return times, whole, cold


def choose(page: Page, control: str, option: str) -> None:
    page.click(f"#explorer-{control}")
    page.get_by_role("option", name=option, exact=True).click()


def filter_changes(page: Page, base: str, persona: str, rounds: int) -> tuple[list, list]:
    """Seconds of each filter change: combinations seen the first time, and again."""
    page.goto(f"{base}/explorer?persona={persona}")
    page.wait_for_selector("#observed-figure .main-svg", timeout=60000)
    months = page.evaluate("""async () => {
        document.querySelector('#explorer-period').click();
        await new Promise(r => setTimeout(r, 300));
        const xs = [...document.querySelectorAll('[role=option]')].map(o => o.textContent);
        document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}));
        return xs; }""")
    page.keyboard.press("Escape")
    steps = [("period", m) for m in months[:3]] + [("channel", c) for c in ("ads", "email")] \
        + [("min_share", "5% of journeys"), ("min_share", "1% of journeys")]
    first, again = [], []
    for round_ in range(rounds):
        for control, option in steps:
            seconds, _ = drawn_after(page, "#observed-figure .main-svg",
                                     lambda c=control, o=option: choose(page, c, o))
            (first if round_ == 0 else again).append(seconds)
    return first, again


def timed(func, *args) -> float:
    started = time.perf_counter()
    func(*args)
    return time.perf_counter() - started


def publishing(store: Path, folder: Path) -> tuple[float, float]:
    """Seconds to publish a snapshot (copy and cube), and to copy the store file alone."""
    copy = timed(shutil.copyfile, store, folder / "bare-copy.duckdb")
    (folder / "bare-copy.duckdb").unlink()
    return timed(publish_snapshot, store, folder / "snapshots"), copy


def server_filters(snapshot: Path, persona: str) -> tuple[list, list]:
    """Seconds of each filter's observed map read from the cube, and recomputed."""
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        months = filter_choices(con, persona)["periods"]
        filters = [ExplorerFilter(persona, period=m) for m in months] + \
            [ExplorerFilter(persona, channel=c) for c in ("ads", "email")] + \
            [ExplorerFilter(persona, period=months[0], channel="web")]
        cube = [timed(cube_frames, con, f) for f in filters]
        recomputed = [timed(recomputed_frames, con, f) for f in filters]
    finally:
        con.close()
    return cube, recomputed


def static_page_loads(page: Page, store: Path, folder: Path, persona: str,
                      rounds: int) -> list[float]:
    """Seconds to open the static HTML map of the persona until its overlay is drawn."""
    con = duckdb.connect(str(store), read_only=True)
    try:
        render_maps(con, folder / "maps")
    finally:
        con.close()
    url = (folder / "maps" / f"{persona}.html").resolve().as_uri()
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60000)
        times.append(time.perf_counter() - started)
    return times


def summary(label: str, values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return (f"{label:16} n={len(values):4}  p50 {statistics.median(values):6.3f} s  "
            f"p95 {p95:6.3f} s  max {ordered[-1]:6.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=1_000_000)
    parser.add_argument("--variants", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--keep", type=Path, help="build the store in this folder and keep it")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="jm-workspace-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    store = folder / "store.duckdb"
    if not store.exists():
        seconds = build_store(store, args.journeys, args.variants)
        print(f"building {args.journeys:,} journeys: {seconds:.1f} s", flush=True)
    published, copied = publishing(store, folder)
    snapshot = sorted((folder / "snapshots").glob("*.duckdb"))[-1]
    cube, recomputed = server_filters(snapshot, "bench")
    load_before = os.getloadavg()[0]  # the machine is shared: the load around the browser part
    server = ServeProcess(folder / "snapshots", {"JOURNEYMAP_AUTH": "none",
                                                 "JOURNEYMAP_PROJECT": str(folder)},
                          folder / "serve.log")
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            page = browser.new_context(viewport=VIEWPORT).new_page()
            page.goto(server.url + "/")
            page.wait_for_selector("#page-body", timeout=60000)
            by_page, whole, cold = page_loads(page, server.url, "bench", args.rounds)
            first, again = filter_changes(page, server.url, "bench", args.rounds)
            loads = [t for times in by_page.values() for t in times]
            journey = by_page["journey"]
            static = static_page_loads(page, store, folder, "bench", args.rounds)
            browser.close()
    finally:
        server.stop()
    print(f"workspace over {args.journeys:,} journeys (browser: Debian chromium, "
          f"{os.cpu_count()} cores, load average {load_before:.1f} before the pages, "
          f"{os.getloadavg()[0]:.1f} after)")
    print(f"publishing a snapshot with its cube: {published:.1f} s; bare copy of the store "
          f"{copied:.1f} s (ratio {published / copied:.1f})")
    print(f"a filter's observed map on the server: cube p50 {statistics.median(cube):.3f} s, "
          f"recomputed p50 {statistics.median(recomputed):.3f} s "
          f"(ratio {statistics.median(recomputed) / statistics.median(cube):.0f}x)")
    print("cold page loads: " + ", ".join(f"{k} {v:.3f} s" for k, v in cold.items()))
    print(summary("page loads", loads))
    for name, times in by_page.items():
        print(summary(f"  {name}", times))
    print(summary("whole pages", [t for times in whole.values() for t in times]))
    for name, times in whole.items():
        print(summary(f"  {name}", times))
    print(summary("filter changes", first + again))
    print(summary("  first time", first))
    print(summary("  seen before", again))
    print(summary("journey page", journey))
    print(summary("static HTML map", static))
    print(f"journey page / static HTML map (p50): "
          f"{statistics.median(journey) / statistics.median(static):.2f}")


if __name__ == "__main__":
    main()
