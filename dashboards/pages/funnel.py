"""Funnel and drop-off of one persona: stages reached, month by month (with the team's dated
annotations), and the paths journeys took."""

from __future__ import annotations

from dash import html

from dashboards.components import deferred, figure, heading, notice, section
from dashboards.memo import memo
from dashboards.pages import View
from dashboards.pages.persona import chart_marks, no_persona, persona_data, persona_tabs
from dashboards.timeline import annotate
from maps.render_data import read_top_paths
from maps.render_drift import trend_figure
from maps.render_funnel import funnel_figure
from maps.render_sankey import sankey_figure

TOP_PATHS = 12


def layout(view: View) -> html.Div:
    data = persona_data(view)
    if data is None:
        return no_persona()
    persona = data.persona
    parts = [heading("Funnel and drop-off", persona, "How many journeys reach each stage of "
                     "the designed map, and where the others leave."),
             persona_tabs(view, "/funnel", persona)]
    if data.has_overlay:
        parts.append(section("Stage funnel", "Journeys that reached each stage; the rest of "
                             "each bar left in that stage.",
                             figure(memo((view.snapshot, "funnel", persona),
                                    lambda: funnel_figure(data).to_dict()), "funnel-figure")))
    else:
        parts.append(notice("The stage funnel needs a designed map for this persona.",
                            "No designed map."))
    # the month-by-month chart and the paths are drawn right after the funnel
    parts.append(deferred("funnel-more", view.snapshot))
    return html.Div(parts)


def more_part(view: View) -> html.Div | None:
    """The chosen persona's months (with the team's dated annotations) and top paths."""
    data = persona_data(view)
    if data is None:
        return None
    persona, parts = data.persona, []
    if data.has_overlay and len(data["periods"]):
        trend = memo((view.snapshot, "trend", persona), lambda: trend_figure(data).to_dict())
        parts.append(section("Month by month", "Conversion, fit to the design and fitness "
                             "of the journeys that started each month, with the team's "
                             "dated annotations.",
                             figure(annotate(trend, chart_marks(view, persona)),
                                    "trend-figure"), section_id="trend"))
    paths = memo((view.snapshot, "top-paths", persona),
                 lambda: read_top_paths(view.con, persona, data.goal, TOP_PATHS))
    if len(paths):
        parts.append(section("Paths", f"The {TOP_PATHS} most frequent paths from the first "
                             "touchpoint to the goal or to where journeys stopped.",
                             figure(memo((view.snapshot, "paths", persona),
                                         lambda: sankey_figure(data, paths).to_dict()),
                                    "paths-figure")))
    return html.Div(parts)
