"""Journey maps as HTML: one report page per persona plus an index, from the store's results.

Reads only the result tables (`observed_*`, `designed_*`, `overlay_*`); nothing is mined again.
Pages work offline: every page loads one shared `plotly.min.js` written beside them, and all
text that comes from data is escaped both in our HTML and in what Plotly draws.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from plotly.offline import get_plotlyjs

from maps.render_data import PersonaData, existing_tables, list_personas, load_persona
from maps.render_format import esc_html, fmt_count, fmt_share
from maps.render_funnel import funnel_figure
from maps.render_html import IndexEntry, index_page, notice, page, page_header, section
from maps.render_observed import observed_figure, variants_table
from maps.render_overlay import overlay_figure
from maps.render_theme import figure_div

PLOTLY_JS = "plotly.min.js"


def render_maps(
    con: duckdb.DuckDBPyConnection,
    out_dir: str | Path,
    *,
    min_edge_share: float = 0.01,
    top_variants: int = 10,
) -> Path:
    """Write one HTML page per persona plus index.html into out_dir; return the index path.

    Pages are named after the persona (`bargain_hunter.html`; names that are not safe file
    names get a short hash). `min_edge_share` hides observed-map edges seen in fewer than that
    share of the persona's journeys (the page says how many); `top_variants` rows are listed.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    write_plotly_js(out)
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    tables = existing_tables(con)
    personas = list_personas(con)
    names = page_names(personas)
    entries = []
    for persona in personas:
        data = load_persona(con, persona, tables)
        html = persona_page(data, generated, min_edge_share, top_variants)
        (out / names[persona]).write_text(html, encoding="utf-8")
        entries.append(IndexEntry(data=data, href=names[persona]))
    index = out / "index.html"
    index.write_text(index_page(entries, generated), encoding="utf-8")
    return index


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
    ignore case), never replace index.html and never leave `out_dir`."""
    names: dict[str, str] = {}
    for persona in personas:
        slug = re.sub(r"[^A-Za-z0-9_-]+", "-", persona).strip("-")[:60] or "persona"
        taken = {"index"} | {name.lower().removesuffix(".html") for name in names.values()}
        if slug != persona or slug.lower() in taken:
            slug = f"{slug}-{hashlib.sha1(persona.encode()).hexdigest()[:8]}"
        names[persona] = f"{slug}.html"
    return names


def persona_page(
    data: PersonaData, generated: str, min_edge_share: float = 0.01, top_variants: int = 10
) -> str:
    """The report of one persona: header and KPIs, overlay, stage funnel, observed map,
    top variants; parts without data are replaced by a note saying why."""
    parts = [page_header(data), *designed_parts(data)]
    if data.has_observed and len(data["dfg"]) + len(data["endpoints"]):
        parts += [observed_section(data, min_edge_share), variants_section(data, top_variants)]
    else:
        parts.append(notice("<b>No observed journeys for this persona.</b>"))
    title = data.first("design").get("designed_map") or data.persona
    return page(f"{title} · journey map", "".join(parts), generated)


def designed_parts(data: PersonaData) -> list[str]:
    """Overlay and funnel, or a note saying why they are missing."""
    if not data.has_design:
        return [
            notice(
                "<b>No designed map for this persona.</b> Showing the observed journeys only; "
                f"add a designed map with <code>persona: {esc_html(data.persona)}</code> to "
                "hold them against the journey you intend."
            )
        ]
    if not data.has_overlay:
        return [
            notice(
                "<b>No overlay yet.</b> The designed map is registered but no journeys were "
                "held against it."
            )
        ]
    return [overlay_section(data), funnel_section(data)]


def overlay_section(data: PersonaData) -> str:
    """The overlay figure in its card, with the colour key and how late is drawn."""
    total = data.first("overlay").get("journeys", 0)
    return section(
        "Designed journey, as observed",
        f"Each column is a designed step, grouped by stage. The bars split all "
        f"{fmt_count(total)} journeys by what they did at the step; hatched bars between "
        "columns are touchpoints not in the design, placed after the step they follow. "
        "Hover a bar for counts.",
        figure_div(overlay_figure(data), "overlay-figure"),
        "Late: over the step's target time since the previous designed step. The store counts "
        "late journeys whether they were in order or not, so at a step with both, the late "
        "(amber) part may include journeys that were also out of order.",
        anchor="overlay",
    )


def funnel_section(data: PersonaData) -> str:
    """The stage funnel in its card."""
    return section(
        "Stage funnel",
        "Journeys that reached each stage (any of its steps, or a later one) and those whose "
        "last designed step lies in that stage.",
        figure_div(funnel_figure(data), "funnel-figure"),
        anchor="funnel",
    )


def observed_section(data: PersonaData, min_edge_share: float) -> str:
    """The observed map in its card, saying what the minimum share hid."""
    fig, graph = observed_figure(data, min_edge_share)
    hidden = "Every transition is shown."
    if graph.hidden_edges:
        hidden = (
            f"Hidden: {fmt_count(graph.hidden_edges)} edges seen in fewer than "
            f"{fmt_share(min_edge_share, 1, 0)} of journeys "
            f"({fmt_count(graph.hidden_transitions)} transitions in all)"
        )
        if graph.hidden_nodes:
            hidden += "; touchpoints left without a visible edge: " + ", ".join(
                f"<code>{esc_html(n)}</code>" for n in graph.hidden_nodes
            )
        hidden += ". Hover an edge or a touchpoint for its counts and times."
    else:
        hidden += " Hover an edge or a touchpoint for its counts and times."
    return section(
        "Observed map",
        "What the journeys actually did: touchpoints left to right by their longest path from "
        "the start, line width by number of transitions, colour by the median time between "
        "them, circle size by events. Dotted lines go back (loops).",
        figure_div(fig, "observed-figure"),
        hidden,
        anchor="observed",
    )


def variants_section(data: PersonaData, top: int) -> str:
    """The most frequent variants in their card."""
    count = data.first("summary").get("variants")
    shown = min(top, len(data["variants"]))
    ghosts = " Hatched touchpoints are not in the designed map." if data.has_design else ""
    return section(
        f"Top {shown} variants" if shown > 1 else "Most frequent variant",
        f"The most frequent sequences of touchpoints among {fmt_count(count)} variants.{ghosts}",
        variants_table(data, top),
        anchor="variants",
    )
