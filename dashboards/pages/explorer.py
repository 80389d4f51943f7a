"""Observed-map explorer: the directly-follows graph of the journeys the filters choose.

Filters (persona, month of journey start, channel touched, minimum edge share, variants
listed) are controls that only write the URL; the page is drawn from the URL alone.
"""

from __future__ import annotations

from dataclasses import replace

from dash import dcc, html

from dashboards.components import deferred, figure, heading, notice, section, table
from dashboards.memo import memo
from dashboards.pages import View
from dashboards.pages.persona import chosen_persona, no_persona
from dashboards.queries import ExplorerFilter, explorer_data, filter_choices
from dashboards.urlstate import number
from maps.render_data import PersonaData
from maps.render_format import fmt_count, humanise_seconds
from maps.render_observed import observed_figure

CONTROLS = ("persona", "period", "channel", "min_share", "top")  # URL key of each control
SHARES = [0.0, 0.01, 0.02, 0.05, 0.1, 0.2]
TOPS = [5, 10, 20, 50]


def choices_of(view: View, persona: str) -> dict[str, list[str]]:
    """The months and channels the persona's journeys offer (read once per snapshot)."""
    return memo((view.snapshot, "choices", persona), lambda: filter_choices(view.con, persona))


def read_filter(view: View, persona: str) -> ExplorerFilter:
    """The explorer's filter from the URL, keeping only values the snapshot offers."""
    choices = choices_of(view, persona)
    period = view.state.get("period")
    channel = view.state.get("channel")
    return ExplorerFilter(
        persona=persona,
        period=period if period in choices["periods"] else None,
        channel=channel if channel in choices["channels"] else None,
        min_share=number(view.state, "min_share", 0.01, 0.0, 1.0),
        top=int(number(view.state, "top", 10, 1, 50)),
    )


def dropdown(key: str, label: str, options: list, value: object, clearable: bool) -> html.Label:
    return html.Label([label, dcc.Dropdown(
        id=f"explorer-{key}", options=options, value=value, clearable=clearable,
        placeholder="all")], className="control")


def controls(view: View, f: ExplorerFilter) -> html.Div:
    choices = choices_of(view, f.persona)
    return html.Div([
        dropdown("persona", "Persona", view.personas(), f.persona, False),
        dropdown("period", "Month of journey start", choices["periods"], f.period, True),
        dropdown("channel", "Journeys that touched", choices["channels"], f.channel, True),
        dropdown("min_share", "Hide edges under",
                 [{"label": f"{s:.0%} of journeys", "value": s} for s in SHARES],
                 f.min_share, False),
        dropdown("top", "Variants listed", TOPS, f.top, False),
    ], className="controls", id="explorer-controls")


def variants_rows(data: PersonaData, top: int) -> list[list[object]]:
    return [
        [int(r["rank"]), " → ".join(map(str, r["touchpoints"])), fmt_count(r["count"]),
         f"{float(r['share']):.1%}", humanise_seconds(r["median_duration_seconds"])]
        for r in data["variants"].head(top).to_dict("records")
    ]


def drawn(data: PersonaData, min_share: float) -> tuple[dict, object]:
    """The observed figure as Dash sends it, and what it hid."""
    fig, graph = observed_figure(data, min_share)
    return fig.to_dict(), graph


def journeys_data(view: View, f: ExplorerFilter) -> PersonaData:
    """The journeys the filter chooses, read once per snapshot and filter (the minimum share
    only changes the drawing, so it is not part of the key)."""
    return memo((view.snapshot, "explorer", replace(f, min_share=0.0)),
                lambda: explorer_data(view.con, f))


def layout(view: View) -> html.Div:
    persona = chosen_persona(view)
    if persona is None:
        return no_persona()
    f = read_filter(view, persona)
    data = journeys_data(view, f)
    parts = [heading("Observed map", persona, "What the journeys did, step after step: "
                     "every directly-follows edge at or above the minimum share."),
             controls(view, f)]
    if not data.has_observed:
        parts.append(notice("No journey matches these filters.", "Nothing to draw."))
        return html.Div(parts)
    fig, graph = memo((view.snapshot, "observed", f), lambda: drawn(data, f.min_share))
    journeys = int(data.first("summary")["journeys"])
    hidden = f"{graph.hidden_edges} edges under the minimum share hidden." if graph.hidden_edges \
        else "No edge hidden."
    parts += [
        html.P([html.B(fmt_count(journeys), id="explorer-journeys"), " journeys. ", hidden],
               className="meta"),
        section("Directly-follows graph", "Circles are touchpoints, sized by events; edges "
                "are coloured by the median time between the two touchpoints.",
                figure(fig, "observed-figure")),
        deferred("explorer-variants", view.snapshot),  # `variants_part`, after the map
    ]
    return html.Div(parts)


def variants_part(view: View) -> html.Section | None:
    """The most frequent variants of the journeys the filter chooses."""
    persona = chosen_persona(view)
    if persona is None:
        return None
    f = read_filter(view, persona)
    data = journeys_data(view, f)
    if not data.has_observed:
        return None
    return section("Variants", "The most frequent sequences of touchpoints.",
                   table(["#", "Touchpoints in order", "Journeys", "Share", "Median duration"],
                         variants_rows(data, f.top), "variants-table"))
