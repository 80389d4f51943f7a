"""The journey map of a designed map, as journey-mapping boards draw one.

Stages are column bands left to right and each designed step a column; under the step names
run the lanes: touchpoints (a card in the channel's colour with its icon), customer actions,
goals and expectations, the emotion curve, pain points, opportunities (designed ones, and the
ranked ones the impact analysis measured at the step) and KPIs. Lanes are as tall as their
longest card; hovering a card shows its full text, and the touchpoint and step cards show what
the observed journeys did at the step when there is an overlay.

The y axis counts pixels from the top, so card text can be wrapped and placed exactly; the
figure has a fixed width (wider than the page for long maps, then it scrolls sideways).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import plotly.graph_objects as go

from maps import render_theme as theme
from maps.render_data import ALTERNATIVES, PersonaData
from maps.render_emotion import emotion_series, emotion_trace
from maps.render_format import (
    esc_plot,
    humanise_hours,
    is_missing,
    is_true,
    wrap_lines,
)
from maps.render_icons import channel_icon
from maps.render_impact import Opportunity, opportunities
from maps.render_overlay import (
    Column,
    columns_of,
    stage_band,
    stage_label,
    stage_spans,
    step_hover,
)

PAGE_WIDTH_PX = 1248  # the card's inner width on a 1440 px screen
MARGIN = dict(l=122, r=14, t=8, b=8)
MIN_COLUMN_PX = 132
CARD_WIDTH = 0.92  # of a column
LINE_PX = 16
PAD_PX = 9
FONT_PX = 12
CHAR_PX = 6.3  # average width of a character at FONT_PX, to wrap text to a card
STAGE_PX = 30
EMOTION_PX = 118
ICON_PX = 18
KEY_PX = 34
THOUGHTS_SHOWN = 2  # quotes written in a thoughts card (all of them on hover)
EMOTION_KEY = (
    f'Emotion<br><span style="color:{theme.EMOTION}">━ designed</span>'
    f'<br><span style="color:{theme.MEASURED}">╍ measured</span>'
)


@dataclass
class Cell:
    """One card: its lines (already escaped for Plotly), hover text, and colours."""

    lines: list[str]
    hover: str
    fill: str = "#ffffff"
    border: str = "#dde2e8"

    @property
    def empty(self) -> bool:
        return not self.lines


@dataclass
class Lane:
    """A row of cards, one per step, under a title in the left margin."""

    key: str
    title: str
    cells: list[Cell]
    top: float = 0.0
    height: float = 0.0
    extra: dict = field(default_factory=dict)


def text_list(value: object) -> list[str]:
    """A list column (pain points, KPIs) or a text column as a list of non-empty strings."""
    if isinstance(value, str):
        items = [value]
    elif value is None or (not hasattr(value, "__len__") and is_missing(value)):
        return []
    else:
        items = list(value)  # a list column arrives as a list or a numpy array
    return [str(item).strip() for item in items if str(item).strip()]


def wrapped(texts: list[str], chars: int, max_lines: int, bullet: str = "") -> list[str]:
    """Texts as escaped lines of a card: each wrapped to `chars`, after a bullet if given;
    at most `max_lines` in all (the hover has the rest)."""
    lines: list[str] = []
    for text in texts:
        parts = wrap_lines(text, chars - len(bullet), max_lines)
        lines += [esc_plot(f"{bullet}{parts[0]}")] + [
            esc_plot(" " * len(bullet) * 2 + part) for part in parts[1:]
        ]
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + ["…"]
    return lines


@dataclass
class Board:
    """The columns of the map and the sizes that follow from how many there are."""

    data: PersonaData
    steps: list[dict]
    observed: dict[int, Column]
    items: list[Opportunity]

    @property
    def plot_px(self) -> float:
        usable = PAGE_WIDTH_PX - MARGIN["l"] - MARGIN["r"]
        return max(usable, MIN_COLUMN_PX * len(self.steps))

    @property
    def column_px(self) -> float:
        return self.plot_px / max(len(self.steps), 1)

    @property
    def chars(self) -> int:
        return max(10, int((self.column_px * CARD_WIDTH - 2 * PAD_PX) / CHAR_PX))

    def title(self, step: dict) -> str:
        optional = " (optional)" if is_true(step.get("optional")) else ""
        return f"{int(step['step_index'])}. {step['step']}{optional}"

    def step_hover(self, step: dict) -> str:
        """The designed facts of a step, and the observed figures when there is an overlay."""
        column = self.observed.get(int(step["step_index"]))
        if column is not None:
            return step_hover(column)
        target = step.get("target_hours")
        lines = [
            f"<b>{esc_plot(self.title(step))}</b>",
            f"{esc_plot(step['stage'])} · {esc_plot(step['channel'])} · touchpoint "
            f"{esc_plot(step['touchpoint'])}",
        ]
        if not is_missing(target):
            lines.append(f"Target: within {humanise_hours(target)} of the previous step")
        return "<br>".join(lines + ["No observed journeys held against this step yet"])


def touchpoint_cell(board: Board, step: dict) -> Cell:
    """Channel (coloured, after its icon), the touchpoint(s), and the step's flags."""
    colour = theme.channel_colour(step["channel"])
    names = str(step["touchpoint"]).split(ALTERNATIVES)
    lines = [f'<b><span style="color:{colour}">{esc_plot(str(step["channel"]).upper())}</span></b>']
    for i, name in enumerate(names):
        lines += wrapped([("or " if i else "") + name], board.chars, 3)
    flags = []
    if is_true(step.get("optional")):
        flags.append("optional")
    if is_true(step.get("repeatable")):
        flags.append("repeatable")
    if not is_missing(step.get("target_hours")):
        flags.append(f"target: within {humanise_hours(step['target_hours'])}")
    lines += [f'<span style="color:{theme.MUTED}">{esc_plot(f)}</span>' for f in flags]
    return Cell(lines, board.step_hover(step), fill="#ffffff", border=colour)


def text_cell(board: Board, step: dict, what: str, texts: list[str], style: dict) -> Cell:
    """A card of free text (an action, a goal) with its full text on hover."""
    hover = f"<b>{esc_plot(board.title(step))}</b><br>{what}:<br>" + "<br>".join(
        esc_plot(t) for t in texts
    )
    if not texts:
        return Cell([], f"<b>{esc_plot(board.title(step))}</b><br>{what}: none designed")
    return Cell(
        wrapped(texts, board.chars, style["max_lines"], style["bullet"]),
        hover,
        fill=style["fill"],
        border=style["border"],
    )


def goals_cell(board: Board, step: dict) -> Cell:
    """The customer's goal, then what they expect (in italics)."""
    goal, expects = text_list(step.get("customer_goal")), text_list(step.get("expectation"))
    style = dict(max_lines=7, bullet="", fill="#ffffff", border="#dde2e8")
    cell = text_cell(board, step, "Goal and expectation", goal + expects, style)
    if expects and not cell.empty:
        body = wrapped(goal, board.chars, 4)
        more = wrapped([f"Expects: {e}" for e in expects], board.chars, 7 - len(body))
        cell.lines = body + [f'<i style="color:{theme.MUTED}">{line}</i>' for line in more]
    return cell


def opportunity_cell(board: Board, step: dict) -> Cell:
    """Designed opportunities, then the measured ones ranked at this step (by rank badge)."""
    designed = text_list(step.get("opportunities"))
    index = int(step["step_index"])
    measured = [
        o
        for o in board.items
        if not is_missing(o.row["step_index"]) and int(o.row["step_index"]) == index
    ]
    style = dict(max_lines=8, bullet="• ", fill="#f1f8f3", border="#b7dfc4")
    cell = text_cell(board, step, "Opportunities", designed, style)
    if measured:
        lines = [
            line
            for o in measured
            for line in [f'<b><span style="color:{o.colour}">#{o.rank} measured</span></b>']
            + wrapped([f"{o.label.lower()}: {o.cost()}"], board.chars, 4)
        ]
        cell.lines = (cell.lines + lines)[-10:]
        cell.hover = cell.hover.replace(": none designed", ":") + "".join(
            f"<br><br>{o.hover()}" for o in measured
        )
        cell.fill, cell.border = style["fill"], style["border"]
    return cell


LANE_STYLES = {
    "action": dict(max_lines=4, bullet="", fill="#ffffff", border="#dde2e8"),
    "pains": dict(max_lines=8, bullet="• ", fill="#fdf1f1", border="#f0c4c4"),
    "kpis": dict(max_lines=6, bullet="◦ ", fill="#f3f6fb", border="#cfd9ea"),
}


def text_lane(board: Board, key: str, title: str, what: str, column: str) -> Lane:
    """A lane of free-text cards, from one column of the designed steps."""
    cells = [
        text_cell(board, s, what, text_list(s.get(column)), LANE_STYLES[key]) for s in board.steps
    ]
    return Lane(key, title, cells)


def thoughts_cell(board: Board, step: dict) -> Cell:
    """What customers said at the step: its representative quotes (masked), in italics."""
    index = int(step["step_index"])
    quotes = [q for q in board.data["quotes"].to_dict("records") if int(q["step_index"]) == index]
    if not quotes:
        return Cell([], f"<b>{esc_plot(board.title(step))}</b><br>Thoughts: no comments yet")
    lines: list[str] = []
    for quote in quotes[:THOUGHTS_SHOWN]:
        text = f"“{quote['quote']}” ({quote['language']})"
        lines += [f"<i>{line}</i>" for line in wrapped([text], board.chars, 4)]
    hover = f"<b>{esc_plot(board.title(step))}</b><br>Thoughts (most typical comments):"
    hover += "".join(
        f"<br>“{wrap_hover(q['quote'])}” "
        f"<i>({esc_plot(q['language'])}, {esc_plot(q['source'])})</i>"
        for q in quotes
    )
    return Cell(lines[:9], hover, fill="#fffaf0", border="#f1dcb0")


def wrap_hover(text: str) -> str:
    """A quote for a hover label: escaped, broken into lines of about 70 characters."""
    return "<br>".join(esc_plot(line) for line in wrap_lines(text, 70, 4))


def pains_cell(board: Board, step: dict) -> Cell:
    """Designed pain points, then the ones measured in negative comments placed at this step."""
    cell = text_cell(board, step, "Pain points", text_list(step.get("pain_points")),
                     LANE_STYLES["pains"])
    index = int(step["step_index"])
    measured = [p for p in board.data["pain_points"].to_dict("records")
                if not is_missing(p["step_index"]) and int(p["step_index"]) == index]
    if not measured:
        return cell
    lines = [f'<b><span style="color:{theme.SKIPPED}">measured in feedback</span></b>']
    for point in measured[:3]:
        lines += wrapped([f"{point['label']} ({int(point['estimated_complaints']):,})"],
                         board.chars, 3, "• ")
    cell.lines = (cell.lines + lines)[-12:]
    cell.hover = cell.hover.replace(": none designed", ":") + "".join(
        f"<br><br><b>Measured: {esc_plot(p['label'])}</b> — about "
        f"{int(p['estimated_complaints']):,} of {int(p['stage_complaints']):,} negative comments "
        f"in {esc_plot(p['stage'])}<br>e.g. “{wrap_hover(p['example'])}”"
        for p in measured
    )
    cell.fill, cell.border = LANE_STYLES["pains"]["fill"], LANE_STYLES["pains"]["border"]
    return cell


def has_feedback(board: Board) -> bool:
    return not board.data["feedback"].empty


def lanes_of(board: Board) -> list[Lane]:
    """Every lane of the map, top to bottom, with one cell per step; with feedback, the
    emotion lane holds the measured curve too and a thoughts lane follows it."""
    steps = board.steps
    feedback = has_feedback(board)
    emotion_title = EMOTION_KEY if feedback else "Designed<br>emotion"
    thoughts = [Lane("thoughts", "Thoughts", [thoughts_cell(board, s) for s in steps])]
    return [
        Lane("touchpoints", "Touchpoints", [touchpoint_cell(board, s) for s in steps]),
        text_lane(board, "action", "Customer<br>actions", "Customer action", "action"),
        Lane("goals", "Goals &amp;<br>expectations", [goals_cell(board, s) for s in steps]),
        Lane("emotion", emotion_title, []),
        *(thoughts if feedback else []),
        Lane("pains", "Pain points", [pains_cell(board, s) for s in steps]),
        Lane("opportunities", "Opportunities", [opportunity_cell(board, s) for s in steps]),
        text_lane(board, "kpis", "KPIs", "KPIs", "kpis"),
    ]


def place_lanes(lanes: list[Lane], top: float) -> float:
    """Give each lane its top and height (as tall as its longest card); return the bottom."""
    for lane in lanes:
        lines = max((len(c.lines) for c in lane.cells), default=0)
        lane.top = top
        lane.height = (
            EMOTION_PX if lane.key == "emotion" else max(lines, 1) * LINE_PX + 2 * PAD_PX + 8
        )
        top += lane.height + 6
    return top


def card_trace(lane: Lane, xs: list[int]) -> go.Bar:
    """The cards of a lane as bars from the lane's top (the y axis runs downwards): a filled,
    bordered rectangle per step that shows its hover anywhere inside."""
    return go.Bar(
        x=xs,
        y=[lane.height - 8] * len(xs),
        base=[lane.top + 4] * len(xs),
        width=CARD_WIDTH,
        name=lane.title.replace("<br>", " ").replace("&amp;", "&"),
        showlegend=False,
        marker=dict(
            color=["#fafbfc" if c.empty else c.fill for c in lane.cells],
            line=dict(color=["#edf0f3" if c.empty else c.border for c in lane.cells], width=1.2),
        ),
        hovertext=[c.hover for c in lane.cells],
        hovertemplate="%{hovertext}<extra></extra>",
    )


def card_texts(lanes: list[Lane], xs: list[int], board: Board) -> list[go.Scatter]:
    """The text of every card, left-aligned from its top-left corner ("–" in empty cards), as
    two text traces: Plotly measures and places each annotation on its own, so a map's hundreds
    of card texts drawn as annotations took most of its drawing time in the browser."""
    unit = 1.0 / board.column_px  # one pixel in x units
    texts: dict[str, list] = {"x": [], "y": [], "text": []}
    dashes: dict[str, list] = {"x": [], "y": []}
    for lane in lanes:
        icon_room = ICON_PX + 6 if lane.key == "touchpoints" else 0
        for x, cell in zip(xs, lane.cells, strict=True):
            if cell.empty:
                dashes["x"].append(x)
                dashes["y"].append(lane.top + lane.height / 2)
                continue
            first, rest = cell.lines[:1], cell.lines[1:]
            blocks = [(first, icon_room, 0), (rest, 0, LINE_PX)] if icon_room \
                else [(cell.lines, 0, 0)]
            for lines, shift, down in blocks:
                if lines:
                    texts["x"].append(x - CARD_WIDTH / 2 + (PAD_PX + shift) * unit)
                    texts["y"].append(lane.top + 4 + PAD_PX - 1 + down)
                    texts["text"].append("<br>".join(lines))
    common = dict(mode="text", hoverinfo="skip", showlegend=False, cliponaxis=False)
    return [
        go.Scatter(**texts, textposition="bottom right", name="card texts",
                   textfont=dict(size=FONT_PX, color=theme.INK), **common),
        go.Scatter(**dashes, text=["–"] * len(dashes["x"]), textposition="middle center",
                   name="empty cards", textfont=dict(size=FONT_PX, color="#c3cad3"), **common),
    ]


def channel_icons(lane: Lane, board: Board, xs: list[int]) -> list[dict]:
    """The channel icon in the top-left corner of each touchpoint card."""
    unit = 1.0 / board.column_px  # one pixel in x units
    return [
        dict(
            source=channel_icon(str(step["channel"])),
            xref="x",
            yref="y",
            x=x - CARD_WIDTH / 2 + PAD_PX * unit,
            y=lane.top + 4 + PAD_PX - 4,
            sizex=ICON_PX * unit,
            sizey=ICON_PX,
            xanchor="left",
            yanchor="top",
            sizing="contain",
            layer="above",
        )
        for x, step in zip(xs, board.steps, strict=True)
    ]


def emotion_lane(
    lane: Lane, board: Board, xs: list[int]
) -> tuple[list[go.Scatter], list[dict], list[dict]]:
    """The emotion curve(s) across the lane, with a faint neutral line and scale."""

    def to_y(value: float) -> float:
        return lane.top + 22 + (2.0 - value) / 4.0 * (lane.height - 40)

    titles = [board.title(s) for s in board.steps]
    traces = [emotion_trace(s, xs, titles, to_y=to_y) for s in emotion_series(board.steps)]
    left, right = 0.5, len(xs) + 0.5
    shapes = [
        dict(
            type="line",
            xref="x",
            yref="y",
            x0=left,
            x1=right,
            y0=to_y(0),
            y1=to_y(0),
            line=dict(color="#cbd2d9", width=1, dash="dot"),
            layer="below",
        )
    ]
    scale = [
        dict(
            x=0,
            xref="paper",
            xanchor="right",
            xshift=-4,
            y=to_y(v),
            yref="y",
            text=t,
            showarrow=False,
            font=dict(size=10, color=theme.MUTED),
        )
        for v, t in ((2, "+2"), (0, "0"), (-2, "−2"))
    ]
    return traces, shapes, scale


def stage_header(board: Board, bottom: float) -> tuple[list[dict], list[dict]]:
    """Alternating stage bands behind every lane and a named header over each stage."""
    shapes, notes = [], []
    for i, (stage, left, right) in enumerate(stage_spans([s["stage"] for s in board.steps])):
        shapes.append(stage_band(left, right, (0, bottom), theme.STAGE_BANDS[i % 2], "y"))
        shapes.append(
            stage_band(left + 0.03, right - 0.03, (2, STAGE_PX), theme.STAGE_HEADERS[i % 2], "y")
        )
        notes.append(stage_label(stage, left, right, board.column_px, STAGE_PX / 2 + 1, "y"))
    return shapes, notes


def step_row(board: Board, top: float) -> Lane:
    """The step names under the stage headers, as plain cards that hover like the step."""
    cells = [
        Cell(
            [f"<b>{line}</b>" for line in wrapped([board.title(s)], board.chars, 3)],
            board.step_hover(s),
            fill="#ffffff",
            border="#ffffff",
        )
        for s in board.steps
    ]
    lane = Lane("steps", "Steps", cells)
    lane.top = top
    lane.height = max(len(c.lines) for c in cells) * LINE_PX + 2 * PAD_PX
    return lane


def lane_titles(lanes: list[Lane]) -> list[dict]:
    """Lane names in the left margin, level with the middle of their lane."""
    return [
        dict(
            x=0,
            xref="paper",
            xanchor="right",
            xshift=-30 if lane.key == "emotion" else -10,
            y=lane.top + lane.height / 2,
            yref="y",
            text=f"<b>{lane.title}</b>",
            align="right",
            showarrow=False,
            font=dict(size=12, color=theme.MUTED),
        )
        for lane in lanes
    ]


def lane_rules(lanes: list[Lane], right: float) -> list[dict]:
    """Thin rules between the lanes, across the whole map."""
    return [
        dict(
            type="line",
            xref="x",
            yref="y",
            x0=0.5,
            x1=right,
            y0=lane.top - 3,
            y1=lane.top - 3,
            line=dict(color="#e4e7eb", width=1),
            layer="below",
        )
        for lane in lanes
    ]


def channel_key(board: Board, top: float) -> tuple[list[dict], list[dict]]:
    """A key of the channels on this map: icon and name, in the order they first appear."""
    channels = list(dict.fromkeys(str(s["channel"]) for s in board.steps))
    images, notes = [], []
    x_px = 0.0
    for channel in channels:
        images.append(
            dict(
                source=channel_icon(channel),
                xref="paper",
                yref="y",
                x=x_px / board.plot_px,
                y=top + 8,
                sizex=ICON_PX / board.plot_px,
                sizey=ICON_PX,
                xanchor="left",
                yanchor="top",
                sizing="contain",
            )
        )
        notes.append(
            dict(
                x=(x_px + ICON_PX + 5) / board.plot_px,
                xref="paper",
                xanchor="left",
                y=top + 8 + ICON_PX / 2,
                yref="y",
                showarrow=False,
                text=esc_plot(channel),
                font=dict(size=12, color=theme.INK),
            )
        )
        x_px += ICON_PX + 14 + CHAR_PX * (len(channel) + 2)
    return images, notes


def journey_figure(data: PersonaData) -> go.Figure:
    """The designed map as a journey-mapping board (see module docstring)."""
    steps = data["designed_steps"].to_dict("records")
    board = Board(
        data,
        steps,
        {int(c.row["step_index"]): c for c in columns_of(data)} if data.has_overlay else {},
        opportunities(data),
    )
    xs = list(range(1, len(steps) + 1))
    head = step_row(board, STAGE_PX + 4)
    lanes = lanes_of(board)
    bottom = place_lanes(lanes, head.top + head.height + 6)
    emotion = next(lane for lane in lanes if lane.key == "emotion")
    traces, emotion_shapes, scale = emotion_lane(emotion, board, xs)
    shapes, notes = stage_header(board, bottom)
    shapes += lane_rules(lanes, len(xs) + 0.5) + emotion_shapes
    notes += scale
    cards = [head] + [lane for lane in lanes if lane.key != "emotion"]
    images = channel_icons(lanes[0], board, xs)
    key_images, key_notes = channel_key(board, bottom + 4)
    fig = go.Figure([card_trace(lane, xs) for lane in cards] + card_texts(cards, xs, board)
                    + traces)
    fig.update_layout(
        template=theme.TEMPLATE,
        width=int(board.plot_px + MARGIN["l"] + MARGIN["r"]),
        height=int(bottom + KEY_PX + MARGIN["t"] + MARGIN["b"]),
        margin=MARGIN,
        barmode="overlay",
        showlegend=False,
        shapes=shapes,
        annotations=notes + lane_titles(lanes) + key_notes,
        images=images + key_images,
        xaxis=dict(range=[0.5, len(xs) + 0.5], visible=False, fixedrange=True),
        yaxis=dict(range=[bottom + KEY_PX, 0], visible=False, fixedrange=True),
        hoverlabel=dict(align="left"),
    )
    return fig
