"""Maps at scale: the pages of a store of 1M journeys stay light and paint fast.

Builds the same synthetic log as `benchmarks/conformance.py` (~1M journeys over ~10k variants
against a 20-step designed map, spread over three months), runs the real mining and conformance
on it, renders every page, then opens each page in headless Chromium (Debian's, via Playwright)
and measures:
- page size: the HTML file itself, and everything the page loads (the shared plotly.js included);
- first paint (the browser's `first-contentful-paint`), time to the first Plotly SVG and time
  until every figure is drawn, from navigation start, median of `--repeat` cold loads.

Targets: page under 5 MB, first paint under 2 s.

Run: .venv/bin/python benchmarks/render_pages.py [--journeys 1000000] [--variants 10000]
     [--store FILE]
(`--store` keeps the built store and reuses it on the next run.)
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

os.environ.setdefault("PM4PY_SUPPRESS_BANNER", "1")
HERE = Path(__file__).resolve().parent

import duckdb  # noqa: E402

from connectors import connect  # noqa: E402
from maps.conformance import compute_overlays  # noqa: E402
from maps.render import render_maps  # noqa: E402
from mining.observed import compute_observed_maps  # noqa: E402


def sibling(name: str) -> object:
    """Another benchmark script of this folder, as a module (the log is built the same way)."""
    spec = importlib.util.spec_from_file_location(f"benchmark_{name}", HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PAGE_LIMIT_BYTES = 5_000_000
PAINT_LIMIT_MS = 2_000


def build_store(path: Path, journeys: int, variants: int, seed: int) -> None:
    """The synthetic log, mined and held against its designed map (real code, real tables)."""
    con = connect(path)
    try:
        started = time.perf_counter()
        log = sibling("conformance")
        log.build_log(con, journeys, log.make_variants(variants, seed), seed)
        print(f"  log built               {time.perf_counter() - started:8.1f} s", flush=True)
        started = time.perf_counter()
        compute_observed_maps(con, "generic_log")
        print(f"  observed maps (mining)  {time.perf_counter() - started:8.1f} s", flush=True)
        started = time.perf_counter()
        compute_overlays(con, {log.PERSONA: log.designed_map()})
        print(f"  overlay + fitness       {time.perf_counter() - started:8.1f} s", flush=True)
        con.execute("CHECKPOINT")
    finally:
        con.close()


# Times from navigation start (ms): the first paint, and the marks the page's loader leaves
# when its first figure and all its figures are drawn (see maps/html/page.html).
PAINT_TIMES = """() => {
    const at = name => (performance.getEntriesByName(name)[0] || {}).startTime;
    const figures = performance.getEntriesByType('mark').filter(m => m.name.startsWith('figure:'));
    return {fcp: at('first-contentful-paint'), firstSvg: figures.length ? figures[0].startTime
            : null, allDrawn: at('figures')};
}"""


def measure(browser: object, page_path: Path) -> dict[str, float]:
    """One cold load of a page (a fresh browser context): paint and drawing times in ms from
    navigation start, and the bytes of every file it loaded (itself and plotly.js)."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    files: list[str] = []
    page.on("requestfinished", lambda request: files.append(request.url))
    page.goto(page_path.resolve().as_uri(), wait_until="load")
    page.wait_for_function("document.documentElement.dataset.figures === 'drawn'", timeout=60_000)
    timing = page.evaluate(PAINT_TIMES)
    context.close()
    local = {Path(unquote(urlparse(url).path)) for url in files if url.startswith("file:")}
    return {**timing, "bytes": float(sum(path.stat().st_size for path in local | {page_path}))}


def measure_site(site: Path, repeat: int) -> list[tuple[str, int, dict[str, float]]]:
    """Every page of the site, `repeat` cold loads each: (page, HTML bytes, median figures)."""
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path in sorted(site.glob("*.html")):
            if path.name == "index.html":
                continue
            runs = [measure(browser, path) for _ in range(repeat)]
            median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            rows.append((path.name, path.stat().st_size, median))
        browser.close()
    return rows


def report(rows: list[tuple[str, int, dict[str, float]]], plotly_bytes: int) -> bool:
    """Print the figures per page; True when every page meets both targets."""
    print(f"shared plotly.min.js: {plotly_bytes / 1e6:.2f} MB (loaded once, cached by pages)")
    print(
        f"{'page':28} {'HTML':>9} {'loaded':>9} {'first paint':>12} {'first SVG':>10} "
        f"{'all drawn':>10}"
    )
    ok = True
    for name, size, m in rows:
        print(
            f"{name:28} {size / 1e6:7.3f} MB {m['bytes'] / 1e6:6.2f} MB {m['fcp']:9.0f} ms "
            f"{m['firstSvg']:7.0f} ms {m['allDrawn']:7.0f} ms"
        )
        ok &= size < PAGE_LIMIT_BYTES and m["fcp"] < PAINT_LIMIT_MS
    print(
        f"targets: page under {PAGE_LIMIT_BYTES / 1e6:.0f} MB, first paint under "
        f"{PAINT_LIMIT_MS / 1000:.0f} s: {'met' if ok else 'MISSED'}"
    )
    return ok


def run(journeys: int, variants: int, seed: int, store: Path | None, repeat: int) -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        path = store or Path(tmp) / "maps-bench.duckdb"
        if not path.exists():
            print(f"store: {journeys:,} journeys over {variants:,} variants -> {path}")
            build_store(path, journeys, variants, seed)
        con = duckdb.connect(str(path), read_only=True)
        try:
            (count,) = con.execute("SELECT sum(journeys) FROM observed_summary").fetchone()
            started = time.perf_counter()
            index = render_maps(con, Path(tmp) / "site", images=())
            print(
                f"render: {count:,} journeys, {time.perf_counter() - started:.1f} s -> "
                f"{index.parent}"
            )
        finally:
            con.close()
        rows = measure_site(index.parent, repeat)
        return report(rows, (index.parent / "plotly.min.js").stat().st_size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=1_000_000)
    parser.add_argument("--variants", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--store", type=Path, help="keep the built store here (reused if present)")
    parser.add_argument("--repeat", type=int, default=3, help="cold loads per page")
    args = parser.parse_args()
    ok = run(args.journeys, args.variants, args.seed, args.store, args.repeat)
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
