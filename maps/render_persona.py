"""The report page of one persona: its designed journey map, the overlay of what journeys did
on it, the ranked opportunities, the stage funnel, drift between periods, the observed map, the
top paths and the most frequent variants. Parts without data are replaced by a note saying why.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from maps.render_data import PersonaData
from maps.render_drift import deltas_html, drift_figure, latest_pair, trend_figure
from maps.render_feedback import feedback_section
from maps.render_format import esc_html, fmt_count, fmt_share
from maps.render_funnel import funnel_figure
from maps.render_html import notice, page, page_header, page_nav, section
from maps.render_impact import opportunities, opportunities_list
from maps.render_journey import journey_figure
from maps.render_observed import observed_figure, variants_table
from maps.render_overlay import overlay_figure
from maps.render_sankey import sankey_figure
from maps.render_theme import FigureSet


@dataclass(frozen=True)
class PageOptions:
    """What the caller chose: the observed map's minimum edge share, rows of the variants
    table, paths in the Sankey."""

    min_edge_share: float = 0.01
    top_variants: int = 10
    top_paths: int = 10


def persona_page(
    data: PersonaData,
    paths: pd.DataFrame,
    generated: str,
    figures: FigureSet,
    options: PageOptions | None = None,
) -> str:
    """The whole page of one persona; its figures are kept in `figures` (for image export)."""
    options = options or PageOptions()
    parts = designed_parts(data, figures)
    if data.has_observed and len(data["dfg"]) + len(data["endpoints"]):
        parts += [
            ("observed", "Observed map", observed_section(data, options.min_edge_share, figures)),
            ("paths", "Top paths", paths_section(data, paths, figures)),
            ("variants", "Variants", variants_section(data, options.top_variants)),
        ]
    else:
        parts.append(("", "", notice("<b>No observed journeys for this persona.</b>")))
    nav = page_nav([(anchor, label) for anchor, label, _ in parts if anchor])
    body = page_header(data) + nav + "".join(html for _, _, html in parts)
    title = data.first("design").get("designed_map") or data.persona
    return page(f"{title} · journey map", body, generated)


def designed_parts(data: PersonaData, figures: FigureSet) -> list[tuple[str, str, str]]:
    """(anchor, nav label, HTML) of the parts that need a designed map, or a note."""
    if not data.has_design:
        return [
            (
                "",
                "",
                notice(
                    "<b>No designed map for this persona.</b> Showing the observed journeys only; "
                    f"add a designed map with <code>persona: {esc_html(data.persona)}</code> to "
                    "hold them against the journey you intend."
                ),
            )
        ]
    parts = [("journey", "Journey map", journey_section(data, figures))]
    if not data["feedback"].empty:
        parts.append(("feedback", "Voice of the customer", feedback_section(data, figures)))
    if not data.has_overlay:
        return parts + [
            (
                "",
                "",
                notice(
                    "<b>No overlay yet.</b> The designed map is registered but no journeys were "
                    "held against it."
                ),
            )
        ]
    return parts + [
        ("overlay", "Overlay", overlay_section(data, figures)),
        ("opportunities", "Opportunities", opportunities_section(data)),
        ("funnel", "Stage funnel", funnel_section(data, figures)),
        ("drift", "Drift", drift_section(data, figures)),
    ]


def journey_section(data: PersonaData, figures: FigureSet) -> str:
    """The designed map as a journey-mapping board."""
    return section(
        "Designed journey map",
        "The journey as designed: stages left to right, a column per step, and under it the "
        "touchpoint (by channel), what the customer does, wants and expects, how they should "
        "feel, and the step's pain points, opportunities and KPIs. Numbered opportunities are "
        "measured ones, ranked below. Hover a card for its full text and, on touchpoints, what "
        "the journeys did there.",
        figures.div(journey_figure(data), "journey-figure"),
        anchor="journey",
    )


def overlay_section(data: PersonaData, figures: FigureSet) -> str:
    """The overlay figure in its card, with the colour key and how late is drawn."""
    total = data.first("overlay").get("journeys", 0)
    return section(
        "Designed journey, as observed",
        f"Each column is a designed step, grouped by stage. The bars split all "
        f"{fmt_count(total)} journeys by what they did at the step; hatched bars between "
        "columns are touchpoints not in the design, placed after the step they follow. "
        "Numbered badges mark the top-ranked opportunities. Hover a bar or a badge for counts.",
        figures.div(overlay_figure(data), "overlay-figure"),
        "Late: over the step's target time since the previous designed step. The store counts "
        "late journeys whether they were in order or not, so at a step with both, the late "
        "(amber) part may include journeys that were also out of order.",
        anchor="overlay",
    )


def opportunities_section(data: PersonaData) -> str:
    """The ranked opportunities in plain sentences."""
    items = opportunities(data)
    body = (
        opportunities_list(items)
        if items
        else notice("No deviation from the design made a measurable difference to conversion.")
    )
    return section(
        "Top opportunities",
        "Deviations from the design ranked by the conversions they cost: journeys that show "
        "one, against comparable journeys that do not.",
        body,
        "Associations in observed data, not causal effects: a journey that skips a step has, "
        "by definition, gone on past it.",
        anchor="opportunities",
    )


def funnel_section(data: PersonaData, figures: FigureSet) -> str:
    """The stage funnel in its card."""
    return section(
        "Stage funnel",
        "Journeys that reached each stage (any of its steps, or a later one) and those whose "
        "last designed step lies in that stage.",
        figures.div(funnel_figure(data), "funnel-figure"),
        anchor="funnel",
    )


def drift_section(data: PersonaData, figures: FigureSet) -> str:
    """The latest period against the previous one, or a note when there is none yet."""
    pair = latest_pair(data)
    if pair is None:
        return section(
            "Drift between periods",
            "How the latest month of journeys compares with the one before.",
            notice(
                "<b>No earlier period yet.</b> Drift shows once journeys span two months "
                "of journey start (and conformance has written its figures per period)."
            ),
            anchor="drift",
        )
    previous, latest = (esc_html(name) for name in pair.names)
    return section(
        f"Drift: {latest} against {previous}",
        f"Journeys that started in {latest} against those of {previous}: the headline figures, "
        "then step by step the share that followed or skipped each step and the median wait "
        "before it (hollow: previous period, filled: latest). Hover a point for counts.",
        deltas_html(data, pair)
        + figures.div(drift_figure(data, pair), "drift-figure")
        + figures.div(trend_figure(data), "trend-figure"),
        "A month of journey start holds the journeys that began in it; the latest month may "
        "still be running, so its later steps can look thinner than they will be.",
        anchor="drift",
    )


def observed_section(data: PersonaData, min_edge_share: float, figures: FigureSet) -> str:
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
        hidden += "."
    return section(
        "Observed map",
        "What the journeys actually did: touchpoints left to right by their longest path from "
        "the start, line width by number of transitions, colour by the median time between "
        "them, circle size by events. Dotted lines go back (loops).",
        figures.div(fig, "observed-figure"),
        hidden + " Hover an edge or a touchpoint for its counts and times.",
        anchor="observed",
    )


def paths_section(data: PersonaData, paths: pd.DataFrame, figures: FigureSet) -> str:
    """The Sankey of the top paths, saying how many journeys they cover."""
    total = int(data.first("summary").get("journeys") or 0)
    covered = int(paths["journeys"].sum()) if len(paths) else 0
    end = "to the goal or to where they left" if data.goal else "to the end of the journey"
    return section(
        f"Top {len(paths)} paths" if len(paths) > 1 else "Top path",
        f"The most frequent paths from the first touchpoint {end}; they cover "
        f"{fmt_count(covered)} of {fmt_count(total)} journeys ({fmt_share(covered, total)}). "
        "Green flows reach the goal, grey ones leave before it. Hover a flow or a touchpoint "
        "for its journeys.",
        figures.div(sankey_figure(data, paths), "paths-figure"),
        "Paths are cut at the goal; a node is a touchpoint at its place along the path, so "
        "touchpoints that recur appear once per place.",
        anchor="paths",
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
