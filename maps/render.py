"""Journey maps as HTML: one report page per persona, a comparison page and an index, from the
store's results; optionally every figure as PNG/SVG for slide decks.

Reads only the result tables (`observed_*`, `designed_*`, `overlay_*`); nothing is mined again,
and what a page embeds is aggregated and capped (top variants, top paths, ranked opportunities),
so pages stay light however many journeys the store holds. Pages work offline: every page loads
one shared `plotly.min.js` written beside them, and all text that comes from data is escaped
both in our HTML and in what Plotly draws.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from plotly.offline import get_plotlyjs

from maps.render_compare import compare_page
from maps.render_data import (
    PersonaData,
    existing_tables,
    list_personas,
    load_persona,
    read_top_paths,
)
from maps.render_html import Comparison, IndexEntry, index_page
from maps.render_images import parse_formats, write_images
from maps.render_persona import PageOptions, persona_page
from maps.render_theme import FigureSet

PLOTLY_JS = "plotly.min.js"
COMPARE_PAGE = "compare.html"
IMAGES_DIR = "images"


def render_maps(
    con: duckdb.DuckDBPyConnection,
    out_dir: str | Path,
    *,
    min_edge_share: float = 0.01,
    top_variants: int = 10,
    top_paths: int = 10,
    images: str | Iterable[str] = (),
) -> Path:
    """Write one HTML page per persona, `compare.html` and `index.html` into out_dir; return
    the index path.

    Pages are named after the persona (`bargain_hunter.html`; names that are not safe file
    names get a short hash). `min_edge_share` hides observed-map edges seen in fewer than that
    share of the persona's journeys (the page says how many); `top_variants` rows are listed
    and `top_paths` paths drawn. `images` ("png,svg" or a list) also writes every figure to
    `out_dir/images/<page>-<figure>.<format>` (kaleido with Debian's chromium).
    """
    formats = parse_formats(images)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    write_plotly_js(out)
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    tables = existing_tables(con)
    personas = list_personas(con)
    names = page_names(personas)
    options = PageOptions(min_edge_share, top_variants, top_paths)
    pages: dict[str, tuple[str, FigureSet]] = {}
    datas: list[PersonaData] = []
    for persona in personas:
        data = load_persona(con, persona, tables)
        paths = read_top_paths(con, persona, data.goal, options.top_paths, tables)
        figures = FigureSet()
        html = persona_page(data, paths, generated, figures, options)
        (out / names[persona]).write_text(html, encoding="utf-8")
        pages[names[persona]] = (persona, figures)
        datas.append(data)
    comparisons = []
    if datas:
        figures = FigureSet()
        html = compare_page(datas, names, generated, figures)
        (out / COMPARE_PAGE).write_text(html, encoding="utf-8")
        pages[COMPARE_PAGE] = ("Personas side by side", figures)
        comparisons.append(
            Comparison(
                "Personas side by side",
                COMPARE_PAGE,
                "Headline figures, stage funnels, step statuses and trends of every persona.",
            )
        )
    written = export_images(pages, out, formats)
    entries = [IndexEntry(data=d, href=names[d.persona]) for d in datas]
    index = out / "index.html"
    index.write_text(index_page(entries, generated, comparisons, written), encoding="utf-8")
    return index


def export_images(
    pages: dict[str, tuple[str, FigureSet]], out: Path, formats: tuple[str, ...]
) -> dict[str, list[str]]:
    """Every figure of every page as `images/<page>-<figure>.<format>`; returns, per page
    title, the written paths relative to `out` (for the index)."""
    if not formats:
        return {}
    named = {
        title: [
            (f"{Path(page).stem}-{div.removesuffix('-figure')}", fig)
            for div, fig in figures.figures
        ]
        for page, (title, figures) in pages.items()
    }
    folder = out / IMAGES_DIR
    write_images([item for items in named.values() for item in items], folder, formats)
    return {
        title: [f"{IMAGES_DIR}/{name}.{fmt}" for name, _ in items for fmt in formats]
        for title, items in named.items()
        if items
    }


def write_plotly_js(out: Path) -> Path:
    """The one plotly.js every page loads, written only when missing or of another version."""
    path = out / PLOTLY_JS
    bundle = get_plotlyjs().encode("utf-8")
    if not path.exists() or path.stat().st_size != len(bundle) or path.read_bytes() != bundle:
        path.write_bytes(bundle)
    return path


def page_names(personas: list[str]) -> dict[str, str]:
    """File name of each persona's page: the persona itself when it is a plain name, else a
    cleaned name plus a hash of the original, so names never collide (not even on disks that
    ignore case), never replace index.html or compare.html and never leave `out_dir`."""
    names: dict[str, str] = {}
    reserved = {"index", Path(COMPARE_PAGE).stem}
    for persona in personas:
        slug = re.sub(r"[^A-Za-z0-9_-]+", "-", persona).strip("-")[:60] or "persona"
        taken = reserved | {name.lower().removesuffix(".html") for name in names.values()}
        if slug != persona or slug.lower() in taken:
            slug = f"{slug}-{hashlib.sha1(persona.encode()).hexdigest()[:8]}"
        names[persona] = f"{slug}.html"
    return names
