"""Emotion curves (−2..+2 per designed step), as the journey map and the overlay draw them.

The designed emotion of each step, and once there is feedback the measured one (same scale, from
`mining.feedback`, joined onto the step rows as `measured_*` columns): a dashed curve with its
t-interval as error bars and n on hover. Steps with fewer answers than the run's minimum are
not on that curve: they are hollow grey marks labelled "n = 3: too few", so nobody reads a value
into three answers. Every figure that draws emotion takes the list of `emotion_series`, so the
curves appear side by side without touching the figures.
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
    mode: str = "lines+markers+text"
    symbol: str = "circle"
    labels: list[str] | None = None  # text by each point (default: its value)
    hollow: bool = False  # grey open markers: values too uncertain to colour
    text_position: str = "top center"
    connect_gaps: bool = True  # a measured curve breaks where a step has too few answers


def designed_emotion(steps: list[dict]) -> EmotionSeries:
    """The designed emotion of each step, in designed order."""
    values = [
        None if is_missing(s.get("designed_emotion")) else float(s["designed_emotion"])
        for s in steps
    ]
    return EmotionSeries("Designed emotion", values, theme.EMOTION)


def _measured(step: dict, enough: bool) -> float | None:
    value = step.get("measured_emotion")
    if is_missing(value) or is_missing(step.get("measured_n")):
        return None
    return float(value) if bool(step.get("measured_enough")) == enough else None


def measured_emotion(steps: list[dict]) -> list[EmotionSeries]:
    """The measured emotion of steps with enough answers (with interval and n), and a mark for
    each step with too few; none when the steps carry no feedback."""
    if not any(not is_missing(s.get("measured_n")) for s in steps):
        return []
    counts = [None if is_missing(s.get("measured_n")) else int(s["measured_n"]) for s in steps]
    values = [_measured(s, True) for s in steps]
    spread = [None if v is None or is_missing(s.get("measured_high"))
              else float(s["measured_high"]) - v for v, s in zip(values, steps, strict=True)]
    few = [_measured(s, False) for s in steps]
    series = [EmotionSeries("Measured emotion", values, theme.MEASURED, dash="dash",
                            spread=spread, counts=counts, symbol="diamond",
                            text_position="bottom center", connect_gaps=False)]
    if any(v is not None for v in few):
        series.append(EmotionSeries(
            "Too few answers to say", few, theme.MUTED, counts=counts, mode="markers+text",
            symbol="circle-open", hollow=True, text_position="bottom center",
            labels=[f"n = {n}: too few" if v is not None else ""
                    for v, n in zip(few, counts, strict=True)]))
    return series


def emotion_series(steps: list[dict]) -> list[EmotionSeries]:
    """Every emotion series there is data for: designed, and measured (see module docstring)."""
    return [designed_emotion(steps), *measured_emotion(steps)]


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
        mode=series.mode,
        line=dict(color=series.colour, width=2.5, shape="spline", smoothing=0.6, dash=series.dash),
        marker=dict(
            size=13,
            symbol=series.symbol,
            color=series.colour if series.hollow else [0.0 if v is None else v
                                                      for v in series.values],
            colorscale=None if series.hollow else theme.EMOTION_SCALE,
            cmin=-2,
            cmax=2,
            line=dict(color=series.colour if series.hollow else "#ffffff", width=2),
        ),
        error_y=error,
        text=series.labels or [value_label(v) for v in series.values],
        textposition=series.text_position,
        textfont=dict(color=series.colour, size=12),
        hovertext=[point_hover(series, i, t) for i, t in enumerate(titles)],
        hovertemplate="%{hovertext}<extra></extra>",
        connectgaps=series.connect_gaps,
        **axes,
    )
