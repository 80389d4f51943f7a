"""Emotion curves (−2..+2 per designed step), as the journey map and the overlay draw them.

Today the one series is the designed emotion of each step. The measured emotion from feedback
(a later issue: same scale, with n and an interval) is meant to come in as a second
`EmotionSeries` from `emotion_series`, with `spread` for its interval and `counts` for its n:
every figure that draws emotion takes the list, so both curves appear side by side without
touching the figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import plotly.graph_objects as go

from maps import render_theme as theme
from maps.render_format import emotion_label, esc_plot, is_missing


@dataclass(frozen=True)
class EmotionSeries:
    """One emotion value per designed step (None where unknown), and how to draw it.

    `spread` (same length, half-width of an interval) and `counts` (answers behind a value)
    are for measured series; a designed series has neither."""

    name: str
    values: list[float | None]
    colour: str
    dash: str = "solid"
    spread: list[float | None] | None = None
    counts: list[int | None] | None = None


def designed_emotion(steps: list[dict]) -> EmotionSeries:
    """The designed emotion of each step, in designed order."""
    values = [
        None if is_missing(s.get("designed_emotion")) else float(s["designed_emotion"])
        for s in steps
    ]
    return EmotionSeries("Designed emotion", values, theme.EMOTION)


def emotion_series(steps: list[dict]) -> list[EmotionSeries]:
    """Every emotion series there is data for; today the designed one (see module docstring)."""
    return [designed_emotion(steps)]


def value_label(value: float | None) -> str:
    """ "+1", "0", "−2": the number written by a point."""
    if value is None:
        return ""
    return "0" if round(value, 1) == 0 else f"{value:+.1f}".replace(".0", "").replace("-", "−")


def point_hover(series: EmotionSeries, i: int, title: str) -> str:
    """One point's hover: step, series and value in words (n and interval when measured)."""
    value = series.values[i]
    lines = [f"<b>{esc_plot(title)}</b>", f"{series.name}: {emotion_label(value)}"]
    if series.counts and series.counts[i] is not None:
        lines.append(f"n = {series.counts[i]:,}")
    if series.spread and series.spread[i] is not None and value is not None:
        lines.append(f"interval {value - series.spread[i]:+.1f} to {value + series.spread[i]:+.1f}")
    return "<br>".join(lines)


def emotion_trace(
    series: EmotionSeries,
    xs: list[float],
    titles: list[str],
    to_y: Callable[[float], float] = lambda v: v,
    **axes: str,
) -> go.Scatter:
    """A smooth line through the steps, points coloured from red (−2) to green (+2) and
    labelled with their value; `to_y` maps −2..+2 onto the figure's y axis."""
    ys = [None if v is None else to_y(v) for v in series.values]
    error = None
    if series.spread:
        half = [0.0 if s is None else abs(to_y(s) - to_y(0.0)) for s in series.spread]
        error = dict(type="data", array=half, visible=True, color=series.colour, thickness=1)
    return go.Scatter(
        x=xs,
        y=ys,
        name=series.name,
        mode="lines+markers+text",
        line=dict(color=series.colour, width=2.5, shape="spline", smoothing=0.6, dash=series.dash),
        marker=dict(
            size=13,
            color=[0.0 if v is None else v for v in series.values],
            colorscale=theme.EMOTION_SCALE,
            cmin=-2,
            cmax=2,
            line=dict(color="#ffffff", width=2),
        ),
        error_y=error,
        text=[value_label(v) for v in series.values],
        textposition="top center",
        textfont=dict(color=series.colour, size=12),
        hovertext=[point_hover(series, i, t) for i, t in enumerate(titles)],
        hovertemplate="%{hovertext}<extra></extra>",
        connectgaps=True,
        **axes,
    )
