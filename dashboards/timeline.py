"""Dated annotations on the time charts: each annotation (a campaign launch) is drawn as a
dashed line with its label on every x axis of months ('YYYY-MM' categories) of a figure, at its
day within the month, so the same dates appear on every time chart of the workspace.

Figures are cached per snapshot as plain dicts; annotations change apart from snapshots, so
they are added to a shallow copy of the cached figure on every draw (cheap: a few shapes).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from dashboards.collab.annotations import Mark
from maps.render_format import esc_plot

MONTH = re.compile(r"^\d{4}-\d{2}$")
MARK_COLOUR = "#b44d12"


def month_axes(fig: dict) -> dict[str, list[str]]:
    """Each x axis ('x', 'x2', …) whose traces are drawn over months, with its months."""
    axes: dict[str, list[str]] = {}
    for trace in fig.get("data", []):
        xs = [str(x) for x in (trace.get("x") or [])]
        if xs and all(MONTH.match(x) for x in xs):
            months = axes.setdefault(trace.get("xaxis", "x"), [])
            months += [x for x in xs if x not in months]
    return axes


def position(day: date, months: list[str]) -> float | None:
    """Where a day falls on a category axis of months (index units), None when off it."""
    month = day.strftime("%Y-%m")
    if month not in months:
        return None
    days = calendar.monthrange(day.year, day.month)[1]
    return months.index(month) - 0.5 + (day.day - 0.5) / days


def y_of(fig: dict, axis: str) -> str:
    """The y axis an x axis is anchored to (make_subplots pairs x2 with y2, and so on)."""
    layout_key = "xaxis" + axis[1:]
    return fig.get("layout", {}).get(layout_key, {}).get("anchor") or "y" + axis[1:]


def mark_parts(mark: Mark, x: float, axis: str, y_axis: str, row: int) -> tuple[dict, dict]:
    line = dict(type="line", xref=axis, yref=f"{y_axis} domain", x0=x, x1=x, y0=0, y1=1,
                line=dict(color=MARK_COLOUR, width=1.5, dash="dot"), layer="above")
    label = dict(x=x, xref=axis, y=1 - 0.09 * (row % 4), yref=f"{y_axis} domain",
                 text=f"{mark.day:%b %-d} · {esc_plot(mark.label)}", showarrow=False,
                 xanchor="left", yanchor="top", xshift=3,
                 font=dict(size=11, color=MARK_COLOUR), bgcolor="rgba(255,255,255,0.8)",
                 hovertext=esc_plot(f"{mark.day.isoformat()}: {mark.label}"
                                    + (f" ({mark.persona})" if mark.persona else "")))
    return line, label


def annotate(fig: dict, marks: list[Mark]) -> dict:
    """A copy of `fig` with every mark on every axis of months it falls on."""
    axes = month_axes(fig)
    if not marks or not axes:
        return fig
    layout = dict(fig.get("layout", {}))
    shapes, notes = list(layout.get("shapes", [])), list(layout.get("annotations", []))
    for axis, months in axes.items():
        placed = 0
        for mark in marks:
            x = position(mark.day, months)
            if x is None:
                continue
            line, label = mark_parts(mark, x, axis, y_of(fig, axis), placed)
            shapes.append(line)
            notes.append(label)
            placed += 1
    layout["shapes"], layout["annotations"] = shapes, notes
    return {**fig, "layout": layout}
