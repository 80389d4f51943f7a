"""Personas side by side: headline figures, stage funnels, step statuses and trends.

Every figure here is small multiples of what each persona's own page shows, on the same scales
and in the same status colours, so personas compare at a glance; each persona's panel is titled
with its name and links to its page from the table above.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from maps import render_theme as theme
from maps.render_data import PersonaData
from maps.render_drift import period_fitness, trend_format, trend_values
from maps.render_format import (
    esc_html,
    esc_plot,
    fmt_count,
    fmt_rate,
    fmt_score,
    fmt_share,
    humanise_seconds,
    is_missing,
    of_journeys,
    wrap_plot,
)
from maps.render_html import notice, page, section
from maps.render_overlay import STATUSES, columns_of, status_bar
from maps.render_theme import FigureSet

PER_ROW = 3
PERSONA_COLOURS = ("#1d3f8f", "#c2255c", "#0c8599", "#e67700", "#6741d9", "#495057")


def overall_fitness(data: PersonaData) -> float | None:
    """The persona's fitness over all journeys (the first method written), if any."""
    row = data.first("fitness")
    return None if is_missing(row.get("fitness")) else float(row["fitness"])


def meter(value: float | None, fmt: Callable[[object], str] = fmt_rate) -> str:
    """A 0..1 figure (as `fmt` writes it) with a small bar under it, for the table."""
    if value is None or is_missing(value):
        return "–"
    width = min(max(float(value), 0.0), 1.0) * 100
    return f'{fmt(value)}<span class="meter"><span style="width:{width:.1f}%"></span></span>'


def kpi_table(datas: list[PersonaData], hrefs: dict[str, str]) -> str:
    """One row per persona: journeys, conversion, fit, fitness, duration, late, variants."""
    head = (
        "<thead><tr><th>Persona</th><th>Designed map</th><th>Journeys</th>"
        "<th>Conversion</th><th>Fitting the design</th><th>Fitness</th>"
        "<th>Median duration</th><th>Late on a step</th><th>Variants</th></tr></thead>"
    )
    body = []
    for data in datas:
        observed, overlay = data.first("summary"), data.first("overlay")
        late = (
            overlay["with_late_step"] / overlay["journeys"]
            if overlay and overlay.get("journeys")
            else None
        )
        cells = [
            f'<a href="{esc_html(hrefs[data.persona])}">{esc_html(data.persona)}</a>',
            esc_html(data.first("design").get("designed_map") or "–"),
            fmt_count(overlay.get("journeys", observed.get("journeys"))),
            meter(overlay.get("conversion_rate")),
            meter(overlay.get("fitting_share")),
            meter(overall_fitness(data), fmt_score),
            humanise_seconds(observed.get("median_duration_seconds")),
            meter(None if late is None or is_missing(late) else late),
            fmt_count(observed.get("variants")),
        ]
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return f'<table class="compare">{head}<tbody>{"".join(body)}</tbody></table>'


def grid(datas: list[PersonaData], row_px: int, **kwargs: object) -> go.Figure:
    """Small multiples: one panel per persona, PER_ROW to a row, titled with the persona."""
    cols = min(len(datas), PER_ROW)
    rows = math.ceil(len(datas) / cols)
    fig = make_subplots(
        rows=rows,
        cols=cols,
        subplot_titles=[esc_plot(d.persona) for d in datas],
        horizontal_spacing=0.16 if cols > 1 else 0.0,
        vertical_spacing=min(0.3 / rows, 0.12),
        **kwargs,
    )
    fig.update_annotations(font=dict(size=14, color=theme.INK))
    fig.update_layout(
        template=theme.TEMPLATE,
        height=row_px * rows + 90,
        margin=dict(l=150, r=30, t=50, b=40),
        bargap=0.3,
    )
    return fig


def cell(i: int) -> dict:
    return dict(row=i // PER_ROW + 1, col=i % PER_ROW + 1)


def funnels_figure(datas: list[PersonaData]) -> go.Figure:
    """Share of each persona's journeys that reached each stage of its designed map."""
    tallest = max(len(d["stages"]) for d in datas)
    fig = grid(datas, 46 * tallest + 60)
    for i, data in enumerate(datas):
        rows = data["stages"].to_dict("records")
        total = int(data.first("overlay").get("journeys") or 0)
        shares = [100.0 * float(r["reached"]) / total if total else 0.0 for r in rows]
        fig.add_trace(
            go.Bar(
                y=[wrap_plot(f"{int(r['stage_index'])}. {r['stage']}", 18, 2) for r in rows],
                x=shares,
                orientation="h",
                marker_color=theme.REACHED,
                showlegend=False,
                text=[f"{s:.0f}%" for s in shares],
                textposition="auto",
                hovertext=[
                    f"<b>{esc_plot(data.persona)} · {esc_plot(r['stage'])}</b><br>Reached: "
                    f"{of_journeys(int(r['reached']), total)}<br>Left in this stage: "
                    f"{fmt_count(r['dropped_in_stage'])} "
                    f"({fmt_share(r['dropped_in_stage'], r['reached'])} of those who "
                    "reached it)"
                    for r in rows
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            ),
            **cell(i),
        )
    fig.update_xaxes(range=[0, 100], ticksuffix="%", dtick=25, fixedrange=True)
    fig.update_yaxes(autorange="reversed", fixedrange=True, tickfont=dict(size=11))
    return fig


def steps_figure(datas: list[PersonaData]) -> go.Figure:
    """Each persona's designed steps split by what journeys did there, in status colours."""
    tallest = max(len(d["steps"]) for d in datas)
    fig = grid(datas, 30 * tallest + 40)
    plot_px = fig.layout.height - 50 - 90
    fig.update_layout(
        barmode="stack",
        legend=dict(orientation="h", x=0, y=-36 / plot_px, yanchor="top", traceorder="normal"),
        margin=dict(l=150, r=30, t=50, b=90),
    )
    for i, data in enumerate(datas):
        cols = columns_of(data)
        labels = [wrap_plot(c.title, 20, 2) for c in cols]
        for status in STATUSES:
            bar = status_bar(
                cols,
                status,
                12,
                y=labels,
                orientation="h",
                legendgroup=status[0],
                showlegend=i == 0,
            )
            fig.add_trace(bar, **cell(i))
    fig.update_xaxes(range=[0, 100], ticksuffix="%", dtick=25, fixedrange=True)
    fig.update_yaxes(autorange="reversed", fixedrange=True, tickfont=dict(size=11))
    fig.update_layout(uniformtext=dict(minsize=9, mode="hide"))
    return fig


def trends_figure(datas: list[PersonaData]) -> go.Figure:
    """Conversion and fit to the design (in %) and fitness (0..1) per period, one line per
    persona; the fitness panel only when some persona has fitness per period."""
    panels = 3 if any(period_fitness(d) for d in datas) else 2
    titles = [title for title, _ in trend_values(datas[0])][:panels]
    fig = make_subplots(rows=1, cols=panels, subplot_titles=titles, horizontal_spacing=0.07)
    for i, data in enumerate(datas):
        rows = data["periods"].to_dict("records")
        periods = [str(r["period"]) for r in rows]
        colour = PERSONA_COLOURS[i % len(PERSONA_COLOURS)]
        for col, (title, values) in enumerate(trend_values(data)[:panels], start=1):
            fmt = trend_format(title)
            fig.add_trace(
                go.Scatter(
                    x=periods,
                    y=[None if is_missing(v) else float(v) for v in values],
                    name=esc_plot(data.persona),
                    legendgroup=str(i),
                    showlegend=col == 1,
                    mode="lines+markers",
                    line=dict(color=colour, width=2.5),
                    hovertext=[
                        f"<b>{esc_plot(data.persona)}</b> · {p}<br>{title}: {fmt(v)}<br>"
                        f"{fmt_count(r['journeys'])} journeys"
                        for p, v, r in zip(periods, values, rows, strict=True)
                    ],
                    hovertemplate="%{hovertext}<extra></extra>",
                ),
                row=1,
                col=col,
            )
    fig.update_yaxes(range=[0, 1.05], tickformat=".0%", dtick=0.25, fixedrange=True)
    if panels == 3:
        fig.update_yaxes(tickformat=".2f", row=1, col=3)
    fig.update_xaxes(type="category", fixedrange=True)
    fig.update_annotations(font=dict(size=14, color=theme.INK))
    fig.update_layout(
        template=theme.TEMPLATE,
        height=360,
        margin=dict(l=50, r=20, t=50, b=40),
        legend=dict(orientation="h", x=0, y=-0.12, yanchor="top"),
    )
    return fig


def compare_page(
    datas: list[PersonaData], hrefs: dict[str, str], generated: str, figures: FigureSet
) -> str:
    """Personas side by side: the table, then funnels, steps and trends of those that have
    them (a persona without a designed map is in the table only)."""
    designed = [d for d in datas if d.has_overlay]
    parts = [
        section(
            "Headline figures",
            "Every persona of the run; click a name for its map.",
            kpi_table(datas, hrefs),
            anchor="figures",
        )
    ]
    if designed:
        parts += [
            section(
                "Stage funnels",
                "Share of each persona's journeys that reached each stage of its designed map.",
                figures.div(funnels_figure(designed), "stage-funnels-figure"),
                anchor="funnels",
            ),
            section(
                "Steps",
                "What journeys did at each designed step, as shares of the "
                "persona's journeys, in the colours of the overlay. Hover a bar for counts.",
                figures.div(steps_figure(designed), "steps-figure"),
                anchor="steps",
            ),
        ]
    with_periods = [d for d in designed if len(d["periods"]) >= 2]
    parts.append(
        section(
            "Over time",
            "Per month of journey start: conversion, fit to the design and "
            "fitness of each persona.",
            figures.div(trends_figure(with_periods), "trends-figure"),
            anchor="trends",
        )
        if with_periods
        else notice(
            "<b>No earlier period yet.</b> Trends show once journeys "
            "span two months of journey start."
        )
    )
    body = (
        '<nav class="crumb"><a href="index.html">← All personas</a></nav>'
        '<p class="eyebrow">Comparison</p><h1>Personas side by side</h1>'
        f'<p class="meta"><span>Personas: <b>{len(datas)}</b></span>'
        f"<span>With a designed map: <b>{len(designed)}</b></span></p>" + "".join(parts)
    )
    return page("Personas side by side · journey maps", body, generated)
