"""Ranked opportunities: the impact analysis of `overlay_impact` in plain sentences.

Each deviation (a skipped, late, out-of-order or repeated step, an unexpected touchpoint) is
told as "customers who skip X convert N points less: a% of n journeys against b% of m that took
the step", with the conversions it costs. The same sentence appears in the page's list, in the
badges on the overlay and in the opportunities lane of the journey map. These are associations
in observed data, not causal effects.
"""

from __future__ import annotations

from dataclasses import dataclass

from maps import render_theme as theme
from maps.render_data import PersonaData
from maps.render_format import esc_html, esc_plot, fmt_count, fmt_rate, humanise_hours, is_missing

# kind -> (label, who shows it, who they are held against)
KINDS = {
    "skipped": ("Skipped step", "skip “{}”", "that took the step"),
    "late": ("Late step", "reach “{}” late", "on time"),
    "out_of_order": ("Out of order", "take “{}” out of order", "in order"),
    "repeated": ("Repeated step", "repeat “{}”", "who did it once"),
    "unexpected": ("Unexpected touchpoint", "also have “{}” (not in the design)", "without it"),
    "negative_feedback": ("Negative feedback", "give negative feedback at “{}”",
                          "whose feedback there was not negative"),
    "negative_support": ("Bad support experience", "rate their {} negatively",
                         "with support contact that was not negative"),
}
TOP_OPPORTUNITIES = 5


@dataclass(frozen=True)
class Opportunity:
    """One ranked row of `overlay_impact`, with the words to say it."""

    row: dict

    @property
    def kind(self) -> str:
        return str(self.row["kind"])

    @property
    def rank(self) -> int:
        return int(self.row["rank"])

    @property
    def label(self) -> str:
        return KINDS.get(self.kind, (self.kind.replace("_", " ").capitalize(), "", ""))[0]

    @property
    def colour(self) -> str:
        return theme.KIND_COLOURS.get(self.kind, theme.DROPPED)

    def sentence(self) -> str:
        """ "Customers who skip “X” convert 41.4 points less: 7.1% of 14 journeys against
        48.6% of 70 that took the step." (plain text: escape it where it goes)."""
        r = self.row
        _, who, others = KINDS.get(self.kind, ("", "show “{}”", "without it"))
        difference = 0.0 if is_missing(r["conversion_difference"]) else r["conversion_difference"]
        points = abs(100.0 * float(difference))
        how = (
            "at the same rate"
            if points < 0.05
            else f"{points:.1f} points {'less' if difference < 0 else 'more'}"
        )
        return (
            f"Customers who {who.format(r['subject'])} convert {how}: "
            f"{fmt_rate(r['conversion_with'])} of {fmt_count(r['journeys_with'])} journeys "
            f"against {fmt_rate(r['conversion_without'])} of {fmt_count(r['journeys_without'])} "
            f"{others}."
        )

    def cost(self) -> str:
        """ "≈ 5.8 conversions lost" (or gained), what ranks the opportunity."""
        lost = self.row["conversions_lost"]
        if is_missing(lost) or abs(float(lost)) < 0.05:
            return "no conversions lost"
        return f"≈ {abs(float(lost)):.1f} conversions {'lost' if lost > 0 else 'gained'}"

    def timing(self) -> str:
        """ "time to the goal 19.6 d against 25.6 d" when both are known."""
        with_, without = self.row["mean_hours_to_goal_with"], self.row["mean_hours_to_goal_without"]
        if is_missing(with_) or is_missing(without):
            return ""
        return f"mean time to the goal {humanise_hours(with_)} against {humanise_hours(without)}"

    def hover(self) -> str:
        """Everything about the opportunity for a Plotly hover label (escaped)."""
        details = " · ".join(part for part in (self.cost(), self.timing()) if part)
        return (
            f"<b>#{self.rank} opportunity · {esc_plot(self.label)}</b><br>"
            f"{esc_plot(self.sentence())}<br>{esc_plot(details)}"
        )


def opportunities(data: PersonaData, top: int = TOP_OPPORTUNITIES) -> list[Opportunity]:
    """The persona's best-ranked opportunities, best first."""
    return [Opportunity(row) for row in data["impact"].head(top).to_dict("records")]


def opportunities_list(items: list[Opportunity]) -> str:
    """The ranked opportunities as an HTML list (all data text escaped)."""
    rows = []
    for item in items:
        details = " · ".join(part for part in (item.cost(), item.timing()) if part)
        rows.append(
            f'<li class="opportunity"><span class="rank" style="background:{item.colour}">'
            f'{item.rank}</span><div><span class="kind" style="color:{item.colour}">'
            f"{esc_html(item.label)}</span><p>{esc_html(item.sentence())}</p>"
            f'<p class="figures">{esc_html(details)}</p></div></li>'
        )
    return f'<ol class="opportunities">{"".join(rows)}</ol>'


def badge(item: Opportunity, x: float, xref: str, y: float, shift: int) -> dict:
    """A numbered badge in the kind's colour that tells the opportunity on hover."""
    return dict(
        x=x,
        y=y,
        xref=xref,
        yref="paper",
        xshift=shift,
        text=f"<b>#{item.rank}</b>",
        showarrow=False,
        font=dict(size=11, color="#ffffff"),
        bgcolor=item.colour,
        bordercolor="#ffffff",
        borderwidth=1,
        borderpad=3,
        hovertext=item.hover(),
        hoverlabel=dict(bgcolor="#ffffff", font=dict(color=theme.INK)),
    )


def badges(items: list[Opportunity], where: dict[int, float], y: float, xref: str) -> list[dict]:
    """Badges at `where[i]` (x of opportunity i, when it has a place); badges that share a
    place stand side by side."""
    placed: dict[float, int] = {}
    notes = []
    for i, item in enumerate(items):
        if i not in where:
            continue
        x = where[i]
        count = sum(1 for j in where if where[j] == x)
        nth = placed.get(x, 0)
        placed[x] = nth + 1
        notes.append(badge(item, x, xref, y, int((nth - (count - 1) / 2) * 30)))
    return notes
