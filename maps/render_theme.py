"""One look for every map: colours that mean the same everywhere, one Plotly template, one config.

Status colours are shared by the overlay bars, the funnel, the observed map and the legend text
in the page, so green always means "followed", red "skipped", grey "not reached" and the
hatched ghost style always means "not in the design".
"""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.io.json import to_json_plotly

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
MEASURED = "#e8590c"  # the measured emotion curve, beside the designed one (EMOTION)
REACHED = "#3b6fd4"
STAGE_BANDS = ("#f5f7fa", "#ffffff")
STAGE_HEADERS = ("#e7edf7", "#eef2f8")

REPEATED = "#0b7285"

# What each kind of deviation in the impact ranking is drawn in: its status colour.
KIND_COLOURS = {
    "skipped": SKIPPED,
    "late": LATE,
    "out_of_order": OUT_OF_ORDER,
    "repeated": REPEATED,
    "unexpected": UNEXPECTED,
    "negative_feedback": MEASURED,
    "negative_support": MEASURED,
}

# Channels: hues the status colours do not use, so a channel never reads as a status.
CHANNEL_COLOURS = {
    "email": "#1971c2",
    "ads": "#c2255c",
    "social": "#e67700",
    "crm": "#6741d9",
    "web": "#0c8599",
}
OTHER_CHANNEL = "#868e96"

# Designed (and later measured) emotion, -2..+2: red through grey to green.
EMOTION_SCALE = [
    [0.0, "#c92a2a"],
    [0.25, "#f08c00"],
    [0.5, "#adb5bd"],
    [0.75, "#74b816"],
    [1.0, "#2b8a3e"],
]

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


def channel_colour(channel: object) -> str:
    """The colour of a channel (grey for one we do not know)."""
    return CHANNEL_COLOURS.get(str(channel), OTHER_CHANNEL)


def figure_div(fig: go.Figure, div_id: str) -> str:
    """The figure for our own page: an empty `<div>` of the figure's size, and its data,
    layout and config as JSON beside it, drawn by the page's loader (`maps/html/page.html`)
    one figure after the other once the page has painted, so the text of a page shows at
    once however many figures follow. A figure with a fixed width (wider than the page, say)
    keeps it and scrolls sideways in its card. plotly's JSON writes `<` as `\\u003c`, so no
    text in it can close the script element."""
    fixed = fig.layout.width is not None
    plot = fig.to_plotly_json()
    spec = {
        "data": plot["data"],
        "layout": plot["layout"],
        "config": {**PLOTLY_CONFIG, "responsive": not fixed},
    }
    width = f"{fig.layout.width}px" if fixed else "100%"
    html = (
        f'<div id="{div_id}" class="figure" data-figure '
        f'style="width:{width};height:{fig.layout.height or 500}px"></div>'
        f'<script type="application/json" id="{div_id}-data">{to_json_plotly(spec)}</script>'
    )
    return f'<div class="scroll-x">{html}</div>' if fixed else html


class FigureSet:
    """The figures of one page, in page order: each becomes a `<div>` in the page and, when
    asked, a PNG/SVG image for slide decks (see `render_images`)."""

    def __init__(self) -> None:
        self.figures: list[tuple[str, go.Figure]] = []

    def div(self, fig: go.Figure, div_id: str) -> str:
        """Keep the figure under its id and return its `<div>`."""
        self.figures.append((div_id, fig))
        return figure_div(fig, div_id)
