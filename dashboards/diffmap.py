"""The difference between two versions of a designed map, drawn on the map itself: the newer
version as its journey map, each step that was added, moved or changed outlined in its colour
with a tag saying what changed, and each removed step marked where it used to be.

The journey map is `maps.render_journey.journey_figure`, drawn from the version's YAML through
the same registration the pipeline uses (`maps.conformance.register_designed_maps`, into an
in-memory DuckDB), so the drawing is the map the team knows; steps sit at x = 1..n and the y
axis counts pixels from the top.
"""

from __future__ import annotations

import duckdb
import plotly.graph_objects as go

from dashboards.collab.versions import Change
from maps.conformance import register_designed_maps
from maps.designed import DesignedMap
from maps.render_data import PersonaData, load_persona
from maps.render_format import esc_plot
from maps.render_journey import journey_figure

COLOURS = {"added": "#2f9e44", "moved": "#1c7ed6", "changed": "#e67700", "removed": "#c92a2a"}
TAG_PX = 22  # room above the map for the change tags


def version_data(designed: DesignedMap, persona: str) -> PersonaData:
    """A version's designed map as the frames the journey map is drawn from."""
    con = duckdb.connect()
    try:
        register_designed_maps(con, {persona: designed})
        return load_persona(con, persona)
    finally:
        con.close()


def step_positions(designed: DesignedMap) -> dict[str, int]:
    """x of each step (by name) on the journey map: its position, 1..n."""
    return {step.name: i for i, step in enumerate(designed.steps(), start=1)}


def outline(x: float, bottom: float, colour: str, dash: str = "solid") -> dict:
    return dict(type="rect", xref="x", yref="y", x0=x - 0.47, x1=x + 0.47, y0=-TAG_PX + 2,
                y1=bottom, line=dict(color=colour, width=3, dash=dash),
                fillcolor="rgba(0,0,0,0)", layer="above")


def tag(x: float, text: str, colour: str, hover: str) -> dict:
    return dict(x=x, xref="x", y=-TAG_PX / 2 + 1, yref="y", text=f"<b>{esc_plot(text)}</b>",
                showarrow=False, font=dict(size=11, color="#ffffff"), bgcolor=colour,
                borderpad=2, hovertext=esc_plot(hover))


def removed_marks(change: Change, before: DesignedMap, after_x: dict[str, int],
                  bottom: float) -> tuple[list[dict], list[dict]]:
    """A removed step as a dashed line between the steps that were around it, and its tag."""
    names = [s.name for s in before.steps()]
    i = names.index(change.step)
    left = next((after_x[n] for n in reversed(names[:i]) if n in after_x), 0)
    x = left + 0.5
    line = dict(type="line", xref="x", yref="y", x0=x, x1=x, y0=-TAG_PX + 2, y1=bottom,
                line=dict(color=COLOURS["removed"], width=3, dash="dash"), layer="above")
    return [line], [tag(x, f"− {change.step}", COLOURS["removed"],
                        f"removed: {change.step} ({change.detail})")]


def diff_figure(before: DesignedMap, after: DesignedMap, changes: list[Change],
                persona: str) -> go.Figure:
    """The newer version's journey map with its changes against the older one drawn on it."""
    fig = journey_figure(version_data(after, persona))
    bottom = fig.layout.yaxis.range[0]
    x_of = step_positions(after)
    shapes, notes = list(fig.layout.shapes), list(fig.layout.annotations)
    kinds: dict[str, list[Change]] = {}
    for change in changes:
        if change.kind == "removed":
            lines, tags = removed_marks(change, before, x_of, bottom)
            shapes += lines
            notes += tags
        else:
            kinds.setdefault(change.step, []).append(change)
    for step, found in kinds.items():
        colour = COLOURS[found[0].kind]  # added, else moved, else changed: diff's order
        shapes.append(outline(x_of[step], bottom, colour,
                              "dot" if found[0].kind == "moved" else "solid"))
        notes.append(tag(x_of[step], " + ".join(c.kind for c in found), colour,
                         "; ".join(f"{c.kind}: {step} ({c.detail})" for c in found)))
    fig.update_layout(shapes=shapes, annotations=notes,
                      yaxis=dict(range=[bottom, -TAG_PX]),
                      height=int(fig.layout.height + TAG_PX))
    return fig
