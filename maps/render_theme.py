"""One look for every map: colours that mean the same everywhere, one Plotly template, one config.

Status colours are shared by the overlay bars, the funnel, the observed map and the legend text
in the page, so green always means "followed", red "skipped", grey "not reached" and the
hatched ghost style always means "not in the design".
"""

from __future__ import annotations

import plotly.graph_objects as go

FONT_FAMILY = (
    'Inter, "Segoe UI", -apple-system, BlinkMacSystemFont, Roboto, "Helvetica Neue", '
    "Arial, sans-serif"
)
INK = "#1f2933"
MUTED = "#616e7c"
GRID = "#e4e7eb"

# Step status: one colour per meaning, everywhere.
FOLLOWED = "#2f9e5b"
LATE = "#e8a317"
OUT_OF_ORDER = "#8e5cc8"
SKIPPED = "#d64545"
NOT_TAKEN = "#a9d8b8"  # an optional step left out: fine, so a pale "followed"
NOT_REACHED = "#d3d8de"
UNEXPECTED = "#7b8794"
DROPPED = "#52606d"
EMOTION = "#1d3f8f"
REACHED = "#3b6fd4"
STAGE_BANDS = ("#f5f7fa", "#ffffff")
STAGE_HEADERS = ("#e7edf7", "#eef2f8")

# Time between touchpoints: quick (teal) to slow (magenta); avoids the status colours.
TIME_SCALE = [[0.0, "#35b7c4"], [0.45, "#3f5fbf"], [1.0, "#b0307a"]]
DESIGNED_NODE = "#1d3f8f"

TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font=dict(family=FONT_FAMILY, size=13, color=INK),
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        colorway=[REACHED, FOLLOWED, LATE, OUT_OF_ORDER, SKIPPED, DROPPED],
        hoverlabel=dict(
            bgcolor="#ffffff",
            bordercolor="#9aa5b1",
            font=dict(family=FONT_FAMILY, size=13, color=INK),
            align="left",
        ),
        legend=dict(font=dict(size=12), bgcolor="rgba(255,255,255,0)"),
        xaxis=dict(gridcolor=GRID, zeroline=False, linecolor=GRID, ticks=""),
        yaxis=dict(gridcolor=GRID, zeroline=False, linecolor=GRID, ticks=""),
        margin=dict(l=80, r=30, t=40, b=40),
        hovermode="closest",
    )
)

PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def figure_div(fig: go.Figure, div_id: str) -> str:
    """The figure as a `<div>` for our own page: no plotly.js inside (the page loads the one
    shared `plotly.min.js`), a stable id so regenerated pages diff cleanly."""
    return fig.to_html(
        full_html=False,
        include_plotlyjs=False,
        div_id=div_id,
        config=PLOTLY_CONFIG,
        default_width="100%",
        default_height=f"{fig.layout.height or 500}px",
    )
