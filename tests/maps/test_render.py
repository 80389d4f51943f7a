"""Rendering the journey maps from the store: files, shared plotly.js, content, escaping."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from journeymap.errors import JourneymapError
from maps.render import page_names, render_maps
from maps.render_data import load_persona, read_top_paths
from maps.render_format import humanise_seconds, wrap_lines
from maps.render_images import parse_formats
from maps.render_observed import START, Edge, back_edges, layer_nodes
from maps.render_sankey import sankey_figure
from tests.maps import (
    HOSTILE_PERSONA,
    HOSTILE_STEP,
    XSS,
    XSS_ESCAPED,
    hostile_store,
    scaled_store,
)


def personas_in(store: Path) -> list[str]:
    with duckdb.connect(str(store), read_only=True) as con:
        return [
            p for (p,) in con.execute("SELECT persona FROM observed_summary ORDER BY 1").fetchall()
        ]


def render(store: Path, out: Path) -> Path:
    with duckdb.connect(str(store), read_only=True) as con:
        return render_maps(con, out)


@pytest.fixture(scope="module")
def site(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample store rendered once for this module; the folder of the pages."""
    return render(sample_store, tmp_path_factory.mktemp("maps")).parent


@pytest.fixture(scope="module")
def hostile_site(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    return render(hostile_store(sample_store, folder), folder / "site").parent


def test_render_writes_index_comparison_and_one_page_per_persona(
    site: Path, sample_store: Path
) -> None:
    personas = personas_in(sample_store)
    assert len(personas) == 3
    pages = sorted(p.name for p in site.glob("*.html"))
    assert pages == sorted(["index.html", "compare.html", *(f"{p}.html" for p in personas)])
    index = (site / "index.html").read_text()
    for persona in personas:
        assert f'href="{persona}.html"' in index
    assert 'href="compare.html"' in index


def test_plotly_js_is_written_once_and_loaded_relatively(site: Path, sample_store: Path) -> None:
    assert [p.name for p in site.rglob("*.js")] == ["plotly.min.js"]
    bundle = site / "plotly.min.js"
    assert bundle.stat().st_size > 1_000_000
    for page in site.glob("*.html"):
        text = page.read_text()
        sources = re.findall(r'<script[^>]*\bsrc="([^"]+)"', text)
        assert sources == ([] if page.name == "index.html" else ["plotly.min.js"]), page.name
        assert page.stat().st_size < 1_000_000, "plotly.js must not be inlined"
    before = bundle.stat().st_mtime_ns
    render(sample_store, site)
    assert bundle.stat().st_mtime_ns == before, "an up-to-date bundle is not rewritten"


def test_each_page_names_every_designed_step(site: Path, sample_store: Path) -> None:
    with duckdb.connect(str(sample_store), read_only=True) as con:
        steps = con.execute("SELECT persona, step FROM designed_steps").fetchall()
    assert steps
    for persona, step in steps:
        page = (site / f"{persona}.html").read_text()
        assert html.escape(step, quote=False) in page, (persona, step)


def test_each_page_has_its_figures_and_kpis(site: Path, sample_store: Path) -> None:
    for persona in personas_in(sample_store):
        page = (site / f"{persona}.html").read_text()
        for part in (
            "journey-figure",
            "overlay-figure",
            "funnel-figure",
            "drift-figure",
            "trend-figure",
            "observed-figure",
            "paths-figure",
            "Top opportunities",
            "Fitness",
            "Conversion rate",
            "Fitting the design",
            "Median journey duration",
            'class="variants"',
        ):
            assert part in page, (persona, part)
        assert "of journeys" in page or "journeys (" in page


def test_data_text_is_escaped_in_html_and_in_plotly(hostile_site: Path) -> None:
    pages = {p.name: p.read_text() for p in hostile_site.glob("*.html")}
    for name, text in pages.items():
        assert XSS not in text, name
        assert "<img" not in text, name
    bargain = pages["bargain_hunter.html"]
    journey = bargain[bargain.index('id="journey-figure"') : bargain.index('id="overlay-figure"')]
    assert XSS_ESCAPED in journey, "lanes (action, goal, pain point, KPI) escaped"
    figures = bargain[bargain.index('id="overlay-figure"') :]
    assert XSS_ESCAPED in figures, "escaped inside the Plotly figure data"
    listed = bargain.split('class="opportunities"')[1]
    assert html.escape(HOSTILE_STEP) in listed, "the ranked opportunity is escaped text"
    assert html.escape(HOSTILE_STEP, quote=False) in figures
    variants = [t for n, t in pages.items() if n.startswith("img-src-x")]
    assert len(variants) == 1, "the labelled persona gets one safely named page"
    assert XSS_ESCAPED in variants[0].split('class="variants"')[1], "escaped in the table"
    assert html.escape(HOSTILE_PERSONA) in pages["index.html"]


def test_persona_without_designed_map_gets_observed_map_and_a_note(hostile_site: Path) -> None:
    (page,) = [p.read_text() for p in hostile_site.glob("img-src-x*.html")]
    assert "No designed map for this persona" in page
    assert "observed-figure" in page and "overlay-figure" not in page
    assert "No designed map" in (hostile_site / "index.html").read_text()


def test_store_without_result_tables_renders_an_empty_index(tmp_path: Path) -> None:
    with duckdb.connect() as con:
        index = render_maps(con, tmp_path / "out")
    assert "No personas in the store yet" in index.read_text()
    assert (tmp_path / "out" / "plotly.min.js").exists()


def test_page_names_are_safe_unique_files() -> None:
    names = page_names(["bargain_hunter", XSS, "../etc/passwd", "index", "compare", "a b", "a-b"])
    assert names["bargain_hunter"] == "bargain_hunter.html"
    assert len(set(names.values())) == len(names)
    for name in names.values():
        assert re.fullmatch(r"[A-Za-z0-9_-]+\.html", name), name
        assert name not in ("index.html", "compare.html")


def test_durations_are_humanised() -> None:
    assert [humanise_seconds(s) for s in (0, 45, 59.6, 720, 11_520, 86_400, 200_000, None)] == [
        "0 s",
        "45 s",
        "1 min",
        "12 min",
        "3.2 h",
        "1.0 d",
        "2.3 d",
        "–",
    ]


def test_long_labels_wrap_at_touchpoint_separators() -> None:
    assert wrap_lines("page_viewed:solutions", 14, 3) == ["page_viewed:", "solutions"]
    assert wrap_lines("8. Becomes a customer in the CRM", 14, 2) == ["8. Becomes a", "customer in…"]


def test_layers_follow_the_flow_and_ignore_loops() -> None:
    edges = [
        Edge(START, "delivered", 10),
        Edge("delivered", "opened", 8),
        Edge("opened", "delivered", 3),
        Edge("opened", "clicked", 5),
        Edge("delivered", "clicked", 1),
    ]
    assert back_edges(edges) == {("opened", "delivered")}
    assert layer_nodes(edges) == {START: 0, "delivered": 1, "opened": 2, "clicked": 3}


def figure_json(page: str, div_id: str) -> str:
    """The Plotly call that draws one figure of a page (its data and layout as JSON)."""
    start = page.index(f'id="{div_id}"')
    return page[start : page.index("</script>", start)]


def test_journey_map_lanes_carry_every_designed_item(site: Path, sample_store: Path) -> None:
    with duckdb.connect(str(sample_store), read_only=True) as con:
        steps = con.execute(
            "SELECT persona, step, action, customer_goal, expectation, pain_points, "
            "opportunities, kpis, channel FROM designed_steps"
        ).fetchall()
    for persona, step, action, goal, expects, pains, opportunities, kpis, channel in steps:
        figure = figure_json((site / f"{persona}.html").read_text(), "journey-figure")
        for text in [step, action, goal, expects, *pains, *opportunities, *kpis]:
            if text:  # full texts are in the hover of their card
                assert html.escape(text, quote=False) in figure, (persona, text)
        assert channel.upper() in figure, (persona, channel)


def test_ranked_opportunities_are_told_in_plain_sentences(site: Path, sample_store: Path) -> None:
    with duckdb.connect(str(sample_store), read_only=True) as con:
        rows = con.execute(
            "SELECT persona, subject, conversion_difference, journeys_with, journeys_without "
            "FROM overlay_impact WHERE kind = 'skipped' AND rank = 1"
        ).fetchall()
    assert rows, "the sample world plants a skipped step that costs conversions"
    for persona, subject, difference, with_, without in rows:
        listed = (site / f"{persona}.html").read_text().split('class="opportunities"')[1]
        direction = "less" if difference < 0 else "more"
        sentence = (
            f"Customers who skip “{subject}” convert {abs(difference) * 100:.1f} points {direction}"
        )
        assert html.escape(sentence) in listed, (persona, sentence)
        assert f"of {int(with_):,} journeys against" in listed
        assert f"of {int(without):,} that took the step" in listed


def test_top_paths_flow_into_goal_or_drop_off(sample_store: Path) -> None:
    with duckdb.connect(str(sample_store), read_only=True) as con:
        data = load_persona(con, "bargain_hunter")
        paths = read_top_paths(con, "bargain_hunter", data.goal, 10)
        (total,) = con.execute(
            "SELECT sum(count) FROM observed_variants WHERE persona = 'bargain_hunter'"
        ).fetchone()
    assert len(paths) == 10 and paths["journeys"].is_monotonic_decreasing
    assert paths["journeys"].sum() <= total
    assert all(p[-1] == data.goal for p in paths[paths["converted"]]["path"])
    sankey = sankey_figure(data, paths).data[0]
    labels = list(sankey.node.label)
    goal = labels.index(f"<b>Goal: {data.goal}</b>")
    into_goal = sum(
        v for t, v in zip(sankey.link.target, sankey.link.value, strict=True) if t == goal
    )
    assert into_goal == paths[paths["converted"]]["journeys"].sum()
    ends = {i for i, label in enumerate(labels) if label == "left"} | {goal}
    into_ends = sum(
        v for t, v in zip(sankey.link.target, sankey.link.value, strict=True) if t in ends
    )
    assert into_ends == paths["journeys"].sum(), "every path ends in the goal or a drop-off"


def test_drift_holds_the_latest_period_against_the_one_before(
    site: Path, sample_store: Path
) -> None:
    with duckdb.connect(str(sample_store), read_only=True) as con:
        periods = [
            p
            for (p,) in con.execute(
                "SELECT DISTINCT period FROM overlay_periods WHERE persona = 'b2b_evaluator' "
                "ORDER BY period"
            ).fetchall()
        ]
    assert len(periods) >= 2
    page = (site / "b2b_evaluator.html").read_text()
    assert f"Drift: {periods[-1]} against {periods[-2]}" in page
    assert f"in {periods[-2]}</div>" in page, "each headline figure says what it was before"


def test_without_period_results_pages_say_no_earlier_period_yet(
    sample_store: Path, tmp_path: Path
) -> None:
    store = tmp_path / "no-periods.duckdb"
    shutil.copyfile(sample_store, store)
    with duckdb.connect(str(store)) as con:
        for table in ("overlay_periods", "overlay_period_steps", "overlay_fitness"):
            con.execute(f"DROP TABLE IF EXISTS {table}")
    site = render(store, tmp_path / "site").parent
    page = (site / "bargain_hunter.html").read_text()
    assert "No earlier period yet" in page and "drift-figure" not in page
    assert "Fitness" not in page.split('class="kpis"')[1].split("</ul>")[0]
    assert "No earlier period yet" in (site / "compare.html").read_text()


def test_comparison_page_puts_every_persona_side_by_side(site: Path, sample_store: Path) -> None:
    page = (site / "compare.html").read_text()
    for persona in personas_in(sample_store):
        assert f'<a href="{persona}.html">{persona}</a>' in page
        for div in ("stage-funnels-figure", "steps-figure", "trends-figure"):
            assert persona in figure_json(page, div), (persona, div)


def test_image_formats_are_checked() -> None:
    assert parse_formats("png, SVG,png") == ("png", "svg")
    assert parse_formats(["svg"]) == ("svg",)
    with pytest.raises(JourneymapError, match="gif"):
        parse_formats("png,gif")


def test_a_million_journeys_make_light_pages(sample_store: Path, tmp_path: Path) -> None:
    store = scaled_store(sample_store, tmp_path)
    site = render(store, tmp_path / "site").parent
    page = (site / "bargain_hunter.html").read_text()
    assert "1,000,000 journeys" in page
    for path in site.glob("*.html"):
        assert path.stat().st_size < 1_000_000, (path.name, path.stat().st_size)
    assert page.count("<tr><td") <= 10, "only the top variants are listed"
