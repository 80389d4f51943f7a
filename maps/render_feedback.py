"""Voice of the customer on the persona page: designed against measured emotion, step by step.

The section ranks the steps by their gap (measured minus designed emotion; most negative first)
in a bar chart with each step's interval as error bars and n by each bar; steps with too few
answers are named under it, not drawn. A table gives every step's figures (n, measured emotion
and interval, designed emotion, NPS, CSAT, share of negative comments) and the support
comparison says whether journeys with a bad support experience converted less. All data text is
escaped. The journey map itself carries the measured curve, the thoughts lane and the measured
pain points (`render_journey`).
"""

from __future__ import annotations

import plotly.graph_objects as go

from maps import render_theme as theme
from maps.render_data import PersonaData
from maps.render_format import (
    emotion_label,
    esc_html,
    esc_plot,
    fmt_count,
    fmt_rate,
    is_missing,
    is_true,
    wrap_plot,
)
from maps.render_html import notice, section
from maps.render_theme import FigureSet

BAR_PX = 34


def signed(value: object, digits: int = 1) -> str:
    """+0.4 / −1.2 (a real minus sign), or an en dash when unknown."""
    if is_missing(value):
        return "–"
    return f"{float(value):+.{digits}f}".replace("-", "−")


def interval(row: dict) -> str:
    if is_missing(row.get("ci_low")) or is_missing(row.get("ci_high")):
        return ""
    return f"{signed(row['ci_low'])} to {signed(row['ci_high'])}"


def gap_hover(row: dict) -> str:
    lines = [
        f"<b>{int(row['step_index'])}. {esc_plot(row['step'])}</b>",
        f"measured {signed(row['measured_emotion'])} (interval {interval(row)}, "
        f"n = {fmt_count(row['n'])})",
        f"designed {emotion_label(row['designed_emotion'])}",
        f"gap {signed(row['gap'])}",
    ]
    if int(row["nps_n"] or 0):
        lines.append(f"NPS {float(row['nps']):+.0f} (n = {fmt_count(row['nps_n'])})")
    if int(row["csat_n"] or 0):
        lines.append(f"CSAT {fmt_rate(row['csat'])} (n = {fmt_count(row['csat_n'])})")
    return "<br>".join(lines)


def gap_figure(data: PersonaData) -> go.Figure:
    """Steps with enough answers, ranked by gap (most negative on top), with intervals."""
    rows = sorted((r for r in data["feedback"].to_dict("records") if is_true(r["enough"])),
                  key=lambda r: int(r["gap_rank"]))
    labels = [wrap_plot(f"{int(r['step_index'])}. {r['step']}", 34, 2)
              + f"<br><span style='color:{theme.MUTED}'>n = {int(r['n']):,}</span>" for r in rows]
    gaps = [float(r["gap"]) for r in rows]
    half = [0.0 if is_missing(r["ci_high"]) else float(r["ci_high"]) - float(r["measured_emotion"])
            for r in rows]
    fig = go.Figure(go.Bar(
        x=gaps, y=labels, orientation="h",
        marker=dict(color=[theme.SKIPPED if g < 0 else theme.FOLLOWED for g in gaps]),
        error_x=dict(type="data", array=half, visible=True, color=theme.INK, thickness=1.2),
        hovertext=[gap_hover(r) for r in rows], hovertemplate="%{hovertext}<extra></extra>",
    ))
    fig.update_layout(
        template=theme.TEMPLATE, height=max(220, 90 + BAR_PX * len(rows)), showlegend=False,
        margin=dict(l=250, r=80, t=20, b=50),
        xaxis=dict(title="measured minus designed emotion", zeroline=True,
                   zerolinecolor=theme.INK, range=[-4.2, 4.2], fixedrange=True),
        yaxis=dict(autorange="reversed", fixedrange=True),
    )
    return fig


def steps_table(data: PersonaData) -> str:
    """Every step's figures as an HTML table (all data text escaped)."""
    body = []
    for r in data["feedback"].to_dict("records"):
        n = int(r["n"])
        measured = (f"{signed(r['measured_emotion'])} <small>({interval(r)})</small>"
                    if is_true(r["enough"]) else
                    f'<span class="muted">too few to say (n = {n})</span>' if n else "–")
        nps = f"{float(r['nps']):+.0f} <small>(n = {int(r['nps_n'])})</small>" \
            if int(r["nps_n"] or 0) else "–"
        csat = f"{fmt_rate(r['csat'])} <small>(n = {int(r['csat_n'])})</small>" \
            if int(r["csat_n"] or 0) else "–"
        negative = fmt_rate(r["negative_share"]) if int(r["comments"] or 0) else "–"
        body.append(
            f"<tr><td>{int(r['step_index'])}. {esc_html(r['step'])}</td>"
            f'<td class="num">{fmt_count(n)}</td><td>{measured}</td>'
            f"<td>{esc_html(emotion_label(r['designed_emotion']))}</td>"
            f"<td>{nps}</td><td>{csat}</td><td>{negative}</td></tr>")
    head = ("<thead><tr><th>Step</th><th>n</th><th>Measured emotion (interval)</th>"
            "<th>Designed</th><th>NPS</th><th>CSAT</th><th>Negative comments</th></tr></thead>")
    return f'<table class="compare">{head}<tbody>{"".join(body)}</tbody></table>'


def support_sentence(data: PersonaData) -> str:
    """How journeys with a bad support experience did against the others, in words."""
    groups = {r["support_group"]: r for r in data["support"].to_dict("records")}
    bad = groups.get("negative support feedback")
    if bad is None:
        return ""
    others = [groups[g] for g in ("other support contact", "no support contact") if g in groups]
    against = " and ".join(
        f"{fmt_rate(g['conversion_rate'])} of {fmt_count(g['journeys'])} journeys with "
        f"{esc_html(g['support_group'])}" for g in others)
    active = ""
    if "other support contact" in groups:
        other = groups["other support contact"]
        active = (f" After contacting support, {fmt_rate(bad['active_after_rate'])} of them came "
                  f"back (any later touchpoint) against {fmt_rate(other['active_after_rate'])}.")
    return (f"<p><b>Support.</b> Journeys with negative support feedback converted "
            f"{fmt_rate(bad['conversion_rate'])} of {fmt_count(bad['journeys'])}, against "
            f"{against}.{active}</p>")


def feedback_section(data: PersonaData, figures: FigureSet) -> str:
    """The voice-of-the-customer card, or a note when no feedback reached this persona."""
    feedback = data["feedback"]
    if feedback.empty or not int(feedback["n"].sum()):
        return section("Voice of the customer", "Surveys, reviews and support conversations "
                       "attributed to the steps of this journey.",
                       notice("<b>No feedback attributed to this persona's steps yet.</b>"),
                       anchor="feedback")
    rows = feedback.to_dict("records")
    few = [r for r in rows if not is_true(r["enough"]) and int(r["n"])]
    none = [r for r in rows if not int(r["n"])]
    few_note = ("Too few answers to say (not ranked): " + ", ".join(
        f"{esc_html(r['step'])} (n = {int(r['n'])})" for r in few) + ". ") if few else ""
    few_note += ("No feedback at: " + ", ".join(esc_html(r["step"]) for r in none) + ". "
                 if none else "")
    chart = (figures.div(gap_figure(data), "gap-figure")
             if any(is_true(v) for v in feedback["enough"]) else "")
    level = f"{float(feedback['confidence'].iloc[0]):.0%}"
    return section(
        "Voice of the customer: designed against measured emotion",
        "Steps ranked by how much worse customers feel than designed (measured minus designed "
        "emotion, −2..+2 scale; most negative on top). Error bars: the "
        f"{level} interval of the measured mean; n under each step. Hover a bar for NPS and "
        "CSAT.",
        chart + steps_table(data) + support_sentence(data),
        few_note + "Measured emotion: each answer's score mapped to −2..+2 (NPS, CSAT, CES, "
        "stars, good/bad), or its comment's sentiment where it has no score; interval: "
        "t-interval of the mean. Feedback counts for the step the export names, else for the "
        "customer's preceding touchpoint within the attribution window. Conversion "
        "comparisons are associations, not causes.",
        anchor="feedback",
    )
