"""The top paths as a Sankey diagram: from the first touchpoint to the goal or to drop-off.

Paths come from `read_top_paths` (variants cut at the goal, the most frequent few). A node is a
touchpoint at a position along the path, so paths that pass the same touchpoint at the same
position flow through one node. A path ends in the goal node (at the right) or in a drop-off
node right after its last touchpoint, so the diagram shows where journeys leave ("end" nodes
when the persona has no designed map). Links are split by outcome, green on the way to the
goal and grey on the way to drop-off, so where journeys part ways shows too. Touchpoint nodes
take their channel's colour; touchpoints not in the design are grey.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from maps import render_theme as theme
from maps.render_data import ALTERNATIVES, PersonaData
from maps.render_format import esc_plot, fmt_count, fmt_share, of_journeys, wrap_lines

MAX_POSITIONS = 8  # touchpoints drawn per path; longer paths pass a "… more" node
GOAL, LEFT, END, MORE = ("goal",), "left", "end", "more"
LINK_TO_GOAL = "rgba(47, 158, 91, 0.38)"
LINK_TO_LEFT = "rgba(82, 96, 109, 0.26)"


@dataclass
class Flow:
    """Nodes (by key) and links (by source, target, outcome) with their journeys."""

    nodes: dict[tuple, int] = field(default_factory=dict)
    through: dict[tuple, list[int]] = field(default_factory=dict)  # key -> [to goal, left]
    links: dict[tuple, int] = field(default_factory=dict)

    def node(self, key: tuple) -> int:
        return self.nodes.setdefault(key, len(self.nodes))

    def add(self, keys: list[tuple], converted: bool, journeys: int) -> None:
        """One path's journeys along its nodes."""
        for key in keys:
            self.node(key)
            self.through.setdefault(key, [0, 0])[0 if converted else 1] += journeys
        for a, b in zip(keys, keys[1:], strict=False):
            link = (self.nodes[a], self.nodes[b], converted)
            self.links[link] = self.links.get(link, 0) + journeys


def path_keys(path: list[str], converted: bool, has_goal: bool) -> list[tuple]:
    """The nodes of one path: its touchpoints by position (the goal as the goal node),
    shortened to MAX_POSITIONS, then where it ends."""
    steps = path[:-1] if converted else path
    keys: list[tuple] = [("tp", i, t) for i, t in enumerate(steps[: MAX_POSITIONS - 1], start=1)]
    if len(steps) >= MAX_POSITIONS:
        keys.append((MORE, MAX_POSITIONS, len(steps) - MAX_POSITIONS + 1))
    keys.append(GOAL if converted else (LEFT if has_goal else END, len(keys) + 1))
    return keys


def build_flow(paths: pd.DataFrame, has_goal: bool) -> Flow:
    """Every path of the frame added into one flow."""
    flow = Flow()
    for row in paths.to_dict("records"):
        flow.add(
            path_keys(list(row["path"]), bool(row["converted"]), has_goal),
            bool(row["converted"]),
            int(row["journeys"]),
        )
    return flow


def node_label(key: tuple, goal: str | None) -> str:
    """What a node says beside it."""
    if key == GOAL:
        return f"<b>Goal: {esc_plot(goal)}</b>"
    if key[0] == LEFT:
        return "left"
    if key[0] == END:
        return "end"
    if key[0] == MORE:
        return "… more"
    return esc_plot(wrap_lines(key[2], 22, 1)[0])


def is_end(key: tuple) -> bool:
    """The goal, a drop-off or an end-of-journey node."""
    return key == GOAL or key[0] in (LEFT, END)


def node_hover(key: tuple, counts: list[int], total: int, goal: str | None) -> str:
    """Journeys through a node, and how many of them reach the goal."""
    passing = sum(counts)
    if key == GOAL:
        title = f"Goal reached: {esc_plot(goal)}"
    elif key[0] in (LEFT, END):
        verb = "Left before the goal" if key[0] == LEFT else "Journey ended"
        title = f"{verb} after touchpoint {key[1] - 1}"
    elif key[0] == MORE:
        title = f"Paths longer than {MAX_POSITIONS - 1} touchpoints"
    else:
        title = f"{esc_plot(key[2])}<br>touchpoint {key[1]} of the path"
    lines = [f"<b>{title}</b>", of_journeys(passing, total)]
    if goal and not is_end(key):
        lines.append(
            f"of them reach the goal: {fmt_count(counts[0])} ({fmt_share(counts[0], passing)})"
        )
    return "<br>".join(lines)


def node_colour(key: tuple, channels: dict[str, str]) -> str:
    """Goal green, drop-off dark grey, touchpoints by channel (grey when not designed)."""
    if key == GOAL:
        return theme.FOLLOWED
    if key[0] in (LEFT, END):
        return theme.DROPPED
    if key[0] == MORE:
        return theme.NOT_REACHED
    channel = channels.get(key[2])
    return theme.channel_colour(channel) if channel else theme.UNEXPECTED


def designed_channels(data: PersonaData) -> dict[str, str]:
    """The channel of every designed touchpoint."""
    steps = data["designed_steps"]
    return {
        t: str(channel)
        for value, channel in zip(steps["touchpoint"], steps["channel"], strict=True)
        for t in str(value).split(ALTERNATIVES)
    }


def link_hover(keys: list[tuple], link: tuple, value: int, total: int, has_goal: bool) -> str:
    """ "a → b: 56 journeys (35.9%) that go on to the goal"."""
    a, b, converted = link
    names = [
        esc_plot(keys[i][2]) if keys[i][0] == "tp" else node_label(keys[i], None) for i in (a, b)
    ]
    outcome = (
        "that go on to reach the goal"
        if converted
        else "that leave before the goal"
        if has_goal
        else ""
    )
    return (
        f"<b>{names[0]} → {names[1]}</b><br>{fmt_count(value)} journeys "
        f"({fmt_share(value, total)} of {fmt_count(total)}) {outcome}"
    )


def sankey_figure(data: PersonaData, paths: pd.DataFrame) -> go.Figure:
    """The top paths as a Sankey (see module docstring)."""
    goal = data.goal
    total = int(data.first("summary").get("journeys") or 0)
    flow = build_flow(paths, goal is not None)
    keys = sorted(flow.nodes, key=flow.nodes.get)
    channels = designed_channels(data)
    links = list(flow.links.items())
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node=dict(
                label=[node_label(k, goal) for k in keys],
                color=[node_colour(k, channels) for k in keys],
                align="left",
                pad=12,
                thickness=14,
                line=dict(color="#ffffff", width=0.5),
                customdata=[node_hover(k, flow.through[k], total, goal) for k in keys],
                hovertemplate="%{customdata}<extra></extra>",
            ),
            link=dict(
                source=[a for (a, _, _), _ in links],
                target=[b for (_, b, _), _ in links],
                value=[v for _, v in links],
                color=[LINK_TO_GOAL if c else LINK_TO_LEFT for (_, _, c), _ in links],
                customdata=[
                    link_hover(keys, link, v, total, goal is not None) for link, v in links
                ],
                hovertemplate="%{customdata}<extra></extra>",
            ),
            textfont=dict(size=12, color=theme.INK),
        )
    )
    fig.update_layout(template=theme.TEMPLATE, height=560, margin=dict(l=10, r=10, t=16, b=16))
    return fig
