"""Overview: every persona's journeys, conversion, fitness and drift (month against month, and
since the previous run), their trends with the team's dated annotations, and the latest run
with its asset checks."""

from __future__ import annotations

from pathlib import Path

from dash import dcc, html

from dashboards.components import figure, heading, notice, section, table
from dashboards.drift import PersonaDrift, drift, figures, previous_snapshot, read_figures
from dashboards.memo import memo
from dashboards.pages import View
from dashboards.pages.persona import chart_marks
from dashboards.queries import personas
from dashboards.runs import run_of_snapshot
from dashboards.snapshots import snapshot_time
from dashboards.timeline import annotate
from maps.render_compare import trends_figure
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


def run_drift(view: View, datas: list[PersonaData]) -> dict[str, PersonaDrift]:
    """Each persona against the snapshot published before this one (none: first run)."""
    folder = view.snapshots_dir
    previous = previous_snapshot(folder, view.snapshot) if folder else None
    before = memo((previous.name, "figures"), lambda: read_figures(previous)) \
        if previous else None
    return {d.persona: d for d in drift(before, {x.persona: figures(x) for x in datas})}


def persona_row(view: View, data: PersonaData, since: PersonaDrift | None) -> list[object]:
    overlay, fitness = data.first("overlay"), data.first("fitness")
    journeys = overlay.get("journeys", data.first("summary").get("journeys"))
    return [
        dcc.Link(data.persona, href=view.link("/journey", persona=data.persona)),
        fmt_count(journeys),
        fmt_rate(overlay["conversion_rate"]) if overlay else "no designed map",
        f"{float(fitness['fitness']):.3f}" if fitness.get("fitness") is not None else "–",
        fmt_rate(overlay["fitting_share"]) if overlay else "–",
        drift_text(data) if data.has_overlay else "–",
        since.sentence() if since else "first run",
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


def checks_part(view: View) -> object:
    """The asset checks of the run that published this snapshot, as the pipeline's sensor
    reported them."""
    if view.services is None:
        return None
    run = run_of_snapshot(view.services, view.snapshot)
    if run is None:
        return notice("No run report for this snapshot: it was published outside a "
                      "scheduled run, or the pipeline's sensor has not reported it yet.",
                      "No checks.")
    rows = [[c.check, c.asset, "passed" if c.passed else
             ("warning" if c.severity == "WARN" else "failed"), c.description,
             ", ".join(f"{k} {v}" for k, v in c.details.items())] for c in run.checks]
    return html.Div([
        html.P(["Run ", html.Code(run.run_id[:8]), f" {run.status}, finished {run.finished_at}."],
               id="run-status"),
        table(["Check", "Asset", "Result", "What it checks", "Figures"], rows, "checks-table"),
    ])


def trends_part(view: View, datas: list[PersonaData]) -> html.Section | None:
    designed = [d for d in datas if d.has_overlay and len(d["periods"])]
    if not designed:
        return None
    names = tuple(d.persona for d in designed)
    fig = memo((view.snapshot, "trends", names), lambda: trends_figure(designed).to_dict())
    return section("Trends", "Each persona month by month, with the team's dated annotations "
                   "(add one under Dates).",
                   figure(annotate(fig, chart_marks(view, None)), "trends-figure"),
                   dcc.Link("Dates on the charts", href=view.link("/annotations")),
                   section_id="trends")


def layout(view: View) -> html.Div:
    names = tuple(view.personas())
    datas = memo((view.snapshot, "personas", names), lambda: personas(view.con, list(names)))
    since = run_drift(view, datas)
    header = ["Persona", "Journeys", "Conversion", "Fitness", "Fitting the design",
              "Drift since the month before", "Since the previous run"]
    return html.Div([
        heading("Overview", "Journeys by persona",
                "Every persona of the latest run: how many journeys, how many reach the goal, "
                "how closely they follow the designed map, and how that moved."),
        section("Personas", "Click a persona for its journey map and overlay.",
                table(header, [persona_row(view, d, since.get(d.persona)) for d in datas],
                      "personas-table")),
        trends_part(view, datas),
        section("Latest run", "The pipeline run whose results this page shows, and its asset "
                "checks.", run_facts(view), checks_part(view), section_id="latest-run"),
    ])
