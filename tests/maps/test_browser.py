"""The rendered maps in headless Chromium: they load offline without errors, every figure is
drawn, hover labels carry the figures, hostile labels stay text. Leaves full-page screenshots
in `<output_dir>/maps/` to look at."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from maps.render import render_maps
from tests.maps import XSS, hostile_store, scaled_store

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1440, "height": 900}


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (make browser)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def render(store: Path, out: Path) -> Path:
    with duckdb.connect(str(store), read_only=True) as con:
        return render_maps(con, out)


@pytest.fixture(scope="module")
def site(sample_store: Path, output_dir: Path) -> Path:
    """The sample maps, rendered where a person can open them after the run."""
    return render(sample_store, output_dir / "maps" / "html").parent


class Watched:
    """A page with every console error, page error and dialog recorded."""

    def __init__(self, browser: object) -> None:
        self.page = browser.new_page(viewport=VIEWPORT)
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(m.text))
        self.page.on("pageerror", lambda e: self.problems.append(str(e)))
        self.page.on("dialog", self.on_dialog)

    def on_dialog(self, dialog: object) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: Path) -> object:
        self.page.goto(path.resolve().as_uri(), wait_until="load")
        self.page.wait_for_function(  # the page's loader draws the figures one by one
            "!document.querySelector('div[data-figure]') "
            "|| document.documentElement.dataset.figures === 'drawn'"
        )
        return self.page


def drawn_marks(page: object) -> dict[str, int]:
    """Per figure: how many bars, lines, markers and Sankey flows Plotly drew."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('.js-plotly-plot')].map(gd => [
            gd.id,
            gd.querySelector('svg.main-svg').childElementCount === 0 ? 0 :
              gd.querySelectorAll('.barlayer .point path, .scatterlayer path.js-line, '
                                 + '.scatterlayer .point, .sankey .sankey-link').length]))"""
    )


PERSONA_FIGURES = {
    "journey-figure",
    "overlay-figure",
    "funnel-figure",
    "drift-figure",
    "trend-figure",
    "observed-figure",
    "paths-figure",
}
COMPARE_FIGURES = {"stage-funnels-figure", "steps-figure", "trends-figure"}


def hover_label(page: object, selector: str) -> str:
    """Move the mouse to the middle of an element and return Plotly's hover label text."""
    box = page.locator(selector).bounding_box()
    assert box, f"nothing at {selector}"
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    figure = selector.split()[0]  # the figure's own hover layer, not another one's
    label = page.locator(f"{figure} .hoverlayer .hovertext").first
    label.wait_for(state="visible", timeout=5_000)
    return label.text_content() or ""


def test_pages_load_offline_without_errors_and_draw_every_figure(
    browser: object, site: Path, output_dir: Path
) -> None:
    pages = sorted(site.glob("*.html"))
    assert len(pages) == 5
    for path in pages:
        watched = Watched(browser)
        page = watched.open(path)
        marks = drawn_marks(page)
        expected = {"index.html": set(), "compare.html": COMPARE_FIGURES}
        assert set(marks) == expected.get(path.name, PERSONA_FIGURES), path
        assert all(count > 0 for count in marks.values()), (path.name, marks)
        page.screenshot(path=str(output_dir / "maps" / f"{path.stem}.png"), full_page=True)
        assert watched.problems == [], (path.name, watched.problems)
        assert watched.dialogs == [], (path.name, watched.dialogs)
        page.close()


def test_hovering_a_step_bar_shows_its_counts_and_shares(
    browser: object, site: Path, sample_store: Path
) -> None:
    with duckdb.connect(str(sample_store), read_only=True) as con:
        (journeys,) = con.execute(
            "SELECT journeys FROM overlay_summary WHERE persona = 'bargain_hunter'"
        ).fetchone()
        (step,) = con.execute(
            "SELECT step FROM designed_steps WHERE persona = 'bargain_hunter' AND step_index = 3"
        ).fetchone()
    watched = Watched(browser)
    page = watched.open(site / "bargain_hunter.html")
    page.locator("#overlay-figure").scroll_into_view_if_needed()
    in_order = "#overlay-figure .x2y2 .barlayer .trace:nth-child(1) .point:nth-child(3) path"
    text = hover_label(page, in_order)
    assert f"3. {step}" in text
    of_all = rf"\d+ of {journeys:,} journeys \(\d+\.\d%\)"
    assert re.search(rf"Followed in order: {of_all}", text), text
    assert re.search(rf"Skipped: {of_all}", text), text
    page.mouse.move(0, 0)
    page.locator("#observed-figure").scroll_into_view_if_needed()
    # an edge is a line without markers: hover its 13th point, away from its arrow head
    x, y = page.evaluate("""() => {
        const gd = document.querySelector('#observed-figure');
        const edge = gd._fullData[0], xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
        const box = gd.getBoundingClientRect();
        return [box.left + xa._offset + xa.c2p(edge.x[12]),
                box.top + ya._offset + ya.c2p(edge.y[12])]; }""")
    page.mouse.move(x, y)
    label = page.locator("#observed-figure .hoverlayer .hovertext").first
    label.wait_for(state="visible", timeout=5_000)
    assert re.search(r"\d+ (transitions|journeys start here)", label.text_content() or "")
    assert watched.problems == []
    page.close()


def test_hovering_the_journey_map_paths_and_badges_shows_their_figures(
    browser: object, site: Path, sample_store: Path
) -> None:
    with duckdb.connect(str(sample_store), read_only=True) as con:
        journeys, step, subject = con.execute(
            "SELECT s.journeys, d.step, i.subject FROM overlay_summary s "
            "JOIN designed_steps d USING (persona) JOIN overlay_impact i USING (persona) "
            "WHERE persona = 'b2b_evaluator' AND d.step_index = 6 AND i.rank = 1"
        ).fetchone()
    watched = Watched(browser)
    page = watched.open(site / "b2b_evaluator.html")
    page.locator("#journey-figure").scroll_into_view_if_needed()
    card = "#journey-figure .barlayer .trace:nth-child(2) .point:nth-child(6) path"
    text = hover_label(page, card)  # the touchpoint card of step 6
    assert f"6. {step}" in text
    assert re.search(rf"Followed: \d+ of {int(journeys):,} journeys \(\d+\.\d%\)", text), text
    page.mouse.move(0, 0)
    page.locator("#overlay-figure").scroll_into_view_if_needed()
    badge = page.locator("#overlay-figure .annotation").filter(has_text="#1").first
    box = badge.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    label = page.locator("#overlay-figure .hoverlayer .hovertext").first
    label.wait_for(state="visible", timeout=5_000)
    assert f"Customers who skip “{subject}” convert" in label.text_content()
    page.mouse.move(0, 0)
    page.locator("#paths-figure").scroll_into_view_if_needed()
    flow = hover_label(page, "#paths-figure .sankey-links path:first-child")
    assert re.search(r"\d+ journeys \(\d+\.\d% of [\d,]+\)", flow), flow
    assert watched.problems == []
    page.close()


def test_hovering_a_persona_on_the_comparison_page_shows_its_counts(
    browser: object, site: Path
) -> None:
    watched = Watched(browser)
    page = watched.open(site / "compare.html")
    page.locator("#steps-figure").scroll_into_view_if_needed()
    first_bar = "#steps-figure .xy .barlayer .trace:first-child .point:first-child path"
    text = hover_label(page, first_bar)
    assert re.search(r"Followed: \d+ of [\d,]+ journeys", text), text
    assert watched.problems == []
    page.close()


def test_hostile_labels_show_as_text_and_never_run(
    browser: object, sample_store: Path, tmp_path: Path
) -> None:
    site = render(hostile_store(sample_store, tmp_path), tmp_path / "site").parent
    # b2b_evaluator.html is the one page the hostile copy leaves alone
    for path in sorted(p for p in site.glob("*.html") if p.name != "b2b_evaluator.html"):
        watched = Watched(browser)
        page = watched.open(path)
        assert page.evaluate("document.querySelectorAll('img').length") == 0, path.name
        # shown as text (figure labels wrap it, so look for its start)
        assert "<img src=x" in page.evaluate("document.body.textContent"), path.name
        if path.name == "bargain_hunter.html":
            trace = page.evaluate(
                "document.getElementById('overlay-figure').data"
                ".findIndex(t => t.name.startsWith('Unexpected'))"
            )
            bars = f"#overlay-figure .x2y2 .barlayer .trace:nth-child({trace + 1})"
            ghost = f"{bars} .point:last-child path"  # the labelled one follows step 4
            page.locator("#overlay-figure").scroll_into_view_if_needed()
            assert XSS in hover_label(page, ghost)
            assert page.evaluate("document.querySelectorAll('.hoverlayer img').length") == 0
        page.wait_for_timeout(200)  # an onerror handler would fire by now
        assert watched.dialogs == [], (path.name, watched.dialogs)
        assert watched.problems == [], (path.name, watched.problems)
        page.close()


def test_a_map_of_a_million_journeys_is_light_and_paints_fast(
    browser: object, sample_store: Path, output_dir: Path, tmp_path: Path
) -> None:
    """Page under 5 MB and first paint under 2 s (the figures land in weight.json)."""
    site = render(scaled_store(sample_store, tmp_path), tmp_path / "site").parent
    path = site / "bargain_hunter.html"
    context = browser.new_context(viewport=VIEWPORT)  # cold: nothing cached
    page = context.new_page()
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_function("document.documentElement.dataset.figures === 'drawn'")
    times = page.evaluate(
        """() => ({
            firstPaint: performance.getEntriesByName('first-contentful-paint')[0].startTime,
            firstFigure: performance.getEntriesByType('mark')
                .find(m => m.name.startsWith('figure:')).startTime,
            allFigures: performance.getEntriesByName('figures')[0].startTime})"""
    )
    context.close()
    figures = {
        "journeys": 1_000_000,
        "page_bytes": path.stat().st_size,
        "plotly_js_bytes": (site / "plotly.min.js").stat().st_size,
        **{f"{k}_ms": round(v) for k, v in times.items()},
    }
    (output_dir / "maps").mkdir(parents=True, exist_ok=True)
    (output_dir / "maps" / "weight.json").write_text(json.dumps(figures, indent=2))
    assert figures["page_bytes"] < 5_000_000, figures
    assert figures["firstPaint_ms"] < 2_000, figures
