"""The overlay figure: observed journeys held against the designed map, step by step.

The overlay reads like a journey-mapping board: stages as column bands, designed steps as
columns, and three lanes under the step names: the designed emotion, what share of journeys
followed / were late / out of order / skipped / did not reach each step (with unexpected
touchpoints as hatched ghost bars between the steps they follow), and how many journeys left
after each step.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from maps import render_theme as theme
from maps.render_data import PersonaData
from maps.render_emotion import emotion_series, emotion_trace
from maps.render_format import (
    esc_plot,
    fmt_count,
    humanise_hours,
    is_missing,
    is_true,
    of_journeys,
    wrap_lines,
    wrap_plot,
)
from maps.render_impact import badges, opportunities

# (key, legend name, colour, colour of the percentage written inside the segment)
STATUSES = (
    ("on_time", "Followed in order", theme.FOLLOWED, "#ffffff"),
    ("late", "Followed late (over target time)", theme.LATE, theme.INK),
    ("out_of_order", "Followed out of order", theme.OUT_OF_ORDER, "#ffffff"),
    ("skipped", "Skipped (a later step happened)", theme.SKIPPED, "#ffffff"),
    ("not_taken", "Optional, not taken", theme.NOT_TAKEN, theme.INK),
    ("not_reached", "Not reached (journey ended before)", theme.NOT_REACHED, theme.INK),
)
PLOT_H = 624  # height of the three lanes together, in px
OVERLAY_MARGIN = dict(l=112, r=24, t=100, b=96)
LANES = {"emotion": (0.8, 1.0), "status": (0.21, 0.75), "dropped": (0.0, 0.14)}
LANE_PX = {lane: (top - bottom) * PLOT_H for lane, (bottom, top) in LANES.items()}
BAR_WIDTH = 0.56
PLOT_WIDTH_PX = 1240  # the page's figure width at 1440 px, used to size labels


@dataclass(frozen=True)
class Column:
    """One designed step as drawn: its x position (1..n) and its counts."""

    x: int
    row: dict
    total: int

    @property
    def title(self) -> str:
        optional = " (optional)" if is_true(self.row.get("optional")) else ""
        return f"{self.x}. {self.row['step']}{optional}"

    def counts(self) -> dict[str, int]:
        """Journeys split into the statuses of `STATUSES`, adding up to the step's journeys.

        `late` counts every followed journey over its target, whether in or out of order, and
        the table does not say how many were both; late ones are drawn inside the in-order
        part (exact whenever nothing at the step is out of order)."""
        in_order = int(self.row["in_order"])
        late = min(int(self.row["late"]), in_order)
        return {
            "on_time": in_order - late,
            "late": late,
            "out_of_order": int(self.row["out_of_order"]),
            "skipped": int(self.row["skipped"]),
            "not_taken": int(self.row["not_taken"]),
            "not_reached": int(self.row["not_reached"]),
        }


def columns_of(data: PersonaData) -> list[Column]:
    """The designed steps in order, with the optional flag from `designed_steps`."""
    steps = data["steps"].merge(
        data["designed_steps"][["step_index", "optional"]], on="step_index", how="left"
    )
    return [
        Column(x=i, row=row, total=int(row["journeys"]))
        for i, row in enumerate(steps.to_dict("records"), start=1)
    ]


def step_hover(col: Column, focus: str | None = None) -> str:
    """Everything about one step in one hover box; the hovered status first, in bold."""
    row, total = col.row, col.total
    names = {key: name for key, name, _, _ in STATUSES}
    lines = [
        f"<b>{esc_plot(col.title)}</b>",
        f"{esc_plot(row['stage'])} · {esc_plot(row['channel'])} · "
        f"touchpoint {esc_plot(row['touchpoint'])}",
    ]
    if focus:
        lines.append(f"<b>{names[focus]}: {of_journeys(col.counts()[focus], total)}</b>")
    target = row.get("target_hours")
    lines += [
        f"Followed: {of_journeys(int(row['followed']), total)}",
        f"   in order {fmt_count(row['in_order'])} · out of order "
        f"{fmt_count(row['out_of_order'])} · late {fmt_count(row['late'])}",
        f"Skipped: {of_journeys(int(row['skipped']), total)}",
    ]
    if is_true(row.get("optional")) or int(row["not_taken"]):
        lines.append(f"Optional, not taken: {of_journeys(int(row['not_taken']), total)}")
    if int(row["repeated"]):
        lines.append(
            f"Repeated (not designed to repeat): {of_journeys(int(row['repeated']), total)}"
        )
    lines += [
        f"Not reached: {of_journeys(int(row['not_reached']), total)}",
        f"Left after this step: {of_journeys(int(row['dropped_after']), total)}",
        f"Median wait from the previous step: {humanise_hours(row['median_hours_from_previous'])}"
        + ("" if is_missing(target) else f" (target {humanise_hours(target)})"),
    ]
    return "<br>".join(lines)


def status_bar(
    cols: list[Column], status: tuple[str, str, str, str], min_share: float, **placement: object
) -> go.Bar:
    """The segments of one status across the steps, as shares of each step's journeys, with
    the share written inside when it is at least `min_share` % and the step on hover.
    `placement` says where and which way: x/y (one of them the shares), orientation, axes."""
    key, name, colour, text_colour = status
    shares = [100.0 * c.counts()[key] / c.total if c.total else 0.0 for c in cols]
    along = "y" if placement.get("orientation") == "h" else "x"
    return go.Bar(
        **{along: placement.pop(along), ("x" if along == "y" else "y"): shares},
        name=name,
        marker=dict(color=colour, line=dict(color="#ffffff", width=1)),
        text=[f"{s:.0f}%" if s >= min_share else "" for s in shares],
        textposition="inside",
        insidetextanchor="middle",
        textfont=dict(color=text_colour, size=12 if min_share < 10 else 11),
        hovertext=[step_hover(c, key) for c in cols],
        hovertemplate="%{hovertext}<extra></extra>",
        **placement,
    )


def status_traces(cols: list[Column]) -> list[go.Bar]:
    """One stacked bar trace per status; each segment shows its share when there is room."""
    return [
        status_bar(
            cols,
            status,
            7,
            x=[c.x for c in cols],
            legendgroup="status",
            showlegend=status[0] != "not_taken" or any(c.counts()["not_taken"] for c in cols),
            width=BAR_WIDTH,
            xaxis="x2",
            yaxis="y2",
        )
        for status in STATUSES
    ]


def ghost_positions(
    unexpected: pd.DataFrame, x_of_step: dict[int, int]
) -> list[tuple[float, float]]:
    """(centre, width) of each unexpected touchpoint's ghost bar: in the gap after the step it
    follows, side by side when several follow the same step."""
    gap = 1.0 - BAR_WIDTH - 0.08
    after = [x_of_step.get(int(i), 0) for i in unexpected["after_step_index"]]
    placed: list[tuple[float, float]] = []
    for x in after:
        siblings = after.count(x)
        rank = sum(1 for p in after[: len(placed)] if p == x)
        width = min(0.12, gap / siblings - 0.02)
        placed.append((x + 0.5 + (rank - (siblings - 1) / 2) * (width + 0.02), width))
    return placed


def ghost_trace(data: PersonaData, x_of_step: dict[int, int], total: int) -> go.Bar | None:
    """Hatched ghost bars for touchpoints that are not in the design, with their counts."""
    unexpected = data["unexpected"]
    if unexpected.empty or not total:
        return None
    placed = ghost_positions(unexpected, x_of_step)
    hover = [
        f"<b>Not in the design: {esc_plot(r['touchpoint'])}</b><br>"
        f"after {esc_plot(r['after_step'] if not is_missing(r['after_step']) else 'the start')}"
        f"<br>{of_journeys(int(r['journeys']), total)}<br>{fmt_count(r['events'])} events"
        for r in unexpected.to_dict("records")
    ]
    return go.Bar(
        x=[c for c, _ in placed],
        width=[w for _, w in placed],
        y=[100.0 * j / total for j in unexpected["journeys"]],
        name="Unexpected touchpoint (not in the design)",
        marker=dict(
            color="rgba(255,255,255,0.9)",
            line=dict(color=theme.UNEXPECTED, width=1.5),
            pattern=dict(shape="/", fgcolor=theme.UNEXPECTED, size=6, solidity=0.25),
        ),
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        xaxis="x2",
        yaxis="y2",
    )


def ghost_label(row: dict, centre: float, share: float, more: int) -> dict:
    """One vertical name over a ghost bar, cut to the room left in the lane; when the gap is
    too narrow for every name, the busiest one says how many more there are."""
    suffix = f" (+{more} more)" if more else ""
    room = int((100.0 - share - 4.0) / 100.0 * LANE_PX["status"] / 6.4) - len(suffix)
    inside = room < 8  # a tall ghost bar: write down from its top instead
    chars = max(8, min(28, room if not inside else int(share / 100.0 * LANE_PX["status"] / 6.4)))
    return dict(
        x=centre,
        y=share - 2 if inside else share + 2,
        xref="x2",
        yref="y2",
        text=esc_plot(wrap_lines(f"+ {row['touchpoint']}", chars, 1)[0] + suffix),
        textangle=-90,
        showarrow=False,
        xanchor="center",
        yanchor="top" if inside else "bottom",
        font=dict(size=11, color=theme.MUTED),
        bgcolor="rgba(255,255,255,0.85)" if inside else None,
    )


def ghost_labels(
    data: PersonaData, x_of_step: dict[int, int], total: int, steps: int
) -> list[dict]:
    """Names above the ghost bars (full name on hover), one per gap when they would touch."""
    unexpected = data["unexpected"]
    if unexpected.empty or not total:
        return []
    placed = ghost_positions(unexpected, x_of_step)
    gaps: dict[int, list[tuple[float, float, dict]]] = {}
    for (centre, width), row in zip(placed, unexpected.to_dict("records"), strict=True):
        gap = x_of_step.get(int(row["after_step_index"]), 0)
        gaps.setdefault(gap, []).append((centre, width, row))
    px_per_step = PLOT_WIDTH_PX / max(steps, 1)
    notes = []
    for ghosts in gaps.values():
        roomy = min((w + 0.02) * px_per_step for _, w, _ in ghosts) >= 15
        chosen = ghosts if roomy else [max(ghosts, key=lambda g: g[2]["journeys"])]
        more = 0 if roomy else len(ghosts) - 1
        for centre, _, row in chosen:
            share = 100.0 * row["journeys"] / total
            notes.append(ghost_label(row, centre, share, more))
    return notes


def dropped_trace(cols: list[Column]) -> go.Bar:
    """Journeys whose last designed step was this one, drawn downwards under each step."""
    dropped = [int(c.row["dropped_after"]) for c in cols]
    shares = [100.0 * d / c.total if c.total else 0.0 for d, c in zip(dropped, cols, strict=True)]
    return go.Bar(
        x=[c.x for c in cols],
        y=[-s for s in shares],
        name="Left after the step",
        marker=dict(color=theme.DROPPED),
        width=BAR_WIDTH * 0.6,
        text=[
            f"{fmt_count(d)}<br>{s:.0f}%" if d else "–"
            for d, s in zip(dropped, shares, strict=True)
        ],
        textposition="outside",
        constraintext="none",
        textfont=dict(color=theme.DROPPED, size=12),
        cliponaxis=False,
        hovertext=[
            f"<b>Left after {esc_plot(c.title)}</b><br>{of_journeys(d, c.total)}"
            "<br>their last designed step was this one"
            for d, c in zip(dropped, cols, strict=True)
        ],
        hovertemplate="%{hovertext}<extra></extra>",
        xaxis="x3",
        yaxis="y3",
    )


def stage_spans(stages: list[object]) -> list[tuple[str, float, float]]:
    """(stage, left, right) x extent of each stage, from the stage of each column 1..n."""
    spans: list[tuple[str, float, float]] = []
    for x, stage in enumerate(map(str, stages), start=1):
        if spans and spans[-1][0] == stage:
            spans[-1] = (stage, spans[-1][1], x + 0.5)
        else:
            spans.append((stage, x - 0.5, x + 0.5))
    return spans


def stage_label(
    stage: str, left: float, right: float, px_per_step: float, y: float, yref: str
) -> dict:
    """The stage's name, in capitals, centred over its columns (the full name on hover)."""
    chars = int((right - left) * px_per_step / 8.5)
    return dict(
        x=(left + right) / 2,
        y=y,
        xref="x",
        yref=yref,
        text=f"<b>{wrap_plot(stage.upper(), chars, 1)}</b>",
        showarrow=False,
        font=dict(size=12, color=theme.EMOTION),
        hovertext=esc_plot(stage),
    )


def stage_band(
    left: float, right: float, y: tuple[float, float], colour: str, yref: str = "paper"
) -> dict:
    """A filled rectangle spanning a stage's columns between two heights of the figure."""
    return dict(
        type="rect",
        xref="x",
        yref=yref,
        x0=left,
        x1=right,
        y0=y[0],
        y1=y[1],
        fillcolor=colour,
        line=dict(width=0),
        layer="below",
    )


def stage_decorations(cols: list[Column], header_y: tuple[float, float]) -> tuple[list, list]:
    """Column bands behind the lanes and a header with the stage name above the step names."""
    shapes, notes = [], []
    px_per_step = PLOT_WIDTH_PX / max(len(cols), 1)
    for i, (stage, left, right) in enumerate(stage_spans([c.row["stage"] for c in cols])):
        shapes.append(stage_band(left, right, (0, 1), theme.STAGE_BANDS[i % 2]))
        shapes.append(stage_band(left + 0.02, right - 0.02, header_y, theme.STAGE_HEADERS[i % 2]))
        notes.append(stage_label(stage, left, right, px_per_step, sum(header_y) / 2, "paper"))
    return shapes, notes


def step_ticks(cols: list[Column]) -> tuple[dict, int]:
    """Step names as tick labels on top, wrapped to the column width (full name on hover);
    also how many lines the tallest one takes."""
    chars = max(8, min(24, int(PLOT_WIDTH_PX / max(len(cols), 1) / 7.6)))
    lines = [wrap_lines(c.title, chars, 3 if len(cols) <= 10 else 4) for c in cols]
    ticks = dict(
        tickmode="array",
        tickvals=[c.x for c in cols],
        ticktext=["<br>".join(esc_plot(line) for line in wrapped) for wrapped in lines],
    )
    return ticks, max((len(wrapped) for wrapped in lines), default=1)


def x_range(cols: list[Column], ghosts: list[tuple[float, float]]) -> list[float]:
    """Room for every column, plus ghosts that sit before the first or after the last step."""
    left = min([0.45] + [c - w for c, w in ghosts])
    right = max([len(cols) + 0.55] + [c + w for c, w in ghosts])
    return [
        left - 0.05 if left < 0.45 else left,
        right + 0.05 if right > len(cols) + 0.55 else right,
    ]


def lane_titles() -> list[dict]:
    """Horizontal lane names in the left margin (rotated axis titles are hard to read)."""
    return [
        dict(
            text=text,
            x=0,
            xref="paper",
            xshift=-46,
            xanchor="right",
            y=sum(lane) / 2,
            yref="paper",
            showarrow=False,
            align="right",
            font=dict(size=12, color=theme.MUTED),
        )
        for text, lane in (
            ("Designed<br>emotion", LANES["emotion"]),
            ("Share of<br>journeys", LANES["status"]),
            ("Left after<br>the step", LANES["dropped"]),
        )
    ]


def lane_axes(deepest: float) -> dict:
    """The y axis of each lane: emotion −2..+2, share of journeys 0..100 %, drop-off down."""
    quiet = dict(showgrid=False, fixedrange=True, tickfont=dict(size=11, color=theme.MUTED))
    return dict(
        yaxis=dict(
            **quiet,
            anchor="x",
            domain=LANES["emotion"],
            range=[-2.6, 3.5],
            tickvals=[-2, 0, 2],
            ticktext=["−2", "0", "+2"],
            zeroline=True,
            zerolinecolor="#cbd2d9",
        ),
        yaxis2=dict(
            anchor="x2",
            domain=LANES["status"],
            range=[0, 100],
            ticksuffix="%",
            dtick=25,
            fixedrange=True,
            tickfont=dict(size=11, color=theme.MUTED),
        ),
        yaxis3=dict(
            **quiet,
            anchor="x3",
            domain=LANES["dropped"],
            range=[-max(deepest, 1.0) * 2.2, 0],
            showticklabels=False,
            zeroline=True,
            zerolinecolor="#9aa5b1",
        ),
    )


def overlay_layout(cols: list[Column], ghosts: list[tuple[float, float]], deepest: float) -> dict:
    """Three lanes sharing the steps' x axis: emotion on top, statuses, then drop-off; the
    step names on top and the stage headers over them, with the room the names need."""
    ticks, lines = step_ticks(cols)
    names_px = 16 * lines + 14
    margin = dict(OVERLAY_MARGIN, t=names_px + 40)
    header = (1 + names_px / PLOT_H, 1 + (names_px + 28) / PLOT_H)
    shapes, notes = stage_decorations(cols, header)
    lane = dict(range=x_range(cols, ghosts), showgrid=False, zeroline=False, fixedrange=True)
    legend = dict(
        orientation="h",
        x=0,
        y=-0.04,
        yanchor="top",
        traceorder="normal",
        entrywidth=0.25,
        entrywidthmode="fraction",
    )
    return dict(
        template=theme.TEMPLATE,
        height=PLOT_H + margin["t"] + margin["b"],
        margin=margin,
        barmode="relative",
        bargap=0,
        shapes=shapes,
        annotations=notes + lane_titles(),
        xaxis=dict(**lane, side="top", anchor="y", **ticks, tickfont=dict(size=12)),
        xaxis2=dict(**lane, matches="x", anchor="y2", showticklabels=False),
        xaxis3=dict(**lane, matches="x", anchor="y3", showticklabels=False),
        **lane_axes(deepest),
        legend=legend,
        uniformtext=dict(minsize=10, mode="hide"),
    )


def emotion_traces(cols: list[Column]) -> list[go.Scatter]:
    """The emotion curves (designed, and measured once there is feedback) in the top lane."""
    xs, titles = [c.x for c in cols], [c.title for c in cols]
    return [
        emotion_trace(series, xs, titles, xaxis="x", yaxis="y")
        for series in emotion_series([c.row for c in cols])
    ]


def opportunity_badges(
    data: PersonaData, x_of_step: dict[int, int], ghosts: list[tuple[float, float]]
) -> list[dict]:
    """Numbered badges over the steps (or ghost bars) of the top-ranked opportunities, at the
    top of the share lane; the list under the map tells them in full."""
    items = opportunities(data)
    ghost_x = {
        (int(r["after_step_index"]), str(r["touchpoint"])): centre
        for (centre, _), r in zip(ghosts, data["unexpected"].to_dict("records"), strict=False)
    }
    where: dict[int, float] = {}
    for i, item in enumerate(items):
        step = None if is_missing(item.row["step_index"]) else int(item.row["step_index"])
        if item.kind == "unexpected":
            x = ghost_x.get((step if step is not None else 0, str(item.row["subject"])))
        else:
            x = x_of_step.get(step) if step is not None else None
        if x is not None:
            where[i] = x
    return badges(items, where, (LANES["status"][1] + LANES["emotion"][0]) / 2, "x")


def overlay_figure(data: PersonaData) -> go.Figure:
    """The designed steps with how observed journeys followed them (see module docstring)."""
    cols = columns_of(data)
    total = max((c.total for c in cols), default=0)
    x_of_step = {int(c.row["step_index"]): c.x for c in cols}
    ghost = ghost_trace(data, x_of_step, total)
    ghosts = ghost_positions(data["unexpected"], x_of_step) if ghost else []
    dropped = dropped_trace(cols)
    fig = go.Figure(
        data=[*status_traces(cols), *([ghost] if ghost else []), *emotion_traces(cols), dropped]
    )
    layout = overlay_layout(cols, ghosts, max([-v for v in dropped.y], default=0))
    notes = ghost_labels(data, x_of_step, total, len(cols)) + opportunity_badges(
        data, x_of_step, ghosts
    )
    # all at once: Plotly validates every annotation again on each add_annotation
    layout["annotations"] = [*layout.get("annotations", []), *notes]
    fig.update_layout(**layout)
    return fig
