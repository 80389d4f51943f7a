"""The observed map: the directly-follows graph as a left-to-right layered drawing, and the
table of the most frequent variants.

Layout is computed here from the DFG rows alone (one row per edge), not from events: each
touchpoint gets the column of its longest path from the start, ignoring the back-edges of loops
(so `delivered → opened → delivered` does not push nodes rightwards forever); within a column,
touchpoints are ordered by the weighted position of their neighbours to limit crossings, and
the busiest path runs straight along one row. Edges that would cross a touchpoint arc around it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from maps import render_theme as theme
from maps.render_data import PersonaData
from maps.render_format import (
    esc_html,
    esc_plot,
    fmt_count,
    fmt_share,
    humanise_seconds,
    is_missing,
    log_scale,
    of_journeys,
    wrap_plot,
)
from mining import graph

START = "\x00start"  # pseudo touchpoint before every journey; no export name holds a NUL
ROW_PX = 118
WIDE_COLUMN_PX = 105  # narrower columns put names alternately under and over the circles
LABELLED_EDGES = 24  # the busiest edges carry their count; the others show it on hover
CURVE_POINTS = 25  # points along each drawn edge
ARROW_AT = 15  # the point of an edge that carries its arrow head, a little past the middle
TIME_TICKS = (1, 60, 3_600, 86_400, 604_800, 2_592_000)


@dataclass
class Edge:
    """One directly-follows edge as drawn (edges from the start use the START pseudo node)."""

    source: str
    target: str
    count: int
    median_seconds: float | None = None
    mean_seconds: float | None = None
    p90_seconds: float | None = None


@dataclass
class Graph:
    """The visible part of the DFG, and what was hidden under the minimum share."""

    edges: list[Edge]
    weight: dict[str, int]
    ends: dict[str, int]
    hidden_edges: int = 0
    hidden_transitions: int = 0
    hidden_nodes: list[str] = field(default_factory=list)


def dfg_edges(data: PersonaData) -> list[Edge]:
    """The persona's directly-follows edges, plus an edge from START to each start touchpoint."""
    edges = [
        Edge(
            r["source"],
            r["target"],
            int(r["count"]),
            r["median_seconds"],
            r["mean_seconds"],
            r["p90_seconds"],
        )
        for r in data["dfg"].to_dict("records")
    ]
    ends = data["endpoints"]
    starts = ends[ends["kind"] == "start"].to_dict("records")
    return edges + [Edge(START, r["touchpoint"], int(r["count"])) for r in starts]


def journey_ends(data: PersonaData) -> dict[str, int]:
    """How many journeys end at each touchpoint."""
    ends = data["endpoints"]
    rows = ends[ends["kind"] == "end"]
    return {str(t): int(n) for t, n in rows.groupby("touchpoint")["count"].sum().items()}


def build_graph(data: PersonaData, min_share: float) -> Graph:
    """Edges at or above `min_share` of the persona's journeys; node weight is its number of
    events (starts + incoming), counted over all edges, hidden ones included."""
    edges = dfg_edges(data)
    weight: dict[str, int] = defaultdict(int)
    for e in edges:
        weight[e.target] += e.count
    weight[START] = sum(e.count for e in edges if e.source == START)
    floor = min_share * int(data.first("summary").get("journeys") or 0)
    shown = [e for e in edges if e.count >= floor]
    hidden = [e for e in edges if e.count < floor]
    linked = {n for e in shown for n in (e.source, e.target)}
    return Graph(
        edges=shown,
        weight=dict(weight),
        ends=journey_ends(data),
        hidden_edges=len(hidden),
        hidden_transitions=sum(e.count for e in hidden),
        hidden_nodes=sorted(n for n in weight if n not in linked and n != START),
    )


def back_edges(edges: list[Edge]) -> set[tuple[str, str]]:
    """Edges that close a loop, found by a depth-first walk from START along busiest edges."""
    succ: dict[str, list[str]] = defaultdict(list)
    for e in sorted(edges, key=lambda e: (-e.count, e.source, e.target)):
        succ[e.source].append(e.target)
    return graph.back_edges([START] + sorted({e.source for e in edges} - {START}), succ)


def layer_nodes(edges: list[Edge]) -> dict[str, int]:
    """Column of each touchpoint: its longest path from START over forward edges."""
    loops = back_edges(edges)
    forward = [e for e in edges if (e.source, e.target) not in loops]
    nodes = {n for e in edges for n in (e.source, e.target)}
    indegree = {n: 0 for n in nodes}
    for e in forward:
        indegree[e.target] += 1
    layer = {n: 0 if n == START else 1 for n in nodes}  # unreached ones sit with the first
    ready = sorted(n for n, d in indegree.items() if d == 0)
    while ready:
        node = ready.pop()
        for e in forward:
            if e.source == node:
                layer[e.target] = max(layer[e.target], layer[node] + 1)
                indegree[e.target] -= 1
                if indegree[e.target] == 0:
                    ready.append(e.target)
    return layer


def neighbour_centre(
    node: str, side: int, edges: list[Edge], layer: dict[str, int], pos: dict[str, float]
) -> float:
    """Count-weighted mean position of `node`'s neighbours in the column at `side` (-1 left,
    +1 right); its own position when it has none there."""
    near = [
        (pos[other], e.count)
        for e in edges
        for here, other in ((e.target, e.source), (e.source, e.target))
        if here == node and layer.get(other) == layer[node] + side
    ]
    total = sum(count for _, count in near)
    return sum(p * count for p, count in near) / total if total else pos[node]


def order_layers(
    edges: list[Edge], layer: dict[str, int], weight: dict[str, int], sweeps: int = 6
) -> dict[int, list[str]]:
    """Touchpoints of each column, top to bottom: heaviest first, then sweeps left-to-right
    and back that sort each column by its neighbours' positions (fewer crossings)."""
    columns: dict[int, list[str]] = defaultdict(list)
    for node in sorted(layer, key=lambda n: (-weight.get(n, 0), n)):
        columns[layer[node]].append(node)
    pos = {n: float(i) for col in columns.values() for i, n in enumerate(col)}
    for sweep in range(sweeps):
        side = -1 if sweep % 2 == 0 else 1
        for key in sorted(columns, reverse=side > 0):
            centres = {n: neighbour_centre(n, side, edges, layer, pos) for n in columns[key]}
            columns[key].sort(key=lambda n: (centres[n], -weight.get(n, 0)))
            pos.update({n: float(i) for i, n in enumerate(columns[key])})
    return dict(columns)


def spine(edges: list[Edge], layer: dict[str, int]) -> list[str]:
    """The busiest path: from START, always the heaviest edge to a later column."""
    path = [START]
    while True:
        here = path[-1]
        later = [e for e in edges if e.source == here and layer[e.target] > layer[here]]
        if not later:
            return path
        path.append(max(later, key=lambda e: (e.count, e.target)).target)


def rows(columns: dict[int, list[str]], main: list[str], layer: dict[str, int]) -> dict[str, float]:
    """Vertical position of each touchpoint (up is positive): the busiest path on one straight
    row at 0, other touchpoints above or below it in their column's order; columns the busiest
    path jumps over keep row 0 free so its edge runs straight."""
    on_main = {layer[n]: n for n in main}
    jumped = {
        k for a, b in zip(main, main[1:], strict=False) for k in range(layer[a] + 1, layer[b])
    }
    y: dict[str, float] = {}
    for key, nodes in columns.items():
        for i, node in enumerate(nodes):
            if key in on_main:
                y[node] = float(nodes.index(on_main[key]) - i)
            elif key in jumped:
                y[node] = -float(i + 1)
            else:
                y[node] = (len(nodes) - 1) / 2 - i
    return y


def edge_path(x0: float, y0: float, x1: float, y1: float, bend: float) -> tuple[list, list]:
    """A quadratic curve from (x0, y0) to (x1, y1), bowed sideways by `bend`, as points."""
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    dx, dy = x1 - x0, y1 - y0
    length = math.hypot(dx, dy) or 1.0
    cx, cy = mx - dy / length * bend, my + dx / length * bend
    steps = [i / (CURVE_POINTS - 1) for i in range(CURVE_POINTS)]
    xs = [(1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t**2 * x1 for t in steps]
    ys = [(1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t**2 * y1 for t in steps]
    return xs, ys


def obstacle_side(edge: Edge, layer: dict[str, int], y: dict[str, float]) -> int:
    """Where the straight line of a column-jumping edge would hit a touchpoint or its label:
    +1 when it passes through or just above one (bow upwards), -1 when it crosses the label
    underneath (bow downwards), 0 when the way is clear."""
    x0, x1 = layer[edge.source], layer[edge.target]
    y0, y1 = y[edge.source], y[edge.target]
    lo, hi = sorted((x0, x1))
    for node in sorted(layer, key=lambda n: (layer[n], -y[n])):
        if lo < layer[node] < hi:
            gap = y0 + (y1 - y0) * (layer[node] - x0) / (x1 - x0) - y[node]
            if -0.6 < gap < 0.3:  # labels hang about half a row under the circle
                return 1 if gap > -0.2 and max(y0, y1) >= 0 else -1
    return 0


def edge_bend(edge: Edge, layer: dict[str, int], y: dict[str, float], loop: bool) -> float:
    """How far an edge bows, in rows: loops arc back underneath, edges inside one column bow
    sideways, edges that would cross a touchpoint arc around it (further the further they
    jump); every other edge is straight."""
    span = layer[edge.target] - layer[edge.source]
    if loop:
        return 0.7 + 0.25 * abs(span)
    if span == 0:
        return 0.35
    side = obstacle_side(edge, layer, y) if span > 1 else 0
    return side * (0.55 + 0.3 * (span - 1))


def node_name(node: str) -> str:
    """What a node is called on the map."""
    return "Start" if node == START else node


def edge_hover(edge: Edge, journeys: int) -> str:
    """Counts and times of one edge, humanised."""
    name = f"{esc_plot(node_name(edge.source))} → {esc_plot(node_name(edge.target))}"
    if edge.source == START:
        return (
            f"<b>{name}</b><br>{fmt_count(edge.count)} journeys start here "
            f"({fmt_share(edge.count, journeys)} of {fmt_count(journeys)})"
        )
    return (
        f"<b>{name}</b><br>{fmt_count(edge.count)} transitions "
        f"(= {fmt_share(edge.count, journeys)} of {fmt_count(journeys)} journeys)"
        f"<br>median {humanise_seconds(edge.median_seconds)} · mean "
        f"{humanise_seconds(edge.mean_seconds)} · 90% within "
        f"{humanise_seconds(edge.p90_seconds)}"
    )


@dataclass
class Drawing:
    """Where everything goes: columns, vertical positions, and the time colour range."""

    graph: Graph
    layer: dict[str, int]
    y: dict[str, float]
    journeys: int
    time_range: tuple[float, float]
    px_per_column: float

    def size(self, node: str) -> float:
        """Circle diameter in px: by the touchpoint's events, relative to the busiest one."""
        if node == START:
            return 20.0
        top = max((w for n, w in self.graph.weight.items() if n != START), default=1) or 1
        return 16.0 + 30.0 * math.sqrt(self.graph.weight.get(node, 0) / top)

    def colour(self, edge: Edge) -> str:
        """Edge colour by its median time (log scale); start/end edges in neutral grey."""
        if is_missing(edge.median_seconds):
            return "#9aa5b1"
        where = log_scale(float(edge.median_seconds), *self.time_range)
        return sample_colorscale(theme.TIME_SCALE, [where])[0]


def plan_drawing(data: PersonaData, min_share: float) -> Drawing:
    """Lay the visible graph out (see module docstring)."""
    graph = build_graph(data, min_share)
    layer = layer_nodes(graph.edges)
    columns = order_layers(graph.edges, layer, graph.weight)
    y = rows(columns, spine(graph.edges, layer), layer)
    times = [float(e.median_seconds) for e in graph.edges if not is_missing(e.median_seconds)]
    return Drawing(
        graph=graph,
        layer=layer,
        y=y,
        journeys=int(data.first("summary").get("journeys") or 0),
        time_range=(min(times, default=1.0), max(times, default=1.0)),
        px_per_column=1180 / max(len(columns), 1),
    )


def edge_trace(e: Edge, d: Drawing, loop: bool, top: int) -> go.Scatter:
    """One edge as a curve (width by count, colour by median time, dotted when it loops back);
    hovering anywhere along it shows its figures. Its arrow head is drawn by `arrow_trace`."""
    xs, ys = edge_path(
        d.layer[e.source],
        d.y[e.source],
        d.layer[e.target],
        d.y[e.target],
        edge_bend(e, d.layer, d.y, loop),
    )
    return go.Scatter(
        x=[round(x, 3) for x in xs],  # a thousandth of a column is below a pixel
        y=[round(y, 3) for y in ys],
        mode="lines",
        showlegend=False,
        opacity=0.85,
        line=dict(color=d.colour(e), width=edge_width(e, top), dash="dot" if loop else "solid"),
        text=edge_hover(e, d.journeys),  # one string for every point, written once
        hoverinfo="text",
    )


def edge_width(e: Edge, top: int) -> float:
    """Line width in px by the edge's count, relative to the busiest edge."""
    return 1.2 + 9.0 * math.sqrt(e.count / top)


def arrow_trace(drawn: list[Edge], traces: list[go.Scatter], d: Drawing, top: int) -> go.Scatter:
    """Every edge's arrow head, a little past its middle and pointing along it, in one trace:
    a marker on each of the 25 points of every edge cost Plotly as much as the edges."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    sizes: list[float] = []
    colours: list[str] = []
    hovers: list[str] = []
    for e, trace in zip(drawn, traces, strict=True):
        # the point before the head gives its direction (angleref "previous"), unmarked
        xs += [trace.x[ARROW_AT - 1], trace.x[ARROW_AT], None]
        ys += [trace.y[ARROW_AT - 1], trace.y[ARROW_AT], None]
        sizes += [0.0, 10 + edge_width(e, top), 0.0]
        colours += [d.colour(e)] * 3
        hovers += [edge_hover(e, d.journeys)] * 3
    return go.Scatter(
        x=xs,
        y=ys,
        mode="markers",
        showlegend=False,
        opacity=0.85,
        marker=dict(symbol="triangle-up", size=sizes, angleref="previous", color=colours,
                    line=dict(color="#ffffff", width=1)),
        text=hovers,
        hoverinfo="text",
    )


def edge_label(e: Edge, trace: go.Scatter, d: Drawing) -> dict:
    """The edge's count on a light backing at the middle of its curve."""
    middle = len(trace.x) // 2
    return dict(
        x=trace.x[middle],
        y=trace.y[middle],
        text=fmt_count(e.count),
        showarrow=False,
        font=dict(size=10, color=theme.INK),
        bgcolor="rgba(255,255,255,0.85)",
        borderpad=1,
        hovertext=edge_hover(e, d.journeys),
    )


def edge_traces(d: Drawing) -> tuple[list[go.Scatter], list[dict]]:
    """Every visible edge, busiest drawn last (on top), then their arrow heads; the busiest
    carry their count."""
    loops = back_edges(d.graph.edges)
    top = max((e.count for e in d.graph.edges), default=1)
    ranked = sorted(d.graph.edges, key=lambda e: -e.count)
    busiest = {(e.source, e.target) for e in ranked[:LABELLED_EDGES]}
    drawn = list(reversed(ranked))
    traces = [edge_trace(e, d, (e.source, e.target) in loops, top) for e in drawn]
    labels = [
        edge_label(e, trace, d)
        for e, trace in zip(drawn, traces, strict=True)
        if (e.source, e.target) in busiest
    ]
    return traces + ([arrow_trace(drawn, traces, d, top)] if drawn else []), labels


def designed_at(node: str, data: PersonaData) -> list[str]:
    """Where a touchpoint sits in the designed map, as hover lines."""
    lines = [
        f"Designed step {int(s['step_index'])}: {esc_plot(s['step'])} ({esc_plot(s['stage'])})"
        for s in data.designed_steps_of(node)
    ]
    return lines or (["Not in the designed map"] if data.has_design else [])


def node_hover(node: str, d: Drawing, data: PersonaData) -> str:
    """What one touchpoint is in the design, how often it happens, starts and ends journeys."""
    if node == START:
        return f"<b>Start</b><br>{of_journeys(d.graph.weight.get(START, 0), d.journeys)}"
    starts = sum(e.count for e in d.graph.edges if e.source == START and e.target == node)
    ends = d.graph.ends.get(node, 0)
    return "<br>".join(
        [
            f"<b>{esc_plot(node)}</b>",
            *designed_at(node, data),
            f"{fmt_count(d.graph.weight.get(node, 0))} events",
            f"Journeys starting here: {of_journeys(starts, d.journeys)}",
            f"Journeys ending here: {of_journeys(ends, d.journeys)}",
        ]
    )


def node_label(node: str, d: Drawing, chars: int) -> str:
    """Name under the circle, wrapped, and how many journeys end at it."""
    if node == START:
        return "<b>Start</b>"
    ends = d.graph.ends.get(node, 0)
    note = (
        f'<br><span style="font-size:11px;color:{theme.DROPPED}">■ {fmt_count(ends)} end '
        f"here</span>"
        if ends
        else ""
    )
    return wrap_plot(node, chars, 2) + note


def node_groups(d: Drawing, data: PersonaData) -> list[tuple[str, list[str], dict]]:
    """(legend name, nodes, marker style): designed touchpoints solid, others as ghosts."""
    designed = data.designed_touchpoints()
    nodes = sorted(d.layer, key=lambda n: (d.layer[n], -d.y[n]))
    real = [n for n in nodes if n != START]
    solid = dict(color=theme.DESIGNED_NODE, line=dict(color="#ffffff", width=2))
    ghost = dict(color="#ffffff", line=dict(color=theme.UNEXPECTED, width=2.5))
    start = dict(color=theme.INK, symbol="triangle-right", line=dict(color="#ffffff", width=1))
    if not data.has_design:
        groups = [("Touchpoint", real, solid)]
    else:
        groups = [
            ("Designed touchpoint", [n for n in real if n in designed], solid),
            ("Not in the design", [n for n in real if n not in designed], ghost),
        ]
    return [*groups, ("Start of the journeys", [n for n in nodes if n == START], start)]


def label_sides(nodes: list[str], d: Drawing) -> tuple[list[bool], int]:
    """Whether each name goes under its circle (else over it), and how wide names may be:
    all under, or, when columns are narrow, alternately under and over so neighbours never
    meet."""
    if d.px_per_column >= WIDE_COLUMN_PX:
        return [True] * len(nodes), int(d.px_per_column / 8.0)
    below = [d.layer[n] % 2 == 0 for n in nodes]
    return below, max(10, min(22, int(2 * d.px_per_column / 8.0) - 2))


def node_traces(d: Drawing, data: PersonaData) -> list[go.Scatter]:
    """Touchpoints as circles sized by their events."""
    return [
        go.Scatter(
            x=[d.layer[n] for n in nodes],
            y=[d.y[n] for n in nodes],
            mode="markers",
            name=name,
            marker=dict(size=[d.size(n) for n in nodes], opacity=1, **style),
            hovertext=[node_hover(n, d, data) for n in nodes],
            hovertemplate="%{hovertext}<extra></extra>",
            cliponaxis=False,
        )
        for name, nodes, style in node_groups(d, data)
        if nodes
    ]


def node_labels(d: Drawing, data: PersonaData) -> list[dict]:
    """Names beside the circles on a light backing, so an edge running behind a name never
    makes it unreadable; hovering a name shows the touchpoint's figures."""
    nodes = sorted(d.layer)
    sides, chars = label_sides(nodes, d)
    return [
        dict(
            x=d.layer[n],
            y=d.y[n],
            text=node_label(n, d, chars),
            showarrow=False,
            yanchor="top" if below else "bottom",
            yshift=(-1 if below else 1) * (d.size(n) / 2 + 3),
            bgcolor="rgba(255,255,255,0.8)",
            borderpad=1,
            font=dict(size=12, color=theme.INK),
            hovertext=node_hover(n, d, data),
        )
        for n, below in zip(nodes, sides, strict=True)
    ]


def time_ticks(low: float, high: float) -> list[float]:
    """Colour-bar ticks: both ends of the range and the round durations between them, each
    at least a sixth of the bar away from its neighbours."""
    bottom = max(low, 1.0)
    if high <= bottom:
        return [bottom]
    ticks = [bottom]
    for tick in TIME_TICKS:
        where = log_scale(tick, low, high)
        if where - log_scale(ticks[-1], low, high) >= 0.16 and where <= 0.84:
            ticks.append(tick)
    return [*ticks, high]


def time_colourbar(d: Drawing) -> go.Scatter:
    """An invisible trace that carries the colour bar of median time between touchpoints."""
    low, high = d.time_range
    ticks = time_ticks(low, high)
    return go.Scatter(
        x=[None],
        y=[None],
        mode="markers",
        showlegend=False,
        hoverinfo="skip",
        marker=dict(
            colorscale=theme.TIME_SCALE,
            cmin=-0.04,  # end ticks sit inside the bar, clear of its title
            cmax=1.04,
            color=[0],
            showscale=True,
            colorbar=dict(
                title=dict(text="Median time<br>between<br>touchpoints", font=dict(size=12)),
                tickvals=[log_scale(t, low, high) for t in ticks],
                ticktext=[humanise_seconds(t) for t in ticks],
                thickness=12,
                len=0.8,
                x=1.0,
                xpad=12,
                outlinewidth=0,
            ),
        ),
    )


def observed_figure(data: PersonaData, min_share: float = 0.01) -> tuple[go.Figure, Graph]:
    """The directly-follows graph, left to right (see module docstring); also returns the
    graph so the page can say what was hidden."""
    d = plan_drawing(data, min_share)
    edges, labels = edge_traces(d)
    fig = go.Figure([*edges, *node_traces(d, data), time_colourbar(d)])
    labels += node_labels(d, data)
    ys = [y for trace in edges for y in trace.y if y is not None] + list(d.y.values()) or [0.0]
    low, high = min(ys) - 0.9, max(ys) + 0.35  # room for the labels under the lowest circles
    fig.update_layout(
        template=theme.TEMPLATE,
        height=int(ROW_PX * (high - low) + 110),
        annotations=labels,
        margin=dict(l=30, r=120, t=20, b=60),
        xaxis=dict(visible=False, range=[-0.45, max(d.layer.values(), default=0) + 0.5]),
        yaxis=dict(visible=False, range=[low, high]),
        legend=dict(orientation="h", x=0, y=0, yanchor="top"),
    )
    return fig, d.graph


def variants_table(data: PersonaData, top: int = 10) -> str:
    """The most frequent variants as an HTML table: sequence (touchpoints not in the design
    marked as ghosts), journeys, share and median duration. All data text escaped."""
    designed = data.designed_touchpoints()
    body: list[str] = []
    for r in data["variants"].head(top).to_dict("records"):
        chips = "".join(
            f'<li class="tp{" ghost" if data.has_design and t not in designed else ""}">'
            f"{esc_html(t)}</li>"
            for t in list(r["touchpoints"])
        )
        share = float(r["share"]) * 100 if not is_missing(r["share"]) else 0.0
        body.append(
            f'<tr><td class="num">{int(r["rank"])}</td><td><ol class="seq">{chips}</ol></td>'
            f'<td class="num">{fmt_count(r["count"])}</td><td class="num share">'
            f'<span class="meter"><span style="width:{min(share, 100):.1f}%"></span></span>'
            f"{share:.1f}%</td>"
            f'<td class="num">{humanise_seconds(r["median_duration_seconds"])}</td></tr>'
        )
    head = (
        "<thead><tr><th>#</th><th>Touchpoints in order</th><th>Journeys</th><th>Share</th>"
        "<th>Median duration</th></tr></thead>"
    )
    return f'<table class="variants">{head}<tbody>{"".join(body)}</tbody></table>'
