"""The stage funnel: how many journeys reached each stage of the designed map, and how many of
them left during it (their last designed step lies in that stage)."""

from __future__ import annotations

import plotly.graph_objects as go

from maps import render_theme as theme
from maps.render_data import PersonaData
from maps.render_format import esc_plot, fmt_count, fmt_share, of_journeys, wrap_plot


def stage_hover(row: dict, total: int) -> str:
    """Reached and left, with shares, for one stage."""
    return (
        f"<b>{esc_plot(row['stage'])}</b><br>Reached: {of_journeys(int(row['reached']), total)}"
        f"<br>Left in this stage: {fmt_count(row['dropped_in_stage'])} "
        f"({fmt_share(row['dropped_in_stage'], row['reached'])} of those who reached it)"
    )


def funnel_bars(rows: list[dict], labels: list[str], total: int) -> list[go.Bar]:
    """Two stacked horizontal bars per stage: went on (or completed, for the last stage) and
    left during the stage; together they are the journeys that reached it."""
    went_on = [int(r["reached"]) - int(r["dropped_in_stage"]) for r in rows]
    left = [int(r["dropped_in_stage"]) for r in rows]
    common = dict(
        y=labels,
        orientation="h",
        hovertext=[stage_hover(r, total) for r in rows],
        hovertemplate="%{hovertext}<extra></extra>",
        textposition="inside",
        insidetextanchor="middle",
        textfont=dict(color="#ffffff"),
    )
    verbs = ["went on"] * (len(rows) - 1) + ["completed"]
    return [
        go.Bar(
            x=went_on,
            name="Reached the stage and went on (or completed the map)",
            marker_color=theme.REACHED,
            text=[f"{fmt_count(n)} {verb}" for n, verb in zip(went_on, verbs, strict=True)],
            **common,
        ),
        go.Bar(
            x=left,
            name="Left during the stage",
            marker_color=theme.DROPPED,
            text=[f"{fmt_count(n)} left" for n in left],
            **common,
        ),
    ]


def reached_note(label: str, reached: int, total: int) -> dict:
    """ "151 reached · 100.0%" at the end of a stage's bar."""
    return dict(
        x=reached,
        y=label,
        text=f"<b>{fmt_count(reached)}</b> reached · {fmt_share(reached, total)}",
        showarrow=False,
        xanchor="left",
        xshift=8,
        font=dict(size=12, color=theme.INK),
    )


def funnel_figure(data: PersonaData) -> go.Figure:
    """The stage funnel, first stage on top, stages numbered in designed order."""
    rows = data["stages"].to_dict("records")
    total = int(data.first("overlay").get("journeys") or 0)
    labels = [wrap_plot(f"{int(r['stage_index'])}. {r['stage']}", 22, 2) for r in rows]
    fig = go.Figure(funnel_bars(rows, labels, total))
    fig.update_layout(
        template=theme.TEMPLATE,
        barmode="stack",
        bargap=0.35,
        height=90 + 64 * max(len(rows), 1),
        margin=dict(l=150, r=40, t=40, b=50),
        annotations=[
            reached_note(lab, int(r["reached"]), total) for lab, r in zip(labels, rows, strict=True)
        ],
        xaxis=dict(range=[0, max(total, 1) * 1.22], title=dict(text="Journeys"), fixedrange=True),
        yaxis=dict(autorange="reversed", fixedrange=True),
        legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom", traceorder="normal"),
        uniformtext=dict(minsize=10, mode="hide"),
    )
    return fig
