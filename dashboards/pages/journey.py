"""Journey map and overlay of one persona: the designed map, what journeys did at each step,
and the ranked opportunities."""

from __future__ import annotations

from dash import html

from dashboards.components import deferred, figure, heading, kpi_cards, notice, section
from dashboards.memo import memo
from dashboards.pages import View
from dashboards.pages.comments import comments_panel
from dashboards.pages.persona import no_persona, persona_data, persona_tabs
from maps.render_html import persona_kpis
from maps.render_impact import opportunities
from maps.render_journey import journey_figure
from maps.render_overlay import overlay_figure


def opportunity_items(data) -> html.Ol:
    """The ranked opportunities with what ranks them (conversions lost) beside each."""
    return html.Ol(
        [html.Li([html.B(item.label), " — ", item.sentence(), " ", html.Span(
            item.cost(), className="cost")], id=f"opportunity-{item.rank}")
         for item in opportunities(data)],
        className="opportunities",
    )


def layout(view: View) -> html.Div:
    data = persona_data(view)
    if data is None:
        return no_persona()
    persona = data.persona
    parts = [heading("Journey map", persona, "The journey the team designed for this persona, "
                     "with what its customers actually did at each step."),
             persona_tabs(view, "/journey", persona), kpi_cards(persona_kpis(data))]
    if not data.has_design:
        parts.append(notice("Add a designed map for this persona to see its journey map "
                            "and overlay; the observed map is in the explorer.",
                            "No designed map."))
        return html.Div(parts)
    parts.append(section("Journey map", "Stages, steps, channels and the designed emotion.",
                         figure(memo((view.snapshot, "journey", persona),
                                lambda: journey_figure(data).to_dict()), "journey-figure")))
    if data.has_overlay:
        parts += [
            section("Overlay", "Each designed step: journeys that followed it, skipped it, "
                    "were late, or dropped after it; unexpected touchpoints as ghosts.",
                    figure(memo((view.snapshot, "overlay", persona),
                           lambda: overlay_figure(data).to_dict()), "overlay-figure")),
            section("Opportunities", "Deviations ranked by the conversions they cost "
                    "(associations in observed data, not causal effects).",
                    opportunity_items(data)),
        ]
    if has_comments(view):
        # its form lists every element of the map: drawn after the maps
        parts.append(deferred("comments", view.snapshot))
    return html.Div(parts)


def has_comments(view: View) -> bool:
    """Comments need the collaboration store, and a team's discussion is not shared."""
    return view.services is not None and view.access.shared_path is None


def comments_part(view: View) -> html.Section | None:
    """The comments of the chosen persona's map (drawn after the page, see `layout`)."""
    data = persona_data(view)
    return comments_panel(view, data) if data is not None and has_comments(view) else None
