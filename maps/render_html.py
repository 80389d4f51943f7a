"""The HTML around the figures: page header, KPI cards, sections, the index of personas.

Every piece of data text goes through `esc_html`; the templates in `maps/html/` are filled
with `string.Template`, so a `$` in data is never read as a placeholder (substituted values are
not parsed again).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from string import Template

from maps.render_data import PersonaData
from maps.render_format import (
    esc_html,
    fmt_count,
    fmt_rate,
    fmt_share,
    humanise_seconds,
    is_missing,
)


@cache
def template(name: str) -> Template:
    """A file of `maps/html/` as a `string.Template`."""
    return Template(files("maps").joinpath("html", name).read_text(encoding="utf-8"))


@cache
def stylesheet() -> str:
    """The one small stylesheet, inlined into every page so a page stands alone."""
    return files("maps").joinpath("html", "report.css").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Kpi:
    """One figure in the header: label, value and a short note on what it counts."""

    label: str
    value: str
    note: str = ""

    def html(self) -> str:
        note = f'<div class="note">{esc_html(self.note)}</div>' if self.note else ""
        return (
            f'<li class="kpi"><div class="label">{esc_html(self.label)}</div>'
            f'<div class="value">{esc_html(self.value)}</div>{note}</li>'
        )


def persona_kpis(data: PersonaData) -> list[Kpi]:
    """Journeys, conversion, fit to the design, median duration, late steps, variants."""
    observed, overlay = data.first("summary"), data.first("overlay")
    journeys = overlay.get("journeys", observed.get("journeys"))
    kpis = [Kpi("Journeys", fmt_count(journeys), f"{fmt_count(observed.get('events'))} events")]
    if overlay:
        kpis += [
            Kpi(
                "Conversion rate",
                fmt_rate(overlay["conversion_rate"]),
                f"{fmt_count(overlay['converted'])} reached {overlay['goal']}",
            ),
            Kpi(
                "Fitting the design",
                fmt_rate(overlay["fitting_share"]),
                f"{fmt_count(overlay['fitting'])} journeys without any deviation from it",
            ),
        ]
    fitness = data.first("fitness")
    if fitness and not is_missing(fitness.get("fitness")):
        kpis.append(
            Kpi(
                "Fitness",
                f"{float(fitness['fitness']):.3f}",
                f"{str(fitness['method']).replace('_', ' ')}; "
                f"{fmt_rate(fitness['fitting_share'])} of journeys fit the model end to end",
            )
        )
    kpis.append(
        Kpi(
            "Median journey duration",
            humanise_seconds(observed.get("median_duration_seconds")),
            "first to last touchpoint",
        )
    )
    if overlay:
        kpis.append(
            Kpi(
                "Late on a step",
                fmt_share(overlay["with_late_step"], overlay["journeys"]),
                f"{fmt_count(overlay['with_late_step'])} over a step's target time",
            )
        )
    kpis.append(Kpi("Variants", fmt_count(observed.get("variants")), "distinct sequences"))
    return kpis


def period(data: PersonaData) -> str:
    """ "1 May 2026 – 29 Jul 2026": when the persona's journeys started (UTC)."""
    summary = data.first("summary")
    first, last = summary.get("first_started_at"), summary.get("last_started_at")
    if is_missing(first) or is_missing(last):
        return ""
    return f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"


def page_header(data: PersonaData) -> str:
    """Breadcrumb, designed map name (or the persona when there is none), and its facts."""
    design = data.first("design")
    title = design.get("designed_map") or f"Observed journeys: {data.persona}"
    facts = [("Persona", data.persona)]
    if design:
        facts += [
            ("Goal", design["goal"]),
            ("Owner", design["owner"] or "–"),
            ("Version", design["version"]),
            ("Designed steps", design["steps"]),
        ]
    if period(data):
        facts.append(("Journeys started", period(data)))
    meta = "".join(f"<span>{esc_html(k)}: <b>{esc_html(v)}</b></span>" for k, v in facts)
    kpis = "".join(k.html() for k in persona_kpis(data))
    return (
        f'<nav class="crumb"><a href="index.html">← All personas</a></nav>'
        f'<p class="eyebrow">Journey map</p><h1>{esc_html(title)}</h1>'
        f'<p class="meta">{meta}</p><ul class="kpis">{kpis}</ul>'
    )


def page_nav(links: list[tuple[str, str]]) -> str:
    """The page's table of contents: (anchor, label) of each part, in page order."""
    items = "".join(
        f'<li><a href="#{esc_html(a)}">{esc_html(label)}</a></li>' for a, label in links
    )
    return f'<nav class="toc" aria-label="On this page"><ul>{items}</ul></nav>' if links else ""


def section(title: str, lede: str, body: str, fineprint: str = "", anchor: str = "") -> str:
    """A card with a heading, a sentence on how to read it, the figure and small print.
    `title`, `lede` and `fineprint` are our HTML (callers escape any data inside)."""
    small = f'<p class="fineprint">{fineprint}</p>' if fineprint else ""
    ident = f' id="{anchor}"' if anchor else ""
    return (
        f'<section class="card"{ident}><h2>{title}</h2><p class="lede">{lede}</p>'
        f"{body}{small}</section>"
    )


def notice(html: str) -> str:
    """A highlighted remark (no designed map, no journeys)."""
    return f'<div class="notice" role="note">{html}</div>'


def page(title: str, body: str, generated: str, plotly_src: str = "plotly.min.js") -> str:
    """A persona page: our template, the inlined stylesheet, the shared plotly.js."""
    return template("page.html").substitute(
        title=esc_html(title),
        css=stylesheet(),
        body=body,
        generated=esc_html(generated),
        plotly_src=esc_html(plotly_src),
    )


@dataclass(frozen=True)
class IndexEntry:
    """One persona on the index: its page and headline figures."""

    data: PersonaData
    href: str

    def html(self) -> str:
        design, overlay = self.data.first("design"), self.data.first("overlay")
        observed = self.data.first("summary")
        figures = [
            ("Journeys", fmt_count(overlay.get("journeys", observed.get("journeys")))),
            ("Conversion", fmt_rate(overlay.get("conversion_rate"))),
            ("Fitting", fmt_rate(overlay.get("fitting_share"))),
            ("Median duration", humanise_seconds(observed.get("median_duration_seconds"))),
        ]
        dl = "".join(f"<div><dt>{k}</dt><dd>{esc_html(v)}</dd></div>" for k, v in figures)
        what = (
            esc_html(design["designed_map"])
            if design
            else '<span class="badge">No designed map: observed journeys only</span>'
        )
        href = esc_html(self.href)
        return (
            f'<li class="persona-card"><p class="eyebrow">Persona</p>'
            f'<h2><a href="{href}">{esc_html(self.data.persona)}</a></h2>'
            f'<p class="map">{what}</p><dl>{dl}</dl>'
            f'<a class="open" href="{href}">Open the journey map →</a></li>'
        )


@dataclass(frozen=True)
class Comparison:
    """A page that compares personas or periods, as the index lists it."""

    title: str
    href: str
    about: str

    def html(self) -> str:
        href = esc_html(self.href)
        return (
            f'<li class="persona-card"><p class="eyebrow">Comparison</p>'
            f'<h2><a href="{href}">{esc_html(self.title)}</a></h2>'
            f'<p class="map">{esc_html(self.about)}</p>'
            f'<a class="open" href="{href}">Open the comparison →</a></li>'
        )


def images_list(images: dict[str, list[str]]) -> str:
    """Links to the exported images of each page (page title -> relative paths)."""
    if not images:
        return ""
    rows = "".join(
        f"<li><b>{esc_html(title)}</b>: "
        + " · ".join(
            f'<a href="{esc_html(path)}">{esc_html(path.rsplit("/", 1)[-1])}</a>' for path in paths
        )
        + "</li>"
        for title, paths in images.items()
    )
    return (
        '<section class="card" id="images"><h2>Images for slide decks</h2>'
        '<p class="lede">Every figure of the run as a static image.</p>'
        f'<ul class="images">{rows}</ul></section>'
    )


def index_page(
    entries: list[IndexEntry],
    generated: str,
    comparisons: list[Comparison] | None = None,
    images: dict[str, list[str]] | None = None,
) -> str:
    """The index: one card per persona with its KPIs and a link to its page, then the
    comparison pages and the exported images of the run."""
    cards = "".join(e.html() for e in entries) or "<li>No personas in the store yet.</li>"
    journeys = sum(int(e.data.first("summary").get("journeys") or 0) for e in entries)
    compare = "".join(c.html() for c in comparisons or [])
    body = (
        f'<p class="eyebrow">journeymap</p><h1>Journey maps</h1>'
        f'<p class="meta"><span>Personas: <b>{len(entries)}</b></span>'
        f"<span>Journeys: <b>{fmt_count(journeys)}</b></span>"
        f"<span>Generated: <b>{esc_html(generated)}</b></span></p>"
        f'<h2 class="group">Personas</h2><ul class="personas">{cards}</ul>'
        + (
            f'<h2 class="group">Comparisons</h2><ul class="personas">{compare}</ul>'
            if compare
            else ""
        )
        + images_list(images or {})
    )
    return template("index.html").substitute(
        title="Journey maps", css=stylesheet(), body=body, generated=esc_html(generated)
    )
