"""Small Dash building blocks shared by the pages: headings, KPI cards, figures, notices.

Dash escapes every string it renders as text, so data and user text never become markup here.
"""

from __future__ import annotations

import plotly.graph_objects as go
from dash import dcc, html

from maps.render_html import Kpi

GRAPH_CONFIG = {"displaylogo": False, "responsive": True,
                "toImageButtonOptions": {"format": "png", "scale": 2}}


def heading(eyebrow: str, title: str, lede: str = "") -> html.Header:
    """The top of a page: what kind of page, its title, one sentence on what it shows."""
    parts = [html.P(eyebrow, className="eyebrow"), html.H1(title)]
    if lede:
        parts.append(html.P(lede, className="lede"))
    return html.Header(parts, className="page-head")


def kpi_cards(kpis: list[Kpi]) -> html.Ul:
    """The headline figures `maps.render_html.persona_kpis` chooses, as cards."""
    return html.Ul(
        [html.Li([html.Div(k.label, className="label"), html.Div(k.value, className="value"),
                  html.Div(k.note, className="note")], className="kpi") for k in kpis],
        className="kpis",
    )


def figure(fig: go.Figure | dict, graph_id: str) -> dcc.Graph:
    """A figure of `maps/` in the page, with PNG export from its toolbar."""
    return dcc.Graph(id=graph_id, figure=fig, config=GRAPH_CONFIG, className="figure")


def section(title: str, lede: str, *body: object, section_id: str = "") -> html.Section:
    """A titled part of a page."""
    props = {"id": section_id} if section_id else {}
    return html.Section([html.H2(title), html.P(lede, className="lede"), *body], **props)


def notice(text: str, strong: str = "") -> html.Div:
    """A message in place of a figure that cannot be drawn (and why)."""
    return html.Div([html.B(strong + " ") if strong else None, text], className="notice")


def table(header: list[str], rows: list[list[object]], table_id: str = "") -> html.Table:
    """A plain table of text cells."""
    props = {"id": table_id} if table_id else {}
    return html.Table(
        [html.Thead(html.Tr([html.Th(h) for h in header])),
         html.Tbody([html.Tr([html.Td(c) for c in row]) for row in rows])],
        className="data", **props,
    )


def deferred(name: str, snapshot: str) -> html.Div:
    """A placeholder for the part `name` of a page (`dashboards.app.DEFERRED`), filled from the
    same snapshot by a callback once the page's figures are drawn: parts below the maps, heavy
    for the browser to build, so the maps come first. The part is asked for only then
    (`assets/deferred.js` sets the store's data), so building it never delays a figure."""
    part = f"{name}@{snapshot}"
    return html.Div([html.P("Loading…", className="deferred-loading"),
                     dcc.Store(id={"type": "deferred-after", "part": part})],
                    id={"type": "deferred", "part": part}, className="deferred")
