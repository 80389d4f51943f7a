"""Comparisons: persona against persona (funnels and steps side by side), and one persona's
month against another month (followed, skipped and waits step by step)."""

from __future__ import annotations

from dash import dcc, html

from dashboards.components import deferred, figure, heading, notice, section
from dashboards.memo import memo
from dashboards.pages import View
from dashboards.pages.persona import chosen_persona
from dashboards.queries import personas
from maps.render_compare import funnels_figure, steps_figure
from maps.render_data import PersonaData, load_persona
from maps.render_drift import Pair, drift_figure


def chosen_personas(view: View, datas: list[PersonaData]) -> list[PersonaData]:
    """The URL's personas (comma-separated) among those with an overlay; all when none."""
    designed = [d for d in datas if d.has_overlay]
    wanted = set(filter(None, view.state.get("personas", "").split(",")))
    return [d for d in designed if d.persona in wanted] or designed


def period_pair(view: View, data: PersonaData) -> Pair | None:
    """The months the URL names (`before`, `after`), else the last two."""
    rows = {str(r["period"]): r for r in data["periods"].to_dict("records")}
    names = list(rows)
    if len(names) < 2:
        return None
    before = view.state.get("before") if view.state.get("before") in rows else names[-2]
    after = view.state.get("after") if view.state.get("after") in rows else names[-1]
    return Pair(rows[before], rows[after])


def compared(view: View) -> list[PersonaData]:
    """The personas compared, read once per snapshot."""
    names = tuple(view.personas())
    return chosen_personas(view, memo((view.snapshot, "personas", names),
                                      lambda: personas(view.con, list(names))))


def persona_part(view: View) -> html.Section:
    datas = compared(view)
    names = tuple(d.persona for d in datas)
    if not datas:
        return notice("Comparisons need designed maps.", "No overlay.")
    return section(
        "Persona against persona",
        "Share of each persona's journeys reaching each stage, and what they did at each step.",
        figure(memo((view.snapshot, "funnels", names),
                    lambda: funnels_figure(datas).to_dict()), "compare-funnels-figure"),
        deferred("compare-steps", view.snapshot),  # drawn right after the funnels
    )


def steps_part(view: View) -> dcc.Graph | None:
    """What the compared personas did at each step of their designed maps."""
    datas = compared(view)
    names = tuple(d.persona for d in datas)
    return figure(memo((view.snapshot, "steps", names),
                       lambda: steps_figure(datas).to_dict()), "compare-steps-figure") \
        if datas else None


def period_links(view: View, persona: str, data: PersonaData, pair: Pair) -> html.P:
    names = [str(p) for p in data["periods"]["period"]]
    before, after = pair.names
    return html.P(["Months: ", *[
        dcc.Link(f"{a} → {b}", href=view.link("/compare", persona=persona, before=a, after=b),
                 className="jm-tab current" if (a, b) == (before, after) else "jm-tab")
        for a, b in zip(names, names[1:], strict=False)]], className="tabs")


def period_part(view: View) -> html.Section:
    persona = chosen_persona(view)
    data = load_persona(view.con, persona) if persona else None
    pair = period_pair(view, data) if data is not None and data.has_overlay else None
    if pair is None:
        return notice("Period against period needs journeys over two months.", "One month.")
    before, after = pair.names
    return section(f"{persona}: {before} against {after}",
                   "Followed share, skipped share and wait at each designed step.",
                   period_links(view, persona, data, pair),
                   figure(memo((view.snapshot, "drift", persona, pair.names),
                               lambda: drift_figure(data, pair).to_dict()),
                          "compare-periods-figure"))


def layout(view: View) -> html.Div:
    return html.Div([
        heading("Comparisons", "Side by side", "Personas against each other, and a persona's "
                "months against each other."),
        persona_part(view),
        deferred("compare-periods", view.snapshot),  # `period_part`, after the funnels
    ])
