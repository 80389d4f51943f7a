"""Channel icons for the journey map: small SVG pictures drawn as Plotly layout images.

Each icon is a fixed 24x24 outline in the channel's colour, written here (no data text ever
reaches an icon), and handed to Plotly as a `data:` URI so pages and exported images need no
file or font beside them.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import quote

from maps import render_theme as theme

# Outlines on a 24x24 grid, stroked in the channel colour.
SHAPES = {
    "email": '<rect x="3" y="5.5" width="18" height="13" rx="2"/><path d="M3.5 7l8.5 6.5L20.5 7"/>',
    "ads": '<path d="M4 10v4h3l7 4.5V5.5L7 10z"/><path d="M17.5 9a4 4 0 0 1 0 6"/>'
    '<path d="M7 14l1.5 5h2.5l-1.5-5"/>',
    "social": '<path d="M4 5.5h16v10H10l-4.5 3.5v-3.5H4z"/><circle cx="8.5" cy="10.5" r=".6"/>'
    '<circle cx="12" cy="10.5" r=".6"/><circle cx="15.5" cy="10.5" r=".6"/>',
    "crm": '<circle cx="12" cy="8.5" r="3.5"/><path d="M5 19.5c1-3.5 4-5 7-5s6 1.5 7 5"/>',
    "web": '<circle cx="12" cy="12" r="8.5"/><path d="M3.5 12h17M12 3.5c-3 3-3 14 0 17'
    'M12 3.5c3 3 3 14 0 17"/>',
}
OTHER = '<circle cx="12" cy="12" r="7.5"/><circle cx="12" cy="12" r="2"/>'


@cache
def channel_icon(channel: str) -> str:
    """The icon of a channel as a `data:image/svg+xml` URI (a neutral dot for others)."""
    colour = theme.channel_colour(channel)
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" '
        f'stroke="{colour}" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">'
        f"{SHAPES.get(channel, OTHER)}</svg>"
    )
    return "data:image/svg+xml;charset=utf-8," + quote(svg)
