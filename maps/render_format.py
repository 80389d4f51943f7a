"""Text helpers for the rendered maps: escaping, numbers, durations and label wrapping.

Two escapers on purpose: `esc_html` for our own HTML (attributes included), `esc_plot` for any
string handed to Plotly. plotly.js renders a subset of HTML in text, hover and tick labels and
decodes only a few entities (`&lt;`, `&gt;`, `&amp;`, numeric ones), so quotes must stay
literal there or they would show as `&quot;`.
"""

from __future__ import annotations

import html
import math
import re


def esc_html(value: object) -> str:
    """Data text made safe for HTML element content and quoted attributes."""
    return html.escape(str(value), quote=True)


def esc_plot(value: object) -> str:
    """Data text made safe for Plotly text, hover text, tick labels and annotations."""
    return html.escape(str(value), quote=False)


def is_missing(value: object) -> bool:
    """True for None, NaN and pandas' NA/NaT (the ways SQL NULL arrives in a frame)."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT and pd.NA are not equal to themselves
    except TypeError:  # pd.NA refuses bool(); it is missing
        return True


def is_true(value: object) -> bool:
    """True for a true boolean from the store (Python or numpy), false for false or NULL."""
    return not is_missing(value) and bool(value)


def fmt_count(value: object) -> str:
    """A count with thousands separators ("1,000"), or an en dash when unknown."""
    return "–" if is_missing(value) else f"{int(value):,}"


def fmt_share(part: float, whole: float, digits: int = 1) -> str:
    """`part` as a percentage of `whole` ("41.2%"); an en dash when `whole` is zero."""
    return "–" if not whole or is_missing(part) else f"{100.0 * part / whole:.{digits}f}%"


def fmt_rate(rate: object) -> str:
    """A 0..1 rate as a percentage ("60.3%")."""
    return "–" if is_missing(rate) else f"{100.0 * float(rate):.1f}%"


def of_journeys(count: int, total: int) -> str:
    """ "412 of 1,000 journeys (41.2%)": the phrase every hover uses for a count."""
    return f"{fmt_count(count)} of {fmt_count(total)} journeys ({fmt_share(count, total)})"


def humanise_seconds(seconds: object) -> str:
    """A duration in seconds as people say it: "45 s", "12 min", "3.2 h", "2.4 d"."""
    if is_missing(seconds):
        return "–"
    value = float(seconds)
    if value < 59.5:
        return f"{value:.0f} s"
    if value < 3_570:  # below 59.5 min, so rounding never shows "60 min"
        return f"{value / 60:.0f} min"
    if value < 86_220:  # below 23.95 h
        return f"{value / 3_600:.1f} h"
    days = value / 86_400
    return f"{days:.1f} d" if days < 99.95 else f"{days:.0f} d"


def humanise_hours(hours: object) -> str:
    """A duration in hours, humanised like `humanise_seconds`."""
    return "–" if is_missing(hours) else humanise_seconds(float(hours) * 3600.0)


def emotion_label(value: object) -> str:
    """The designed emotion (-2..+2) as a signed number and a word: "+1 positive"."""
    if is_missing(value):
        return "–"
    words = {-2: "very negative", -1: "negative", 0: "neutral", 1: "positive", 2: "very positive"}
    number = int(value)
    return f"{number:+d} {words.get(number, '')}".strip() if number else "0 neutral"


def wrap_lines(text: str, width: int, max_lines: int) -> list[str]:
    """`text` in lines of about `width` characters, at most `max_lines` (the last one ends
    with "…" when cut). Touchpoint names may also break after `_`, `:`, `/` and `.`; a word
    up to three characters longer than a line stays whole."""
    width = max(width, 4)
    lines, line = [], ""
    for token in re.findall(r"\s+|[^\s_:/.]*[_:/.]+|[^\s_:/.]+", str(text)):
        if line.strip() and len((line + token).strip()) > width:
            lines.append(line.strip())
            line = ""
        line += token
        while len(line.strip()) > width + 3:  # a token much longer than a line is cut
            lines.append(line.strip()[:width])
            line = line.strip()[width:]
    lines = [*lines, line.strip()] if line.strip() or not lines else lines
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


def wrap_plot(text: str, width: int, max_lines: int = 3) -> str:
    """`text` escaped for Plotly and wrapped with `<br>` (see `wrap_lines`)."""
    return "<br>".join(esc_plot(line) for line in wrap_lines(text, width, max_lines))


def log_scale(value: float, low: float, high: float) -> float:
    """Where `value` lies between `low` and `high` on a log scale, clipped to 0..1."""
    lo, hi = math.log10(max(low, 1.0)), math.log10(max(high, 1.0))
    if hi <= lo:
        return 0.5
    return min(max((math.log10(max(value, 1.0)) - lo) / (hi - lo), 0.0), 1.0)


def fmt_score(value: object) -> str:
    """A 0..1 score such as fitness, as a decimal ("0.793")."""
    return "–" if is_missing(value) else f"{float(value):.3f}"
