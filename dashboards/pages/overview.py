"""Overview: every persona's journeys, conversion, fitness and drift, and the latest run."""

from __future__ import annotations

from pathlib import Path

from dash import dcc, html

from dashboards.components import heading, section, table
from dashboards.memo import memo
from dashboards.pages import View
from dashboards.queries import personas
from dashboards.snapshots import snapshot_time
from maps.render_data import PersonaData, existing_tables
from maps.render_drift import latest_pair, period_fitness
from maps.render_format import fmt_count, fmt_rate


def drift_text(data: PersonaData) -> str:
    """Conversion and fitness of the latest month against the month before, in points."""
    pair = latest_pair(data)
    if pair is None:
        return "one month only"
    before, after = pair.names
    change = 100 * (float(pair.latest["conversion_rate"]) - float(pair.previous["conversion_rate"]))
    text = f"conversion {change:+.1f} pts"
    fitness = period_fitness(data)
    if before in fitness and after in fitness:
        text += f", fitness {fitness[after] - fitness[before]:+.3f}"
    return f"{text} ({before} → {after})"


def persona_row(view: View, data: PersonaData) -> list[object]:
    overlay, fitness = data.first("overlay"), data.first("fitness")
    journeys = overlay.get("journeys", data.first("summary").get("journeys"))
    return [
        dcc.Link(data.persona, href=view.link("/journey", persona=data.persona)),
        fmt_count(journeys),
        fmt_rate(overlay["conversion_rate"]) if overlay else "no designed map",
        f"{float(fitness['fitness']):.3f}" if fitness.get("fitness") is not None else "–",
        fmt_rate(overlay["fitting_share"]) if overlay else "–",
        drift_text(data) if data.has_overlay else "–",
    ]


def run_facts(view: View) -> html.Ul:
    """The snapshot served, when its run published it, and what its ingestion quarantined."""
    published = snapshot_time(Path(view.snapshot)).strftime("%Y-%m-%d %H:%M:%S UTC")
    facts = [
        html.Li(["Snapshot: ", html.B(view.snapshot, id="snapshot-name")]),
        html.Li(["Published: ", html.B(published)]),
    ]
    if "ingested_files" in existing_tables(view.con):
        files, quarantined = view.con.execute(
            "SELECT count(*), coalesce(sum(rows_quarantined), 0) FROM ingested_files"
        ).fetchall()[0]
        facts.append(html.Li(["Exports loaded: ", html.B(fmt_count(files)),
                              " · rows quarantined: ", html.B(fmt_count(quarantined))]))
    return html.Ul(facts, className="facts")


def layout(view: View) -> html.Div:
    names = tuple(view.personas())
    datas = memo((view.snapshot, "personas", names), lambda: personas(view.con, list(names)))
    header = ["Persona", "Journeys", "Conversion", "Fitness", "Fitting the design",
              "Drift since the month before"]
    return html.Div([
        heading("Overview", "Journeys by persona",
                "Every persona of the latest run: how many journeys, how many reach the goal, "
                "how closely they follow the designed map, and how that moved."),
        section("Personas", "Click a persona for its journey map and overlay.",
                table(header, [persona_row(view, d) for d in datas], "personas-table")),
        section("Latest run", "The pipeline run whose results this page shows.", run_facts(view)),
    ])
