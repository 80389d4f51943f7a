"""Rendering the journey maps from the store: files, shared plotly.js, content, escaping."""

from __future__ import annotations

import html
import re
from pathlib import Path

import duckdb
import pytest

from maps.render import page_names, render_maps
from maps.render_format import humanise_seconds, wrap_lines
from maps.render_observed import START, Edge, back_edges, layer_nodes
from tests.maps import HOSTILE_PERSONA, HOSTILE_STEP, XSS, XSS_ESCAPED, hostile_store


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


def test_render_writes_index_and_one_page_per_persona(site: Path, sample_store: Path) -> None:
    personas = personas_in(sample_store)
    assert len(personas) == 3
    pages = sorted(p.name for p in site.glob("*.html"))
    assert pages == sorted(["index.html", *(f"{p}.html" for p in personas)])
    index = (site / "index.html").read_text()
    for persona in personas:
        assert f'href="{persona}.html"' in index


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
            "overlay-figure",
            "funnel-figure",
            "observed-figure",
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
    figures = bargain[bargain.index('id="overlay-figure"') :]
    assert XSS_ESCAPED in figures, "escaped inside the Plotly figure data"
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
    names = page_names(["bargain_hunter", XSS, "../etc/passwd", "index", "a b", "a-b"])
    assert names["bargain_hunter"] == "bargain_hunter.html"
    assert len(set(names.values())) == len(names)
    for name in names.values():
        assert re.fullmatch(r"[A-Za-z0-9_-]+\.html", name), name
        assert name != "index.html"


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
