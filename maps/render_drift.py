"""Drift: the latest period against the one before, and the trend over every period.

Periods are months of journey start, as conformance writes them (`overlay_periods`,
`overlay_period_steps`, and `overlay_fitness` per period when it has one). The figures say how
the headline rates moved (conversion, fit to the design, alignment fitness, late steps) and,
step by step, how the share that followed or skipped it and the wait before it changed.
A persona with fewer than two periods gets a note instead.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from maps import render_theme as theme
from maps.render_data import PersonaData
from maps.render_format import (
    esc_html,
    esc_plot,
    fmt_count,
    fmt_rate,
    fmt_score,
    fmt_share,
    humanise_hours,
    is_missing,
    wrap_plot,
)


@dataclass(frozen=True)
class Pair:
    """The latest period and the one before it, with their rows."""

    previous: dict
    latest: dict

    @property
    def names(self) -> tuple[str, str]:
        return str(self.previous["period"]), str(self.latest["period"])


def latest_pair(data: PersonaData) -> Pair | None:
    """The last two periods of the persona, or None with fewer than two."""
    rows = data["periods"].to_dict("records")
    return Pair(rows[-2], rows[-1]) if len(rows) >= 2 else None


def period_fitness(data: PersonaData) -> dict[str, float]:
    """Alignment (or replay) fitness per period, when conformance wrote it per period."""
    frame = data["period_fitness"]
    return {
        str(r["period"]): float(r["fitness"])
        for r in frame.to_dict("records")
        if not is_missing(r["fitness"])
    }


def late_share(row: dict) -> float | None:
    """Share of the period's journeys late on some step (None when not recorded)."""
    late, journeys = row.get("with_late_step"), row.get("journeys")
    if is_missing(late) or not journeys:
        return None
    return float(late) / float(journeys)


@dataclass(frozen=True)
class Delta:
    """One headline figure of both periods; `better` is +1 when up is good, -1 when up is bad,
    0 when neither."""

    label: str
    previous: float | None
    latest: float | None
    better: int
    kind: str = "rate"  # "rate" (0..1, in %), "score" (0..1, as a decimal) or "count"

    def value(self, v: float | None) -> str:
        if v is None:
            return "–"
        return {"rate": fmt_rate, "count": fmt_count}.get(self.kind, "{:.3f}".format)(v)

    def change(self) -> tuple[str, str]:
        """ "▲ 3.2 pts" (or "▼ 12", "▲ 0.015") and its tone: good, bad or flat."""
        if self.previous is None or self.latest is None:
            return "no figure for both periods", "flat"
        diff = self.latest - self.previous
        size = {"rate": f"{abs(diff) * 100:.1f} pts", "count": f"{abs(diff):,.0f}"}.get(
            self.kind, f"{abs(diff):.3f}"
        )
        if abs(diff) < {"rate": 0.0005, "count": 0.5}.get(self.kind, 0.0005):
            return "no change", "flat"
        tone = "flat" if not self.better else "good" if diff * self.better > 0 else "bad"
        return f"{'▲' if diff > 0 else '▼'} {size}", tone

    def html(self, previous_name: str) -> str:
        change, tone = self.change()
        return (
            f'<li class="kpi delta"><div class="label">{esc_html(self.label)}</div>'
            f'<div class="value">{self.value(self.latest)}</div>'
            f'<div class="change {tone}">{esc_html(change)}</div>'
            f'<div class="note">was {self.value(self.previous)} in {esc_html(previous_name)}</div>'
            "</li>"
        )


def deltas(data: PersonaData, pair: Pair) -> list[Delta]:
    """Journeys, conversion, fit to the design, fitness and late steps in both periods."""
    p, q = pair.previous, pair.latest
    fitness = period_fitness(data)
    items = [
        Delta("Journeys", float(p["journeys"]), float(q["journeys"]), 0, kind="count"),
        Delta("Conversion rate", p["conversion_rate"], q["conversion_rate"], +1),
        Delta("Fitting the design", p["fitting_share"], q["fitting_share"], +1),
    ]
    if fitness:
        items.append(
            Delta(
                "Fitness", fitness.get(pair.names[0]), fitness.get(pair.names[1]), +1, kind="score"
            )
        )
    if late_share(p) is not None or late_share(q) is not None:
        items.append(Delta("Late on a step", late_share(p), late_share(q), -1))
    return items


def deltas_html(data: PersonaData, pair: Pair) -> str:
    """The headline figures of the latest period with their change, as KPI cards."""
    return f'<ul class="kpis">{"".join(d.html(pair.names[0]) for d in deltas(data, pair))}</ul>'


def step_rows(data: PersonaData, period: str) -> dict[int, dict]:
    """A period's rows of `overlay_period_steps`, by step index."""
    frame = data["period_steps"]
    return {int(r["step_index"]): r for r in frame[frame["period"] == period].to_dict("records")}


# (row of the figure, title, how a step row gives the value, colour of the latest period)
MEASURES = (
    ("followed", "Followed", theme.FOLLOWED),
    ("skipped", "Skipped", theme.SKIPPED),
    ("wait", "Median wait", theme.LATE),
)


def measure_value(row: dict | None, key: str) -> float | None:
    """A step's share that followed or skipped it (0..1), or its median wait in hours."""
    if row is None:
        return None
    if key == "wait":
        wait = row["median_hours_from_previous"]
        return None if is_missing(wait) else max(float(wait), 0.01)
    return float(row[key]) / float(row["journeys"]) if row["journeys"] else None


def measure_text(row: dict | None, key: str, period: str) -> str:
    """One period's figure for the hover: counts with shares, or the wait."""
    if row is None:
        return f"{esc_plot(period)}: no journeys"
    if key == "wait":
        return f"{esc_plot(period)}: {humanise_hours(row['median_hours_from_previous'])}"
    return (
        f"{esc_plot(period)}: {fmt_count(row[key])} of {fmt_count(row['journeys'])} journeys "
        f"({fmt_share(row[key], row['journeys'])})"
    )


def change_text(before: float | None, after: float | None, key: str) -> str:
    """ "change +3.3 points" or "change ×1.8" for waits."""
    if before is None or after is None:
        return ""
    if key == "wait":
        return f"change ×{after / before:.2f}" if before > 0 else ""
    return f"change {100 * (after - before):+.1f} points"


def dumbbells(
    steps: list[dict], pair: Pair, data: PersonaData, key: str, colour: str
) -> list[go.Scatter]:
    """Per step, the previous period (hollow) joined to the latest (filled)."""
    before, after = step_rows(data, pair.names[0]), step_rows(data, pair.names[1])
    xs, lines_x, lines_y, prev_y, last_y, hover = [], [], [], [], [], []
    for x, step in enumerate(steps, start=1):
        index = int(step["step_index"])
        a, b = measure_value(before.get(index), key), measure_value(after.get(index), key)
        scale = 1.0 if key == "wait" else 100.0
        xs.append(x)
        prev_y.append(None if a is None else a * scale)
        last_y.append(None if b is None else b * scale)
        if a is not None and b is not None:
            lines_x += [x, x, None]
            lines_y += [a * scale, b * scale, None]
        hover.append(
            "<br>".join(
                filter(
                    None,
                    [
                        f"<b>{esc_plot(step['step_index'])}. {esc_plot(step['step'])}</b>",
                        measure_text(after.get(index), key, pair.names[1]),
                        measure_text(before.get(index), key, pair.names[0]),
                        change_text(a, b, key),
                    ],
                )
            )
        )
    common = dict(hovertext=hover, hovertemplate="%{hovertext}<extra></extra>")
    return [
        go.Scatter(
            x=lines_x,
            y=lines_y,
            mode="lines",
            showlegend=False,
            hoverinfo="skip",
            line=dict(color="#9aa5b1", width=2),
        ),
        go.Scatter(
            x=xs,
            y=prev_y,
            mode="markers",
            name=pair.names[0],
            legendgroup="previous",
            marker=dict(size=10, color="#ffffff", line=dict(color="#7b8794", width=2)),
            **common,
        ),
        go.Scatter(
            x=xs,
            y=last_y,
            mode="markers",
            name=pair.names[1],
            legendgroup="latest",
            marker=dict(size=11, color=colour, line=dict(color="#ffffff", width=1)),
            **common,
        ),
    ]


def target_marks(steps: list[dict]) -> go.Scatter:
    """The designed target time of each step that has one, as a dash on the wait row."""
    xs = [x for x, s in enumerate(steps, start=1) if not is_missing(s.get("target_hours"))]
    return go.Scatter(
        x=xs,
        y=[float(steps[x - 1]["target_hours"]) for x in xs],
        mode="markers",
        name="Target time",
        marker=dict(
            symbol="line-ew-open", size=22, color=theme.INK, line=dict(color=theme.INK, width=2)
        ),
        hovertext=[f"Target: within {humanise_hours(steps[x - 1]['target_hours'])}" for x in xs],
        hovertemplate="%{hovertext}<extra></extra>",
    )


WAIT_TICKS = (
    (1 / 60, "1 min"),
    (0.1, "6 min"),
    (1, "1 h"),
    (24, "1 d"),
    (168, "1 wk"),
    (720, "30 d"),
    (8760, "1 y"),
)


def wait_axis(fig: go.Figure) -> dict:
    """A log axis of hours wide enough for every wait and target drawn, with round ticks."""
    hours = [
        y
        for trace in fig.select_traces(row=3, col=1)
        for y in trace.y or []
        if y is not None and y > 0
    ]
    low, high = (min(hours, default=0.1) / 2, max(hours, default=24) * 2)
    ticks = [(v, t) for v, t in WAIT_TICKS if low <= v <= high] or [(low, humanise_hours(low))]
    return dict(
        type="log",
        range=[math.log10(low), math.log10(high)],
        tickvals=[v for v, _ in ticks],
        ticktext=[t for _, t in ticks],
    )


def drift_figure(data: PersonaData, pair: Pair) -> go.Figure:
    """Step by step, followed share, skipped share and wait: previous against latest period."""
    steps = data["steps"].to_dict("records")
    fig = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.07)
    for row, (key, _, colour) in enumerate(MEASURES, start=1):
        for i, trace in enumerate(dumbbells(steps, pair, data, key, colour)):
            trace.showlegend = row == 1 and i > 0
            fig.add_trace(trace, row=row, col=1)
    fig.add_trace(target_marks(steps), row=3, col=1)
    chars = max(8, min(22, int(1150 / max(len(steps), 1) / 7.6)))
    fig.update_xaxes(
        tickmode="array",
        tickvals=list(range(1, len(steps) + 1)),
        ticktext=[wrap_plot(f"{s['step_index']}. {s['step']}", chars, 3) for s in steps],
        range=[0.5, len(steps) + 0.5],
        fixedrange=True,
    )
    fig.update_xaxes(showticklabels=True, row=3, col=1)
    for row, (key, title, _) in enumerate(MEASURES, start=1):
        axis = dict(title=dict(text=title, font=dict(size=12, color=theme.MUTED)), fixedrange=True)
        axis.update(
            wait_axis(fig) if key == "wait" else dict(range=[-5, 105], ticksuffix="%", dtick=25)
        )
        fig.update_yaxes(row=row, col=1, **axis)
    fig.update_layout(
        template=theme.TEMPLATE,
        height=640,
        margin=dict(l=100, r=30, t=30, b=90),
        legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom"),
    )
    return fig


def trend_values(data: PersonaData) -> list[tuple[str, list[float | None]]]:
    """(title, value per period) of each trend measure of one persona: conversion and fit to
    the design (0..1 rates), then fitness (a 0..1 score; None where not written per period)."""
    rows = data["periods"].to_dict("records")
    fitness = period_fitness(data)
    return [
        ("Conversion rate", [r["conversion_rate"] for r in rows]),
        ("Fitting the design", [r["fitting_share"] for r in rows]),
        ("Fitness", [fitness.get(str(r["period"])) for r in rows]),
    ]


def trend_format(title: str) -> Callable[[object], str]:
    """How a trend measure is written: fitness as a score, the others as rates."""
    return fmt_score if title == "Fitness" else fmt_rate


TREND_COLOURS = {
    "Conversion rate": theme.REACHED,
    "Fitting the design": theme.FOLLOWED,
    "Fitness": theme.EMOTION,
}


def trend_figure(data: PersonaData) -> go.Figure:
    """Conversion, fit to the design and fitness in every period (0..1 on the left axis,
    the latest value written at the end of its line), journeys as light bars behind."""
    rows = data["periods"].to_dict("records")
    periods = [str(r["period"]) for r in rows]
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(
        go.Bar(
            x=periods,
            y=[r["journeys"] for r in rows],
            name="Journeys",
            marker_color="#e9ecef",
            text=[f"{fmt_count(r['journeys'])} journeys" for r in rows],
            textposition="inside",
            insidetextanchor="start",
            textfont=dict(color=theme.MUTED, size=11),
            hovertemplate="%{x}: %{y:,} journeys<extra></extra>",
        )
    )
    for name, values in trend_values(data):
        if all(is_missing(v) for v in values):
            continue
        fmt = trend_format(name)
        fig.add_trace(
            go.Scatter(
                x=periods,
                y=[None if is_missing(v) else float(v) for v in values],
                name=name,
                mode="lines+markers+text",
                line=dict(color=TREND_COLOURS[name], width=2.5),
                text=[""] * (len(values) - 1) + [fmt(values[-1])],
                textposition="middle right",
                textfont=dict(size=12, color=TREND_COLOURS[name]),
                hovertext=[f"{p}: {name} {fmt(v)}" for p, v in zip(periods, values, strict=True)],
                hovertemplate="%{hovertext}<extra></extra>",
                cliponaxis=False,
            ),
            secondary_y=True,
        )
    fig.update_yaxes(
        showgrid=False, fixedrange=True, showticklabels=False, rangemode="tozero", secondary_y=False
    )
    fig.update_yaxes(
        range=[0, 1.05],
        tickformat=".0%",
        dtick=0.25,
        fixedrange=True,
        side="left",
        showgrid=True,
        secondary_y=True,
    )
    fig.update_xaxes(type="category", fixedrange=True)
    fig.update_layout(
        template=theme.TEMPLATE,
        height=330,
        margin=dict(l=60, r=90, t=30, b=40),
        legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom"),
        bargap=0.55,
    )
    return fig
